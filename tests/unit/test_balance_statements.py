"""A balance costs a few indexed reads: each table it needs is read once."""

from __future__ import annotations

from sqlalchemy import event

from tests.conftest import Rep


def _statements(engine, action) -> list[str]:
    seen: list[str] = []

    def record(_conn, _cursor, statement, _params, _context, _many) -> None:
        seen.append(" ".join(statement.split()))

    event.listen(engine, "before_cursor_execute", record)
    try:
        action()
    finally:
        event.remove(engine, "before_cursor_execute", record)
    return seen


def test_a_balance_reads_facts_once_and_nothing_twice(core, engine):
    ana = Rep(core, "ana", timezone="Europe/Berlin")
    ana.say("+2 Jane Doe (Acme): demo went well")
    ana.say("balance Jane Doe")  # the rep is now known to this process
    seen = _statements(engine, lambda: ana.say("balance Jane Doe"))
    assert ana.last.kind == "balance"
    reads = [s for s in seen if s.upper().startswith(("SELECT", "WITH"))]
    assert len([s for s in reads if "FROM facts" in s]) == 1, reads
    # The contact, its facts, its 90-day window, its open promises (a promise coming due
    # is a next step) and its latest competitor-test answer: one indexed read each.
    tables = [s.split(" FROM ")[1].split()[0] for s in reads]
    assert tables == ["contacts", "facts", "ledger_entries", "promises", "loyalty_answers"], reads
    assert len(set(reads)) == len(reads), reads


def test_a_note_takes_the_new_aggregates_from_its_update(core, engine):
    ana = Rep(core, "ana", timezone="Europe/Berlin")
    ana.say("+2 Jane Doe (Acme): demo went well")
    seen = _statements(engine, lambda: ana.say("-1 Jane Doe (Acme): missed the call"))
    assert ana.last.text.startswith("Debit −1 → Jane Doe (Acme). Balance 1 · health ")
    contact_reads = [s for s in seen if s.startswith("SELECT contacts.id")]
    assert len(contact_reads) == 1, seen  # found once, not read again after the UPDATE
    ana.say("balance Jane Doe")
    assert "1 (credits +2 · debits −1 · 2 entries)" in ana.last.fields[0].value
