"""The stage questions: chosen by the chooser at the contact's stage (injected clock), and
their answers filed where they belong (a fact, the account's not-met stakeholders, a dated
fact; the retrospective question's answer becomes a feedback item)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import select

from bot.console.sender import ConsoleSender
from handlers.nudges.choice import Chooser, ContactView, RepView
from handlers.nudges.questions import build_catalog
from handlers.stages.answers import stakeholder_names
from storage.models import Contact, Fact
from storage.stages.models import FeedbackItem
from tests.unit.nudging import Inbox, make_pass, nudges, reachable, tick

NOW = datetime(2026, 11, 23, 9, 0, tzinfo=UTC)
TUESDAY_9 = datetime(2026, 11, 24, 9, 5, tzinfo=UTC)
ALL_PRO = ("career", "career-path", "measured", "goals", "worries", "help")


def _chosen(stage: str | None, known_extra: dict | None = None, now: datetime = NOW):
    known = {k: now - timedelta(days=1) for k in ALL_PRO} | (known_extra or {})
    contact = ContactView(1, "Jane Doe", 2, now - timedelta(days=3), 30, stage=stage)
    view = RepView(1, now.date(), now, [contact], facts={1: known})
    chosen = Chooser(build_catalog()).choose(view, 1)
    return chosen[0] if chosen else None


@pytest.mark.parametrize(
    "stage, question_id",
    [
        ("courting", "stage.courting-match"),
        ("first-meeting", "stage.first-meeting-success"),
        ("engaged", "stage.engaged-stakeholders"),
        ("long-term", "stage.long-term-next-year"),
    ],
)
def test_each_stage_asks_its_own_question(stage, question_id):
    choice = _chosen(stage)
    assert choice.question.id == question_id
    assert choice.reason == f"stage_{stage}"


def test_a_lapsed_or_unknown_stage_has_no_stage_question():
    for stage in ("lapsed", None):
        choice = _chosen(stage)
        assert choice is None or not choice.question.id.startswith("stage.")


def test_engaged_asks_the_milestone_once_stakeholders_are_fresh_and_again_when_stale():
    answered = {"stakeholders-not-met": NOW - timedelta(days=2)}
    assert _chosen("engaged", answered).question.id == "stage.engaged-milestone"
    both = answered | {"next-milestone": NOW - timedelta(days=2)}
    assert _chosen("engaged", both) is None or _chosen("engaged", both).question.side != (
        "situational"
    )
    later = NOW + timedelta(days=61)  # the stakeholders answer has gone stale (60 days)
    assert _chosen("engaged", both, later).question.id == "stage.engaged-stakeholders"


def test_a_professional_gap_still_comes_first():
    known = {k: NOW - timedelta(days=1) for k in ALL_PRO[:-1]}
    contact = ContactView(1, "Jane Doe", 2, NOW - timedelta(days=3), 30, stage="engaged")
    view = RepView(1, NOW.date(), NOW, [contact], facts={1: known})
    [choice] = Chooser(build_catalog()).choose(view, 1)
    assert choice.question.fact_key == "help"


def test_stakeholder_names_are_read_from_a_list():
    assert stakeholder_names("the CFO, Head of IT and Priya (procurement).") == [
        "the CFO",
        "Head of IT",
        "Priya (procurement)",
    ]
    assert stakeholder_names("none") == []


def _known_at_acme(ana):
    ana.say("+2 Jane Doe (Acme): weekly call")
    for key in ALL_PRO:
        ana.say(f"fact Jane Doe {key}: known")
    reachable(ana)


def test_the_morning_pass_follows_the_stage_and_files_the_answers(
    ana, core, clock, session_factory
):
    _known_at_acme(ana)
    ana.say("stage Acme engaged")
    inbox = Inbox()
    clock.now = TUESDAY_9
    tick(make_pass(core, ConsoleSender(inbox)))
    [row] = [n for n in nudges(session_factory) if n.kind == "question"]
    assert (row.question_id, row.reason) == ("stage.engaged-stakeholders", "stage_engaged")
    reply = ana.say("answer their CFO and the Head of IT")
    assert "Added to Acme's not-met stakeholders: their CFO, the Head of IT." in reply.text
    with session_factory() as session:
        not_met = session.scalars(select(Contact.name).where(Contact.not_met.is_(True))).all()
    assert sorted(not_met) == ["the Head of IT", "their CFO"]

    jane = row.contact_id
    # The not-met list now feeds the account's own question: meet them, through Jane.
    clock.now = TUESDAY_9 + timedelta(days=7)
    tick(make_pass(core, ConsoleSender(inbox)))
    asked = [n for n in nudges(session_factory) if n.contact_id == jane]
    assert asked[-1].question_id == "situation.not-met"


def test_engaged_then_long_term_ask_the_milestone_then_next_year(ana, core, clock, session_factory):
    _known_at_acme(ana)
    ana.say("stage Acme engaged")
    ana.say("fact Jane Doe stakeholders-not-met: none")
    inbox = Inbox()
    clock.now = TUESDAY_9
    tick(make_pass(core, ConsoleSender(inbox)))
    [row] = [n for n in nudges(session_factory) if n.kind == "question"]
    assert row.question_id == "stage.engaged-milestone"
    reply = ana.say("answer Jane Doe: 14 March 2027")
    assert "Go-live: 14 Mar 2027" in reply.text
    with session_factory() as session:
        dated = session.scalars(select(Fact.value).where(Fact.key == "go-live")).all()
    assert dated == ["2027-03-14"]

    ana.say("stage Acme long-term")
    clock.now = TUESDAY_9 + timedelta(days=7)
    tick(make_pass(core, ConsoleSender(inbox)))
    asked = [n for n in nudges(session_factory) if n.contact_id == row.contact_id]
    assert asked[-1].question_id == "stage.long-term-next-year"


def test_an_unreadable_milestone_date_keeps_the_words_and_no_date(
    ana, core, clock, session_factory
):
    _known_at_acme(ana)
    ana.say("stage Acme engaged")
    ana.say("fact Jane Doe stakeholders-not-met: none")
    clock.now = TUESDAY_9
    tick(make_pass(core, ConsoleSender(Inbox())))
    reply = ana.say("answer Jane Doe: 31 February 2027")
    assert "No date kept" in reply.text
    with session_factory() as session:
        assert session.scalars(select(Fact.value).where(Fact.key == "go-live")).all() == []
        words = session.scalars(select(Fact.value).where(Fact.key == "next-milestone")).all()
    assert words == ["31 February 2027"]


def test_the_retrospective_answer_becomes_an_item(ana, core, clock, session_factory):
    _known_at_acme(ana)
    ana.say("+3 Jane Doe: the new portal went live")
    clock.now = TUESDAY_9
    tick(make_pass(core, ConsoleSender(Inbox())))
    [row] = [n for n in nudges(session_factory) if n.kind == "question"]
    assert row.reason == "retrospective"
    reply = ana.say("answer the cut-over night ran two hours late")
    assert "Kept as retrospective item #1 (open)" in reply.text
    with session_factory() as session:
        [item] = session.scalars(select(FeedbackItem)).all()
    assert (item.text, item.status) == ("the cut-over night ran two hours late", "open")
