"""`retro <account or contact>: <what needs to improve>`, `retro respond <n>: …`,
`retro resolve <n>`, and `retro [<account>]` to list what is still open."""

from __future__ import annotations

from typing import TYPE_CHECKING

import prompts
from handlers import actions, forms
from handlers.amends import closing as amends
from handlers.context import Ctx
from handlers.formatting import plural, shorten
from handlers.ledger import notes
from handlers.ledger.grammar import clean_text
from handlers.messages import Button, Reply, ReplyField, error
from handlers.retros.items import item_line, items_text
from handlers.stages.target import Target, find_target
from storage.ledger import NewEntry
from storage.stages.repository import RESOLVED

if TYPE_CHECKING:
    from storage.models import Contact
    from storage.stages.models import FeedbackItem

MAX_CHARS = 2000
CREDIT = "retro.credit"  # "<item id>"
USAGE = (
    "retro Acme: the weekly report arrives too late · retro respond 4: we moved it to "
    "Monday 9:00 · retro resolve 4 · retro Acme (lists the open items)"
)


def retro_command(ctx: Ctx, rest: str) -> Reply:
    text = clean_text(rest)
    verb, _, args = text.partition(" ")
    if verb.lower() == "respond":
        return respond(ctx, args)
    if verb.lower() == "resolve":
        return resolve(ctx, args)
    if not text:
        return listing(ctx, None)
    head, colon, said = text.partition(":")
    if not colon:
        target = find_target(ctx, head, "retro Acme")
        return target if isinstance(target, Reply) else listing(ctx, target)
    said = said.strip()
    if not head.strip() or not said:
        return error(f"Write it as: {USAGE}")
    if len(said) > MAX_CHARS:
        return error(f"That is {len(said):,} characters; the most is {MAX_CHARS:,}.")
    target = find_target(ctx, head, "retro Acme: the weekly report arrives too late")
    if isinstance(target, Reply):
        return target
    return record(ctx, target, said)


def record(ctx: Ctx, target: Target, said: str) -> Reply:
    item = ctx.uow.feedback.by_source(ctx.source_id) if ctx.source_id else None
    if item is None:  # a redelivered message answers with the item it saved
        item = ctx.uow.feedback.add(
            said,
            ctx.user.id,
            ctx.now,
            company_id=target.company.id if target.company else None,
            contact_id=target.contact.id if target.contact else None,
            source_id=ctx.source_id,
        )
    heard = f" from {target.contact.name}" if target.contact else ""
    return Reply(
        text=f"Retrospective item #{item.id} for {target.label}{heard}: “{shorten(said, 200)}” "
        f"(open). `retro respond {item.id}: …` records what we do about it; "
        f"`retro resolve {item.id}` closes it.",
        kind="retro",
    )


def _own_item(ctx: Ctx, number_text: str, example: str) -> FeedbackItem | Reply:
    number_text = number_text.strip().lstrip("#")
    item_id = actions.row_id(number_text)
    if item_id is None:
        return error(f"Give the item's number, e.g. `{example}` (`retro` lists yours).")
    item = ctx.uow.feedback.get(item_id)
    if item is None:
        return error(f"There is no retrospective item #{item_id}. `retro` lists yours.")
    if item.heard_by_id != ctx.user.id:
        return error(
            f"Retrospective item #{item_id} is not yours: the rep who heard it responds to "
            "it and resolves it. `retro` lists yours."
        )
    return item


def respond(ctx: Ctx, args: str) -> Reply:
    number_text, colon, response = args.partition(":")
    response = response.strip()
    if not colon or not response:
        return error("Write it as: retro respond 4: we moved the report to Monday 9:00")
    if len(response) > MAX_CHARS:
        return error(f"That is {len(response):,} characters; the most is {MAX_CHARS:,}.")
    item = _own_item(ctx, number_text, "retro respond 4: we moved the report to Monday")
    if isinstance(item, Reply):
        return item
    if item.status == RESOLVED:
        return error(f"Retrospective item #{item.id} is resolved already; nothing changed.")
    ctx.uow.feedback.respond(item, response, ctx.now)
    return Reply(
        text=f"Item #{item.id} responded: “{shorten(response, 200)}”. Once the customer "
        f"agrees it is fixed, `retro resolve {item.id}`.",
        kind="retro",
    )


def resolve(ctx: Ctx, args: str) -> Reply:
    item = _own_item(ctx, args, "retro resolve 4")
    if isinstance(item, Reply):
        return item
    if item.status == RESOLVED:
        return error(f"Retrospective item #{item.id} is resolved already; nothing changed.")
    ctx.uow.feedback.resolve(item, ctx.now)
    settings = _credit_settings(ctx)
    contact = ctx.contacts.get(item.contact_id) if item.contact_id else None
    if contact is not None:
        label = f"Book {settings['points']:+d} for {contact.name}"
        offer = f" Book a credit for making it right ({settings['tag']})?"
    else:
        label, offer = "Log a credit", f" Log a credit for making it right ({settings['tag']})?"
    return Reply(
        text=f"Item #{item.id} resolved: “{shorten(item.text, 200)}”.{offer}",
        kind="retro",
        buttons=(Button(label, CREDIT, str(item.id), style="primary"),),
    )


def _credit_settings(ctx: Ctx) -> dict:
    spec = prompts.load("stages").get("retro", {})
    category = spec.get("credit_category")
    if category not in ctx.services.categories:
        category = None
    return {
        "points": int(spec.get("credit_points", 2)),
        "category": category,
        "tag": f"#{category}" if category else "a credit",
    }


def credit(ctx: Ctx, value: str, _values: dict) -> Reply:
    """*Book +2 for Jane*: a credit for the resolved item (the log form when the item
    names no contact)."""
    item_id = actions.row_id(value)
    if item_id is None:
        raise actions.BadValue(value)
    item = ctx.uow.feedback.get(item_id)
    if item is None or item.heard_by_id != ctx.user.id:
        return error("That retrospective item is not one of yours any more.")
    settings = _credit_settings(ctx)
    note = f"made it right: {shorten(item.text, 200)}"
    contact = ctx.contacts.get(item.contact_id) if item.contact_id else None
    if contact is None:
        tag = f" {settings['tag']}" if settings["category"] else ""
        return forms.log_form(note=f"+{settings['points']} {note}{tag}")
    return _book(ctx, contact, note, settings)


def _book(ctx: Ctx, contact: Contact, note: str, settings: dict) -> Reply:
    if ctx.source_id:  # a double click or a redelivered press books once
        already = ctx.ledger.by_source(ctx.source_id)
        if already is not None:
            return notes.recorded(ctx, already, contact, already=True)
    entry = ctx.ledger.append(
        NewEntry(
            contact_id=contact.id,
            author_id=ctx.user.id,
            amount=settings["points"],
            note=note,
            occurred_at=ctx.now,
            category=settings["category"],
            source_id=ctx.source_id,
        ),
        ctx.now,
    )
    amends.credit_made_right(ctx, entry)
    return notes.recorded(ctx, entry, contact, replaces_original=True)


def listing(ctx: Ctx, target: Target | None) -> Reply:
    if target is None:
        items = ctx.uow.feedback.unresolved_heard_by(ctx.user.id)
        if not items:
            return Reply(text=f"No open retrospective items of yours. {USAGE}")
        lines = [item_line(i, ctx.user.display_name, ctx.tz, ctx.now) for i in items[:20]]
        return Reply(
            text=f"Your open retrospective items ({len(items)}):\n" + "\n".join(lines),
            kind="retro",
        )
    if target.company is not None:
        rows = ctx.uow.feedback.unresolved(company_id=target.company.id)
    else:
        rows = ctx.uow.feedback.unresolved(contact_id=target.contact.id)
    if not rows:
        return Reply(text=f"No open retrospective items for {target.label}.")
    return Reply(
        text=f"{target.label}: {plural(len(rows), 'open retrospective item')}",
        kind="retro",
        fields=(ReplyField("Open retrospective items", items_text(rows, ctx.tz, ctx.now)),),
    )
