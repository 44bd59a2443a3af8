"""The gone-quiet nudge: keyed to their silence, turning to another way in after attempts."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime, timedelta

from bot.console.sender import ConsoleSender
from handlers.nudges.choice import AskedView, Chooser, ContactView, RepView
from handlers.nudges.questions import build_catalog
from tests.unit.nudging import Inbox, make_pass, nudges, reachable, tick

NOW = datetime(2026, 11, 23, 9, 0, tzinfo=UTC)  # a Monday
ALL_PRO = ("career", "career-path", "measured", "goals", "worries", "help")


def _rep(*contacts: ContactView, asked=()) -> RepView:
    facts = {c.id: {k: NOW - timedelta(days=1) for k in ALL_PRO} for c in contacts}
    return RepView(1, NOW.date(), NOW, list(contacts), facts=facts, asked=list(asked))


def _choose(rep: RepView):
    return Chooser(build_catalog()).choose(rep, 1)


def quiet(attempts: int, days: int = 45, known_by: str | None = None) -> ContactView:
    return ContactView(1, "Dana Reyes", 2, NOW - timedelta(days=days), 30, attempts, known_by)


def test_silence_alone_asks_the_competitor_test():
    [choice] = _choose(_rep(quiet(attempts=1)))
    assert choice.reason == "gone_quiet"


def test_attempts_turn_it_to_another_way_in():
    [choice] = _choose(_rep(quiet(attempts=3)))
    assert choice.reason == "unanswered"
    text = choice.question.text.format(**choice.values)
    assert text.startswith("3 attempts, no reply in 45 days: try another way in. ")


def test_a_colleague_who_knows_them_is_named_when_known():
    [choice] = _choose(_rep(quiet(attempts=3, known_by="Li Wei at Acme")))
    text = choice.question.text.format(**choice.values)
    assert "try another way in — Li Wei at Acme knows them well." in text


def test_attempts_within_the_cadence_ask_nothing_about_silence():
    [choice] = _choose(_rep(quiet(attempts=4, days=10)))
    assert choice.reason not in ("gone_quiet", "unanswered")


def test_asked_lately_falls_back_to_the_competitor_test():
    asked = AskedView(NOW.date() - timedelta(days=7), 1, "situation.unanswered", "answered")
    [choice] = _choose(_rep(quiet(attempts=3), asked=[asked]))
    assert choice.reason == "gone_quiet"
    assert _choose(replace(_rep(quiet(attempts=3)), asked=[])).pop().reason == "unanswered"


def test_the_morning_pass_reads_attempts_from_the_ledger(ana, core, clock, session_factory):
    ana.say("+1 Dana Reyes (Acme): kickoff went well @2026-10-01")
    ana.say("Dana Reyes: voicemail @2026-11-02")
    ana.say("Dana Reyes: emailed the recap, no reply @2026-11-09")
    for key in ALL_PRO:
        ana.say(f"fact Dana Reyes {key}: known")
    reachable(ana)
    inbox = Inbox()
    clock.now = datetime(2026, 11, 24, 9, 5, tzinfo=UTC)  # Tuesday, after nine
    tick(make_pass(core, ConsoleSender(inbox)))
    [row] = [n for n in nudges(session_factory) if n.kind == "question"]
    assert row.reason == "unanswered"
    [message] = inbox.of("ana", "nudge")
    assert "2 attempts, no reply in 54 days: try another way in" in message.text
    fields = {f.label: f.value for f in message.fields}
    assert fields["Why today"] == "2 attempts, no reply in 54 days"
