"""Notes about one new contact that arrive at once create that contact once."""

from __future__ import annotations

import threading

from sqlalchemy import select

from handlers.messages import IncomingMessage, UserRef
from storage.models import Contact, LedgerEntry
from tests.conftest import LOCAL

WRITERS = 8


def test_concurrent_first_notes_about_a_new_contact_create_it_once(core, session_factory):
    start = threading.Barrier(WRITERS)
    failures: list[BaseException] = []

    def rep(n: int) -> UserRef:
        return UserRef(f"rep{n}", f"Rep {n}", None)

    for n in range(WRITERS):  # the reps exist already: a note is their first write
        core.handle_message(IncomingMessage(LOCAL, rep(n), f"+1 Ada Lind: intro {n}"))

    def write(n: int) -> None:
        message = IncomingMessage(LOCAL, rep(n), f"+1 Nora Quist: call {n}", f"ev-{n}")
        start.wait(10)
        try:
            core.handle_message(message)
        except BaseException as exc:  # reported below, with the thread's own error
            failures.append(exc)

    threads = [threading.Thread(target=write, args=(n,)) for n in range(WRITERS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(60)

    assert not any(thread.is_alive() for thread in threads)
    assert failures == []
    with session_factory() as session:
        contacts = session.scalars(select(Contact)).all()
        entries = session.scalars(select(LedgerEntry)).all()
    nora = [c for c in contacts if c.name == "Nora Quist"]
    assert len(nora) == 1
    on_nora = [e.note for e in entries if e.contact_id == nora[0].id]
    assert len(on_nora) == WRITERS, (on_nora, [(c.id, c.name) for c in contacts])


def test_contacts_added_at_once_at_a_new_company_create_it_once(core, session_factory):
    from storage.models import Company

    start = threading.Barrier(WRITERS)
    failures: list[BaseException] = []
    replies: list = []

    def rep(n: int) -> UserRef:
        return UserRef(f"rep{n}", f"Rep {n}", None)

    for n in range(WRITERS):
        core.handle_message(IncomingMessage(LOCAL, rep(n), f"+1 Ada Lind: intro {n}"))

    def write(n: int) -> None:
        names = ("Ada", "Boris", "Chiara", "Dmitri", "Esther", "Farouk", "Greta", "Hiroshi")
        text = f"contact add {names[n]} Zeta{n}x (Zeta Freight)"
        start.wait(10)
        try:
            replies.append(core.handle_message(IncomingMessage(LOCAL, rep(n), text, f"z-{n}")))
        except BaseException as exc:
            failures.append(exc)

    threads = [threading.Thread(target=write, args=(n,)) for n in range(WRITERS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(60)

    assert failures == []
    assert not any(r.is_error for r in replies), [r.text for r in replies]
    with session_factory() as session:
        [zeta] = session.scalars(select(Company).where(Company.name == "Zeta Freight")).all()
        placed = session.scalars(select(Contact).where(Contact.company_id == zeta.id)).all()
    assert len(placed) == WRITERS, [r.text for r in replies]
