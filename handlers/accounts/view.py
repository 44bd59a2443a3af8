"""`account Acme`: the account as a whole — its people by function (most senior first),
who on our team knows each, its health with parts, coverage, single thread, and the move
that widens it with a *Track as promise* button."""

from __future__ import annotations

from handlers.accounts.account_health import account_health
from handlers.accounts.coverage import single_thread
from handlers.accounts.members import Account, Member
from handlers.accounts.risks import risk_fields
from handlers.accounts.rules import function_name
from handlers.accounts.widening import widening_move
from handlers.context import Ctx
from handlers.formatting import BAND_MARK, days_ago, plural, shorten
from handlers.health.scoring import days_between
from handlers.messages import Button, Reply, ReplyField
from handlers.retros.items import items_text
from handlers.stages.current import stage_fields

WIDEN = "account.widen"  # "<introducer contact id>:<function key>"
MAP = "account.map"  # "<company id>"
PER_FUNCTION = 8  # people listed under one function; the rest are counted
KNOWERS_SHOWN = 3
NOT_MET_MARK = "◌"


def person_line(ctx: Ctx, member: Member) -> str:
    same = member.role and member.role.casefold() == member.name.casefold()  # "CFO — CFO"
    role = f" — {shorten(member.role, 60)}" if member.role and not same else ""
    if not member.met:
        return f"{NOT_MET_MARK} {member.name}{role} · not met yet"
    parts = [
        f"balance {member.balance}",
        f"health {member.health.score}",
        f"last touch {days_ago(days_between(member.last_touch_at, ctx.now))}",
    ]
    if member.knowers:
        known = ", ".join(
            f"{k.name} ({plural(k.notes, 'note')})" if k.notes else f"{k.name} (holds, no notes)"
            for k in member.knowers[:KNOWERS_SHOWN]
        )
        more = len(member.knowers) - KNOWERS_SHOWN
        parts.append("known by " + known + (f" +{more}" if more > 0 else ""))
    return f"{BAND_MARK[member.band]} {member.name}{role} · " + " · ".join(parts)


def by_function(account: Account, order: list[str]) -> list[tuple[str | None, list[Member]]]:
    groups: dict[str | None, list[Member]] = {}
    for member in account.members:
        groups.setdefault(member.function, []).append(member)
    keys = [k for k in order if k in groups] + [k for k in groups if k not in order]
    return [
        (key, sorted(groups[key], key=lambda m: (-m.seniority, not m.met, -m.balance, m.name)))
        for key in keys
    ]


def account_reply(ctx: Ctx, account: Account, answers: list[str] | None = None) -> Reply:
    if not account.members:
        return Reply(
            text=f"{account.name}: no contacts yet. Place one with "
            f"`contact add Jane Doe ({account.name})`, or record a stakeholder you have not "
            f"met: `account {account.name} needs CFO, finance`.",
            kind="account",
        )
    scored = account_health(account)
    thread = single_thread(account)
    move = widening_move(account)
    met = account.met
    headline = (
        f"{BAND_MARK[scored.band]} {account.name}: account health {scored.score} · "
        f"{plural(len(met), 'contact')}"
    )
    not_met = len(account.members) - len(met)
    if not_met:
        headline += f" and {not_met} not met yet"
    if thread.single:
        headline += " · ⚠ single thread"
    fields = [
        ReplyField("Account health", f"{scored.score} {scored.band} = {scored.parts()}"),
        ReplyField("Coverage", scored.coverage.summary()),
    ]
    if thread.single:
        fields.append(ReplyField("Single thread", thread.reason))
    for key, people in by_function(account, list(scored.coverage.by_function)):
        lines = [person_line(ctx, m) for m in people[:PER_FUNCTION]]
        if len(people) > PER_FUNCTION:
            lines.append(f"…and {len(people) - PER_FUNCTION} more (`contacts {account.name}`)")
        fields.append(ReplyField(f"{function_name(key)} ({len(people)})", "\n".join(lines)))
    fields += stage_fields(ctx, account.company_id)
    risks, risk_buttons = risk_fields(ctx, account)
    fields += risks
    retro = ctx.uow.feedback.unresolved(company_id=account.company_id)
    if retro:  # what the customer asked us to improve, still not resolved
        fields.append(ReplyField("Open retrospective items", items_text(retro, ctx.tz, ctx.now)))
    if answers:  # answers to "who else at Acme should you know?"
        fields.append(ReplyField("Who else to know", "\n".join(answers)))
    buttons = [Button("Coverage map", MAP, str(account.company_id)), *risk_buttons]
    if move is not None:
        fields.append(ReplyField("Widen the account", move.sentence()))
        buttons.insert(
            0,
            Button(
                "Track as promise",
                WIDEN,
                f"{move.introducer.contact_id}:{move.function}",
                "primary",
            ),
        )
    return Reply(
        text=headline,
        kind="account",
        fields=tuple(fields),
        buttons=tuple(buttons),
        color=scored.band,
    )
