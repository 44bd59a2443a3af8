"""`accounts`: the rep's companies at risk first (single-threaded, shrinking, quiet), with
contact counts and coverage; `accounts --team` the workspace's. App Home shows this reply.

shrinking — the account's decayed balance (recent entries weigh most) is below zero
quiet     — no met contact touched within their cadence
"""

from __future__ import annotations

from dataclasses import dataclass

from handlers.accounts.account_health import AccountHealth, account_health
from handlers.accounts.coverage import Thread, single_thread
from handlers.accounts.lookup import SHOW
from handlers.accounts.members import Account
from handlers.accounts.reading import accounts_of
from handlers.advice.next_step import STEPS_SHOWN, step_for, steps_line
from handlers.context import Ctx
from handlers.formatting import BAND_MARK, contact_label, plural, shorten
from handlers.health.contact_health import healths
from handlers.messages import Button, Reply, ReplyField
from handlers.nudges.answers import open_question
from handlers.nudges.message import ANSWER
from handlers.promises.commands import promises_of

LIMIT = 25
BUTTONS_FOR = 5  # the most at-risk accounts get a button to open them
PROMISES_SHOWN = 5
TEAM = "--team"


@dataclass(frozen=True)
class Standing:
    account: Account
    health: AccountHealth
    thread: Thread
    shrinking: bool
    quiet: bool

    def risk_key(self) -> tuple:
        return (
            not self.thread.single,
            not self.shrinking,
            not self.quiet,
            self.health.score,
            self.account.name.casefold(),
        )

    def flags(self) -> list[str]:
        return [
            word
            for word, on in (
                ("single thread", self.thread.single),
                ("shrinking", self.shrinking),
                ("quiet", self.quiet),
            )
            if on
        ]


def standing(account: Account) -> Standing:
    met = account.met
    shrinking = bool(met) and sum(m.health.decayed_balance for m in met) < 0
    quiet = bool(met) and all(
        m.health.days_since_touch is None or m.health.days_since_touch > m.health.cadence_days
        for m in met
    )
    return Standing(account, account_health(account), single_thread(account), shrinking, quiet)


def ranked(accounts: list[Account]) -> list[Standing]:
    return sorted((standing(a) for a in accounts), key=Standing.risk_key)


def account_line(s: Standing) -> ReplyField:
    met = len(s.account.met)
    count = plural(met, "contact")
    not_met = len(s.account.members) - met
    if not_met:
        count += f" (+{not_met} not met)"
    parts = [f"health {s.health.score}", count, s.health.coverage.summary(), *s.flags()]
    mark = "⚠ " if s.thread.single else ""
    return ReplyField(f"{mark}{BAND_MARK[s.health.band]} {s.account.name}", " · ".join(parts))


def accounts_command(ctx: Ctx, rest: str = "") -> Reply:
    team = rest.strip().casefold() == TEAM
    if rest.strip() and not team:
        return Reply(
            text="`accounts` lists your accounts, `accounts --team` the team's; "
            f"`account {shorten(rest.strip(), 40)}` shows one.",
            kind="error",
        )
    standings = ranked(accounts_of(ctx, None if team else ctx.user.id))
    whose = "The team's" if team else "Your"
    if not standings:
        text = (
            "No accounts yet. Place a contact at a company: "
            "+2 Jane Doe (Acme): delivered the migration early"
        )
        fields: list[ReplyField] = []
    else:
        single = sum(1 for s in standings if s.thread.single)
        shown = f" (the {LIMIT} most at risk)" if len(standings) > LIMIT else ""
        text = (
            f"{whose} {plural(len(standings), 'account')}, {single} single-threaded{shown}, "
            "at risk first:"
        )
        fields = [account_line(s) for s in standings[:LIMIT]]
    if not team:
        fields += next_step_fields(ctx)
        fields += promise_fields(ctx)
        waiting = ctx.pending.count_open(ctx.user.id)
        if waiting:  # shown on App Home too: notes sent and never placed stay in view
            fields.append(
                ReplyField("Waiting for a choice", f"{plural(waiting, 'note')} (see `pending`)")
            )
    at_risk = [s for s in standings if s.thread.single or s.shrinking or s.quiet][:BUTTONS_FOR]
    return Reply(
        text=text,
        kind="overview",
        fields=tuple(fields),
        buttons=(
            *(() if team else question_button(ctx)),
            *(Button(s.account.name, SHOW, str(s.account.company_id)) for s in at_risk),
        ),
    )


def next_step_fields(ctx: Ctx) -> list[ReplyField]:
    """What to do next for the rep's most at-risk contacts, whatever their company: each
    step reads that contact's facts (handlers/advice)."""
    contacts = ctx.contacts.touched_by(ctx.user.id)
    if not contacts:
        return []
    scores = healths(ctx, contacts)
    worst = sorted(contacts, key=lambda c: (scores[c.id].score, c.name_key))[:STEPS_SHOWN]
    steps = [(c, step_for(ctx, c, scores[c.id])[0]) for c in worst]
    return [ReplyField("Next steps", steps_line(steps))]


def promise_fields(ctx: Ctx) -> list[ReplyField]:
    """The rep's open promises, soonest first."""
    promises = promises_of(ctx).open_of(ctx.user.id)
    if not promises:
        return []
    lines = []
    for promise in promises[:PROMISES_SHOWN]:
        contact = ctx.contacts.get(promise.contact_id, include_archived=True)
        who = contact_label(contact) if contact else "a contact"
        lines.append(f"{promise.due_date:%a %d %b} · {who} · {shorten(promise.text, 60)}")
    if len(promises) > PROMISES_SHOWN:
        lines.append(f"…and {len(promises) - PROMISES_SHOWN} more (`promises` lists them)")
    return [ReplyField(f"Open promises ({len(promises)})", "\n".join(lines))]


def question_button(ctx: Ctx) -> tuple[Button, ...]:
    """ "Answer today's question" while one is open."""
    nudge = open_question(ctx)
    if nudge is None:
        return ()
    return (Button("Answer today's question", ANSWER, str(nudge.id), "primary"),)
