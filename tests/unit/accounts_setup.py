"""Placing contacts at a company with a role, a function and a reporting line, through
the storage repositories (the commands that do it live beside the companies)."""

from __future__ import annotations

from storage.directory import find_workspace
from storage.unit_of_work import UnitOfWork


def place(
    session_factory, name, role=None, function=None, reports_to=None, ws=("console", "local")
):
    with UnitOfWork(session_factory) as uow:
        uow.bind(find_workspace(uow.session, *ws).id)
        [contact] = uow.contacts.find_exact(name)
        uow.contacts.set_role(contact, role, function)
        if reports_to:
            [boss] = uow.contacts.find_exact(reports_to)
            uow.contacts.set_reports_to(contact, boss)
        uow.commit()
