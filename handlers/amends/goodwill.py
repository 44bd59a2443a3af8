"""What the balance can absorb when a debit lands, said plainly, with *Plan the fix*."""

from __future__ import annotations

from typing import TYPE_CHECKING

from handlers.amends.issues import texts
from handlers.context import Ctx
from handlers.messages import Button

if TYPE_CHECKING:
    from storage.models import Contact, LedgerEntry

PLAN = "amends.plan"  # "<debit entry id>": opens the form asking for a due date
PLAN_FORM = "amends.plan_form"  # "<debit entry id>" with values {"what": …, "due": …}


def first_name(contact: Contact) -> str:
    return contact.name.split()[0] if contact.name.split() else contact.name


def standing(before: int, after: int, covers_at: int, empty_at: int) -> str:
    """covers | thin | short | empty: a healthy balance that stays healthy covers the
    debit; one at or below `empty_at` had nothing to absorb it; one the debit takes below
    zero fell short (the call brief then says "already below zero"); anything between
    barely absorbs it."""
    if before <= empty_at:
        return "empty"
    if after < 0:
        return "short"
    if before >= covers_at and after > empty_at:
        return "covers"
    return "thin"


def goodwill_line(ctx: Ctx, entry: LedgerEntry, contact: Contact) -> str:
    """For a debit just booked: whether the balance before it can absorb it."""
    before = contact.balance - entry.amount
    policy = ctx.policy
    key = standing(
        before, contact.balance, policy.goodwill_covers_balance, policy.goodwill_empty_balance
    )
    return texts()["goodwill"][key].format(
        before=before, after=contact.balance, first=first_name(contact)
    )


def plan_button(entry: LedgerEntry) -> Button:
    return Button(texts()["plan_title"], PLAN, str(entry.id), style="primary")
