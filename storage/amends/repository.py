"""Fix plans and made-right records of one workspace, and the issues they answer."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, datetime

from sqlalchemy import exists, select
from sqlalchemy.orm import Session, aliased

from storage.amends.models import FixPlan, MadeRight
from storage.models import LedgerEntry
from storage.nudges.models import Promise


@dataclass(frozen=True)
class PlanView:
    promise_id: int
    text: str
    due_date: date
    status: str  # the promise's: open | kept | missed


@dataclass(frozen=True)
class Issue:
    """A live debit, with how it was put right (if it was) and its latest fix plan."""

    debit_id: int
    contact_id: int
    author_id: int
    amount: int
    note: str
    occurred_at: datetime
    created_at: datetime
    made_right_at: datetime | None = None
    made_right_amount: int | None = None
    plan: PlanView | None = None

    @property
    def is_open(self) -> bool:
        return self.made_right_at is None


def _live(entry):
    """Not an undo, and not undone."""
    reversal = aliased(LedgerEntry)
    return entry.reverses_id.is_(None) & ~exists().where(reversal.reverses_id == entry.id)


class Amends:
    def __init__(self, session: Session, workspace_id: int) -> None:
        self.session = session
        self.workspace_id = workspace_id

    def add_plan(
        self, user_id: int, contact_id: int, debit_id: int, promise_id: int, now: datetime
    ) -> FixPlan:
        plan = FixPlan(
            workspace_id=self.workspace_id,
            contact_id=contact_id,
            debit_id=debit_id,
            promise_id=promise_id,
            user_id=user_id,
            created_at=now,
        )
        self.session.add(plan)
        self.session.flush()
        return plan

    def open_fix_promises(self, debit_id: int) -> list[Promise]:
        """The open promises planned to put this debit right."""
        return list(
            self.session.scalars(
                select(Promise)
                .join(FixPlan, FixPlan.promise_id == Promise.id)
                .where(
                    FixPlan.workspace_id == self.workspace_id,
                    FixPlan.debit_id == debit_id,
                    Promise.status == "open",
                )
                .order_by(Promise.id)
            )
        )

    def plan_of_promise(self, promise_id: int) -> FixPlan | None:
        return self.session.scalars(
            select(FixPlan).where(
                FixPlan.workspace_id == self.workspace_id, FixPlan.promise_id == promise_id
            )
        ).first()

    def add_made_right(
        self,
        user_id: int,
        contact_id: int,
        debit_id: int,
        credit_id: int,
        now: datetime,
        promise_id: int | None = None,
    ) -> MadeRight:
        record = MadeRight(
            workspace_id=self.workspace_id,
            contact_id=contact_id,
            debit_id=debit_id,
            credit_id=credit_id,
            promise_id=promise_id,
            user_id=user_id,
            created_at=now,
        )
        self.session.add(record)
        self.session.flush()
        return record

    def closed_by(self, credit_id: int) -> LedgerEntry | None:
        """The debit a credit made right, if it made one right."""
        debit = aliased(LedgerEntry)
        return self.session.scalars(
            select(debit)
            .join(MadeRight, MadeRight.debit_id == debit.id)
            .where(MadeRight.workspace_id == self.workspace_id, MadeRight.credit_id == credit_id)
        ).first()

    def issues(self, contact_ids: Iterable[int], since: datetime) -> list[Issue]:
        """Every live debit of these contacts since `since`, oldest first."""
        ids = list(contact_ids)
        return self._issues(LedgerEntry.contact_id.in_(ids), since) if ids else []

    def unplanned(self, author_ids: Iterable[int], since: datetime) -> list[Issue]:
        """The open debits these reps wrote with no fix planned (or only a missed one)."""
        ids = list(author_ids)
        if not ids:
            return []
        return [
            issue
            for issue in self._issues(LedgerEntry.author_id.in_(ids), since)
            if issue.is_open and (issue.plan is None or issue.plan.status == "missed")
        ]

    def _issues(self, which, since: datetime) -> list[Issue]:
        debits = self.session.scalars(
            select(LedgerEntry)
            .where(
                LedgerEntry.workspace_id == self.workspace_id,
                which,
                LedgerEntry.amount < 0,
                LedgerEntry.occurred_at >= since,
                _live(LedgerEntry),
            )
            .order_by(LedgerEntry.occurred_at, LedgerEntry.id)
        ).all()
        if not debits:
            return []
        debit_ids = [d.id for d in debits]
        credit = aliased(LedgerEntry)
        made = {
            row.debit_id: (row.occurred_at, row.amount)
            for row in self.session.execute(
                select(MadeRight.debit_id, credit.occurred_at, credit.amount)
                .join(credit, credit.id == MadeRight.credit_id)
                .where(
                    MadeRight.workspace_id == self.workspace_id,
                    MadeRight.debit_id.in_(debit_ids),
                    _live(credit),
                )
                .order_by(MadeRight.id)
            )
        }
        plans: dict[int, PlanView] = {}
        for row in self.session.execute(
            select(FixPlan.debit_id, Promise.id, Promise.text, Promise.due_date, Promise.status)
            .join(Promise, Promise.id == FixPlan.promise_id)
            .where(FixPlan.workspace_id == self.workspace_id, FixPlan.debit_id.in_(debit_ids))
            .order_by(FixPlan.id)
        ):
            plans[row.debit_id] = PlanView(row.id, row.text, row.due_date, row.status)
        return [
            Issue(
                debit_id=d.id,
                contact_id=d.contact_id,
                author_id=d.author_id,
                amount=d.amount,
                note=d.note,
                occurred_at=d.occurred_at,
                created_at=d.created_at,
                made_right_at=made.get(d.id, (None, None))[0],
                made_right_amount=made.get(d.id, (None, None))[1],
                plan=plans.get(d.id),
            )
            for d in debits
        ]

    def open_debits(self, contact_ids: Iterable[int], since: datetime) -> Sequence[Issue]:
        return [issue for issue in self.issues(contact_ids, since) if issue.is_open]
