"""The meeting prompts, the brief, the meeting log form and `calendar` replies render as
valid Block Kit (slack-sdk models) and as Adaptive Cards 1.5 (the official schema)."""

from __future__ import annotations

from datetime import UTC, datetime

from bot.slack.blocks import message, message_blocks
from bot.slack.modals import modal
from bot.teams.cards import reply_card
from bot.teams.replies import card_activity
from handlers.calendar.config import CalendarConfig
from handlers.calendar.file_import import import_file
from handlers.messages import Reply
from storage.unit_of_work import UnitOfWork
from tests.adapters.card_schema import schema_errors
from tests.adapters.slack_models import assert_valid_blocks, assert_valid_view
from tests.adapters.teams_activities import card_of
from tests.conftest import Rep
from tests.unit.calendaring import ics, make_calendar_pass, run, vevent
from tests.unit.nudging import Inbox, reachable

MEETING_END = datetime(2026, 11, 24, 15, 0, tzinfo=UTC)


def assert_renders(reply: Reply) -> None:
    if reply.input_request is not None:
        assert_valid_view(modal(reply.input_request))
    else:
        assert_valid_blocks(message_blocks(reply))
        assert message(reply)["text"]
    card = reply_card(reply)
    assert schema_errors(card_of(card_activity(card, reply.text))) == [], reply.kind


def test_meeting_replies_render_on_slack_and_teams(core, clock, session_factory):
    rep = Rep(core, "ana", timezone="Europe/Berlin")
    rep.say("contact add Jane Doe (Acme) jane@acme.example")
    rep.say("contact add Bob Stone (Acme) bob@acme.example")
    rep.say("company domain Acme: acme.example")
    reachable(rep)
    data = ics(
        vevent(
            "one",
            "20261124T150000",
            "20261124T160000",
            attendees=("jane@acme.example", "bob@acme.example", "li.wei@acme.example"),
            summary="Quarterly review — <b>Acme</b> & *friends*",
        )
    )
    with UnitOfWork(session_factory) as uow:
        _ws, user, _ = uow.resolve(core.identities, "console", "local", "ana", "Ana", None, clock())
        import_file(uow, user.id, "meetings.ics", data, clock(), CalendarConfig())
        uow.commit()
    inbox = Inbox()
    calendar_pass = make_calendar_pass(core, inbox, CalendarConfig())
    run(calendar_pass, datetime(2026, 11, 24, 13, 50, tzinfo=UTC))  # the brief
    run(calendar_pass, MEETING_END)
    [brief] = inbox.of("ana", "brief")
    [question] = inbox.of("ana", "meeting")
    assert {f.label: f.value for f in question.fields}["Also there"] == "Bob Stone (Acme)"
    replies = [brief, question, rep.say("calendar"), rep.press("Credit", question)]
    replies.append(rep.press("Add li.wei@acme.example", question))
    replies.append(rep.press("Attempt", question))
    replies.append(rep.press("Skip", question))
    for reply in replies:
        assert_renders(reply)
