"""Everything the question chooser needs about many reps, in a few batched queries
per workspace (never a query per rep per contact)."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta

from sqlalchemy import ColumnElement, exists, func, or_, select
from sqlalchemy.orm import Session, aliased
from sqlalchemy.sql.expression import ColumnCollection

from storage.loyalty import latest_dates
from storage.models import Company, Contact, ContactRep, Fact, LedgerEntry
from storage.nudges.models import Nudge, NudgeMute, Promise

LOYALTY_KEY = "loyalty"  # the fact key the competitor-test questions file under
CHUNK = 2000  # ids per IN list (well under SQLite's 32,766 parameters)
HISTORY_DAYS = 120


@dataclass(frozen=True)
class ContactRow:
    id: int
    name: str
    company: str | None
    balance: int
    last_touch_at: datetime | None
    cadence_days: int | None
    decay_sum: float
    attempts_since_touch: int = 0
    company_id: int | None = None


@dataclass
class FactDates:
    public: dict[int, dict[str, datetime]] = field(default_factory=lambda: defaultdict(dict))
    private: dict[tuple[int, int], dict[str, datetime]] = field(
        default_factory=lambda: defaultdict(dict)
    )

    def visible(self, viewer_id: int, contact_id: int) -> dict[str, datetime]:
        known = dict(self.public.get(contact_id, {}))
        for key, when in self.private.get((viewer_id, contact_id), {}).items():
            _keep_newest(known, key, when)
        return known


class VisibleFacts(Mapping[int, dict[str, datetime]]):
    """{contact: {key: newest recorded_at}} as one rep sees it, merged on first use:
    the chooser looks at few of a rep's contacts, so most are never merged."""

    def __init__(self, dates: FactDates, viewer_id: int, contact_ids: Sequence[int]) -> None:
        self.dates = dates
        self.viewer_id = viewer_id
        self.contact_ids = contact_ids
        self.merged: dict[int, dict[str, datetime]] = {}

    def __getitem__(self, contact_id: int) -> dict[str, datetime]:
        known = self.merged.get(contact_id)
        if known is None:
            known = self.merged[contact_id] = self.dates.visible(self.viewer_id, contact_id)
        return known

    def __iter__(self) -> Iterator[int]:
        return iter(self.contact_ids)

    def __len__(self) -> int:
        return len(self.contact_ids)


def _keep_newest(known: dict[str, datetime], key: str, when: datetime) -> None:
    if key not in known or known[key] < when:
        known[key] = when


def _chunks(ids: Sequence[int]) -> Iterable[list[int]]:
    for start in range(0, len(ids), CHUNK):
        yield list(ids[start : start + CHUNK])


@dataclass(frozen=True)
class DatedFactRow:
    id: int
    contact_id: int
    contact_name: str
    company: str | None
    key: str
    value: str
    side: str
    shared: bool
    recorded_by_id: int
    recorded_at: datetime


class NudgeInputs:
    """Batched reads for the reps of one workspace."""

    def __init__(self, session: Session, workspace_id: int) -> None:
        self.session = session
        self.workspace_id = workspace_id

    # The candidate sets the planner ranks, named so the core builds no SQL.

    def in_red(self, user_ids: Sequence[int], top: int) -> dict[int, list[ContactRow]]:
        """Each rep's contacts with a negative balance, the deepest first, `top` per rep."""
        return self.contacts_by_rep(
            user_ids, [Contact.balance < 0], top, lambda c: (c.balance, c.name_key, c.id)
        )

    def quiet_since(
        self, user_ids: Sequence[int], since: datetime, top: int
    ) -> dict[int, list[ContactRow]]:
        """Each rep's contacts on the default cadence last touched before `since`, the
        longest quiet first, `top` per rep."""
        return self.contacts_by_rep(
            user_ids,
            [Contact.cadence_days.is_(None), Contact.last_touch_at < since],
            top,
            lambda c: (c.last_touch_at, c.id),
        )

    def with_own_cadence(self, user_ids: Sequence[int]) -> dict[int, list[ContactRow]]:
        """Each rep's contacts that have a cadence of their own (few: all of them)."""
        return self.contacts_by_rep(user_ids, [Contact.cadence_days.is_not(None)])

    def among(
        self, user_ids: Sequence[int], contact_ids: Iterable[int]
    ) -> dict[int, list[ContactRow]]:
        """Each rep's contacts among these ids."""
        return self.contacts_by_rep(user_ids, [Contact.id.in_(sorted(contact_ids))])

    def at_companies(
        self, user_ids: Sequence[int], company_ids: Iterable[int]
    ) -> dict[int, list[ContactRow]]:
        """Each rep's contacts with a positive balance at these companies, the strongest
        first: who could open a door to a colleague gone quiet."""
        ids = sorted(set(company_ids))
        if not ids:
            return {}
        return self.contacts_by_rep(
            user_ids,
            [Contact.company_id.in_(ids), Contact.balance > 0, Contact.merged_into_id.is_(None)],
        )

    def contacts_by_rep(
        self,
        user_ids: Sequence[int],
        where: Sequence[ColumnElement[bool]] = (),
        top: int | None = None,
        order_by: Callable[[ColumnCollection], Sequence] | None = None,
    ) -> dict[int, list[ContactRow]]:
        """Each rep's contacts: those they created or wrote an entry about; only those
        matching `where`, and at most `top` per rep in `order_by` order when given
        (ranked in the database, so only the candidates reach Python)."""
        columns = (
            Contact.id,
            Contact.name,
            Company.name.label("company"),
            Contact.balance,
            Contact.last_touch_at,
            Contact.cadence_days,
            Contact.decay_sum,
            Contact.attempts_since_touch,
            Contact.company_id,
            Contact.name_key,
        )
        result: dict[int, list[ContactRow]] = defaultdict(list)
        for chunk in _chunks(user_ids):
            # contact_reps holds "created or wrote about" as rows (kept by the ledger and
            # the directory), so no scan of the ledger is needed.
            owned = (
                select(ContactRep.user_id.label("owner"), *columns)
                .join(
                    Contact,
                    (Contact.id == ContactRep.contact_id)
                    & (Contact.workspace_id == ContactRep.workspace_id),
                )
                .outerjoin(Company, Company.id == Contact.company_id)
                .where(
                    ContactRep.workspace_id == self.workspace_id,
                    ContactRep.user_id.in_(chunk),
                    Contact.archived_at.is_(None),
                    *where,
                )
            )
            if top is None or order_by is None:
                statement = owned
            else:
                sub = owned.subquery()
                rank = (
                    func.row_number()
                    .over(partition_by=sub.c.owner, order_by=order_by(sub.c))
                    .label("rank")
                )
                ranked = select(sub, rank).subquery()
                statement = select(*(ranked.c[c.name] for c in sub.c)).where(ranked.c.rank <= top)
            # Core rows through the connection: no ORM result machinery per row.
            for owner, *row, _name_key in self.session.connection().execute(statement):
                result[owner].append(ContactRow(*row))
        return result

    def last_notes(self, contact_ids: Sequence[int]) -> dict[int, str]:
        """The newest note of each contact that is neither a reversal nor reversed."""
        reversal = aliased(LedgerEntry)
        notes: dict[int, str] = {}
        for chunk in _chunks(sorted(set(contact_ids))):
            ranked = (
                select(
                    LedgerEntry.contact_id,
                    LedgerEntry.note,
                    func.row_number()
                    .over(
                        partition_by=LedgerEntry.contact_id,
                        order_by=(LedgerEntry.occurred_at.desc(), LedgerEntry.id.desc()),
                    )
                    .label("rank"),
                )
                .where(
                    LedgerEntry.workspace_id == self.workspace_id,
                    LedgerEntry.contact_id.in_(chunk),
                    LedgerEntry.reverses_id.is_(None),
                    ~exists().where(reversal.reverses_id == LedgerEntry.id),
                )
                .subquery()
            )
            rows = self.session.execute(
                select(ranked.c.contact_id, ranked.c.note).where(ranked.c.rank == 1)
            )
            notes.update((contact_id, note) for contact_id, note in rows)
        return notes

    def fact_dates(
        self, contact_ids: Sequence[int], sides: Sequence[str] | None = None
    ) -> FactDates:
        """The newest recorded_at per (contact, key), split by who may see it (only the
        facts of `sides` when given)."""
        dates = FactDates()
        only = [Fact.side.in_(list(sides))] if sides else []
        for chunk in _chunks(sorted(set(contact_ids))):
            rows = self.session.execute(
                select(
                    Fact.contact_id,
                    Fact.key,
                    Fact.side,
                    Fact.shared,
                    Fact.recorded_by_id,
                    func.max(Fact.recorded_at),
                )
                .where(Fact.workspace_id == self.workspace_id, Fact.contact_id.in_(chunk), *only)
                .group_by(Fact.contact_id, Fact.key, Fact.side, Fact.shared, Fact.recorded_by_id)
            )
            for contact_id, key, side, shared, by_id, newest in rows:
                # Personal facts belong to whoever recorded them unless shared.
                if side == "personal" and not shared:
                    _keep_newest(dates.private[(by_id, contact_id)], key, newest)
                else:
                    _keep_newest(dates.public[contact_id], key, newest)
            if not sides or "situational" in sides:
                # The competitor test is kept as rows of its own, read like its fact key.
                answered = latest_dates(self.session, self.workspace_id, chunk)
                for contact_id, newest in answered.items():
                    _keep_newest(dates.public[contact_id], LOYALTY_KEY, newest)
        return dates

    def dated_facts(self, keys: Sequence[str]) -> list[DatedFactRow]:
        """Every fact under these keys on the workspace's live contacts, oldest first."""
        rows = self.session.execute(
            select(
                Fact.id,
                Fact.contact_id,
                Contact.name,
                Contact.company,
                Fact.key,
                Fact.value,
                Fact.side,
                Fact.shared,
                Fact.recorded_by_id,
                Fact.recorded_at,
            )
            .join(
                Contact,
                (Contact.id == Fact.contact_id) & (Contact.workspace_id == Fact.workspace_id),
            )
            .where(
                Fact.workspace_id == self.workspace_id,
                Fact.key.in_(list(keys)),
                Contact.archived_at.is_(None),
            )
            .order_by(Fact.recorded_at, Fact.id)
        )
        return [DatedFactRow(*row) for row in rows]

    def held(self, user_ids: Sequence[int]) -> dict[int, set[int]]:
        """{rep: the contacts they hold} (created or wrote about)."""
        result: dict[int, set[int]] = defaultdict(set)
        for chunk in _chunks(user_ids):
            for user_id, contact_id in self.session.execute(
                select(ContactRep.user_id, ContactRep.contact_id).where(
                    ContactRep.workspace_id == self.workspace_id, ContactRep.user_id.in_(chunk)
                )
            ):
                result[user_id].add(contact_id)
        return result

    def open_promises(self, user_ids: Sequence[int]) -> dict[int, list[Promise]]:
        result: dict[int, list[Promise]] = defaultdict(list)
        for chunk in _chunks(user_ids):
            for promise in self.session.scalars(
                select(Promise).where(
                    Promise.workspace_id == self.workspace_id,
                    Promise.user_id.in_(chunk),
                    Promise.status == "open",
                )
            ):
                result[promise.user_id].append(promise)
        return result

    def asked(self, user_ids: Sequence[int], today: date) -> dict[int, list[tuple]]:
        """Recent question nudges: (user, local date, contact, question id, status, snooze)."""
        result: dict[int, list[tuple]] = defaultdict(list)
        since = today - timedelta(days=HISTORY_DAYS)
        for chunk in _chunks(user_ids):
            for row in self.session.execute(
                select(
                    Nudge.user_id,
                    Nudge.local_date,
                    Nudge.contact_id,
                    Nudge.question_id,
                    Nudge.status,
                    Nudge.snooze_until,
                ).where(
                    Nudge.workspace_id == self.workspace_id,
                    Nudge.user_id.in_(chunk),
                    Nudge.kind == "question",
                    Nudge.local_date >= since,
                )
            ):
                result[row[0]].append(tuple(row[1:]))
        return result

    def muted(self, user_ids: Sequence[int]) -> dict[int, set[int]]:
        result: dict[int, set[int]] = defaultdict(set)
        for chunk in _chunks(user_ids):
            for user_id, contact_id in self.session.execute(
                select(NudgeMute.user_id, NudgeMute.contact_id).where(
                    NudgeMute.workspace_id == self.workspace_id, NudgeMute.user_id.in_(chunk)
                )
            ):
                result[user_id].add(contact_id)
        return result

    def milestones(
        self, user_ids: Sequence[int], since: datetime, words: Sequence[str]
    ) -> dict[int, dict[int, str]]:
        """{rep: {contact: note}} of recent credits whose note names a delivery."""
        result: dict[int, dict[int, str]] = defaultdict(dict)
        if not words:
            return result
        for chunk in _chunks(user_ids):
            rows = self.session.execute(
                select(LedgerEntry.author_id, LedgerEntry.contact_id, LedgerEntry.note)
                .where(
                    LedgerEntry.workspace_id == self.workspace_id,
                    LedgerEntry.author_id.in_(chunk),
                    LedgerEntry.amount > 0,
                    LedgerEntry.reverses_id.is_(None),
                    LedgerEntry.occurred_at >= since,
                    or_(*(func.lower(LedgerEntry.note).contains(w) for w in words)),
                )
                .order_by(LedgerEntry.occurred_at)
            )
            for author_id, contact_id, note in rows:
                result[author_id][contact_id] = note
        return result
