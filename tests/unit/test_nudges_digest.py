"""The Monday digest: the week's entries, balance moves, at-risk contacts, promises, facts."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from bot.console.sender import ConsoleSender
from tests.unit.nudging import Inbox, make_pass, reachable, tick

MONDAY_9 = datetime(2026, 11, 23, 9, 0, tzinfo=UTC)


def test_monday_digest(ana, core, clock):
    ana.say("+3 Jane Doe (Acme): delivered the migration early")
    ana.say("-2 Bob Stone (Initech): missed the Q3 report deadline")
    ana.say("fact Jane Doe career: wants to run ops for EMEA")
    ana.say("promise Jane Doe: send the revised proposal by Wednesday")
    reachable(ana)
    inbox = Inbox()
    nudge_pass = make_pass(core, ConsoleSender(inbox))
    clock.now = MONDAY_9
    tick(nudge_pass)
    [digest] = inbox.of("ana", "digest")
    shown = {f.label: f.value for f in digest.fields}
    assert shown["This week"] == "2 entries (credits +3 · debits −2)"
    assert "Jane Doe (Acme) +3 → 3" in shown["Balance moves"]
    assert "Bob Stone (Initech) −2 → -2" in shown["Balance moves"]
    assert "Bob Stone (Initech)" in shown["At risk"]
    assert (
        "Wed 25 Nov Jane Doe (Acme): send the revised proposal" in shown["Promises due this week"]
    )
    assert "Jane Doe (Acme) · career: wants to run ops for EMEA" in shown["Facts learned"]
    # Only on Mondays (the first of the rep's days), and once.
    for _ in range(4):
        clock.advance(days=1)
        tick(nudge_pass)
    clock.advance(minutes=5)
    tick(nudge_pass)
    assert len(inbox.of("ana", "digest")) == 1
    clock.now = MONDAY_9 + timedelta(days=7)
    tick(nudge_pass)
    assert len(inbox.of("ana", "digest")) == 2
