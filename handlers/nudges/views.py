"""What the chooser sees of each due rep, read in batches: their candidate contacts
(ranked in the database for the urgent needs, or all of them), the situational facts,
promises, recent questions, mutes and deliveries."""

from __future__ import annotations

from collections import defaultdict
from datetime import datetime, timedelta
from typing import TYPE_CHECKING

from handlers.formatting import shorten, signed
from handlers.nudges.choice import (
    NEED_GONE_QUIET,
    NEED_IN_RED,
    URGENT_NEEDS_BELOW,
    AccountPlaces,
    AskedView,
    ContactView,
    DebitView,
    PromiseView,
    RepView,
)
from handlers.nudges.config import NudgeConfig
from handlers.nudges.due import DueRep
from handlers.nudges.questions import Catalog
from handlers.policy import Policy
from storage.nudges.inputs import VisibleFacts

if TYPE_CHECKING:
    from storage.amends.repository import Amends
    from storage.nudges.inputs import NudgeInputs
    from storage.views.accounts import AccountViews

# Candidates ranked per rep in the database for each urgent need: the batch's most
# questions a day plus a few that today's rules may exclude (asked yesterday, muted…).
# A rep whose exclusions eat more is chosen again from every contact (see Planner), so
# the slack trades rows read for the few reps that need a wider look.
CANDIDATE_SLACK = 3
# An open debit with no fix is asked about while it is this recent; older ones stay on
# `balance` (a debit from last quarter is history, not today's question).
UNPLANNED_LOOKBACK = timedelta(days=30)


class RepViews:
    def __init__(
        self,
        inputs: NudgeInputs,
        policy: Policy,
        config: NudgeConfig,
        catalog: Catalog,
        amends: Amends | None = None,
        accounts: AccountViews | None = None,
    ) -> None:
        self.inputs = inputs
        self.amends = amends
        self.accounts = accounts
        self.policy = policy
        self.config = config
        self.catalog = catalog

    def history(self, wanting: list[DueRep], now: datetime) -> dict:
        """What the reps were asked, muted and delivered lately (read once per batch)."""
        if not wanting:
            return {}
        ids = sorted({d.rep.user_id for d in wanting})
        since = now - timedelta(days=self.catalog.milestone_days)
        return {
            "asked": {
                uid: [AskedView(*row) for row in rows]
                for uid, rows in self.inputs.asked(ids, min(d.day for d in wanting)).items()
            },
            "muted": self.inputs.muted(ids),
            "milestones": self.inputs.milestones(ids, since, self.catalog.milestone_words),
            "debits": self.unplanned_debits(wanting, ids, now),
        }

    def unplanned_debits(self, wanting: list[DueRep], ids: list[int], now: datetime) -> dict:
        """{rep: [DebitView]}: the open debits each rep logged with no fix planned."""
        if self.amends is None:
            return {}
        zones = {d.rep.user_id: d.schedule.tz for d in wanting}
        found: dict[int, list[DebitView]] = defaultdict(list)
        for issue in self.amends.unplanned(ids, now - UNPLANNED_LOOKBACK):
            tz = zones[issue.author_id]
            occurred = issue.occurred_at.astimezone(tz)
            text = f"{signed(issue.amount)} {shorten(issue.note, 60)}, {occurred.day} {occurred:%b}"
            found[issue.author_id].append(
                DebitView(
                    issue.contact_id, issue.debit_id, text, issue.created_at.astimezone(tz).date()
                )
            )
        return found

    def views(self, items: list[DueRep], promises, history, now, below_need) -> dict:
        """(RepView, {contact id: row}, cutoff) per (rep, day), from batched reads.

        The views carry the situational facts only; the planner adds the rest if needed.
        With `below_need`, only the contacts that can have one of the needs before it;
        `cutoff` is then the first need whose candidates were cut at the limit (None:
        none was cut).
        """
        ids = sorted({d.rep.user_id for d in items})
        top = max(d.schedule.per_day for d in items) + CANDIDATE_SLACK
        contacts, cutoff = self.candidates(ids, promises, history, now, below_need, top)
        contact_ids = [c.id for rows in contacts.values() for c in rows]
        situational = self.inputs.fact_dates(contact_ids, sides=("situational",))
        known_by = self.known_by(contacts, now)
        # The account questions come after every fact need: read only for the full look.
        places = self.places(ids) if below_need is None else {}
        views = {}
        for item in items:
            uid = item.rep.user_id
            rows = contacts.get(uid, [])
            views[(uid, item.day)] = (
                RepView(
                    user_id=uid,
                    today=item.day,
                    now=now,
                    contacts=[
                        ContactView(
                            c.id,
                            c.name,
                            c.balance,
                            c.last_touch_at,
                            c.cadence_days or self.policy.cadence_days,
                            attempts_since_touch=c.attempts_since_touch,
                            known_by=known_by.get((uid, c.id)),
                            company=c.company,
                        )
                        for c in rows
                    ],
                    facts=VisibleFacts(situational, uid, [c.id for c in rows]),
                    promises=[
                        PromiseView(p.id, p.contact_id, p.text, p.due_date)
                        for p in promises.get(uid, [])
                    ],
                    asked=history["asked"].get(uid, []),
                    muted=history["muted"].get(uid, set()),
                    milestones=history["milestones"].get(uid, {}),
                    debits=history.get("debits", {}).get(uid, []),
                    accounts=places.get(uid, {}),
                ),
                {c.id: c for c in rows},
                cutoff.get(uid),
            )
        return views

    def known_by(self, contacts: dict, now: datetime) -> dict[tuple[int, int], str]:
        """{(rep, contact): "Li Wei at Acme"} for each candidate gone quiet past the
        unanswered attempts: the strongest healthy contact the rep knows at the same
        company (highest balance, heard from within their cadence). One read for all."""
        quiet = {
            (uid, c.id): c
            for uid, rows in contacts.items()
            for c in rows
            if c.company_id is not None
            and c.attempts_since_touch >= self.catalog.unanswered_after
            and self._quiet(c, now)
        }
        if not quiet:
            return {}
        reps = sorted({uid for uid, _ in quiet})
        colleagues = self.inputs.at_companies(reps, {c.company_id for c in quiet.values()})
        best: dict[tuple[int, int], object] = {}
        for uid, rows in colleagues.items():
            for row in rows:
                if self._quiet(row, now):
                    continue
                key = (uid, row.company_id)
                held = best.get(key)
                if held is None or _stronger(row, held):
                    best[key] = row
        found = {}
        for (uid, contact_id), contact in quiet.items():
            colleague = best.get((uid, contact.company_id))
            if colleague is not None:
                found[(uid, contact_id)] = f"{colleague.name} at {colleague.company}"
        return found

    def _quiet(self, contact, now: datetime) -> bool:
        """Not heard from within their cadence (never heard from counts as quiet)."""
        if contact.last_touch_at is None:
            return True
        cadence = contact.cadence_days or self.policy.cadence_days
        return (now - contact.last_touch_at).days > cadence

    def places(self, ids: list[int]) -> dict[int, dict[str, AccountPlaces]]:
        """Per rep, per company they hold: the functions met there, the not-met people."""
        if self.accounts is None:
            return {}
        met: dict[int, dict[str, set]] = defaultdict(lambda: defaultdict(set))
        missing: dict[int, dict[str, list]] = defaultdict(lambda: defaultdict(list))
        for uid, company, function, not_met, role in self.accounts.places_of_reps(ids):
            if not_met:
                missing[uid][company].append((role or "stakeholder", function))
                continue
            known = met[uid].setdefault(company, set())  # kept even with no function known
            if function:
                known.add(function)
        return {
            uid: {
                company: AccountPlaces(
                    frozenset(met[uid].get(company, ())),
                    tuple(sorted(missing[uid].get(company, ()), key=str)),
                )
                for company in {*met[uid], *missing[uid]}
            }
            for uid in {*met, *missing}
        }

    def candidates(self, ids, promises, history, now, below_need, top):
        """Each rep's contacts that can have a need before `below_need` (all if None),
        at most `top` per rep and need where ranked."""
        if below_need is None:
            return self.inputs.contacts_by_rep(ids), {}
        known = {p.contact_id for uid in ids for p in promises.get(uid, [])}
        known |= {
            asked.contact_id
            for uid in ids
            for asked in history["asked"].get(uid, [])
            if asked.status == "snoozed" and asked.snooze_until is not None
        }
        known |= {d.contact_id for uid in ids for d in history.get("debits", {}).get(uid, [])}
        # (need, rows per rep, the per-rep limit or None)
        parts = [
            (
                NEED_IN_RED,
                self.inputs.in_red(ids, top),
                top,
            )
        ]
        if below_need > URGENT_NEEDS_BELOW:
            known |= {cid for uid in ids for cid in history["milestones"].get(uid, {})}
            quiet_since = now - timedelta(days=self.policy.cadence_days)
            quiet = self.inputs.quiet_since(ids, quiet_since, top)
            parts.append((NEED_GONE_QUIET, quiet, top))
            # Contacts with their own cadence are few: all of them.
            custom = self.inputs.with_own_cadence(ids)
            parts.append((NEED_GONE_QUIET, custom, None))
        if known:
            parts.append((0, self.inputs.among(ids, known), None))
        merged: dict[int, dict[int, object]] = defaultdict(dict)
        # A need whose candidates were cut at the limit: a choice with a later need
        # cannot be trusted (an uncut contact might have had that need).
        cutoff: dict[int, int] = {}
        for need, part, limit in parts:
            for uid, rows in part.items():
                for row in rows:
                    merged[uid][row.id] = row
                if limit is not None and len(rows) >= limit:
                    cutoff[uid] = min(cutoff.get(uid, need), need)
        return {uid: list(rows.values()) for uid, rows in merged.items()}, cutoff


def _stronger(row, than) -> bool:
    """Higher balance first, then the one heard from last, then the older record."""
    return (row.balance, row.last_touch_at, -row.id) > (than.balance, than.last_touch_at, -than.id)
