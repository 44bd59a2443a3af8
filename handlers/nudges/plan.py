"""Planning a pass: for each rep whose send time has come, claim the day's slots
(questions, promise checks, the digest) and store each message with its row."""

from __future__ import annotations

from datetime import datetime
from itertools import zip_longest

from handlers.context import Services
from handlers.dates.calendar import date_keys
from handlers.dates.reminders import REASON as REMINDER_REASON
from handlers.dates.reminders import reminder_message, upcoming
from handlers.digests.team import team_digest_message, team_digest_of
from handlers.digests.weekly import digest_message
from handlers.nudges.choice import (
    FACT_NEEDS_FROM,
    URGENT_NEEDS_BELOW,
    Chooser,
)
from handlers.nudges.config import NudgeConfig
from handlers.nudges.due import DueRep
from handlers.nudges.message import OWN_ID, question_message
from handlers.nudges.views import RepViews
from handlers.policy import Policy
from handlers.promises.commands import check_message
from handlers.reply_codec import reply_to_data
from storage.nudges.inputs import VisibleFacts
from storage.unit_of_work import UnitOfWork


class Planner:
    def __init__(self, policy: Policy, config: NudgeConfig, services: Services) -> None:
        """`services`: the process's one question bank, with the policy's staleness."""
        self.policy = policy
        self.config = config
        self.bank = services.questions
        self.catalog = services.catalog
        self.chooser = Chooser(self.catalog, policy.loyalty_every_days)

    def plan(self, uow: UnitOfWork, due: list[DueRep], now: datetime) -> int:
        """Claim every missing slot of these reps (of the workspace `uow` is bound to);
        the number claimed."""
        user_ids = sorted({d.rep.user_id for d in due})
        days = sorted({d.day for d in due})
        taken = uow.nudges.claimed_slots(user_ids, days)
        inputs = uow.nudge_inputs
        promises = inputs.open_promises(user_ids)
        wanting = [d for d in due if self._question_slots(d, taken)]
        reads = RepViews(inputs, self.policy, self.config, self.catalog, uow.amends, uow.accounts)
        history = reads.history(wanting, now)
        chosen: dict = {}
        views: dict = {}
        # Round 1: the few contacts per rep that can top an urgent need (the deepest in
        # the red, a promise, a snooze coming back), ranked in the database.
        todo = wanting
        if todo:
            views.update(reads.views(todo, promises, history, now, URGENT_NEEDS_BELOW))
            todo = self._choose_all(todo, taken, views, chosen, below_need=URGENT_NEEDS_BELOW)
        # Round 2: add the longest quiet and the just-delivered; needs that read only
        # situational facts.
        if todo:
            views.update(reads.views(todo, promises, history, now, FACT_NEEDS_FROM))
            todo = self._choose_all(todo, taken, views, chosen, below_need=FACT_NEEDS_FROM)
        # Round 3: every contact and every fact, for the reps still without enough.
        if todo:
            views.update(reads.views(todo, promises, history, now, None))
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
        claimed = self._claim_questions(uow, due, chosen, views, notes, facts, now)
        claimed += self._claim_reminders(uow, due, now)
        team = team_digest_of(uow)
        for item in due:
            claimed += self._plan_one(uow, item, taken, promises, now)
            if team is not None and team.set_by_id == item.rep.user_id:
                claimed += self._claim_team_digest(uow, item, taken, team, now)
        return claimed

    def _claim_team_digest(self, uow: UnitOfWork, item: DueRep, taken, team, now) -> int:
        """The team digest rides on the schedule of the rep who set its channel."""
        key = (item.rep.user_id, item.day, "team-digest")
        if not item.schedule.is_first_day_of_week(item.day) or key in taken:
            return 0
        row = {**_row(uow.workspace_id, item, now), "slot": "team-digest", "kind": "team_digest"}
        nudge_id = uow.nudges.claim(row)
        if nudge_id is None:
            return 0
        reply = team_digest_message(uow, now, self.policy, self.bank)
        # "to": delivered to the channel instead of the rep's own conversation.
        uow.nudges.set_payload(nudge_id, {**reply_to_data(reply), "to": dict(team.address)})
        return 1

    def _claim_reminders(self, uow: UnitOfWork, due: list[DueRep], now: datetime) -> int:
        """The dates coming up for these reps (birthdays, renewals, …), each once."""
        facts = uow.nudge_inputs.dated_facts(list(date_keys()))
        if not facts:
            return 0
        user_ids = sorted({d.rep.user_id for d in due})
        held = uow.nudge_inputs.held(user_ids)
        found = {
            (item.rep.user_id, item.day): upcoming(
                facts, item.rep.user_id, held.get(item.rep.user_id, set()), item.day
            )
            for item in due
        }
        names = [u.slot for items in found.values() for u in items]
        sent = uow.nudges.claimed_ever(user_ids, names)
        claimed = 0
        for item in due:
            for coming in found[(item.rep.user_id, item.day)]:
                if (item.rep.user_id, coming.slot) in sent:
                    continue
                row = {
                    **_row(uow.workspace_id, item, now),
                    "slot": coming.slot,
                    "kind": "reminder",
                    "contact_id": coming.fact.contact_id,
                    "fact_key": coming.date_key.key,
                    "reason": REMINDER_REASON,
                }
                nudge_id = uow.nudges.claim(row)
                if nudge_id is not None:
                    reply = reminder_message(coming, item.day)
                    uow.nudges.set_payload(nudge_id, reply_to_data(reply))
                    claimed += 1
        return claimed

    def _question_slots(self, item: DueRep, taken) -> list[str]:
        slots = [f"question:{n}" for n in range(1, item.schedule.per_day + 1)]
        return [s for s in slots if (item.rep.user_id, item.day, s) not in taken]

    def _plan_one(self, uow: UnitOfWork, item: DueRep, taken, promises, now) -> int:
        """Claim the promise checks and the digest of one rep's day."""
        uid, day = item.rep.user_id, item.day
        base = _row(uow.workspace_id, item, now)
        claimed = 0
        for promise in promises.get(uid, []):
            if item.schedule.checks_promise_on(promise.due_date, day):
                slot = f"promise:{promise.id}"
                if (uid, day, slot) in taken:
                    continue
                nudge_id = uow.nudges.claim(
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
                    name = _contact_name(uow, promise.contact_id)
                    uow.nudges.set_payload(
                        nudge_id, reply_to_data(check_message(promise, name, day))
                    )
                    claimed += 1
        if item.schedule.is_first_day_of_week(day) and (uid, day, "digest") not in taken:
            nudge_id = uow.nudges.claim({**base, "slot": "digest", "kind": "digest"})
            if nudge_id is not None:
                reply = digest_message(uow, uid, day, now, self.policy, self.bank, item.schedule.tz)
                uow.nudges.set_payload(nudge_id, reply_to_data(reply))
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

    def _claim_questions(self, uow: UnitOfWork, due, chosen, views, notes, facts, now) -> int:
        """Claim the question slots of these reps, each with its message, in one
        statement; the number this process claimed with a question."""
        rows = []
        for item in due:
            uid = item.rep.user_id
            for slot, choice in chosen.get((uid, item.day), ()):
                row = {**_row(uow.workspace_id, item, now), "slot": slot, "kind": "question"}
                if choice is None:
                    # Nothing worth asking today: still claimed, so later passes do not
                    # search again.
                    row.update(status="empty", contact_id=None, question_id=None)
                    row.update(fact_key=None, reason=None)
                else:
                    view, contacts = views[(uid, item.day)][:2]
                    stage = next(
                        (c.stage for c in view.contacts if c.id == choice.contact_id), None
                    )
                    reply = question_message(
                        OWN_ID,
                        choice,
                        contacts[choice.contact_id],
                        facts.visible(uid, choice.contact_id),
                        notes.get(choice.contact_id),
                        self.bank,
                        self.policy,
                        now,
                        stage,
                    )
                    row.update(
                        contact_id=choice.contact_id,
                        question_id=choice.question.id,
                        fact_key=choice.question.fact_key,
                        reason=choice.reason,
                        payload=reply_to_data(reply),
                    )
                rows.append(row)
        claimed = uow.nudges.claim_many(rows)
        return sum(1 for row in rows if row["status"] == "pending" and _key(row) in claimed)


def _key(row: dict) -> tuple:
    return (row["user_id"], row["local_date"], row["slot"])


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


def _contact_name(uow: UnitOfWork, contact_id: int) -> str:
    contact = uow.contacts.get(contact_id, include_archived=True)
    return contact.name if contact else "your contact"
