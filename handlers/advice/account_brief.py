"""The account brief (`prep Acme`): the account's standing, short briefs on its strongest
and at-risk contacts, the open debits across it, the stakeholders not met yet, and three
talking points; as fields or as plain text, like a contact's call brief."""

from __future__ import annotations

import prompts
from handlers.accounts.account_health import account_health
from handlers.accounts.coverage import single_thread
from handlers.accounts.members import Account, Member
from handlers.accounts.reading import one_account
from handlers.accounts.rules import function_name
from handlers.accounts.widening import widening_move
from handlers.advice.brief import NONE, NOTE_CHARS, Brief, absorb_text
from handlers.advice.next_step import step_for
from handlers.amends.issues import day, issue_line, open_debits
from handlers.context import Ctx
from handlers.formatting import shorten
from handlers.health.contact_health import contact_health
from handlers.loyalty.answers import latest_text as latest_loyalty

STRONGEST = 2  # the healthy contacts with the highest balances
AT_RISK = 2  # red, or below zero: the lowest health first
DEBIT_LINES = 8
NOT_MET_LINES = 8


def words() -> dict:
    return prompts.load("brief")["account"]


def chosen(account: Account) -> list[tuple[Member, str]]:
    """(member, why) for the contacts briefed on: the strongest, then those at risk."""
    met = account.met
    strong = sorted(
        (m for m in met if m.healthy and m.balance > 0),
        key=lambda m: (-m.balance, -m.health.score, m.name),
    )[:STRONGEST]
    risky = sorted(
        (m for m in met if (m.band == "red" or m.balance < 0) and m not in strong),
        key=lambda m: (m.health.score, m.balance, m.name),
    )[:AT_RISK]
    picked = [(m, words()["strongest"]) for m in strong]
    picked += [(m, words()["at_risk"]) for m in risky]
    if not picked and met:  # nobody strong or at risk: the one with the highest balance
        best = max(met, key=lambda m: (m.balance, m.health.score))
        picked = [(best, words()["strongest"])]
    return picked


def account_brief_of(ctx: Ctx, company_id: int, company_name: str) -> Brief | None:
    """None when the account has nobody met to brief on."""
    account = one_account(ctx, company_id, company_name)
    if not account.met:
        return None
    texts = prompts.load("brief")
    w = words()
    scored = account_health(account)
    thread = single_thread(account)
    standing = [f"account health {scored.score} {scored.band} = {scored.parts()}"]
    standing.append(f"coverage: {scored.coverage.summary()}")
    if thread.single:
        standing.append(f"single thread: {thread.reason}")
    sections: list[tuple[str, tuple[str, ...]]] = [("Account standing", tuple(standing))]
    picked = chosen(account)
    for member, why in picked:
        contact = ctx.contacts.get(member.contact_id)
        if contact is None:
            continue
        step, situation = step_for(ctx, contact, contact_health(ctx, contact))
        role = f" — {shorten(member.role, 60)}" if member.role else ""
        sections.append(
            (
                f"{member.name}{role} ({why})",
                (
                    absorb_text(texts, situation),
                    f"health {member.health.score} {member.band}",
                    f"competitor test: {latest_loyalty(ctx, contact)}",
                    f"next step: {step.text}",
                ),
            )
        )
    names = {m.contact_id: m.name for m in account.members}
    debits = list(open_debits(ctx, [m.contact_id for m in account.met]))
    debit_lines = tuple(
        f"{names.get(i.contact_id, '?')}: {issue_line(ctx, i)}" for i in debits[:DEBIT_LINES]
    )
    if len(debits) > DEBIT_LINES:
        debit_lines += (f"…and {len(debits) - DEBIT_LINES} more",)
    sections.append(("Open debits", debit_lines or (NONE,)))
    not_met = [m for m in account.members if m.not_met]
    not_met_lines = tuple(
        f"{m.name}" + (f" ({function_name(m.function)})" if m.function else "")
        for m in not_met[:NOT_MET_LINES]
    )
    sections.append(("Not met yet", not_met_lines or (NONE,)))
    sections.append(("Talking points", talking_points(ctx, account, picked, debits, not_met)))
    when = ctx.now.astimezone(ctx.tz)
    title = w["title"].format(company=account.name, day=f"{when:%a} {when.day} {when:%b %Y}")
    return Brief(title, tuple(sections))


def _first(name: str) -> str:
    return name.split()[0] if name.split() else name


def talking_points(ctx: Ctx, account: Account, picked, debits, not_met) -> tuple[str, str, str]:
    """Listen first; own what went wrong, by name; widen the account."""
    w = words()
    company = account.name
    names = {m.contact_id: m.name for m in account.members}
    lead = picked[0][0]
    oldest = debits[0] if debits else None
    if oldest is not None:
        who = names.get(oldest.contact_id, lead.name)
        debit = shorten(oldest.note, NOTE_CHARS)
        listen = w["listen_debit"].format(first=_first(who), debit=debit)
        own = w["own_debit"].format(debit=debit, name=who, debit_date=day(ctx, oldest.occurred_at))
    else:
        listen = w["listen_default"].format(first=_first(lead.name), company=company)
        own = w["own_none"].format(company=company)
    move = widening_move(account)
    if move is not None:
        widen = w["widen_move"].format(move=move.sentence())
    elif not_met:
        widen = w["widen_not_met"].format(first=_first(lead.name), stakeholder=not_met[0].name)
    else:
        widen = w["widen_default"].format(first=_first(lead.name), company=company)
    return listen, own, widen
