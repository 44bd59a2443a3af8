"""`prep <company>`: the account brief, over SQLite and PostgreSQL — the standing, the
strongest and at-risk contacts in short, open debits across the account, the stakeholders
not met, three talking points; as text too; a name only close is never guessed."""

from __future__ import annotations

from sqlalchemy import func, select

from storage.models import Company, Contact, LedgerEntry
from tests.conftest import Rep


def fields_of(reply) -> dict[str, str]:
    return {f.label: f.value for f in reply.fields}


def acme(rep: Rep) -> None:
    rep.say("+9 Marcus Chen (Acme): co-wrote the rollout plan @2026-11-16")
    rep.say("contact role Marcus Chen: VP Operations, operations")
    rep.say("+2 Li Wei (Acme): good call @2026-11-18")
    rep.say("-3 Dana Reyes (Acme): the outage in the EU region @2026-11-02")
    rep.say("contact role Dana Reyes: IT Manager, it")
    rep.say("account Acme needs CFO, finance")
    rep.say("+4 Sam Ortiz (Globex): renewal signed")


def counts(session_factory) -> tuple:
    with session_factory() as session:
        return tuple(
            session.scalar(select(func.count()).select_from(m))
            for m in (Contact, Company, LedgerEntry)
        )


def test_the_account_brief_reads_the_account_whole(ana):
    acme(ana)
    reply = ana.say("prep Acme")
    assert reply.kind == "brief"
    assert reply.text == "Account brief: Acme · Fri 20 Nov 2026"
    fields = fields_of(reply)
    assert list(fields) == [
        "Account standing",
        "Marcus Chen — VP Operations (strongest)",
        "Li Wei (strongest)",
        "Dana Reyes — IT Manager (at risk)",
        "Open debits",
        "Not met yet",
        "Talking points",
    ]
    standing = fields["Account standing"].splitlines()
    assert standing[0].startswith("account health ") and "coverage" in standing[1]
    marcus = fields["Marcus Chen — VP Operations (strongest)"].splitlines()
    assert marcus[0].startswith("9: it can absorb a debit of up to 9")
    assert marcus[2] == "competitor test: not asked yet"
    assert marcus[3].startswith("next step: ")
    dana = fields["Dana Reyes — IT Manager (at risk)"].splitlines()
    assert dana[3] == (
        "next step: Plan the fix for the outage in the EU region (2 Nov): a promise with a "
        "date Dana can hold you to."
    )
    assert fields["Open debits"] == (
        "Dana Reyes: −3 the outage in the EU region, 2 Nov → open, no fix planned"
    )
    assert fields["Not met yet"] == "CFO (Finance)"
    listen, own, widen = fields["Talking points"].splitlines()
    assert listen.startswith("Listen first: ask Dana how things stand since “the outage")
    assert own == (
        "Own what went wrong, by name: “the outage in the EU region” with Dana Reyes (2 Nov). "
        "Say it was us, without excuses."
    )
    assert widen.startswith("Widen the account: Ask Marcus Chen (balance 9) to introduce you")
    assert "Sam Ortiz" not in str(fields)  # another company's contact
    assert [b.label for b in reply.buttons] == ["Send me as text"]


def test_the_account_brief_as_text_typed_or_pressed(ana):
    acme(ana)
    typed = ana.say("prep Acme --text")
    ana.say("prep acme")
    pressed = ana.press("Send me as text")
    assert typed.kind == pressed.kind == "brief_text"
    assert typed.text == pressed.text and not typed.buttons
    assert typed.text.startswith("Account brief: Acme · Fri 20 Nov 2026\n\nAccount standing:\n- ")
    assert "\n\nOpen debits: Dana Reyes: −3 the outage" in typed.text


def test_a_made_right_debit_leaves_the_open_debits(ana):
    acme(ana)
    ana.say("+2 Dana Reyes: credited the month #made-it-right")
    fields = fields_of(ana.say("prep Acme"))
    assert fields["Open debits"] == "none"
    assert fields["Talking points"].splitlines()[1] == (
        "Nothing on file went wrong at Acme: ask whether anything has that you have not "
        "heard about."
    )


def test_a_contact_named_exactly_wins_and_offers_the_account(ana):
    ana.say("+1 Acme (Acme): the shared inbox answered")  # a contact named like the company
    ana.say("+3 Li Wei (Acme): good call")
    reply = ana.say("prep Acme")
    assert reply.text.startswith("Call brief: Acme (Acme)")
    assert [b.label for b in reply.buttons] == ["Send me as text", "Account brief: Acme"]
    account = ana.press("Account brief: Acme")
    assert account.text.startswith("Account brief: Acme")


def test_close_names_offer_contacts_and_companies_never_a_guess(ana, session_factory):
    acme(ana)
    ana.say("+1 Acmee Jones: hello")
    before = counts(session_factory)
    close = ana.say("prep Acmee")
    assert close.kind == "choose"
    assert close.text.startswith("Which one did you mean:")
    assert [b.label for b in close.buttons] == ["Acmee Jones", "Acme"]
    company = close.buttons[1]
    assert ana.act(company.action_id, company.value).text.startswith("Account brief: Acme")
    person = close.buttons[0]
    assert ana.act(person.action_id, person.value).text.startswith("Call brief: Acmee Jones")
    unknown = ana.say("prep Zzyzx Qworp")
    assert unknown.is_error and "No contact or company called “Zzyzx Qworp”" in unknown.text
    assert ana.act("advice.account_brief", "999").is_error
    assert ana.act("advice.account_brief_text", "x").is_error
    assert counts(session_factory) == before


def test_an_account_with_nobody_met_says_so(ana):
    ana.say("company add Initech initech.example")
    ana.say("account Initech needs CFO, finance")
    reply = ana.say("prep Initech")
    assert reply.kind == "brief" and "no contacts met yet" in reply.text
    assert not reply.fields


def test_another_workspace_never_sees_the_account(ana, core):
    acme(ana)
    other = Rep(core, "eve", workspace=ana.workspace.__class__("console", "elsewhere"))
    reply = other.say("prep Acme")
    assert reply.is_error and "No contact or company called “Acme”" in reply.text
