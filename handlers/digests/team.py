"""`digest`: your own weekly digest now; `digest channel <channel>` sends a weekly team
digest (the at-risk contacts across the workspace) to a shared channel. What names a
channel is the platform's business: the core asks its Addressing port."""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING

from handlers.context import Ctx
from handlers.digests.weekly import digest_message
from handlers.formatting import BAND_MARK, contact_label, days_ago
from handlers.health.contact_health import contact_health_from
from handlers.messages import Reply, ReplyField, error
from handlers.nudges.prefs import current_schedule
from handlers.policy import Policy
from handlers.ports import Channel, ChannelRefused
from handlers.profile.question_bank import QuestionBank
from storage.unit_of_work import UnitOfWork

if TYPE_CHECKING:
    from storage.nudges.models import TeamDigest

TEAM_LIMIT = 15


def usage(ctx: Ctx) -> str:
    addressing = ctx.services.addressing.get(ctx.workspace.platform)
    hint = addressing.channel_hint if addressing else "<channel>"
    return f"digest channel {hint}, digest channel off, or digest alone for yours now"


def digest_command(ctx: Ctx, rest: str) -> Reply:
    word, _, value = rest.strip().partition(" ")
    if not word:
        schedule = current_schedule(ctx)
        return digest_message(
            ctx.uow,
            ctx.user.id,
            schedule.local_today(ctx.now),
            ctx.now,
            ctx.policy,
            ctx.services.questions,
            schedule.tz,
        )
    if word.lower() != "channel":
        return error(f"Use: {usage(ctx)}")
    return channel(ctx, value.strip())


def team_digest_of(uow: UnitOfWork) -> TeamDigest | None:
    return uow.team_digests.current()


def channel(ctx: Ctx, value: str) -> Reply:
    current = team_digest_of(ctx.uow)
    if not value:
        where = current.label if current else "not set"
        return Reply(text=f"Team digest channel: {where}. Use: {usage(ctx)}")
    if value.lower() == "off":
        ctx.uow.team_digests.clear()
        return Reply(text="No more team digests.")
    addressing = ctx.services.addressing.get(ctx.workspace.platform)
    if addressing is None:
        return error("A team digest channel cannot be set from here.")
    known = [
        Channel(c.address, c.label, c.scope)
        for c in ctx.uow.addresses.channels(ctx.workspace.platform)
    ]
    try:
        target = addressing.parse_channel(value, known)
    except ChannelRefused as exc:
        return error(f"{exc} Use: {usage(ctx)}")
    ctx.uow.team_digests.set(
        ctx.user.id, dict(target.address), target.label[:120], ctx.now, target.scope
    )
    return Reply(
        text=f"The team digest goes to {target.label} every week on your first working day at "
        "your nudge time: the contacts at risk across the workspace."
    )


def team_digest_message(
    uow: UnitOfWork, now: datetime, policy: Policy, bank: QuestionBank
) -> Reply:
    contacts = uow.digests.active_contacts()
    dates = uow.facts.professional_dates(c.id for c in contacts)
    stages = uow.stages.of_contacts(contacts)
    scores = {
        c.id: contact_health_from(c, dates.get(c.id, {}), bank, policy, now, stages.get(c.id))
        for c in contacts
    }
    at_risk = sorted(
        (c for c in contacts if scores[c.id].band == "red"), key=lambda c: scores[c.id].score
    )
    lines = [
        f"{BAND_MARK['red']} {contact_label(c)} · balance {c.balance} · health "
        f"{scores[c.id].score} · last touch {days_ago(scores[c.id].days_since_touch)}"
        for c in at_risk[:TEAM_LIMIT]
    ]
    if len(at_risk) > TEAM_LIMIT:
        lines.append(f"…and {len(at_risk) - TEAM_LIMIT} more")
    return Reply(
        text="Team digest: contacts at risk across the workspace"
        + ("\n" + "\n".join(lines) if lines else ": none, well done."),
        kind="team_digest",
        fields=(
            ReplyField("At risk", str(len(at_risk))),
            ReplyField("Contacts", str(len(contacts))),
        ),
    )
