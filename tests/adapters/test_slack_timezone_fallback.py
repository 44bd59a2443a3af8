"""A rep whose Slack timezone could not be read (users.info failed) is still nudged on
the workspace default, is told so in `nudges`, and is looked up again next message."""

from __future__ import annotations

from datetime import UTC, datetime

from sqlalchemy import select

from storage.models import User
from tests.adapters.slack_harness import text_of

NOTE = "+2 Jane Doe (Acme): delivered the migration two days early"
REP = "U2147483697"


def stored_zone(slack) -> str | None:
    with slack.app.session_factory() as session:
        return session.scalars(select(User)).one().timezone


def test_a_failed_users_info_falls_back_to_utc_and_is_retried(slack, clock):
    slack.fake.fail("users.info", 200, times=2)  # {"ok": false} twice
    assert slack.event(slack.dm(NOTE)).status == 200
    assert stored_zone(slack) is None
    assert slack.event(slack.dm("nudges", event_id="Ev-2")).status == 200
    shown = text_of(slack.fake.wait_for("chat.postMessage", 2)[-1].args["blocks"])
    assert "timezone unknown, using UTC: set it with `nudges tz …`" in shown
    assert len(slack.fake.of("users.info")) == 2  # tried again on the next message

    clock.now = datetime(2026, 11, 24, 9, 0, tzinfo=UTC)  # Tuesday, 09:00 UTC
    report = slack.loop.run(slack.app.nudge_pass().run())
    assert report.delivery.sent == 1
    nudge = slack.fake.of("chat.postMessage")[-1].args
    assert nudge["channel"] == "D024BE91L" and "Jane Doe" in text_of(nudge["blocks"])

    slack.fake.zones[REP] = "Europe/Berlin"
    slack.event(slack.dm("balance Jane Doe", event_id="Ev-3"))
    slack.fake.wait_for("users.info", 3)
    assert stored_zone(slack) == "Europe/Berlin"
