"""The companies repository and the contacts' place at a company, on SQLite and PostgreSQL:
look-ups scoped to one workspace, merges that lose nothing, reporting lines without
loops, not-met cleared by the first entry, erasure that leaves the company."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from storage.companies import NameTaken
from storage.directory import ReportingLoop, get_or_create_user, get_or_create_workspace
from storage.erase import erase_contact
from storage.ledger import NewEntry
from storage.models import AuditEvent, Company, Contact
from storage.unit_of_work import UnitOfWork
from tests.conftest import START


@pytest.fixture
def uow(session_factory):
    with UnitOfWork(session_factory, 30.0) as uow:
        ws = get_or_create_workspace(uow.session, "console", "local", START)
        uow.bind(ws.id)
        uow.rep = get_or_create_user(uow.session, ws.id, "ana", "Ana", None, START)
        uow.session.flush()
        yield uow


def test_find_exact_by_name_alias_and_domain_within_one_workspace(uow):
    acme = uow.companies.add("Acme Logistics", START, uow.rep.id, ["acme.example"])
    uow.companies.add_alias(acme, "Acme")
    for text in ("acme logistics", " ACME ", "Acme.Example", "acme.example."):
        assert uow.companies.find_exact(text).id == acme.id, text
    assert uow.companies.by_email("jane@ACME.example").id == acme.id
    assert uow.companies.find_exact("Acme Logistcs") is None
    other = get_or_create_workspace(uow.session, "slack", "T2", START)
    uow.session.flush()
    uow.bind(other.id)
    assert uow.companies.find_exact("Acme") is None
    assert uow.companies.by_email("jane@acme.example") is None
    assert uow.companies.add("Acme", START, None).name == "Acme"  # its own namespace


def test_names_aliases_and_domains_are_unique_per_workspace(uow):
    acme = uow.companies.add("Acme", START, None, ["acme.example"])
    globex = uow.companies.add("Globex", START, None)
    with pytest.raises(NameTaken):
        uow.companies.add("ACME", START, None)
    with pytest.raises(NameTaken):
        uow.companies.add_alias(globex, "acme")
    with pytest.raises(NameTaken):
        uow.companies.add_domain(globex, "ACME.example")
    with pytest.raises(NameTaken):
        uow.companies.rename(globex, "Acme")
    uow.companies.add_domain(acme, "acme.example")  # its own again: no-op
    assert uow.companies.domains(acme.id) == ["acme.example"]


def test_merge_moves_contacts_aliases_and_domains_and_is_audited(uow):
    source = uow.companies.add("Acme Logistcs", START, None, ["acme-l.example"])
    target = uow.companies.add("Acme Logistics", START, None, ["acme.example"])
    uow.companies.add_alias(source, "AL")
    jane = uow.contacts.add("Jane Doe", START, uow.rep.id, company=source)
    marcus = uow.contacts.add("Marcus Chen", START, uow.rep.id, company=target)
    with pytest.raises(ValueError):
        uow.companies.merge(target, target, "ana", START)

    moved = uow.companies.merge(source, target, "ana", START)

    assert moved == {"contacts": 1, "aliases": 1, "domains": 1, "feedback": 0}
    assert {c.id for c in uow.contacts.contacts_of_company(target.id)} == {jane.id, marcus.id}
    assert uow.contacts.contacts_of_company(source.id) == []
    assert uow.companies.find_exact("Acme Logistcs").id == target.id
    assert uow.companies.find_exact("AL").id == target.id
    assert uow.companies.by_email("x@acme-l.example").id == target.id
    assert uow.contacts.get(jane.id).company == "Acme Logistics"
    assert [c.name for c in uow.companies.list()] == ["Acme Logistics"]
    event = uow.session.scalars(select(AuditEvent).where(AuditEvent.action == "company.merge"))
    assert event.one().detail["target_id"] == target.id


def test_reporting_line_refuses_self_and_any_loop(uow):
    a, b, c = (uow.contacts.add(n, START, None) for n in ("Ann", "Bo", "Cy"))
    uow.contacts.set_reports_to(a, b)
    uow.contacts.set_reports_to(b, c)
    with pytest.raises(ReportingLoop) as loop:
        uow.contacts.set_reports_to(c, a)
    assert loop.value.chain == ["Cy", "Ann", "Bo", "Cy"]
    with pytest.raises(ReportingLoop):
        uow.contacts.set_reports_to(a, a)
    assert c.reports_to_id is None
    assert [m.name for m in uow.contacts.manager_chain(a)] == ["Bo", "Cy"]
    assert [r.name for r in uow.contacts.reports_of(b.id)] == ["Ann"]


def test_the_first_entry_clears_not_met(uow):
    acme = uow.companies.add("Acme", START, None)
    cfo = uow.contacts.add("CFO", START, uow.rep.id, company=acme, not_met=True)
    uow.flush()
    assert cfo.not_met
    uow.ledger.append(NewEntry(cfo.id, uow.rep.id, 1, "first call", START), START)
    assert cfo.not_met is False
    uow.commit()
    uow.session.expire_all()
    assert uow.contacts.get(cfo.id).not_met is False


def test_erasing_a_contact_drops_lines_to_it_and_leaves_the_company(uow):
    acme = uow.companies.add("Acme", START, None)
    boss = uow.contacts.add("Boss", START, None, company=acme)
    jane = uow.contacts.add("Jane", START, None, company=acme)
    uow.contacts.set_reports_to(jane, boss)
    uow.flush()
    erase_contact(uow.session, uow.workspace_id, boss.id, "privacy-officer", START)
    uow.session.expire_all()
    assert uow.contacts.get(jane.id).reports_to_id is None
    assert uow.session.scalars(select(Company.name)).all() == ["Acme"]
    assert [c.name for c in uow.session.scalars(select(Contact)).unique()] == ["Jane"]


def test_contact_merge_keeps_the_place_at_the_company(uow):
    acme = uow.companies.add("Acme", START, None)
    source = uow.contacts.add("Jane D", START, None, company=acme)
    uow.contacts.set_role(source, "VP Ops", "operations")
    target = uow.contacts.add("Jane Doe", START, None)
    report = uow.contacts.add("Bo", START, None)
    uow.contacts.set_reports_to(report, source)
    uow.flush()
    uow.contacts.merge(source, target, START)
    uow.flush()
    uow.session.expire_all()
    target = uow.contacts.get(target.id)
    assert (target.company, target.role, target.function) == ("Acme", "VP Ops", "operations")
    assert uow.contacts.get(report.id).reports_to_id == target.id
