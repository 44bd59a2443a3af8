"""The current stage of an account or of a contact, and its history as lines."""

from __future__ import annotations

from typing import TYPE_CHECKING

from handlers.context import Ctx
from handlers.formatting import days_ago
from handlers.messages import ReplyField
from handlers.stages.catalog import first_stage

if TYPE_CHECKING:
    from storage.models import Contact

HISTORY_SHOWN = 10


def stage_owner(contact: Contact) -> dict[str, int]:
    """A contact at a company takes its account's stage; one without, its own."""
    if contact.company_id is not None:
        return {"company_id": contact.company_id}
    return {"contact_id": contact.id}


def current_stage(ctx: Ctx, contact: Contact) -> str:
    row = ctx.uow.stages.current(**stage_owner(contact))
    return row.stage if row is not None else first_stage()


def stage_text(ctx: Ctx, rows: list | None = None, **owner: int | None) -> str:
    """ "engaged since 12 Nov 2026 (20 days ago, by Sam)", from the history `rows` when the
    caller has read them already."""
    rows = ctx.uow.stages.history(**owner) if rows is None else rows
    if not rows:
        return f"{first_stage()} (where every account starts; `stage … <stage>` moves it)"
    row, who = rows[0]
    age = days_ago(max(0, (ctx.now - row.changed_at).days))
    return f"{row.stage} since {row.changed_at.astimezone(ctx.tz):%d %b %Y} ({age}, by {who})"


def stage_fields(ctx: Ctx, company_id: int) -> list[ReplyField]:
    """The account's stage and its moves, for the account view (one read)."""
    rows = ctx.uow.stages.history(company_id=company_id)
    fields = [ReplyField("Stage", stage_text(ctx, rows))]
    if rows:
        fields.append(ReplyField("Stage history", "\n".join(_lines(ctx, rows))))
    return fields


def history_lines(ctx: Ctx, limit: int = HISTORY_SHOWN, **owner: int | None) -> list[str]:
    """ "2026-11-12 · Sam · courting → engaged", newest first."""
    return _lines(ctx, ctx.uow.stages.history(**owner), limit)


def _lines(ctx: Ctx, rows: list, limit: int = HISTORY_SHOWN) -> list[str]:
    lines = []
    for index, (row, who) in enumerate(rows[:limit]):
        before = rows[index + 1][0].stage if index + 1 < len(rows) else first_stage()
        when = row.changed_at.astimezone(ctx.tz)
        lines.append(f"{when:%Y-%m-%d} · {who} · {before} → {row.stage}")
    return lines
