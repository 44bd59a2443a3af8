"""A contact's place at their company: role and function, reporting line, and the
stakeholders we know of but have not met (`contact role|reports`, `account … needs`)."""

from __future__ import annotations

from handlers import actions
from handlers.companies.functions import function_key, functions
from handlers.companies.names import BadName, company_name
from handlers.companies.placement import close_companies, company_for, known_company
from handlers.contacts.lookup import find_contact
from handlers.context import Ctx
from handlers.formatting import contact_label
from handlers.ledger.grammar import MAX_CONTACT_CHARS, clean_text
from handlers.messages import Button, Reply, error
from storage.directory import ReportingLoop

MAX_ROLE_CHARS = 200


def _function_list() -> str:
    return ", ".join(functions())


def split_role(text: str) -> tuple[str, str | None] | Reply:
    """`VP Operations, operations` → ("VP Operations", "operations"); the part after the
    last comma is the function and must be one of the list."""
    role, comma, tail = text.rpartition(",")
    if not comma:
        role, tail = text, ""
    role = " ".join(role.split())
    function = None
    if tail.strip():
        function = function_key(tail)
        if function is None:
            return error(
                f"“{tail.strip()[:60]}” is not a function. The functions are: {_function_list()}."
            )
    if not role or not any(ch.isalnum() for ch in role):
        return error("Write it as: contact role Jane Doe: VP Operations, operations")
    if len(role) > MAX_ROLE_CHARS:
        return error(f"That role is too long (the most is {MAX_ROLE_CHARS}).")
    return role, function


def role_command(ctx: Ctx, args: str) -> Reply:
    """`contact role Jane Doe: VP Operations, operations` (the function is optional)."""
    name, colon, role_text = args.partition(":")
    if not colon or not name.strip() or not role_text.strip():
        return error(
            "Write it as: contact role Jane Doe: VP Operations, operations "
            f"(the function is optional: {_function_list()})"
        )
    parsed = split_role(role_text)
    if isinstance(parsed, Reply):
        return parsed
    contact = find_contact(ctx, name, "contact role")
    if isinstance(contact, Reply):
        return contact
    role, function = parsed
    ctx.contacts.set_role(contact, role, function)
    label = f", {functions()[function]}" if function else ""
    return Reply(text=f"{contact_label(contact)}: {role}{label}.")


def reports_command(ctx: Ctx, args: str) -> Reply:
    """`contact reports Jane Doe to Marcus Chen`: self and loops are refused."""
    name, found, manager_name = args.partition(" to ")
    if not found or not name.strip() or not manager_name.strip():
        return error("Write it as: contact reports Jane Doe to Marcus Chen")
    contact = find_contact(ctx, name, "contact reports")
    if isinstance(contact, Reply):
        return contact
    manager = find_contact(ctx, manager_name, "contact reports")
    if isinstance(manager, Reply):
        return manager
    try:
        ctx.contacts.set_reports_to(contact, manager)
    except ReportingLoop as loop:
        if manager.id == contact.id:
            return error(f"{contact_label(contact)} cannot report to themselves.")
        return error(
            f"{contact_label(manager)} already reports to {contact_label(contact)} "
            f"({' → '.join(loop.chain[1:])}): that line would make a loop. Nothing changed."
        )
    return Reply(text=f"{contact_label(contact)} reports to {contact_label(manager)} now.")


def place_at_company(ctx: Ctx, text: str, example: str):
    """The company `text` names, or a new one when no known name is close; a Reply
    offering the close ones when some are (never guessed)."""
    try:
        name = company_name(text)
    except BadName as exc:
        return error(str(exc))
    found = known_company(ctx, name)
    if found is not None:
        return found
    close = close_companies(ctx, name)
    if close:
        names = ", ".join(c.name for c in close)
        return error(
            f"“{name}” is close to {names}: write the company as it is known, or "
            f"`company add {name}` first if it is another one. Nothing was saved ({example})."
        )
    return company_for(ctx, name)


def not_met_stakeholder(
    ctx: Ctx, company_text: str, title: str, function: str | None, example: str
) -> Reply:
    """A stakeholder we know exists at the company but have no relationship with."""
    title = " ".join(title.split())
    if not title or not any(ch.isalnum() for ch in title):
        return error(f"Name the stakeholder, e.g. `{example}`.")
    if len(title) > MAX_CONTACT_CHARS:
        return error(f"That name is too long (the most is {MAX_CONTACT_CHARS}).")
    company = place_at_company(ctx, company_text, example)
    if isinstance(company, Reply):
        return company
    same = [c for c in ctx.contacts.find_exact(title) if c.company_id == company.id]
    if same:
        return error(f"{contact_label(same[0])} is already known at {company.name}.")
    contact = ctx.contacts.add(title, ctx.now, ctx.user.id, company=company, not_met=True)
    ctx.contacts.set_role(contact, title, function)
    area = f" in {functions()[function]}" if function else ""
    return Reply(
        text=f"Noted: {company.name} has a {title}{area} we have not met yet. "
        f"The first note about “{title}” starts the relationship."
    )


def needs_command(ctx: Ctx, company_text: str, rest: str) -> Reply:
    """`account Acme needs CFO, finance`: `company_text` is "Acme", `rest` "CFO, finance"."""
    rest = clean_text(rest)
    if not clean_text(company_text) or not rest:
        return error("Write it as: account Acme needs CFO, finance")
    parsed = split_role(rest)
    if isinstance(parsed, Reply):
        return parsed
    title, function = parsed
    return not_met_stakeholder(
        ctx, company_text, title, function, "account Acme needs CFO, finance"
    )


def ask_company_for_contact(contact, typed: str, close) -> Reply:
    """`contact add Jane Doe (Acme Logistcs)` when that is close to known companies: the
    contact is added, the company is the rep's pick."""
    buttons = [Button(c.name, actions.CONTACT_COMPANY, f"{contact.id}:{c.id}") for c in close]
    buttons.append(
        Button(f"New company “{typed}”", actions.CONTACT_NEW_COMPANY, f"{contact.id}:{typed}")
    )
    return Reply(
        text=f"Added {contact.name}. Which company is “{typed}”? It is close to "
        + ", ".join(c.name for c in close)
        + ".",
        kind="choose",
        buttons=tuple(buttons),
    )


def choose_contact_company(ctx: Ctx, value: str, _values: dict) -> Reply:
    contact_id, company_id = actions.ints(value, 2)
    contact = ctx.contacts.get(contact_id)
    company = ctx.uow.companies.get(company_id)
    if contact is None or company is None or company.merged_into_id is not None:
        return error("That contact or company no longer exists; run the command again.")
    ctx.contacts.set_company(contact, company)
    return Reply(text=f"{contact_label(contact)} placed.", replaces_original=True)


def new_contact_company(ctx: Ctx, value: str, _values: dict) -> Reply:
    contact_text, _, typed = str(value).partition(":")
    contact_id = actions.row_id(contact_text)
    contact = ctx.contacts.get(contact_id) if contact_id else None
    if contact is None:
        return error("That contact no longer exists; run the command again.")
    try:
        company = company_for(ctx, company_name(typed))
    except BadName as exc:
        return error(str(exc))
    ctx.contacts.set_company(contact, company)
    return Reply(text=f"{contact_label(contact)} placed.", replaces_original=True)
