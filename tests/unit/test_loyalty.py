"""The competitor test: typed with `loyal`, given to the nudge, kept as dated rows,
shown with its age, asked of contacts in good standing no more often than the setting."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import func, select

from bot.console.sender import ConsoleSender
from handlers.loyalty.answers import read_answer
from handlers.nudges.choice import Chooser, ContactView, RepView
from handlers.nudges.questions import build_catalog
from storage.erase import erase_contact
from storage.models import Contact, LoyaltyAnswer
from tests.unit.nudging import Inbox, make_pass, nudges, reachable, tick

TUESDAY_9 = datetime(2026, 11, 24, 9, 5, tzinfo=UTC)
ALL_PRO = ("career", "career-path", "measured", "goals", "worries", "help")


def _rows(session_factory):
    with session_factory() as session:
        return [
            (r.answer, r.why)
            for r in session.scalars(select(LoyaltyAnswer).order_by(LoyaltyAnswer.id))
        ]


def _fields(reply):
    return {f.label: f.value for f in reply.fields}


def test_loyal_records_rows_and_balance_and_profile_show_the_latest(ana, clock, session_factory):
    ana.say("+3 Jane Doe (Acme): delivered early")
    assert _fields(ana.say("balance Jane Doe"))["Competitor test"] == "not asked yet"
    first = ana.say("loyal Jane Doe unsure: they never mention the rival")
    assert first.text.startswith("Competitor test for Jane Doe (Acme): unsure — they never")
    clock.advance(days=41)
    second = ana.say("loyal jane doe YES: told us about the rival bid")
    assert "Before: unsure — they never mention the rival" in second.text
    clock.advance(days=3)
    when = (clock.now - timedelta(days=3)).strftime("%d %b %Y")
    expected = f"yes — told us about the rival bid ({when}, 3 days ago)"
    assert _fields(ana.say("balance Jane Doe"))["Competitor test"] == expected
    assert _fields(ana.say("profile Jane Doe"))["Situational · Competitor test"] == expected
    assert _rows(session_factory) == [
        ("unsure", "they never mention the rival"),
        ("yes", "told us about the rival bid"),
    ]


@pytest.mark.parametrize(
    "typed, says",
    [
        ("loyal Jane Doe maybe: hard to say", "Answer one of: yes, unsure, no"),
        ("loyal Jane Doe", "Answer one of: yes, unsure, no"),
        ("loyal yes", "Write it as: loyal Jane Doe yes"),
        ("loyal Jnae Doe yes: close name", "Which one did you mean: Jane Doe (Acme)?"),
        ("loyal Nobody Here no: unknown", "No contact called “Nobody Here”"),
    ],
)
def test_bad_answers_get_a_clear_reply_and_save_nothing(ana, session_factory, typed, says):
    ana.say("+3 Jane Doe (Acme): delivered early")
    with session_factory() as session:
        contacts = session.scalar(select(func.count()).select_from(Contact))
    reply = ana.say(typed)
    assert says in reply.text
    assert _rows(session_factory) == []
    with session_factory() as session:
        assert session.scalar(select(func.count()).select_from(Contact)) == contacts


@pytest.mark.parametrize(
    "text, answer, why",
    [
        ("Yes, she called us about the rival bid", "yes", "she called us about the rival bid"),
        ("not sure — we never asked", "unsure", "we never asked"),
        ("Nope.", "no", ""),
        ("She would, I think", None, "She would, I think"),
        ("Nobody knows", None, "Nobody knows"),  # "no" only as a whole word
    ],
)
def test_an_answer_in_words_reads_its_verdict(text, answer, why):
    assert read_answer(text) == (answer, why)


def test_the_gone_quiet_nudge_answer_becomes_a_row(ana, core, clock, session_factory):
    ana.say("+1 Quiet Quinn (Acme): sent the case study @2026-09-01")
    for key in ALL_PRO:
        ana.say(f"fact Quiet Quinn {key}: known")
    reachable(ana)
    clock.now = TUESDAY_9
    tick(make_pass(core, ConsoleSender(Inbox())))
    [row] = [n for n in nudges(session_factory) if n.kind == "question"]
    assert (row.reason, row.fact_key) == ("gone_quiet", "loyalty")
    reply = ana.say("answer no, they would not tell us")
    assert reply.text.startswith("Noted for Quiet Quinn (Acme) (loyalty): no — they would not")
    assert _rows(session_factory) == [("no", "they would not tell us")]
    assert _fields(ana.say("balance Quiet Quinn"))["Competitor test"].startswith("no — they")


def test_erase_takes_the_contacts_answers(ana, session_factory, clock):
    ana.say("+1 Jane Doe: kickoff")
    ana.say("+1 Tom Okafor: kickoff")
    ana.say("loyal Jane Doe yes: says so")
    ana.say("loyal Tom Okafor no: price shopping")
    with session_factory() as session:
        jane = session.scalars(select(Contact).where(Contact.name == "Jane Doe")).one()
        counts = erase_contact(session, jane.workspace_id, jane.id, "test", clock.now)
        session.commit()
    assert counts["loyalty answers"] == 1
    assert _rows(session_factory) == [("no", "price shopping")]


# --- the chooser, on plain data --------------------------------------------------------

NOW = datetime(2026, 11, 23, 9, 0, tzinfo=UTC)


def _view(balance: int, heard_days: int, answered_days: int | None) -> RepView:
    known = {k: NOW - timedelta(days=1) for k in ALL_PRO}
    known["expansion"] = NOW - timedelta(days=1)  # re-invest asked: widening comes first
    if answered_days is not None:
        known["loyalty"] = NOW - timedelta(days=answered_days)
    contact = ContactView(1, "Rich Rita", balance, NOW - timedelta(days=heard_days), 30)
    return RepView(1, NOW.date(), NOW, [contact], facts={1: known})


def _reason(view: RepView, every: int = 90) -> str | None:
    chosen = Chooser(build_catalog(), loyalty_every_days=every).choose(view, 1)
    return chosen[0].reason if chosen else None


def test_a_healthy_key_contact_is_asked_the_competitor_test():
    assert _reason(_view(balance=12, heard_days=5, answered_days=None)) == "loyalty_check"


def test_no_more_often_than_the_setting():
    assert _reason(_view(balance=12, heard_days=5, answered_days=60)) == "personal_missing"
    assert _reason(_view(balance=12, heard_days=5, answered_days=91)) == "loyalty_check"
    assert _reason(_view(balance=12, heard_days=5, answered_days=60), every=45) == "loyalty_check"


def test_not_key_or_quiet_is_not_a_loyalty_check():
    # Below the top of any book (REINVEST_FLOOR): not a key contact.
    assert _reason(_view(balance=2, heard_days=5, answered_days=None)) != "loyalty_check"
    assert _reason(_view(balance=12, heard_days=45, answered_days=None)) == "gone_quiet"


def test_the_morning_pass_asks_a_healthy_contact_and_reads_the_rows(
    ana, core, clock, session_factory
):
    ana.say("+9 Rich Rita (Acme): renewed for three years")
    for key in ALL_PRO:
        ana.say(f"fact Rich Rita {key}: known")
    ana.say("fact Rich Rita expansion: asked for the EMEA intro")  # re-invest answered
    reachable(ana)
    inbox = Inbox()
    clock.now = TUESDAY_9
    tick(make_pass(core, ConsoleSender(inbox)))
    [row] = [n for n in nudges(session_factory) if n.kind == "question"]
    assert row.reason == "loyalty_check"
    [message] = inbox.of("ana", "nudge")
    assert "would Rich Rita call you and tell you?" in message.text
    ana.say("answer yes: she warned us about the rival last year")
    # Answered: the next working day asks nothing about the competitor test.
    clock.now = TUESDAY_9 + timedelta(days=1)
    tick(make_pass(core, ConsoleSender(inbox)))
    reasons = [n.reason for n in nudges(session_factory) if n.kind == "question"]
    assert reasons.count("loyalty_check") == 1


def test_export_carries_attempts_and_answers(ana, session_factory, policy, clock, tmp_path):
    import csv
    import io
    import json

    from bot.export import write_json, write_tables
    from handlers.profile.question_bank import QuestionBank

    ana.say("+1 Jane Doe: kickoff")
    clock.advance(hours=1)
    ana.say("Jane Doe: voicemail, no reply")
    ana.say("loyal Jane Doe unsure: new buyer")
    out = io.StringIO()
    with session_factory() as session:
        write_json(session, out, policy, clock(), bank=QuestionBank())
        written = write_tables(session, tmp_path / "tables")
    [contact] = json.loads(out.getvalue())["workspaces"][0]["contacts"]
    assert [(e["kind"], e["amount"]) for e in contact["entries"]] == [
        ("touch", 1),
        ("attempt", 0),
    ]
    assert [(a["answer"], a["why"]) for a in contact["loyalty"]] == [("unsure", "new buyer")]
    assert "loyalty_answers.csv" in written
    with (tmp_path / "tables" / "loyalty_answers.csv").open(encoding="utf-8") as handle:
        assert [r["answer"] for r in csv.DictReader(handle)] == ["unsure"]
    with (tmp_path / "tables" / "ledger_entries.csv").open(encoding="utf-8") as handle:
        assert [r["kind"] for r in csv.DictReader(handle)] == ["touch", "attempt"]
