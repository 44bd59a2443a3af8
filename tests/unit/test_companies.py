"""Companies as records through the core, on SQLite and PostgreSQL: placing contacts at a
company (never guessing a near miss), the company commands, roles, reporting lines and
not-met stakeholders; bad input gets a clear reply and leaves every saved row as it was."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from handlers.companies.functions import seniority
from handlers.companies.people import needs_command
from handlers.context import Ctx
from storage.models import (
    AuditEvent,
    Company,
    CompanyAlias,
    CompanyDomain,
    Contact,
    LedgerEntry,
    PendingNote,
)
from storage.unit_of_work import UnitOfWork

RECORDED = (Company, CompanyAlias, CompanyDomain, Contact, LedgerEntry, PendingNote, AuditEvent)


def snapshot(session_factory) -> dict[str, list[tuple]]:
    rows = {}
    with session_factory() as session:
        for model in RECORDED:
            table = model.__table__
            result = session.execute(select(*table.columns).order_by(*table.primary_key))
            rows[table.name] = [tuple(row) for row in result]
    return rows


def contact(session_factory, name: str) -> Contact:
    with session_factory() as session:
        found = session.scalars(select(Contact).where(Contact.name == name)).unique().one()
        session.expunge(found)
        return found


def companies(session_factory) -> list[str]:
    with session_factory() as session:
        return sorted(session.scalars(select(Company.name).where(Company.merged_into_id.is_(None))))


@pytest.fixture
def acme(ana):
    assert ana.say("company add Acme Logistics acme.example").text.startswith("Added the company")
    assert ana.say("company alias Acme Logistics: Acme").kind != "error"
    return ana


# --- placing a contact at a company ---------------------------------------------------


def test_exact_name_alias_and_email_domain_place_the_contact(acme, session_factory):
    assert acme.say("+2 Jane Doe (acme logistics): delivered early").kind == "recorded"
    assert acme.say("contact add Marcus Chen (ACME)").kind != "error"
    assert acme.say("contact add Bob Ray bob@Acme.Example").kind != "error"
    for name in ("Jane Doe", "Marcus Chen", "Bob Ray"):
        assert contact(session_factory, name).company == "Acme Logistics", name
    assert companies(session_factory) == ["Acme Logistics"]


def test_a_close_company_name_is_never_guessed_in_a_note(acme, session_factory):
    reply = acme.say("+2 Jane Doe (Acme Logistcs): delivered early")
    assert reply.kind == "pending" and "Acme Logistics" in reply.text
    labels = [b.label for b in reply.buttons]
    assert labels == ["Acme Logistics", "New company “Acme Logistcs”", "Discard"]
    with session_factory() as session:
        assert session.scalars(select(LedgerEntry)).all() == []
    assert acme.say("pending").buttons[0].label == "Acme Logistics"

    placed = acme.press("Acme Logistics", reply)
    assert placed.kind == "recorded" and "Jane Doe (Acme Logistics)" in placed.text
    assert companies(session_factory) == ["Acme Logistics"]


def test_new_company_button_creates_the_one_typed(acme, session_factory):
    acme.say("+1 Jane Doe (Acme Logistcs): delivered early")
    placed = acme.press("New company")
    assert placed.kind == "recorded" and "(Acme Logistcs)" in placed.text
    assert companies(session_factory) == ["Acme Logistcs", "Acme Logistics"]


def test_contact_add_with_a_close_company_asks_and_places(acme, session_factory):
    reply = acme.say("contact add Cy Lo (Acme Logistcs)")
    assert "Which company" in reply.text and contact(session_factory, "Cy Lo").company is None
    acme.press("Acme Logistics", reply)
    assert contact(session_factory, "Cy Lo").company == "Acme Logistics"


def test_an_unknown_company_far_from_any_is_created(acme, session_factory):
    assert acme.say("+1 Dana Wu (Globex): kickoff went well").kind == "recorded"
    assert companies(session_factory) == ["Acme Logistics", "Globex"]


def test_a_known_contact_without_company_is_placed_by_a_note(acme, session_factory):
    acme.say("contact add Jane Doe")
    assert acme.say("+1 Jane Doe (Acme): called back").kind == "recorded"
    assert contact(session_factory, "Jane Doe").company == "Acme Logistics"


# --- company commands ------------------------------------------------------------------


def test_rename_domain_and_list(acme, session_factory):
    acme.say("contact add Jane Doe (Acme)")
    assert (
        "Renamed the company Acme Logistics to Acme Freight"
        in acme.say("company rename Acme Logistics to Acme Freight").text
    )
    assert acme.say("company domain Acme: acme-freight.example").kind != "error"
    listing = acme.say("company list")
    assert [(f.label, f.value) for f in listing.fields] == [
        ("Acme Freight", "1 contact · also Acme · acme.example, acme-freight.example")
    ]
    assert contact(session_factory, "Jane Doe").company == "Acme Freight"
    assert acme.say("company").fields == listing.fields


def test_merge_moves_contacts_aliases_and_domains(acme, session_factory):
    added = acme.say("company add Acme Logistcs acme-l.example")
    assert "close to Acme Logistics" in added.text  # made, as asked, with a hint
    acme.say("contact add Jane Doe (Acme Logistcs)")
    acme.say("+2 Marcus Chen (Acme): kickoff")
    reply = acme.say("company merge Acme Logistcs into Acme Logistics")
    assert "1 contact moved" in reply.text
    assert contact(session_factory, "Jane Doe").company == "Acme Logistics"
    with session_factory() as session:
        domains = sorted(session.scalars(select(CompanyDomain.domain)))
        action = session.scalars(select(AuditEvent.action)).all()
    assert domains == ["acme-l.example", "acme.example"] and "company.merge" in action
    # The merged name now finds the company it went into.
    assert acme.say("+1 Bo Li (Acme Logistcs): intro").kind == "recorded"
    assert contact(session_factory, "Bo Li").company == "Acme Logistics"
    assert acme.say("contacts Acme").text.startswith("Contacts at Acme Logistics (3)")


def test_contacts_of_a_company_and_a_plain_search(acme):
    acme.say("contact add Jane Doe (Acme)")
    acme.say("contact add Acme Fan")  # a name with the word in it: the search still finds it
    assert acme.say("contacts acme logistics").text.startswith("Contacts at Acme Logistics (1)")
    assert "Acme Fan" in acme.say("contacts fan").text


# --- people: role, reporting line, not met ---------------------------------------------


def test_role_and_function(acme, session_factory):
    acme.say("contact add Jane Doe (Acme)")
    reply = acme.say("contact role Jane Doe: VP Operations, operations")
    assert reply.text == "Jane Doe (Acme Logistics): VP Operations, Operations."
    jane = contact(session_factory, "Jane Doe")
    assert (jane.role, jane.function, seniority(jane.role)) == ("VP Operations", "operations", 4)
    acme.say("contact role Jane Doe: Head of Purchasing")
    jane = contact(session_factory, "Jane Doe")
    assert (jane.role, jane.function) == ("Head of Purchasing", None)


def test_reporting_lines_refuse_self_and_loops(acme, session_factory):
    for name in ("Jane Doe", "Marcus Chen", "Ann Lee"):
        acme.say(f"contact add {name} (Acme)")
    assert "reports to Marcus Chen" in acme.say("contact reports Jane Doe to Marcus Chen").text
    acme.say("contact reports Marcus Chen to Ann Lee")
    before = snapshot(session_factory)
    loop = acme.say("contact reports Ann Lee to Jane Doe")
    assert loop.kind == "error" and "loop" in loop.text
    assert "Jane Doe (Acme Logistics) → Marcus Chen (Acme Logistics)" not in loop.text
    assert "Jane Doe → Marcus Chen → Ann Lee" in loop.text
    own = acme.say("contact reports Jane Doe to Jane Doe")
    assert own.kind == "error" and "themselves" in own.text
    assert snapshot(session_factory) == before


def test_not_met_stakeholders_and_the_first_note(acme, session_factory, core, clock):
    reply = acme.say('contact add "CFO" (Acme) --not-met')
    assert "not met" in reply.text
    cfo = contact(session_factory, "CFO")
    assert cfo.not_met and cfo.company == "Acme Logistics" and cfo.role == "CFO"
    assert "not met yet" in acme.say("contacts Acme").text

    with UnitOfWork(session_factory, 30.0) as uow:
        ws, user, _ = uow.resolve(core.identities, "console", "local", "ana", "Ana", None, clock())
        ctx = Ctx(uow, ws, user, core.policy, core.services, clock())
        assert "Procurement" in needs_command(ctx, "Acme", "Head of Procurement, procurement").text
        assert needs_command(ctx, "Acme", "CFO, finance").kind == "error"  # already known
        uow.commit()
    head = contact(session_factory, "Head of Procurement")
    assert (head.not_met, head.function) == (True, "procurement")

    assert acme.say("+1 CFO (Acme): first call, friendly").kind == "recorded"
    assert contact(session_factory, "CFO").not_met is False


# --- bad input: a clear reply, nothing saved changes -----------------------------------

LONG = "A" * 10_000

BAD = {
    "emoji company": ("company add Rocket 🚀", "emoji"),
    "10,000-character company": (f"company add {LONG}", "too long"),
    "only punctuation": ("company add !!! ...", "letter or digit"),
    "only spaces": ("company add    ", "Name the company"),
    "not a domain": ("company add Foo foo..example", "not a domain"),
    "a web address as domain": ("company domain Acme: https://acme.example", "web address"),
    "merge into itself": ("company merge Acme into Acme Logistics", "nothing to merge"),
    "unknown company, close": ("company rename Acme Logistcs to X", "Did you mean Acme Logistics"),
    "unknown company": ("company alias Initech: Ini", "No company called “Initech”"),
    "name taken": ("company add ACME", "already exists"),
    "alias taken": ("company alias Acme Logistics: acme", "already names Acme Logistics"),
    "note with an emoji company": ("+1 Jane Doe (🚀): hi", "emoji"),
    "note with a 10,000-char company": (f"+1 Jane Doe ({LONG}): hi", "too long"),
    "function not in the list": ("contact role Jane Doe: Boss, wizardry", "not a function"),
    "role without text": ("contact role Jane Doe: , finance", "Write it as"),
    "not-met without company": ('contact add "CFO" --not-met', "Name their company"),
    "not-met at a close company": ('contact add "CFO" (Acme Logistcs) --not-met', "is close to"),
}


@pytest.mark.parametrize("text, expected", BAD.values(), ids=BAD.keys())
def test_bad_input_changes_nothing(acme, session_factory, text, expected):
    acme.say("+1 Jane Doe (Acme): kickoff")
    before = snapshot(session_factory)
    reply = acme.say(text)
    assert reply.kind == "error" and expected in reply.text, reply.text
    assert len(reply.text) < 600
    assert snapshot(session_factory) == before
