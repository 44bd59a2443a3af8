"""Stage history and feedback items of one workspace."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime

from sqlalchemy import and_, func, or_, select
from sqlalchemy.orm import Session

from storage.models import Contact, User
from storage.stages.models import FeedbackItem, StageChange

OPEN, RESPONDED, RESOLVED = "open", "responded", "resolved"
UNRESOLVED = (OPEN, RESPONDED)


class Stages:
    def __init__(self, session: Session, workspace_id: int) -> None:
        self.session = session
        self.workspace_id = workspace_id

    def record(
        self,
        stage: str,
        user_id: int,
        now: datetime,
        *,
        company_id: int | None = None,
        contact_id: int | None = None,
    ) -> StageChange:
        if (company_id is None) == (contact_id is None):
            raise ValueError("a stage belongs to an account or to a contact, exactly one")
        row = StageChange(
            workspace_id=self.workspace_id,
            company_id=company_id,
            contact_id=contact_id,
            stage=stage,
            changed_by_id=user_id,
            changed_at=now,
        )
        self.session.add(row)
        self.session.flush()
        return row

    def _owner(self, company_id: int | None, contact_id: int | None):
        if company_id is not None:
            return StageChange.company_id == company_id
        return StageChange.contact_id == contact_id

    def history(
        self, *, company_id: int | None = None, contact_id: int | None = None
    ) -> list[tuple[StageChange, str]]:
        """(change, who) newest first."""
        return list(
            self.session.execute(
                select(StageChange, User.display_name)
                .join(User, User.id == StageChange.changed_by_id)
                .where(
                    StageChange.workspace_id == self.workspace_id,
                    self._owner(company_id, contact_id),
                )
                .order_by(StageChange.changed_at.desc(), StageChange.id.desc())
            ).all()
        )

    def current(
        self, *, company_id: int | None = None, contact_id: int | None = None
    ) -> StageChange | None:
        return self.session.scalars(
            select(StageChange)
            .where(
                StageChange.workspace_id == self.workspace_id,
                self._owner(company_id, contact_id),
            )
            .order_by(StageChange.changed_at.desc(), StageChange.id.desc())
            .limit(1)
        ).first()

    def of_contacts(self, contacts: Iterable[Contact]) -> dict[int, str]:
        """{contact id: the current stage} of each contact that has one (its company's,
        or its own when it has no company), in one query."""
        return stages_of(self.session, self.workspace_id, contacts)


def stages_of(session: Session, workspace_id: int, contacts: Iterable[Contact]) -> dict[int, str]:
    contacts = list(contacts)
    company_ids = sorted({c.company_id for c in contacts if c.company_id is not None})
    loose_ids = sorted({c.id for c in contacts if c.company_id is None})
    if not company_ids and not loose_ids:
        return {}
    newest = (
        select(
            StageChange.stage,
            StageChange.company_id,
            StageChange.contact_id,
            func.row_number()
            .over(
                partition_by=(StageChange.company_id, StageChange.contact_id),
                order_by=(StageChange.changed_at.desc(), StageChange.id.desc()),
            )
            .label("rank"),
        )
        .where(
            StageChange.workspace_id == workspace_id,
            or_(
                StageChange.company_id.in_(company_ids or [-1]),
                and_(
                    StageChange.company_id.is_(None), StageChange.contact_id.in_(loose_ids or [-1])
                ),
            ),
        )
        .subquery()
    )
    by_company: dict[int, str] = {}
    by_contact: dict[int, str] = {}
    for stage, company_id, contact_id, _ in session.execute(
        select(newest).where(newest.c.rank == 1)
    ):
        if company_id is not None:
            by_company[company_id] = stage
        else:
            by_contact[contact_id] = stage
    found = {}
    for c in contacts:
        stage = by_company.get(c.company_id) if c.company_id else by_contact.get(c.id)
        if stage is not None:
            found[c.id] = stage
    return found


class FeedbackItems:
    def __init__(self, session: Session, workspace_id: int) -> None:
        self.session = session
        self.workspace_id = workspace_id

    def add(
        self,
        text: str,
        user_id: int,
        now: datetime,
        *,
        company_id: int | None,
        contact_id: int | None,
        source_id: str | None = None,
    ) -> FeedbackItem:
        row = FeedbackItem(
            source_id=source_id,
            workspace_id=self.workspace_id,
            company_id=company_id,
            contact_id=contact_id,
            text=text,
            heard_by_id=user_id,
            heard_at=now,
            status=OPEN,
        )
        self.session.add(row)
        self.session.flush()
        return row

    def by_source(self, source_id: str) -> FeedbackItem | None:
        return self.session.scalars(
            select(FeedbackItem).where(
                FeedbackItem.workspace_id == self.workspace_id,
                FeedbackItem.source_id == source_id,
            )
        ).first()

    def get(self, item_id: int) -> FeedbackItem | None:
        return self.session.scalars(
            select(FeedbackItem).where(
                FeedbackItem.workspace_id == self.workspace_id, FeedbackItem.id == item_id
            )
        ).first()

    def respond(self, item: FeedbackItem, response: str, now: datetime) -> None:
        item.response = response
        item.responded_at = now
        if item.status == OPEN:
            item.status = RESPONDED
        self.session.flush()

    def resolve(self, item: FeedbackItem, now: datetime) -> None:
        item.status = RESOLVED
        item.resolved_at = now
        self.session.flush()

    def unresolved(
        self, *, company_id: int | None = None, contact_id: int | None = None
    ) -> list[tuple[FeedbackItem, str]]:
        """(item, who heard it), oldest first, of an account and/or one contact."""
        owners = []
        if company_id is not None:
            owners.append(FeedbackItem.company_id == company_id)
        if contact_id is not None:
            owners.append(FeedbackItem.contact_id == contact_id)
        if not owners:
            return []
        return list(
            self.session.execute(
                select(FeedbackItem, User.display_name)
                .join(User, User.id == FeedbackItem.heard_by_id)
                .where(
                    FeedbackItem.workspace_id == self.workspace_id,
                    FeedbackItem.status.in_(UNRESOLVED),
                    or_(*owners),
                )
                .order_by(FeedbackItem.heard_at, FeedbackItem.id)
            ).all()
        )

    def unresolved_heard_by(self, user_id: int) -> list[FeedbackItem]:
        """Every item a rep heard that is not resolved yet (the weekly digest's list)."""
        return list(
            self.session.scalars(
                select(FeedbackItem)
                .where(
                    FeedbackItem.workspace_id == self.workspace_id,
                    FeedbackItem.heard_by_id == user_id,
                    FeedbackItem.status.in_(UNRESOLVED),
                )
                .order_by(FeedbackItem.heard_at, FeedbackItem.id)
            )
        )
