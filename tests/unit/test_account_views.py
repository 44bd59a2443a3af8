"""The account read view: note counts kept by the ledger equal a recount, and `account` /
`accounts` take the same number of queries however long the ledger grows."""

from __future__ import annotations

from sqlalchemy import event, select

from storage import contact_reps
from storage.models import ContactRep


def counts(session_factory) -> dict[tuple[int, int], int]:
    with session_factory() as session:
        rows = session.execute(select(ContactRep.user_id, ContactRep.contact_id, ContactRep.notes))
        return {(u, c): n for u, c, n in rows}


def test_note_counts_are_kept_by_the_ledger_and_equal_a_recount(ana, ben, session_factory):
    ana.say("+2 Jane Doe (Acme): kickoff")
    ana.say("+1 Jane Doe: follow-up")
    ben.say("+1 Jane Doe: sent the deck")
    ana.say("undo")  # a reversal is no new note
    ben.say("contact add Bob Roe (Acme)")  # holds Bob, wrote nothing

    kept = counts(session_factory)
    with session_factory() as session:
        contact_reps.recount(session)
        session.commit()

    assert sorted(kept.values()) == [0, 1, 2]
    assert counts(session_factory) == kept
    fields = {f.label: f.value for f in ana.say("account Acme").fields}
    assert fields["Function not known (2)"].count("known by Ana (2 notes), Ben (1 note)") == 1


class Statements:
    def __init__(self, engine) -> None:
        self.count = 0
        event.listen(engine, "before_cursor_execute", self.seen)

    def seen(self, *_args) -> None:
        self.count += 1


def test_account_and_accounts_take_the_same_queries_on_a_longer_ledger(ana, ben, engine):
    for n in range(3):
        ana.say(f"+1 Person {n} (Acme): kickoff")
        ben.say(f"+1 Other {n} (Globex): kickoff")
    statements = Statements(engine)

    def queries(line: str) -> int:
        before = statements.count
        assert not ana.say(line).is_error
        return statements.count - before

    short = [queries(line) for line in ("account Acme", "accounts", "accounts --team")]
    for round_ in range(20):
        for n in range(3):
            ana.say(f"+1 Person {n}: call {round_}")
            ben.say(f"+1 Other {n}: call {round_}")
    long = [queries(line) for line in ("account Acme", "accounts", "accounts --team")]

    assert long == short
