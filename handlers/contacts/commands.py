"""`contact add|rename|alias|merge|archive|cadence` and `contacts [search]`."""

from __future__ import annotations

import re

from handlers.companies.names import BadName, company_name
from handlers.companies.people import (
    ask_company_for_contact,
    not_met_stakeholder,
    place_at_company,
    reports_command,
    role_command,
)
from handlers.companies.placement import close_companies, company_for, known_company
from handlers.contacts.lookup import find_contact
from handlers.context import Ctx
from handlers.formatting import contact_label
from handlers.ledger.grammar import MAX_CONTACT_CHARS, clean_text, split_company
from handlers.messages import Reply, error

_EMAIL = re.compile(r"\S+@\S+\.\S+")
NOT_MET_FLAG = "--not-met"
QUOTES = "\"'“”‘’"
USAGE = (
    "contact add Jane Doe (Acme) jane@acme.example · contact rename Jane Doe to Janet Doe · "
    "contact alias Jane Doe as JD · contact merge Jane D into Jane Doe · "
    "contact archive Jane Doe · contact cadence Jane Doe 14 · "
    "contact role Jane Doe: VP Operations, operations · contact reports Jane Doe to Marcus Chen · "
    'contact add "CFO" (Acme) --not-met'
)


def contact_command(ctx: Ctx, rest: str) -> Reply:
    verb, _, args = clean_text(rest).partition(" ")
    handler = SUBCOMMANDS.get(verb.lower())
    if handler is None:
        return error(f"Contact commands: {USAGE}")
    return handler(ctx, args.strip())


def add(ctx: Ctx, args: str) -> Reply:
    tokens = args.split()
    not_met = NOT_MET_FLAG in (t.lower() for t in tokens)
    if not_met:
        args = " ".join(t for t in tokens if t.lower() != NOT_MET_FLAG)
    email_match = _EMAIL.search(args)
    email = email_match.group(0) if email_match else None
    if email_match:
        args = (args[: email_match.start()] + args[email_match.end() :]).strip()
    name, company = split_company(args)
    name = name.strip(QUOTES).strip()
    if not name:
        return error("Write it as: contact add Jane Doe (Acme) jane@acme.example")
    if len(name) > MAX_CONTACT_CHARS:
        return error(f"That name is too long (the most is {MAX_CONTACT_CHARS}).")
    if not_met:
        if not company:
            return error('Name their company: contact add "CFO" (Acme) --not-met')
        return not_met_stakeholder(ctx, company, name, None, 'contact add "CFO" (Acme) --not-met')
    if company:
        try:
            company = company_name(company)
        except BadName as exc:
            return error(str(exc))
    # Held from the first look-up: a company another request is creating right now is
    # found as itself, not offered as a close match (nor created twice).
    ctx.contacts.lock_for_create()
    record = known_company(ctx, company, email)
    same = [
        c
        for c in ctx.contacts.find_exact(name)
        if c.company_id == (record.id if record else None) and (record or not company)
    ]
    if same:
        return error(f"{contact_label(same[0])} already exists.")
    close = close_companies(ctx, company) if company and record is None else []
    if close:  # never guessed: added without a company, the rep picks one
        contact = ctx.contacts.add(name, ctx.now, ctx.user.id, email=email)
        return ask_company_for_contact(contact, company, close)
    record = record or company_for(ctx, company)
    contact = ctx.contacts.add(name, ctx.now, ctx.user.id, company=record, email=email)
    return Reply(text=f"Added {contact_label(contact)}" + (f" <{email}>." if email else "."))


def _two_names(args: str, separators: tuple[str, ...]) -> tuple[str, str] | None:
    for separator in separators:
        left, found, right = args.partition(separator)
        if found and left.strip() and right.strip():
            return left.strip(), right.strip()
    return None


def rename(ctx: Ctx, args: str) -> Reply:
    names = _two_names(args, (" to ", " -> ", " → "))
    if names is None:
        return error("Write it as: contact rename Jane Doe to Janet Doe")
    contact = find_contact(ctx, names[0], "contact rename")
    if isinstance(contact, Reply):
        return contact
    old = contact_label(contact)
    new_name, company = split_company(names[1])
    record = None
    if company:
        record = place_at_company(ctx, company, "contact rename Jane Doe to Janet Doe (Acme)")
        if isinstance(record, Reply):
            return record
    ctx.contacts.rename(contact, new_name, record)
    return Reply(text=f"Renamed {old} to {contact_label(contact)}.")


def alias(ctx: Ctx, args: str) -> Reply:
    names = _two_names(args, (" as ", " = ", ": "))
    if names is None:
        return error("Write it as: contact alias Jane Doe as JD")
    contact = find_contact(ctx, names[0], "contact alias")
    if isinstance(contact, Reply):
        return contact
    taken = [c for c in ctx.contacts.find_exact(names[1]) if c.id != contact.id]
    if taken or not ctx.contacts.add_alias(contact, names[1]):
        holder = f" ({contact_label(taken[0])})" if taken else ""
        return error(f"“{names[1]}” already names a contact{holder}; pick another alias.")
    return Reply(text=f"{contact_label(contact)} is also “{names[1]}” now.")


def merge(ctx: Ctx, args: str) -> Reply:
    names = _two_names(args, (" into ",))
    if names is None:
        return error("Write it as: contact merge Jane D into Jane Doe")
    source = find_contact(ctx, names[0], "contact merge")
    if isinstance(source, Reply):
        return source
    target = find_contact(ctx, names[1], "contact merge")
    if isinstance(target, Reply):
        return target
    if source.id == target.id:
        return error("That is the same contact.")
    moved = ctx.contacts.merge(source, target, ctx.now)
    ctx.ledger.recompute([target.id, source.id])
    ctx.uow.audit.record(
        ctx.user.external_id,
        "contact.merge",
        {"from": source.id, "into": target.id, **moved},
        ctx.now,
    )
    ctx.contacts.refresh(target)
    return Reply(
        text=f"Merged {contact_label(source)} into {contact_label(target)}: "
        f"{moved['entries']} entries and {moved['facts']} facts moved. "
        f"Balance now {target.balance}."
    )


def archive(ctx: Ctx, args: str) -> Reply:
    contact = find_contact(ctx, args, "contact archive")
    if isinstance(contact, Reply):
        return contact
    ctx.contacts.archive(contact, ctx.now)
    return Reply(text=f"Archived {contact_label(contact)}; the ledger is kept.")


def cadence(ctx: Ctx, args: str) -> Reply:
    name, _, days = args.rpartition(" ")
    days = days.removesuffix("d")
    if not name or not (days.isascii() and days.isdigit()) or not 1 <= int(days) <= 365:
        return error("Write it as: contact cadence Jane Doe 14 (days between touches, 1–365)")
    contact = find_contact(ctx, name, "contact cadence")
    if isinstance(contact, Reply):
        return contact
    ctx.contacts.set_cadence(contact, int(days))
    return Reply(text=f"{contact_label(contact)}: keep in touch every {days} days.")


def contacts_command(ctx: Ctx, rest: str) -> Reply:
    search = clean_text(rest)
    company = known_company(ctx, search) if search else None
    if company is not None:
        return company_contacts(ctx, company)
    found = ctx.contacts.search(search or None)
    if not found:
        return Reply(text="No contacts match." if search else "No contacts yet.")
    total = ctx.contacts.count()
    lines = [
        f"{contact_label(c)}" + (f" <{c.email}>" if c.email else "") + f" · balance {c.balance}"
        for c in found
    ]
    head = f"Contacts matching “{search}”:" if search else f"Contacts ({total}):"
    if len(found) < total and not search:
        head = f"Contacts (first {len(found)} of {total}; `contacts <text>` searches):"
    return Reply(text=head + "\n" + "\n".join(lines), kind="contacts")


def company_contacts(ctx: Ctx, company) -> Reply:
    """`contacts Acme`: the company's contacts with their role; not-met ones marked."""
    found = ctx.contacts.contacts_of_company(company.id)
    if not found:
        return Reply(text=f"No contacts at {company.name} yet.")
    lines = []
    for c in found:
        role = f" · {c.role}" if c.role and c.role != c.name else ""
        standing = " · not met yet" if c.not_met else f" · balance {c.balance}"
        lines.append(f"{c.name}{role}{standing}")
    return Reply(
        text=f"Contacts at {company.name} ({len(found)}):\n" + "\n".join(lines), kind="contacts"
    )


SUBCOMMANDS = {
    "add": add,
    "rename": rename,
    "alias": alias,
    "merge": merge,
    "archive": archive,
    "cadence": cadence,
    "role": role_command,
    "reports": reports_command,
}
