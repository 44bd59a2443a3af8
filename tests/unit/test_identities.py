"""Workspaces and reps are looked up once per process, and never remembered wrongly."""

from __future__ import annotations

from sqlalchemy import event, select

from handlers.core import Core
from handlers.messages import IncomingMessage, UserRef
from storage.identities import Identities
from storage.models import User
from tests.conftest import LOCAL, Rep


def _directory_queries(engine, action) -> list[str]:
    seen: list[str] = []

    def record(_conn, _cursor, statement, _params, _context, _many) -> None:
        if "workspaces.external_id" in statement or "users.external_id" in statement:
            seen.append(statement)

    event.listen(engine, "before_cursor_execute", record)
    try:
        action()
    finally:
        event.remove(engine, "before_cursor_execute", record)
    return seen


def test_a_rep_seen_before_costs_no_directory_query(core, engine):
    ana = Rep(core, "ana", timezone="Europe/Berlin")
    assert _directory_queries(engine, lambda: ana.say("+2 Jane Doe (Acme): demo went well"))
    again = _directory_queries(engine, lambda: ana.say("balance Jane Doe"))
    assert again == []
    assert ana.last.kind == "balance"


def test_a_new_timezone_or_name_is_saved(core, session_factory):
    Rep(core, "ana", timezone="Europe/Berlin").say("+1 Jane Doe: call")
    Rep(core, "ana", timezone="Asia/Tokyo").say("+1 Jane Doe: call")
    with session_factory() as session:
        assert session.scalars(select(User.timezone)).one() == "Asia/Tokyo"
    core.handle_message(IncomingMessage(LOCAL, UserRef("ana", "Ana B.", "Asia/Tokyo"), "balance"))
    with session_factory() as session:
        assert session.scalars(select(User.display_name)).one() == "Ana B."


def test_a_rep_first_seen_in_a_refused_request_is_not_remembered(core, session_factory):
    ana = Rep(core, "ana", timezone="Europe/Berlin")
    # Refused, so not committed (SQLite's savepoint may keep the new row, PostgreSQL not).
    assert ana.say("answer she wants my job").is_error
    reply = ana.say("+2 Jane Doe (Acme): demo went well")  # would fail on a stale id
    assert reply.text.startswith("Credit +2")
    with session_factory() as session:
        assert len(session.scalars(select(User)).all()) == 1


def test_a_request_without_timezone_reads_the_stored_one(session_factory, policy, clock):
    one, other = Core(session_factory, policy, clock), Core(session_factory, policy, clock)
    Rep(one, "ana", timezone="Europe/Berlin").say("+1 Jane Doe: call")
    Rep(other, "ana", timezone="Asia/Tokyo").say("+1 Jane Doe: call")  # another process
    with session_factory() as session:
        _ws, rep, _ = one.identities.resolve(
            session, "console", "local", "ana", "Ana", None, clock()
        )
    assert rep.timezone == "Asia/Tokyo"


def test_the_memory_is_bounded(session_factory, clock):
    identities = Identities(limit=3)

    def resolve(n: int) -> bool:
        with session_factory() as session:
            ws, rep, learned = identities.resolve(
                session, "console", "local", f"rep{n}", f"Rep {n}", "UTC", clock()
            )
            session.commit()
        identities.remember(ws, rep)
        return learned

    assert [resolve(n) for n in range(4)] == [True] * 4
    assert resolve(3) is False  # still remembered
    assert resolve(0) is True  # forgotten when the memory was full
