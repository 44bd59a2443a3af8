"""*Plan the fix*: the button on a debit asks what will be done and by when, then records
a promise linked to that debit. A past date or none is refused and nothing is saved."""

from __future__ import annotations

from typing import TYPE_CHECKING

from handlers.actions import row_id
from handlers.amends.goodwill import PLAN_FORM
from handlers.amends.issues import debit_text, issues, texts
from handlers.context import Ctx
from handlers.formatting import shorten
from handlers.ledger.grammar import field_text
from handlers.messages import InputField, InputRequest, Reply, error
from handlers.nudges.choice import when_text
from handlers.nudges.prefs import current_schedule
from handlers.promises.commands import MAX_PROMISE_CHARS, local_today, promises_of
from handlers.promises.due_dates import date_example, parse_due

if TYPE_CHECKING:
    from storage.amends.repository import Issue


def _own_open_debit(ctx: Ctx, value: str) -> Issue | Reply:
    ident = row_id(value)
    if ident is None:
        return error("That button's value is not valid.")
    entry = ctx.ledger.get(ident)
    if entry is None or entry.author_id != ctx.user.id or entry.amount >= 0:
        return error("That debit is not yours, or it no longer exists.")
    issue = next((i for i in issues(ctx, [entry.contact_id]) if i.debit_id == entry.id), None)
    if issue is None:
        return error("That debit was undone; there is nothing to fix.")
    words = texts()
    if not issue.is_open:
        return Reply(
            text=words["already_right"].format(
                debit=debit_text(ctx, issue), day=f"{issue.made_right_at:%a %d %b}"
            )
        )
    if issue.plan is not None and issue.plan.status == "open":
        return Reply(
            text=words["already_planned"].format(
                debit=debit_text(ctx, issue),
                what=issue.plan.text,
                due=when_text(issue.plan.due_date, local_today(ctx)),
            ),
            kind="promise",
        )
    return issue


def plan(ctx: Ctx, value: str, _values: dict) -> Reply:
    issue = _own_open_debit(ctx, value)
    if isinstance(issue, Reply):
        return issue
    words = texts()
    return Reply(
        text=f"{words['plan_title']}: {debit_text(ctx, issue)}",
        kind="form",
        input_request=InputRequest(
            title=words["plan_title"],
            action_id=PLAN_FORM,
            value=str(issue.debit_id),
            fields=(
                InputField(
                    "what",
                    words["plan_what"],
                    initial=words["plan_what_initial"].format(note=shorten(issue.note, 120)),
                ),
                InputField("due", words["plan_due"], kind="date"),
            ),
        ),
    )


def submit_plan(ctx: Ctx, value: str, values: dict) -> Reply:
    issue = _own_open_debit(ctx, value)
    if isinstance(issue, Reply):
        return issue
    what = field_text(values, "what") or texts()["plan_what_initial"].format(
        note=shorten(issue.note, 120)
    )
    if len(what) > MAX_PROMISE_CHARS:
        return error(
            f"That fix is {len(what):,} characters; the most is {MAX_PROMISE_CHARS}.", "what"
        )
    text = field_text(values, "due")
    if not text:
        example = date_example(local_today(ctx))
        return error(f"Give the date the fix will be done by, e.g. Friday or {example}.", "due")
    today = local_today(ctx)
    due = parse_due(text, ctx.now, current_schedule(ctx).tz)
    if due is None:
        return error(
            f"I couldn't read “{shorten(text, 40)}” as a date. "
            f"Try Friday or {date_example(today)}.",
            "due",
        )
    if due < today:
        return error(f"{due:%a %d %b %Y} has passed; the fix is due today or later.", "due")
    promise = promises_of(ctx).add(ctx.user.id, issue.contact_id, what, due, ctx.now)
    ctx.uow.amends.add_plan(ctx.user.id, issue.contact_id, issue.debit_id, promise.id, ctx.now)
    return Reply(
        text=texts()["planned"].format(
            debit=debit_text(ctx, issue), what=what, due=when_text(due, today)
        ),
        kind="promise",
    )
