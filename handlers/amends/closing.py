"""Closing a debit: a #made-it-right credit closes the contact's newest open debit, and a
kept fix promise closes the debit it was planned for. Each writes one made-right record."""

from __future__ import annotations

from typing import TYPE_CHECKING

from handlers.amends.issues import debit_text, open_debits, texts
from handlers.context import Ctx
from handlers.formatting import contact_label

if TYPE_CHECKING:
    from storage.models import Contact, LedgerEntry
    from storage.nudges.models import Promise

CATEGORY = "made-it-right"


def credit_made_right(ctx: Ctx, entry: LedgerEntry) -> None:
    """Record what a #made-it-right credit just booked closes (nothing, if none is open)."""
    if entry.category != CATEGORY or entry.amount <= 0:
        return
    still_open = open_debits(ctx, [entry.contact_id])
    if not still_open:
        return
    debit = max(still_open, key=lambda i: (i.occurred_at, i.debit_id))
    ctx.uow.amends.add_made_right(ctx.user.id, entry.contact_id, debit.debit_id, entry.id, ctx.now)


def credit_lines(ctx: Ctx, entry: LedgerEntry, contact: Contact) -> list[str]:
    """What the reply to a #made-it-right credit says it closed (read back, so a
    redelivered note says the same)."""
    if entry.category != CATEGORY or entry.amount <= 0:
        return []
    closed = ctx.uow.amends.closed_by(entry.id)
    if closed is None:
        return [texts()["nothing_open"].format(name=contact_label(contact))]
    return [texts()["made_right"].format(debit=debit_text(ctx, closed))]


def promise_kept(ctx: Ctx, promise: Promise, entry: LedgerEntry) -> list[str]:
    """A kept promise that was a fix plan closes its debit, if that is still open."""
    plan = ctx.uow.amends.plan_of_promise(promise.id)
    if plan is None:
        return []
    still_open = open_debits(ctx, [plan.contact_id])
    debit = next((i for i in still_open if i.debit_id == plan.debit_id), None)
    if debit is None:
        return []
    ctx.uow.amends.add_made_right(
        ctx.user.id, plan.contact_id, plan.debit_id, entry.id, ctx.now, promise_id=promise.id
    )
    return [texts()["kept_fix"].format(debit=debit_text(ctx, debit))]


def debit_undone(ctx: Ctx, entry: LedgerEntry) -> list[str]:
    """An undone debit needs no fix: the promises planned for it are withdrawn (kept as
    rows, no longer asked about)."""
    if entry.amount >= 0:
        return []
    lines = []
    for promise in ctx.uow.amends.open_fix_promises(entry.id):
        ctx.uow.promises.close(promise, "withdrawn", ctx.now, None)
        lines.append(texts()["fix_withdrawn"].format(fix=promise.text))
    return lines
