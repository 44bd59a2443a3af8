"""`account Acme`, `account Acme needs CFO, finance`, `chart account Acme`, and the
account's buttons (open, coverage map, track the widening move as a promise)."""

from __future__ import annotations

import re
from datetime import timedelta
from typing import TYPE_CHECKING

from handlers.accounts.lookup import find_company
from handlers.accounts.map_chart import map_png
from handlers.accounts.reading import one_account
from handlers.accounts.rules import function_name
from handlers.accounts.rules import text as rules_text
from handlers.accounts.view import account_reply
from handlers.actions import BadValue, ints, row_id
from handlers.companies.functions import functions
from handlers.companies.people import needs_command
from handlers.context import Ctx
from handlers.formatting import plural
from handlers.ledger.grammar import clean_text
from handlers.messages import Image, Reply, error
from handlers.promises.commands import local_today, promises_of, recorded

if TYPE_CHECKING:
    from storage.models import Company

NEEDS = re.compile(r"\s+needs\s+", re.IGNORECASE)
PROMISE_DAYS = 7  # a widening move tracked as a promise is due a week out
ANSWERS_SHOWN = 3


def account_command(ctx: Ctx, rest: str) -> Reply:
    text = clean_text(rest)
    parts = NEEDS.split(text, maxsplit=1)
    if len(parts) == 2:  # a stakeholder not met yet, placed beside the companies' records
        return needs_command(ctx, parts[0], parts[1])
    company = find_company(ctx, text)
    if isinstance(company, Reply):
        return company
    return show_account(ctx, company)


def show_account(ctx: Ctx, company: Company) -> Reply:
    return account_reply(ctx, one_account(ctx, company.id, company.name), answers(ctx, company))


def answers(ctx: Ctx, company: Company) -> list[str]:
    """What reps answered to the account's "open a door" question, newest first."""
    question = ctx.services.catalog.situations.get("open_door")
    if question is None:
        return []
    rows = ctx.uow.accounts.answers(company.id, [question.fact_key], ANSWERS_SHOWN)
    zone = ctx.tz
    return [f"{r.name}, {r.recorded_at.astimezone(zone):%d %b}: {r.value}" for r in rows]


def chart_account(ctx: Ctx, rest: str) -> Reply:
    company = find_company(ctx, rest, "chart account")
    if isinstance(company, Reply):
        return company
    account = one_account(ctx, company.id, company.name)
    if not account.members:
        return Reply(text=f"{company.name} has no contacts yet: nothing to draw.")
    slug = re.sub(r"[^a-z0-9]+", "-", company.name.lower()).strip("-") or "account"
    met = len(account.met)
    return Reply(
        text=f"{company.name}: coverage map of {plural(met, 'contact')}",
        kind="chart",
        image=Image(
            data=map_png(account),
            alt=f"Coverage map of {company.name}: {plural(met, 'contact')} met, "
            f"{len(account.members) - met} not met, by function",
            filename=f"account-{slug}.png",
        ),
    )


def _company(ctx: Ctx, value: str) -> Company | None:
    ident = row_id(value)
    company = ctx.uow.companies.get(ident) if ident is not None else None
    if company is None or company.merged_into_id is not None:
        return None
    return company


def open_account(ctx: Ctx, value: str, _values: dict) -> Reply:
    company = _company(ctx, value)
    if company is None:
        return error("That company no longer exists; `accounts` lists yours.")
    return show_account(ctx, company)


def map_action(ctx: Ctx, value: str, _values: dict) -> Reply:
    company = _company(ctx, value)
    if company is None:
        return error("That company no longer exists; `accounts` lists yours.")
    return chart_account(ctx, company.name)


def track_widening(ctx: Ctx, value: str, _values: dict) -> Reply:
    """The widening move as a promise to the introducer, due a week out; twice is once."""
    contact_text, _, function = str(value).partition(":")
    try:
        [contact_id] = ints(contact_text, 1)
    except BadValue:
        return error("That button's value is not valid; run `account …` again.")
    introducer = ctx.contacts.get(contact_id) if contact_id > 0 else None
    if introducer is None or introducer.company_id is None or function not in functions():
        return error("That contact or function no longer exists; run `account …` again.")
    today = local_today(ctx)
    source = f"widen:{introducer.id}:{function}:{today.isoformat()}"
    already = promises_of(ctx).by_source(source)
    if already is not None:
        return recorded(ctx, already)
    text = rules_text(
        "widen_promise",
        name=introducer.name,
        function=function_name(function),
        company=introducer.company,
    )
    due = today + timedelta(days=PROMISE_DAYS)
    promise = promises_of(ctx).add(ctx.user.id, introducer.id, text, due, ctx.now, source)
    return recorded(ctx, promise)
