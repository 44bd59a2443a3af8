"""Choosing today's question for one rep: rank their contacts by need, pick a question.

Pure: everything it needs arrives in a `RepView` (loaded in batches by the scheduler),
so the rules can be read and tested without a database.

Needs, most urgent first (a contact's first need with an askable question counts):
  0 a snoozed question whose day has come back
  1 a promise coming due or overdue
  2 a balance below zero
  3 an open debit with no fix planned, two working days after it was logged
  4 gone quiet: not heard from past the keep-in-touch cadence (attempts do not count);
    after a few unanswered attempts the question turns to another way in
  5 a delivery milestone just logged: ask for a retrospective
  6 professional facts missing or stale
  7 a high balance not yet re-invested: one at the top of the rep's own book (the top
    tenth of their positive balances, and at least REINVEST_FLOOR); at a company the
    question asks who else there to know and whether the contact would introduce you
  8 an account (company) where we know people in one function only
  9 a stakeholder at the account we have not met
    (8 and 9 are asked about the rep's strongest contact there, one with a positive balance)
 10 in good standing (a balance at the top of the rep's book, heard from lately): the
    competitor test, at most every `loyalty_every_days` (after widening: a door opened
    first, and the test once that answer rests)
 11 the stage's own question (courting: what they see in us; first meeting: the problem
    and how they judge success; engaged: stakeholders not met, the next milestone;
    long-term: what would make next year better)
 12 personal facts missing
Never: a muted contact; the contact asked about on the rep's previous nudge day; a
contact snoozed past today; a fact still fresh; the same question to the same contact
within `REPEAT_DAYS` (questions of a key rotate).
"""

from __future__ import annotations

import math
from collections import defaultdict
from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from datetime import date, datetime, timedelta
from functools import cached_property

from handlers.companies.functions import functions
from handlers.nudges.questions import Catalog, Question

REPEAT_DAYS = 14
NEED_PROMISE = 1
NEED_IN_RED = 2
NEED_UNPLANNED_DEBIT = 3
NEED_GONE_QUIET = 4
NEED_PROFESSIONAL = 6
NEED_REINVEST = 7
NEED_LOYALTY = 10
NEED_STAGE = 11
# Needs below this one (a snooze coming back, a promise, a balance below zero, a debit
# with no fix) can be found among the contacts picked by balance and ids alone: a first
# round loads only those.
URGENT_NEEDS_BELOW = 4
# Needs below this one read no fact but the situational ones: a first, cheaper round
# can stop here (see Planner) and load every fact only when it must go further.
FACT_NEEDS_FROM = 6
RUNNING_GAP_DAYS = 4
PROMISE_AHEAD_DAYS = 2
# An open debit is asked about once this many working days (Mon–Fri) have passed
# since it was logged without a fix planned.
UNPLANNED_WORKING_DAYS = 2
REINVEST_FLOOR = 3  # below this no balance is worth re-investing, however small the book
REINVEST_TOP = 0.1  # the share of the rep's positive balances that counts as the top


@dataclass(frozen=True)
class ContactView:
    id: int
    name: str
    balance: int
    last_touch_at: datetime | None  # last heard from them
    cadence_days: int
    attempts_since_touch: int = 0
    # A colleague who knows them, to suggest as another way in (None: nobody known).
    known_by: str | None = None
    company: str | None = None
    stage: str | None = None  # their account's stage (None: not known, no stage question)


@dataclass(frozen=True)
class PromiseView:
    id: int
    contact_id: int
    text: str
    due_date: date


@dataclass(frozen=True)
class DebitView:
    """An open debit the rep logged with no fix planned."""

    contact_id: int
    entry_id: int
    text: str  # "−3 outage, 2 Nov"
    logged_on: date  # the rep's local date


@dataclass(frozen=True)
class AskedView:
    """A question nudge the rep already got."""

    local_date: date
    contact_id: int
    question_id: str | None
    status: str
    snooze_until: date | None = None


@dataclass(frozen=True)
class AccountPlaces:
    """What the nudges know of one account the rep holds: the functions where someone is
    met, and the stakeholders not met yet as (title, function or None)."""

    functions: frozenset[str] = frozenset()
    not_met: tuple[tuple[str, str | None], ...] = ()


@dataclass
class RepView:
    user_id: int
    today: date
    now: datetime
    contacts: list[ContactView]
    # {contact: {fact key: newest recorded_at}} the rep may see
    facts: Mapping[int, dict[str, datetime]] = field(default_factory=dict)
    promises: list[PromiseView] = field(default_factory=list)
    asked: list[AskedView] = field(default_factory=list)
    muted: set[int] = field(default_factory=set)
    milestones: dict[int, str] = field(default_factory=dict)  # contact → recent delivery note
    debits: list[DebitView] = field(default_factory=list)
    accounts: Mapping[str, AccountPlaces] = field(default_factory=dict)  # by company name

    @cached_property
    def strongest_at(self) -> dict[str, int]:
        """The rep's highest-balance contact at each company (the one account questions
        go to, so an account is asked about once)."""
        best: dict[str, ContactView] = {}
        for c in self.contacts:
            if c.company and (c.company not in best or c.balance > best[c.company].balance):
                best[c.company] = c
        return {company: c.id for company, c in best.items()}

    @cached_property
    def reinvest_balance(self) -> int:
        """The balance at the top of this rep's book: the lowest of their top tenth of
        positive balances, never below REINVEST_FLOOR."""
        positive = sorted((c.balance for c in self.contacts if c.balance > 0), reverse=True)
        if not positive:
            return REINVEST_FLOOR
        top = positive[: max(1, math.ceil(len(positive) * REINVEST_TOP))]
        return max(REINVEST_FLOOR, top[-1])

    @cached_property
    def asked_about(self) -> dict[int, list[AskedView]]:
        """The asked list indexed by contact (read for every contact and key)."""
        index: dict[int, list[AskedView]] = defaultdict(list)
        for asked in self.asked:
            index[asked.contact_id].append(asked)
        return index


@dataclass(frozen=True)
class Choice:
    contact_id: int
    question: Question
    need: int
    reason: str
    values: dict[str, str]  # the fields its wording uses


def is_fresh(recorded_at: datetime | None, fresh_days: int, now: datetime) -> bool:
    return recorded_at is not None and now - recorded_at <= timedelta(days=fresh_days)


class Chooser:
    def __init__(self, catalog: Catalog, loyalty_every_days: int | None = None) -> None:
        check = catalog.situations.get("loyalty_check")
        if check is not None and loyalty_every_days is not None:
            situations = {**catalog.situations}
            situations["loyalty_check"] = replace(check, fresh_days=loyalty_every_days)
            catalog = replace(catalog, situations=situations)
        self.catalog = catalog
        self.keys = {side: catalog.keys_on(side) for side in ("professional", "personal")}

    def choose(
        self,
        rep: RepView,
        count: int,
        taken: set[int] | None = None,
        below_need: int | None = None,
    ) -> list[Choice]:
        """Up to `count` choices about distinct contacts, skipping contacts in `taken`
        (and needs from `below_need` on, when given).

        Need by need: once `count` contacts have a need, no contact can beat them with a
        later one, so the costlier checks (facts) run only when nothing is urgent.
        """
        excluded = self._excluded(rep) | (taken or set())
        pool = [c for c in rep.contacts if c.id not in excluded]
        picked: list[Choice] = []
        for need, finder in enumerate(self._finders()):
            if below_need is not None and need >= below_need:
                break
            found = []
            for contact in pool:
                result = finder(rep, contact)
                if result is not None:
                    question, reason, values = result
                    choice = Choice(
                        contact.id, question, need, reason, {"name": contact.name, **values}
                    )
                    urgency = self._urgency(rep, contact, choice)
                    found.append((urgency, contact.name.casefold(), contact.id, choice))
            found.sort(key=lambda f: f[:3])
            picked += [f[3] for f in found]
            if len(picked) >= count:
                break
            chosen = {f[2] for f in found}
            pool = [c for c in pool if c.id not in chosen]
        return picked[:count]

    def _finders(self):
        return (
            self._snoozed_back,
            self._promise_due,
            self._in_red,
            self._unplanned_debit,
            self._gone_quiet,
            self._retrospective,
            self._professional,
            self._reinvest,
            self._one_function,
            self._not_met,
            self._loyalty_check,
            self._stage_question,
            self._personal,
        )

    def _excluded(self, rep: RepView) -> set[int]:
        excluded = set(rep.muted)
        earlier = [a.local_date for a in rep.asked if a.local_date < rep.today]
        # "Two days running": the previous nudge day, if recent (a weekend in between
        # still counts as running; a holiday weeks ago does not).
        if earlier and rep.today - max(earlier) <= timedelta(days=RUNNING_GAP_DAYS):
            previous_day = max(earlier)
            excluded |= {
                a.contact_id
                for a in rep.asked
                if a.local_date == previous_day and not self._back_today(rep, a)
            }
        excluded |= {
            a.contact_id
            for a in rep.asked
            if a.status == "snoozed" and a.snooze_until and a.snooze_until > rep.today
        }
        return excluded

    @staticmethod
    def _back_today(rep: RepView, asked: AskedView) -> bool:
        return (
            asked.status == "snoozed"
            and asked.snooze_until is not None
            and asked.snooze_until <= rep.today
        )

    def _urgency(self, rep: RepView, contact: ContactView, choice: Choice) -> float:
        """Order within one need: the worse off first."""
        if choice.need == NEED_PROMISE:
            return float(choice.values.get("due_ordinal", 0))
        if choice.need == NEED_IN_RED:
            return float(contact.balance)
        if choice.need == NEED_UNPLANNED_DEBIT:
            return float(choice.values.get("logged_ordinal", 0))
        if choice.need == NEED_GONE_QUIET:
            return -float(choice.values.get("days", 0)) / max(contact.cadence_days, 1)
        if choice.need == NEED_PROFESSIONAL:
            known = rep.facts.get(contact.id, {})
            return float(sum(1 for k in self.keys["professional"] if k in known))
        if choice.need in (NEED_LOYALTY, NEED_REINVEST):
            return -float(contact.balance)
        return 0.0

    # Each finder answers (question, reason, values) or None.

    def _recently_asked(self, rep: RepView, contact_id: int, question_id: str, days: int) -> bool:
        about = rep.asked_about.get(contact_id)
        if not about:  # most candidates were never asked about: no date arithmetic
            return False
        since = rep.today - timedelta(days=days)
        return any(a.question_id == question_id and a.local_date > since for a in about)

    def _situation(self, rep: RepView, contact: ContactView, name: str):
        question = self.catalog.situations.get(name)
        if question is None:
            return None
        known = rep.facts.get(contact.id, {})
        if is_fresh(known.get(question.fact_key), question.fresh_days, rep.now):
            return None
        if self._recently_asked(rep, contact.id, question.id, question.fresh_days):
            return None
        return question

    def _snoozed_back(self, rep: RepView, contact: ContactView):
        about = rep.asked_about.get(contact.id, ())
        for asked in about:
            if (
                self._back_today(rep, asked)
                and asked.question_id
                and not any(a.local_date > asked.local_date for a in about)
            ):
                question = self.catalog.get(asked.question_id)
                if question is None:
                    return None
                if question.situation is None:
                    return question, "snoozed", {}
                # A situation is asked again only while it still holds, with today's figures.
                unsnoozed = replace(rep, asked=[a for a in rep.asked if a is not asked])
                found = self._situation_finders()[question.situation](unsnoozed, contact)
                return found and (found[0], "snoozed", found[2])
        return None

    def _situation_finders(self):
        return {
            "promise_due": self._promise_due,
            "in_red": self._in_red,
            "unplanned_debit": self._unplanned_debit,
            "gone_quiet": self._gone_quiet,
            "unanswered": self._gone_quiet,
            "retrospective": self._retrospective,
            "reinvest": self._reinvest,
            "loyalty_check": self._loyalty_check,
            "open_door": self._reinvest,
            "one_function": self._one_function,
            "not_met": self._not_met,
            **{
                q.situation: self._stage_question
                for q in self.catalog.situations.values()
                if q.stage is not None
            },
        }

    def _promise_due(self, rep: RepView, contact: ContactView):
        # Due today gets its own "Did you deliver?" check instead.
        due = [
            p
            for p in rep.promises
            if p.contact_id == contact.id
            and p.due_date <= rep.today + timedelta(days=PROMISE_AHEAD_DAYS)
            and p.due_date != rep.today
        ]
        if not due:
            return None
        question = self._situation(rep, contact, "promise_due")
        if question is None:
            return None
        first = min(due, key=lambda p: p.due_date)
        return (
            question,
            "promise_due",
            {
                "promise": first.text,
                "due": when_text(first.due_date, rep.today),
                "is_due": due_phrase(first.due_date, rep.today),
                "due_ordinal": str(first.due_date.toordinal()),
            },
        )

    def _in_red(self, rep: RepView, contact: ContactView):
        if contact.balance >= 0:
            return None
        question = self._situation(rep, contact, "in_red")
        return question and (question, "in_red", {"balance": str(contact.balance)})

    def _unplanned_debit(self, rep: RepView, contact: ContactView):
        waiting = [
            d
            for d in rep.debits
            if d.contact_id == contact.id
            and working_days_between(d.logged_on, rep.today) >= UNPLANNED_WORKING_DAYS
        ]
        if not waiting:
            return None
        question = self._situation(rep, contact, "unplanned_debit")
        oldest = min(waiting, key=lambda d: (d.logged_on, d.entry_id))
        return question and (
            question,
            "unplanned_debit",
            {"debit": oldest.text, "logged_ordinal": str(oldest.logged_on.toordinal())},
        )

    def _gone_quiet(self, rep: RepView, contact: ContactView):
        if contact.last_touch_at is None:
            return None
        days = (rep.now - contact.last_touch_at).days
        if days <= contact.cadence_days:
            return None
        values = {"days": str(days), "cadence": str(contact.cadence_days)}
        if contact.attempts_since_touch >= self.catalog.unanswered_after:
            question = self._situation(rep, contact, "unanswered")
            if question is not None:
                known_by = f" — {contact.known_by} knows them well" if contact.known_by else ""
                values |= {"attempts": str(contact.attempts_since_touch), "known_by": known_by}
                return question, "unanswered", values
        question = self._situation(rep, contact, "gone_quiet")
        return question and (question, "gone_quiet", values)

    def _retrospective(self, rep: RepView, contact: ContactView):
        note = rep.milestones.get(contact.id)
        if note is None:
            return None
        question = self._situation(rep, contact, "retrospective")
        return question and (question, "retrospective", {"note": note})

    def _stage_question(self, rep: RepView, contact: ContactView):
        for candidate in self.catalog.at_stage(contact.stage):
            question = self._situation(rep, contact, candidate.situation)
            if question is not None:
                return question, f"stage_{contact.stage}", {"stage": contact.stage or ""}
        return None

    def _loyalty_check(self, rep: RepView, contact: ContactView):
        if contact.balance < rep.reinvest_balance or contact.last_touch_at is None:
            return None
        if (rep.now - contact.last_touch_at).days > contact.cadence_days:
            return None  # gone quiet: that need asks its own question
        question = self._situation(rep, contact, "loyalty_check")
        return question and (question, "loyalty_check", {"balance": str(contact.balance)})

    def _reinvest(self, rep: RepView, contact: ContactView):
        if contact.balance < rep.reinvest_balance:
            return None
        values = {"balance": str(contact.balance)}
        # At a company the goodwill can open a door: who else there, and an introduction.
        if contact.company and "open_door" in self.catalog.situations:
            question = self._situation(rep, contact, "open_door")
            values["company"] = contact.company
        else:
            question = self._situation(rep, contact, "reinvest")
        return question and (question, "reinvest", values)

    def _account_of(self, rep: RepView, contact: ContactView) -> AccountPlaces | None:
        """The contact's account when they are the rep's door into it, else None."""
        if not contact.company or contact.balance <= 0:
            return None
        if rep.strongest_at.get(contact.company) != contact.id:
            return None
        return rep.accounts.get(contact.company)

    def _one_function(self, rep: RepView, contact: ContactView):
        place = self._account_of(rep, contact)
        if place is None or len(place.functions) != 1:
            return None
        question = self._situation(rep, contact, "one_function")
        [only] = place.functions
        values = {"company": contact.company, "function": functions().get(only, only)}
        return question and (question, "one_function", values)

    def _not_met(self, rep: RepView, contact: ContactView):
        place = self._account_of(rep, contact)
        if place is None or not place.not_met:
            return None
        question = self._situation(rep, contact, "not_met")
        title, function = place.not_met[0]
        area = f" ({functions().get(function, function)})" if function else ""
        values = {"company": contact.company, "title": title + area}
        return question and (question, "not_met", values)

    def _fact_question(self, rep: RepView, contact: ContactView, side: str, reason: str):
        known = rep.facts.get(contact.id, {})
        open_keys = []
        about = rep.asked_about.get(contact.id, ())
        for order, key in enumerate(self.keys[side]):
            questions = self.catalog.by_key[key]
            if is_fresh(known.get(key), questions[0].fresh_days, rep.now):
                continue  # never re-ask a fact still fresh
            ids = {q.id for q in questions}
            asks = [a for a in about if a.question_id in ids]
            last = max((a.local_date for a in asks), default=None)
            # Rotate: the key asked longest ago (never asked first), then the next wording.
            question = questions[len(asks) % len(questions)]
            if self._recently_asked(rep, contact.id, question.id, REPEAT_DAYS):
                continue
            stale = known.get(key) is not None
            open_keys.append(((last or date.min), order, question, stale))
        if not open_keys:
            return None
        _, _, question, stale = min(open_keys, key=lambda k: (k[0], k[1]))
        return question, reason + ("_stale" if stale else "_missing"), {}

    def _professional(self, rep: RepView, contact: ContactView):
        return self._fact_question(rep, contact, "professional", "professional")

    def _personal(self, rep: RepView, contact: ContactView):
        return self._fact_question(rep, contact, "personal", "personal")


def working_days_between(start: date, end: date) -> int:
    """Mon–Fri days after `start` up to and including `end`."""
    days = (end - start).days
    if days <= 0:
        return 0
    weeks, rest = divmod(days, 7)
    extra = sum(1 for n in range(1, rest + 1) if (start + timedelta(days=n)).weekday() < 5)
    return weeks * 5 + extra


def when_text(due: date, today: date) -> str:
    delta = (due - today).days
    if delta == 0:
        return "today"
    if delta == 1:
        return "tomorrow"
    if delta == -1:
        return "yesterday"
    if delta < 0:
        return f"{-delta} days ago ({due:%a %d %b})"
    return f"on {due:%a %d %b}"


def due_phrase(due: date, today: date) -> str:
    """The tense with the day: "is due tomorrow", "was due 4 days ago (Mon 02 Nov)"."""
    return f"{'was' if due < today else 'is'} due {when_text(due, today)}"
