"""Reads of the debits a contact has had: which are open, which made right, and how
they are said ("−3 outage, 2 Nov → made right 5 Nov, +2")."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import datetime, timedelta

import prompts
from handlers.context import Ctx
from handlers.formatting import shorten, signed
from handlers.messages import ReplyField
from storage.amends.repository import Issue
from storage.unit_of_work import UnitOfWork

# Debits older than this are history, not issues still to put right.
ISSUE_WINDOW = timedelta(days=365)
SECTION_LINES = 5


def texts() -> dict:
    return prompts.load("amends")


def since(ctx: Ctx) -> datetime:
    return ctx.now - ISSUE_WINDOW


def issues(ctx: Ctx, contact_ids: Iterable[int]) -> list[Issue]:
    return ctx.uow.amends.issues(contact_ids, since(ctx))


def open_debits(ctx: Ctx, contact_ids: Iterable[int]) -> Sequence[Issue]:
    """The live debits of these contacts not yet made right, oldest first."""
    return ctx.uow.amends.open_debits(contact_ids, since(ctx))


def unplanned_of(uow: UnitOfWork, contact_id: int, author_id: int, now: datetime) -> list[Issue]:
    """The author's open debits on the contact still without a fix planned (or whose
    planned fix was missed), oldest first."""
    return [
        issue
        for issue in uow.amends.open_debits([contact_id], now - ISSUE_WINDOW)
        if issue.author_id == author_id and (issue.plan is None or issue.plan.status == "missed")
    ]


def day(ctx: Ctx, when: datetime) -> str:
    local = when.astimezone(ctx.tz)
    return f"{local.day} {local:%b}"


def debit_text(ctx: Ctx, issue) -> str:
    """ "−3 outage, 2 Nov" for an Issue or a ledger entry."""
    return f"{signed(issue.amount)} {shorten(issue.note, 60)}, {day(ctx, issue.occurred_at)}"


def issue_line(ctx: Ctx, issue: Issue) -> str:
    words = texts()
    debit = debit_text(ctx, issue)
    if issue.made_right_at is not None:
        return words["issue_made_right"].format(
            debit=debit,
            day=day(ctx, issue.made_right_at),
            amount=signed(issue.made_right_amount or 0),
        )
    if issue.plan is not None and issue.plan.status == "open":
        return words["issue_planned"].format(
            debit=debit, what=shorten(issue.plan.text, 60), due=f"{issue.plan.due_date:%a %d %b}"
        )
    return words["issue_open"].format(debit=debit)


def summary(ctx: Ctx, found: Sequence[Issue]) -> str:
    closed = sum(1 for i in found if not i.is_open)
    return texts()["closed_count"].format(closed=closed, total=len(found))


def section(ctx: Ctx, contact_ids: Iterable[int]) -> ReplyField | None:
    """The balance and account views' "Issues" field, or None when there were no debits."""
    found = issues(ctx, contact_ids)
    if not found:
        return None
    # Open ones first (they need doing), then the newest made right.
    shown = sorted(found, key=lambda i: (not i.is_open, -i.occurred_at.timestamp()))
    lines = [summary(ctx, found)] + [issue_line(ctx, i) for i in shown[:SECTION_LINES]]
    if len(found) > SECTION_LINES:
        lines.append(f"…and {len(found) - SECTION_LINES} more in `history`.")
    return ReplyField(texts()["section"], "\n".join(lines))
