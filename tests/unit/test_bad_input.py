"""Bad input through the core, on SQLite and PostgreSQL: a clear reply, nothing saved lost.

Each case seeds a small workspace, snapshots every row of the tables that hold what reps
recorded, sends the bad input and checks the reply and that the rows are exactly as before.
"""

from __future__ import annotations

import pytest
from sqlalchemy import select

from handlers.messages import ActionEvent, Reply
from storage.models import AuditEvent, Contact, ContactAlias, Fact, LedgerEntry, PendingNote
from tests.conftest import LOCAL

RECORDED = (LedgerEntry, Contact, Fact, PendingNote, ContactAlias, AuditEvent)
SEED: dict[str, list[tuple]] = {}  # the seeded rows without aggregates, set by `seeded`


# A contact's running totals move with every new entry; who the contact is must not.
AGGREGATES = {"balance", "credits", "debits", "entry_count", "decay_sum", "last_touch_at"}


def snapshot(session_factory, skip: frozenset[str] = frozenset()) -> dict[str, list[tuple]]:
    """Every column of every row of the tables that hold what reps recorded."""
    rows = {}
    with session_factory() as session:
        for model in RECORDED:
            columns = [c for c in model.__table__.columns if c.name not in skip]
            result = session.execute(select(*columns).order_by(*model.__table__.primary_key))
            rows[model.__tablename__] = [tuple(row) for row in result]
    return rows


@pytest.fixture
def seeded(ana, ben, session_factory):
    """Jane Doe with a credit, a debit and two facts; ben's own contact."""
    for text in (
        "+2 Jane Doe (Acme): delivered the migration two days early",
        "-1 Jane Doe: missed the Q3 report deadline",
        "fact Jane Doe career: wants to run ops for EMEA",
        "fact Jane Doe interests: jazz and trail running",
    ):
        assert ana.say(text).kind in ("recorded", "fact"), text
    assert ben.say("+1 Marcus Chen (Acme): sent the benchmark report").kind == "recorded"
    before = snapshot(session_factory)
    assert len(before["ledger_entries"]) == 3 and len(before["facts"]) == 2
    SEED.clear()
    SEED.update(snapshot(session_factory, skip=frozenset(AGGREGATES)))
    return before


LONG = "a" * 10_000

ERRORS = {
    "10,000-character note": ("+2 Jane Doe: " + LONG, "10,000"),
    "10,000-character unsigned note": ("Jane Doe: " + LONG, "10,000"),
    "nothing after the colon": ("+2 Jane Doe:", "Say what happened"),
    "only control characters after the colon": ("+2 Jane Doe: \x00\x07\x1b", "Say what happened"),
    "colon with nothing before it": (": delivered the migration", "Name the contact"),
    "sign and colon with nothing between": ("+2 : delivered", "Name the contact"),
    "points stuck to the colon": ("+2: delivered", "Name the contact"),
    "0 points": ("+0 Jane Doe: delivered", "from 1 to 10"),
    "11 points": ("+11 Jane Doe: delivered", "from 1 to 10"),
    "2.5 points": ("+2.5 Jane Doe: delivered", "from 1 to 10"),
    "letters in points": ("-2abc Jane Doe: delivered", "from 1 to 10"),
    "0 points as a word form": ("credit 0 Jane Doe: delivered", "from 1 to 10"),
    "two signs": ("+-2 Jane Doe: delivered", "one sign"),
    "unknown category": ("+1 Jane Doe: delivered #nonsense", "Unknown category"),
    "future date": ("+1 Jane Doe: delivered @tomorrow", "future"),
    "unreadable date": ("+1 Jane Doe: delivered @blorp", "couldn't read"),
    "impossible ISO date": ("+1 Jane Doe: delivered @2026-02-30", "couldn't read"),
    "overlong contact name": ("+1 " + "J" * 300 + ": delivered", "too long"),
    "balance of an unknown contact": ("balance Nobody Atall", "No contact"),
    "history of an unknown contact": ("history Nobody Atall 5", "No contact"),
    "profile of an unknown contact": ("profile Nobody Atall", "No contact"),
    "SQL-looking balance": ("balance x' OR '1'='1", "No contact"),
    "emoji balance": ("balance 🦄🦄", "No contact"),
    "fact about an unknown contact": ("fact Nobody Atall career: wants more", "No contact"),
    "fact with an unknown key": ("fact Jane Doe shoe: size 9", "Unknown fact key"),
    "fact too long": ("fact Jane Doe career: " + LONG, "the most is"),
    "rename an unknown contact": ("contact rename Nobody Atall to Somebody", "No contact"),
    "merge into itself": ("contact merge Jane Doe into Jane Doe", "same contact"),
    "add an existing contact": ("contact add Jane Doe (Acme)", "already exists"),
    "add an overlong contact": ("contact add " + "J" * 300, "too long"),
    "archive an unknown contact": ("contact archive Nobody Atall", "No contact"),
    "cadence that is not a number": ("contact cadence Jane Doe often", "contact cadence"),
    "cadence of zero": ("contact cadence Jane Doe 0", "contact cadence"),
    "unknown contact subcommand": ("contact frobnicate Jane", "contact add"),
}


@pytest.mark.parametrize("case", list(ERRORS), ids=list(ERRORS))
def test_bad_input_gets_an_error_and_changes_nothing(case, ana, seeded, session_factory):
    text, expected = ERRORS[case]
    reply = ana.say(text)
    assert reply.kind == "error", reply
    assert expected in reply.text
    assert len(reply.text) < 500  # a clear line, not an echo of the input
    assert snapshot(session_factory) == seeded


HELPFUL = {
    "empty": ("", "help"),
    "blank": ("   \t ", "help"),
    "only control characters": ("\x00\x07\x1b\x7f", "help"),
    "only zero-width characters": ("\u200b\ufeff", "help"),
    "unknown command": ("frobnicate the widget", "help"),
    "SQL-looking command": ("'; DROP TABLE contacts; --", "help"),
    "SQL-looking words": ("DROP TABLE ledger_entries", "help"),
    "emoji alone": ("🦄🎉", "help"),
    "undo with nothing of one's own": ("undo", "info"),
}


@pytest.mark.parametrize("case", list(HELPFUL), ids=list(HELPFUL))
def test_stray_input_gets_help_and_changes_nothing(case, ben, seeded, session_factory):
    # ben's own entry is the one he could undo; take it first, then he has nothing left.
    if case.startswith("undo"):
        assert ben.say("undo").kind == "undone"
        seeded = snapshot(session_factory)
    text, kind = HELPFUL[case]
    reply = ben.say(text)
    assert reply.kind == kind, reply
    assert reply.text.strip()
    if kind == "help":
        assert "help" in reply.text or reply.fields
    assert snapshot(session_factory) == seeded


def _unchanged_rows(session_factory) -> dict[str, list[tuple]]:
    """Everything saved by the seed is still there, exactly; new rows are only appended."""
    after = snapshot(session_factory, skip=frozenset(AGGREGATES))
    for table, rows in SEED.items():
        assert after[table][: len(rows)] == rows, table
    return after


@pytest.mark.parametrize(
    ("text", "contact", "note"),
    [
        ("+1 Robert'); DROP TABLE contacts;--: x", "Robert'); DROP TABLE contacts;--", "x"),
        ("+1 Jane Doe: '; DELETE FROM contacts; --", "Jane Doe", "'; DELETE FROM contacts; --"),
        ("+1 Jane Doe: 100% of the _rollout_ \\ done", "Jane Doe", "100% of the _rollout_ \\ done"),
        ("+2 Jane Doe: great call 🎉 👨‍👩‍👧 🇳🇱", "Jane Doe", "great call 🎉 👨‍👩‍👧 🇳🇱"),
        ("+2 🦄 Unicorn: first emoji contact", "🦄 Unicorn", "first emoji contact"),
        ("+1 Jane\x00 Doe: de\x00livered\x07 on\r\ntime\x1b", "Jane Doe", "de livered on time"),
    ],
)  # fmt: skip
def test_odd_but_valid_notes_are_stored_verbatim_and_nothing_else_changes(
    text, contact, note, ana, seeded, session_factory
):
    reply = ana.say(text)
    assert reply.kind == "recorded", reply
    after = _unchanged_rows(session_factory)
    new = after["ledger_entries"][len(seeded["ledger_entries"]) :]
    assert len(new) == 1
    with session_factory() as session:
        entry = session.scalars(select(LedgerEntry).order_by(LedgerEntry.id.desc())).first()
        assert entry.note == note
        assert session.get(Contact, entry.contact_id).name == contact
    # The tables the SQL-looking text names are all still there and readable.
    assert len(after["contacts"]) >= 2 and len(after["ledger_entries"]) == 4


# PostgreSQL refuses NUL in text columns: none may reach the database.


@pytest.mark.parametrize(
    "text",
    [
        "Jnae Doe: sent the\x00 deck",  # close to Jane Doe: pending, with a stray NUL
        "Jane Doe: had a call\x00 about\x07 things",  # no clear sign: pending
    ],
)
def test_pending_notes_with_control_characters_are_saved(text, ana, seeded, session_factory):
    reply = ana.say(text)
    assert reply.kind == "pending", reply
    after = _unchanged_rows(session_factory)
    assert len(after["pending_notes"]) == len(seeded["pending_notes"]) + 1
    assert reply.buttons  # the rep can place or discard it


NUL_COMMANDS = {
    "contacts Jane\x00": "contacts",
    # "Ac me" is close to the company Acme: added, and asked which company it is.
    "contact add Ze\x00d (Ac\x00me) zed@x.example": "choose",
    "contact alias Jane Doe as J\x00D": "info",
    "balance Jane\x00 Doe": "balance",
    "history Jane Doe\x00 3": "history",
    "profile Jane\x00 Doe": "profile",
    "fact Jane Doe career: wa\x00nts a bigger team": "fact",
    "\x00+1 Jane Doe: on time\x00": "recorded",
    "Jane Doe\x00: had a meeting": "pending",
}


@pytest.mark.parametrize("text", list(NUL_COMMANDS))
def test_nul_bytes_anywhere_get_an_answer(text, ana, seeded, session_factory):
    reply = ana.say(text)
    assert reply.kind == NUL_COMMANDS[text], reply
    after = _unchanged_rows(session_factory)
    for rows in after.values():
        for row in rows:
            assert not any(isinstance(v, str) and "\x00" in v for v in row), row


def test_an_unknown_contact_is_created_and_says_so(ana, seeded, session_factory):
    reply = ana.say("+1 Zed Quint (Initech): first call")
    assert reply.kind == "recorded"
    assert "New contact Zed Quint (Initech) created" in reply.text
    assert any(b.label == "Undo" for b in reply.buttons)
    _unchanged_rows(session_factory)


@pytest.mark.parametrize(
    ("action_id", "value"),
    [
        ("no.such.action", "1"),
        ("entry.undo", ""),
        ("entry.undo", "abc"),
        ("entry.undo", "1:2"),
        ("entry.undo", "999999"),
        ("entry.undo", "99999999999999999999999"),
        ("entry.undo", "2147483648"),  # one past a 32-bit integer column
        ("note.sign", "99999999999999999999:1"),
        ("show", "history:-99999999999999999999"),
        ("entry.flip", "-1"),
        ("note.sign", "1:5"),
        ("note.sign", "999:1"),
        ("note.contact", "x:y"),
        ("note.discard", "'; DROP TABLE pending_notes; --"),
        ("show", "balance:999999"),
        ("show", "delete:1"),
    ],
)
def test_broken_or_stale_buttons_get_an_error(action_id, value, ana, seeded, session_factory):
    reply = ana.core.handle_action(ActionEvent(LOCAL, ana.ref, action_id, value))
    assert isinstance(reply, Reply)
    assert reply.kind == "error", reply
    assert snapshot(session_factory) == seeded


def test_undo_of_another_reps_entry_is_refused(ana, ben, seeded, session_factory):
    with session_factory() as session:
        bens = session.scalars(
            select(LedgerEntry.id).where(LedgerEntry.note == "sent the benchmark report")
        ).one()
    reply = ana.act("entry.undo", str(bens))
    assert reply.kind == "error" and "Only the author" in reply.text
    reply = ana.act("entry.flip", str(bens))
    assert reply.kind == "error"
    assert snapshot(session_factory) == seeded


# --- forms (a Slack modal, a Teams card or the shell's prompts) -----------------------------

LOG_FORM_ERRORS = {
    "no contact": ({"contact": " ", "sign": "credit", "points": "1", "note": "x"}, "Contact"),
    "colon in contact": ({"contact": "Jane: Doe", "sign": "credit", "note": "x"}, "':'"),
    "no sign": ({"contact": "Jane Doe", "sign": "maybe", "note": "x"}, "credit or debit"),
    "points 0": ({"contact": "Jane Doe", "sign": "debit", "points": "0", "note": "x"}, "1 to 10"),
    "points 2.5": ({"contact": "Jane Doe", "sign": "debit", "points": "2.5", "note": "x"}, "1 to"),
    "points abc": ({"contact": "Jane Doe", "sign": "debit", "points": "abc", "note": "x"}, "1 to"),
    "points ²": ({"contact": "Jane Doe", "sign": "credit", "points": "²", "note": "x"}, "1 to"),
    "huge points": (
        {"contact": "Jane Doe", "sign": "credit", "points": "9" * 30, "note": "x"},
        "1 to 10",
    ),
    "empty note": ({"contact": "Jane Doe", "sign": "credit", "note": "\x00 \x07"}, "appened"),
    "long note": ({"contact": "Jane Doe", "sign": "credit", "note": LONG}, "10,000"),
    "future": (
        {"contact": "Jane Doe", "sign": "credit", "note": "x", "when": "tomorrow"},
        "future",
    ),
}


@pytest.mark.parametrize(
    ("values", "expected"),
    list(LOG_FORM_ERRORS.values()),
    ids=list(LOG_FORM_ERRORS),
)
def test_a_bad_log_form_gets_an_error_and_changes_nothing(
    values, expected, ana, seeded, session_factory
):
    reply = ana.core.handle_action(ActionEvent(LOCAL, ana.ref, "form.log", "", values))
    assert reply.kind == "error", reply
    assert expected in reply.text
    assert snapshot(session_factory) == seeded


def test_a_log_form_with_control_characters_saves_clean_rows(ana, seeded, session_factory):
    values = {"contact": "Jnae\x00 Doe", "sign": "credit", "points": "2", "note": "sent\x00 it"}
    reply = ana.core.handle_action(ActionEvent(LOCAL, ana.ref, "form.log", "", values))
    assert reply.kind == "pending", reply  # a typo of Jane Doe: which one?
    after = _unchanged_rows(session_factory)
    for table in after.values():
        for row in table:
            assert not any(isinstance(v, str) and "\x00" in v for v in row), row


def test_a_fact_form_with_bad_values_gets_an_error(ana, seeded, session_factory):
    for values in (
        {"contact": "Jane Doe", "key": "shoe size", "value": "9"},
        {"contact": "Jane Doe", "key": "career", "value": " \x00 "},
        {"contact": "Nobody Atall", "key": "career", "value": "x"},
    ):
        reply = ana.core.handle_action(ActionEvent(LOCAL, ana.ref, "form.fact", "", values))
        assert reply.kind == "error", (values, reply)
    assert snapshot(session_factory) == seeded


# --- a note about a contact whose name starts with a command word ---------------------------


@pytest.mark.parametrize(
    "text",
    [
        "Undo Labs (Undo): great demo, on time",
        "Help Desk: fixed the ticket on time",
        "History Channel (A+E): renewed the contract",
        "Balance Partners: delivered on time",
    ],
)
def test_a_note_about_a_contact_named_like_a_command_is_logged(text, ana, seeded, session_factory):
    reply = ana.say(text)
    assert reply.kind in ("recorded", "pending"), reply
    after = _unchanged_rows(session_factory)
    assert len(after["ledger_entries"]) + len(after["pending_notes"]) == 4


@pytest.mark.parametrize("pattern", ["%", "_", "J%e", "Ja_e"])
def test_search_wildcards_are_plain_characters(pattern, ana, seeded, session_factory):
    reply = ana.say(f"contacts {pattern}")
    assert "Jane Doe" not in reply.text and "Marcus Chen" not in reply.text, reply
    assert snapshot(session_factory) == seeded


def test_a_nudge_answer_drops_control_characters(ana, core, clock, session_factory):
    from datetime import UTC, datetime

    from bot.console.sender import ConsoleSender
    from storage.models import Fact
    from tests.unit.nudging import Inbox, make_pass, reachable, tick

    ana.say("+1 Jane Doe (Acme): kickoff")
    reachable(ana)
    clock.now = datetime(2026, 11, 24, 9, 0, tzinfo=UTC)  # Tuesday, nudge time
    inbox = Inbox()
    tick(make_pass(core, ConsoleSender(inbox)))
    [question] = inbox.of("ana", "nudge")
    form = ana.press("Answer", question)
    request = form.input_request
    reply = ana.core.handle_action(
        ActionEvent(LOCAL, ana.ref, request.action_id, request.value, {"answer": "runs\x00 ops"})
    )
    assert not reply.is_error, reply
    with session_factory() as session:
        assert [f.value for f in session.query(Fact)] == ["runs ops"]
