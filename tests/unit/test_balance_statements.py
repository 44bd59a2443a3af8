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
    assert len(reads) == 3, reads  # the contact, its facts, its 90-day window
    assert len(set(reads)) == len(reads), reads
