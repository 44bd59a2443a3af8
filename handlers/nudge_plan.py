"""Planning a pass: for each rep whose send time has come, claim the day's slots
(questions, promise checks, the digest) and store each message with its row."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from itertools import zip_longest

from sqlalchemy.orm import Session

from handlers.digest import digest_message
from handlers.nudge_choice import (
    FACT_NEEDS_FROM,
    NEED_GONE_QUIET,
    NEED_IN_RED,
    URGENT_NEEDS_BELOW,
    AskedView,
    Chooser,
    ContactView,
    PromiseView,
    RepView,
)
from handlers.nudge_config import NudgeConfig
from handlers.nudge_message import question_message
from handlers.nudge_questions import catalog
from handlers.nudge_schedule import Schedule, schedule_from
from handlers.policy import Policy
from handlers.promises import check_message
from handlers.question_bank import QuestionBank
from handlers.reply_codec import reply_to_data
from handlers.team_digest import team_digest_message, team_digest_of
from storage.directory import Contacts
from storage.models import Contact
from storage.nudge_inputs import NudgeInputs, VisibleFacts
from storage.nudge_reps import ReachableRep
from storage.nudge_slots import claim, claim_many, claimed_slots, set_payload, set_payloads

# Candidates ranked per rep in the database for each urgent need: enough for the most
# questions a day plus the ones today's rules may exclude (muted, asked yesterday…).
CANDIDATE_SLACK = 7


@dataclass(frozen=True)
class DueRep:
    rep: ReachableRep
    schedule: Schedule
    day: date


def due_reps(
    reps: list[ReachableRep], now: datetime, policy: Policy, config: NudgeConfig
) -> list[DueRep]:
    """Reps whose local send time for a day has come, within the grace window."""
    due = []
    for rep in reps:
        schedule = schedule_from(rep.prefs, rep.timezone, policy.default_timezone)
        for day in schedule.due_days(now, config.grace):
            due.append(DueRep(rep, schedule, day))
    return due


class Planner:
    def __init__(self, policy: Policy, config: NudgeConfig, bank: QuestionBank) -> None:
        self.policy = policy
        self.config = config
        self.bank = bank
        self.catalog = catalog()
        self.chooser = Chooser(self.catalog, policy.reinvest_balance)

    def plan(self, session: Session, workspace_id: int, due: list[DueRep], now: datetime) -> int:
        """Claim every missing slot of these reps (one workspace); the number claimed."""
        user_ids = sorted({d.rep.user_id for d in due})
        days = sorted({d.day for d in due})
        taken = claimed_slots(session, workspace_id, user_ids, days)
        inputs = NudgeInputs(session, workspace_id)
        promises = inputs.open_promises(user_ids)
        wanting = [d for d in due if self._question_slots(d, taken)]
        history = self._history(inputs, wanting, now)
        chosen: dict = {}
        views: dict = {}
        # Round 1: the few contacts per rep that can top an urgent need (the deepest in
        # the red, a promise, a snooze coming back), ranked in the database.
        todo = wanting
        if todo:
            views.update(self._views(inputs, todo, promises, history, now, URGENT_NEEDS_BELOW))
            todo = self._choose_all(todo, taken, views, chosen, below_need=URGENT_NEEDS_BELOW)
        # Round 2: add the longest quiet and the just-delivered; needs that read only
        # situational facts.
        if todo:
            views.update(self._views(inputs, todo, promises, history, now, FACT_NEEDS_FROM))
            todo = self._choose_all(todo, taken, views, chosen, below_need=FACT_NEEDS_FROM)
        # Round 3: every contact and every fact, for the reps still without enough.
        if todo:
            views.update(self._views(inputs, todo, promises, history, now, None))
            ids = [c for item in todo for c in views[(item.rep.user_id, item.day)][1]]
            every = inputs.fact_dates(ids)
            for item in todo:
                view, contacts, _ = views[(item.rep.user_id, item.day)]
                view.facts = VisibleFacts(every, item.rep.user_id, list(contacts))
            self._choose_all(todo, taken, views, chosen)
        for item in wanting:
            key = (item.rep.user_id, item.day)
            chosen[key] = list(zip_longest(self._question_slots(item, taken), chosen[key]))
        picked = [c.contact_id for pairs in chosen.values() for _, c in pairs if c is not None]
        notes = inputs.last_notes(picked)
        facts = inputs.fact_dates(picked)  # what the messages show as known
        claimed = self._claim_questions(
            session, workspace_id, due, chosen, views, notes, facts, now
        )
        team = team_digest_of(session, workspace_id)
        for item in due:
            claimed += self._plan_one(session, workspace_id, item, taken, promises, now)
            if team is not None and team.set_by_id == item.rep.user_id:
                claimed += self._claim_team_digest(session, workspace_id, item, taken, team, now)
        return claimed

    def _claim_team_digest(self, session, workspace_id, item: DueRep, taken, team, now) -> int:
        """The team digest rides on the schedule of the rep who set its channel."""
        key = (item.rep.user_id, item.day, "team-digest")
        if not item.schedule.is_first_day_of_week(item.day) or key in taken:
            return 0
        row = {**_row(workspace_id, item, now), "slot": "team-digest", "kind": "team_digest"}
        nudge_id = claim(session, row)
        if nudge_id is None:
            return 0
        reply = team_digest_message(session, workspace_id, now, self.policy, self.bank)
        # "to": delivered to the channel instead of the rep's own conversation.
        set_payload(session, nudge_id, {**reply_to_data(reply), "to": dict(team.address)})
        return 1

    def _question_slots(self, item: DueRep, taken) -> list[str]:
        slots = [f"question:{n}" for n in range(1, item.schedule.per_day + 1)]
        return [s for s in slots if (item.rep.user_id, item.day, s) not in taken]

    def _history(self, inputs: NudgeInputs, wanting: list[DueRep], now: datetime) -> dict:
        """What the reps were asked, muted and delivered lately (read once per batch)."""
        if not wanting:
            return {}
        ids = sorted({d.rep.user_id for d in wanting})
        since = now - timedelta(days=self.catalog.milestone_days)
        return {
            "asked": {
                uid: [AskedView(*row) for row in rows]
                for uid, rows in inputs.asked(ids, min(d.day for d in wanting)).items()
            },
            "muted": inputs.muted(ids),
            "milestones": inputs.milestones(ids, since, self.catalog.milestone_words),
        }

    def _views(self, inputs, items: list[DueRep], promises, history, now, below_need):
        """(RepView, {contact id: row}) per (rep, day), from batched reads.

        The views carry the situational facts only; the planner adds the rest if needed.
        With `below_need`, only the contacts that can have one of the needs before it.
        """
        ids = sorted({d.rep.user_id for d in items})
        contacts, cutoff = self._candidates(inputs, ids, promises, history, now, below_need)
        contact_ids = [c.id for rows in contacts.values() for c in rows]
        situational = inputs.fact_dates(contact_ids, sides=("situational",))
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
                ),
                {c.id: c for c in rows},
                cutoff.get(uid),
            )
        return views

    def _candidates(self, inputs: NudgeInputs, ids, promises, history, now, below_need):
        """Each rep's contacts that can have a need before `below_need` (all if None)."""
        if below_need is None:
            return inputs.contacts_by_rep(ids), {}
        top = self.config.max_per_day + CANDIDATE_SLACK
        known = {p.contact_id for uid in ids for p in promises.get(uid, [])}
        known |= {
            asked.contact_id
            for uid in ids
            for asked in history["asked"].get(uid, [])
            if asked.status == "snoozed" and asked.snooze_until is not None
        }
        # (need, rows per rep, the per-rep limit or None)
        parts = [
            (
                NEED_IN_RED,
                inputs.contacts_by_rep(
                    ids, [Contact.balance < 0], top, lambda c: (c.balance, c.name_key, c.id)
                ),
                top,
            )
        ]
        if below_need > URGENT_NEEDS_BELOW:
            known |= {cid for uid in ids for cid in history["milestones"].get(uid, {})}
            quiet_since = now - timedelta(days=self.policy.cadence_days)
            quiet = inputs.contacts_by_rep(
                ids,
                [Contact.cadence_days.is_(None), Contact.last_touch_at < quiet_since],
                top,
                lambda c: (c.last_touch_at, c.id),
            )
            parts.append((NEED_GONE_QUIET, quiet, top))
            # Contacts with their own cadence are few: all of them.
            custom = inputs.contacts_by_rep(ids, [Contact.cadence_days.is_not(None)])
            parts.append((NEED_GONE_QUIET, custom, None))
        if known:
            parts.append((0, inputs.contacts_by_rep(ids, [Contact.id.in_(sorted(known))]), None))
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

    def _plan_one(self, session, workspace_id, item: DueRep, taken, promises, now) -> int:
        """Claim the promise checks and the digest of one rep's day."""
        uid, day = item.rep.user_id, item.day
        base = _row(workspace_id, item, now)
        claimed = 0
        for promise in promises.get(uid, []):
            if item.schedule.checks_promise_on(promise.due_date, day):
                slot = f"promise:{promise.id}"
                if (uid, day, slot) in taken:
                    continue
                nudge_id = claim(
                    session,
                    {
                        **base,
                        "slot": slot,
                        "kind": "promise",
                        "promise_id": promise.id,
                        "contact_id": promise.contact_id,
                        "reason": "promise_check",
                    },
                )
                if nudge_id is not None:
                    name = _contact_name(session, workspace_id, promise.contact_id)
                    set_payload(session, nudge_id, reply_to_data(check_message(promise, name, day)))
                    claimed += 1
        if item.schedule.is_first_day_of_week(day) and (uid, day, "digest") not in taken:
            nudge_id = claim(session, {**base, "slot": "digest", "kind": "digest"})
            if nudge_id is not None:
                reply = digest_message(session, workspace_id, uid, day, now, self.policy, self.bank)
                set_payload(session, nudge_id, reply_to_data(reply))
                claimed += 1
        return claimed

    def _choose_all(self, items, taken, views, chosen, below_need: int | None = None):
        """Choose for each item; the items a later round must choose for again (not
        enough questions, or one whose need lies past its candidates' cutoff)."""
        again = []
        for item in items:
            key = (item.rep.user_id, item.day)
            choices = self._choose(item, taken, views, below_need)
            chosen[key] = choices
            cutoff = views[key][2]
            short = len(choices) < len(self._question_slots(item, taken))
            if short or (cutoff is not None and any(c.need > cutoff for c in choices)):
                again.append(item)
        return again

    def _choose(self, item: DueRep, taken, views, below_need: int | None = None):
        view = views[(item.rep.user_id, item.day)][0]
        already = {a.contact_id for a in view.asked if a.local_date == item.day}
        wanted = len(self._question_slots(item, taken))
        return self.chooser.choose(view, wanted, taken=already, below_need=below_need)

    def _claim_questions(self, session, workspace_id, due, chosen, views, notes, facts, now) -> int:
        """Claim the question slots of these reps in one statement, then store each
        message (it names its own row id in its buttons)."""
        rows = []
        for item in due:
            for slot, choice in chosen.get((item.rep.user_id, item.day), ()):
                question = choice.question if choice else None
                rows.append(
                    {
                        **_row(workspace_id, item, now),
                        "slot": slot,
                        "kind": "question",
                        # Nothing worth asking today: still claimed, so later passes
                        # do not search again.
                        "status": "pending" if choice else "empty",
                        "contact_id": choice.contact_id if choice else None,
                        "question_id": question.id if question else None,
                        "fact_key": question.fact_key if question else None,
                        "reason": choice.reason if choice else None,
                    }
                )
        ids = claim_many(session, rows)
        payloads = []
        for item in due:
            uid = item.rep.user_id
            for slot, choice in chosen.get((uid, item.day), ()):
                nudge_id = ids.get((uid, item.day, slot))
                if choice is None or nudge_id is None:
                    continue  # empty, or claimed by another process
                contacts = views[(uid, item.day)][1]
                reply = question_message(
                    nudge_id,
                    choice,
                    contacts[choice.contact_id],
                    facts.visible(uid, choice.contact_id),
                    notes.get(choice.contact_id),
                    self.bank,
                    self.policy,
                    now,
                )
                payloads.append((nudge_id, reply_to_data(reply)))
        set_payloads(session, payloads)
        return len(payloads)


def _row(workspace_id: int, item: DueRep, now: datetime) -> dict:
    """The columns every claimed slot of this rep's day starts with."""
    return {
        "workspace_id": workspace_id,
        "user_id": item.rep.user_id,
        "local_date": item.day,
        "status": "pending",
        "attempts": 0,
        "due_at": item.schedule.send_at(item.day),
        "next_attempt_at": now,
        "created_at": now,
        "payload": {},
    }


def _contact_name(session: Session, workspace_id: int, contact_id: int) -> str:
    contact = Contacts(session, workspace_id).get(contact_id, include_archived=True)
    return contact.name if contact else "your contact"


def group_by_workspace(due: list[DueRep]) -> dict[int, list[DueRep]]:
    groups: dict[int, list[DueRep]] = defaultdict(list)
    for item in due:
        groups[item.rep.workspace_id].append(item)
    return groups
