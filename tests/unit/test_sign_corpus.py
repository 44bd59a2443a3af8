"""The sign reader measured on the labelled corpus in tests/data/, and its reading rules.

The confusion tables are computed here from the corpus, as `python -m bench sign` prints
them for docs/SIGN_READING.md.
"""

from __future__ import annotations

import time
from collections import Counter

import pytest
from sqlalchemy import func, select

from bench.sign import (
    CORPUS,
    LABELS,
    UNCLEAR_LIMIT,
    WRONG_SIGN_LIMIT,
    Note,
    load,
    measure,
    tables,
)
from handlers.ledger.sentiment import SignReader, SignReading
from storage.models import LedgerEntry


@pytest.fixture(scope="module")
def reader():
    return SignReader()


@pytest.fixture(scope="module")
def corpus():
    return load()


@pytest.fixture(scope="module")
def measured(corpus, reader):
    return {t.name: t for t in tables(corpus, reader)}


def test_the_corpus_is_large_labelled_and_covers_the_topics(corpus):
    assert len(corpus) >= 300
    assert {n.label for n in corpus} == set(LABELS)
    assert {n.part for n in corpus} <= {"tuned", "held-out"}
    texts = [n.text.lower() for n in corpus]
    assert len(set(texts)) == len(texts), "a note appears twice"
    topics = Counter(n.topic for n in corpus)
    required = "follow-up escalation outage renewal price silence contrast negation plain customer"
    for topic in required.split():
        assert topics[topic] >= 10, topic


def test_the_whole_corpus_is_within_both_limits(measured):
    table = measured["all"]
    assert table.total >= 1000
    assert table.over_limits() == [], "\n".join(table.lines())


def test_a_held_out_set_gets_its_own_table_and_counts_in_the_whole(reader):
    notes = [
        Note("credit", "plain", "tuned", "fixed the outage within 20 minutes"),
        Note("debit", "plain", "held-out", "we forgot to add the new users"),
    ]
    assert [t.name for t in tables(notes[:1], reader)] == ["tuned", "all"]
    measured = {t.name: t for t in tables(notes, reader)}
    assert [measured["tuned"].total, measured["held-out"].total, measured["all"].total] == [1, 1, 2]


class FixedReader:
    """Reads every note as the sign given for it: a stand-in to check the table's sums."""

    def __init__(self, signs: dict[str, int | None]):
        self.signs = signs

    def read(self, text: str) -> SignReading:
        return SignReading(self.signs[text], 0.0, ())


def test_the_table_counts_wrong_signs_and_unclear_readings_and_flags_broken_limits():
    notes = [Note(label, "plain", "tuned", f"{label} {i}") for label in LABELS for i in range(10)]
    signs = {n.text: {"credit": 1, "debit": -1, "unclear": None}[n.label] for n in notes}
    perfect = measure(notes, "perfect", FixedReader(signs))
    assert perfect.wrong_sign == 0 and perfect.unclear == 10 and perfect.misses == []
    assert perfect.over_limits() == ["perfect: unclear on 33.3%"]
    signs.update({"credit 0": -1, "unclear 0": 1, "debit 0": None})  # two wrong, one asked
    flawed = measure(notes, "flawed", FixedReader(signs))
    assert (flawed.wrong_sign, flawed.unclear) == (2, 10)
    assert flawed.counts[("credit", "debit")] == 1 and flawed.counts[("unclear", "credit")] == 1
    assert flawed.rate(flawed.wrong_sign) > WRONG_SIGN_LIMIT
    assert "flawed: wrong sign on 6.7%" in flawed.over_limits()
    assert UNCLEAR_LIMIT == 0.15 and CORPUS.name == "sign_corpus.csv"


@pytest.mark.parametrize(
    ("text", "sign"),
    [
        # what follows the contrast, and how it ended, weighs more
        ("their team misread the spec, but we rebuilt the report anyway at no charge", 1),
        ("they were wrong, but we fixed it anyway", 1),
        ("late delivery, but we credited them and they were happy", 1),
        ("great call, but they are evaluating a competitor", -1),
        ("although the kickoff was friendly, they are moving to a competitor", -1),
        ("they are moving to a competitor, although the kickoff was friendly", -1),
        # who did what: their lapse is not our debit, ours is
        ("their admin forgot to add the new users", None),
        ("we forgot to add the new users", -1),
        ("she missed the kickoff call", None),
        ("we missed the kickoff call", -1),
        ("they complained to our CEO about the delays", -1),
        # a repaired problem, a prevented one, and a denied claim
        ("fixed the outage within 20 minutes", 1),
        ("we didn't let the holiday freeze delay their launch", 1),
        ("we didn't deliver the report on time", -1),
        ("she is not happy, and wants a call", -1),  # the negation ends at the comma
        ("not using the old module, saving them money", 1),
        ("told them the patch would be ready on time and it wasn't", -1),
        # a clause that denies the one before it, of its own subject
        ("the pilot impressed her, but our onboarding did not", -1),
        # a problem that ended, and one that came back
        ("the sync errors were gone by Friday", 1),
        ("the crash came back two days after our patch", -1),
        # nobody acted; an ask is no event; a request left to sit
        ("nobody called them back after the demo", -1),
        ("asked him whether they would join the beta", None),
        ("her access request sat in our queue for two weeks", -1),
        # a rival's offer turned down, and a move to another platform
        ("a rival offered them three free months and they said no", 1),
        ("they are migrating their reporting to another tool", -1),
        # a faulty deliverable's kind words carry no sign
        ("the tailored dashboard we built for them shows the wrong totals", -1),
        ("we fixed the wrong address on their invoices", 1),
        ("he said no to the competitor", 1),
        # plain talk and silence
        ("no reply to my last two emails", None),
        ("had lunch", None),
    ],
)
def test_reading_rules(reader, text, sign):
    assert reader.read(text).sign == sign, reader.read(text)


def test_the_cues_name_the_words_that_decided_including_negations(reader):
    reading = reader.read(
        "their team misread the spec, but we rebuilt the report anyway at no charge"
    )
    assert reading.sign == 1 and "misread" not in reading.cues
    assert set(reading.cues) & {"rebuilt", "at no charge"}
    assert reader.read("no complaints since the fix went in").cues[0].startswith("no ")


@pytest.mark.parametrize(
    "text",
    ["but", "but but", ", but ,", "although", "anyway", "", "   ", "—", "no", "but.however;yet"],
)
def test_a_note_of_only_contrast_words_reads_as_unclear(reader, text):
    assert reader.read(text) == SignReading(None, 0.0, ())


@pytest.mark.parametrize(
    "text",
    [
        ("late delivery, but we credited them and they were happy. " * 200)[:10_000],
        "but " * 2_500,
        "x" * 10_000,
        ("they were wrong, " * 700)[:10_000],
    ],
)
def test_a_ten_thousand_character_note_is_read_without_error(reader, text):
    started = time.perf_counter()
    reading = reader.read(text)
    assert reading.sign in (1, -1, None)
    assert -1.0 <= reading.score <= 1.0
    assert time.perf_counter() - started < 2.0


def ledger_count(session_factory):
    with session_factory() as session:
        return session.scalar(select(func.count()).select_from(LedgerEntry))


def test_a_note_with_a_contrast_is_booked_by_how_it_ended(ana, session_factory):
    reply = ana.say("Jane Doe: their team misread the spec, but we rebuilt the report anyway")
    assert reply.text.startswith("Credit +1 → Jane Doe"), reply.text
    assert "misread" not in reply.text.split("Read as")[1]
    assert ledger_count(session_factory) == 1


def test_a_note_of_only_but_asks_and_books_nothing(ana, session_factory):
    reply = ana.say("Jane Doe: but")
    assert reply.kind == "pending" and "Credit or debit?" in reply.text
    assert ledger_count(session_factory) == 0
