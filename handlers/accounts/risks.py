"""An account's risks beyond its coverage: the competitor test's latest answers (a no or
an unsure marked ⚠), and an engaged account whose every contact went quiet."""

from __future__ import annotations

from handlers.accounts.members import Account
from handlers.context import Ctx
from handlers.formatting import days_ago
from handlers.messages import Button, ReplyField
from handlers.stages.commands import MOVE

AT_RISK_ANSWERS = ("no", "unsure")


def gone_quiet(account: Account) -> bool:
    """Every contact met has gone past their cadence since we last heard from them."""
    met = account.met
    return bool(met) and all(
        m.health.days_since_touch is None or m.health.days_since_touch > m.health.cadence_days
        for m in met
    )


def risk_fields(ctx: Ctx, account: Account) -> tuple[list[ReplyField], list[Button]]:
    fields: list[ReplyField] = []
    buttons: list[Button] = []
    names = {m.contact_id: m.name for m in account.met}
    latest = ctx.uow.loyalty.latest_of(names)
    answers = [
        f"{'⚠ ' if row.answer in AT_RISK_ANSWERS else ''}{names[cid]}: {row.answer or 'answered'}"
        f" — “{row.why}” ({days_ago(max(0, (ctx.now - row.recorded_at).days))})"
        for cid, row in sorted(latest.items(), key=lambda item: names[item[0]])
    ]
    if answers:  # would they call us if a rival offered the same? a no or unsure is a risk
        fields.append(ReplyField("Competitor test", "\n".join(answers)))
    stage = ctx.uow.stages.current(company_id=account.company_id)
    if stage is not None and stage.stage == "engaged" and gone_quiet(account):
        quietest = min(
            (m.health.days_since_touch for m in account.met if m.health.days_since_touch),
            default=None,
        )
        heard = f" (the latest {quietest} days ago)" if quietest else ""
        fields.append(
            ReplyField(
                "Lapsed?",
                f"Engaged, but every contact at {account.name} has gone quiet{heard}. "
                "Try another way in, or mark the account lapsed.",
            )
        )
        buttons.append(Button("Mark lapsed", MOVE, f"company:{account.company_id}:lapsed"))
    return fields, buttons
