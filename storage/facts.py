"""Dated facts about contacts; the newest per key is current, older ones stay as history."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from datetime import datetime

from sqlalchemy import and_, bindparam, func, or_, select
from sqlalchemy.orm import Session

from storage.models import Fact

# Built once (a request then skips building it and its cache key); personal facts
# belong to whoever recorded them unless shared, as in Facts._visible_to.
CURRENT = (
    select(Fact)
    .where(
        Fact.workspace_id == bindparam("workspace_id"),
        Fact.contact_id == bindparam("contact_id"),
        or_(
            Fact.side != "personal",
            Fact.shared.is_(True),
            Fact.recorded_by_id == bindparam("viewer"),
        ),
    )
    .order_by(Fact.recorded_at, Fact.id)
)


PROFESSIONAL_DATES = (
    select(Fact.contact_id, Fact.key, func.max(Fact.recorded_at))
    .where(
        and_(
            Fact.workspace_id == bindparam("workspace_id"),
            Fact.side == "professional",
            Fact.contact_id.in_(bindparam("ids", expanding=True)),
        )
    )
    .group_by(Fact.contact_id, Fact.key)
)


class Facts:
    def __init__(self, session: Session, workspace_id: int) -> None:
        self.session = session
        self.workspace_id = workspace_id

    def record(
        self,
        contact_id: int,
        key: str,
        side: str,
        value: str,
        recorded_by_id: int,
        now: datetime,
        shared: bool = False,
    ) -> Fact:
        fact = Fact(
            workspace_id=self.workspace_id,
            contact_id=contact_id,
            key=key,
            side=side,
            value=value,
            shared=shared,
            recorded_by_id=recorded_by_id,
            recorded_at=now,
        )
        self.session.add(fact)
        self.session.flush()
        return fact

    def _visible_to(self, viewer_id: int):
        # Personal facts belong to whoever recorded them unless shared.
        return or_(Fact.side != "personal", Fact.shared.is_(True), Fact.recorded_by_id == viewer_id)

    def current(self, contact_id: int, viewer_id: int) -> dict[str, Fact]:
        """The newest visible fact per key for one contact."""
        params = {"workspace_id": self.workspace_id, "contact_id": contact_id, "viewer": viewer_id}
        latest: dict[str, Fact] = {}
        for fact in self.session.scalars(CURRENT, params).all():
            latest[fact.key] = fact
        return latest

    def professional_dates(self, contact_ids: Iterable[int]) -> dict[int, dict[str, datetime]]:
        """{contact id: {key: newest recorded_at}} of professional facts, in one query."""
        ids = list(contact_ids)
        result: dict[int, dict[str, datetime]] = defaultdict(dict)
        if not ids:
            return result
        for chunk_start in range(0, len(ids), 500):
            chunk = ids[chunk_start : chunk_start + 500]
            params = {"workspace_id": self.workspace_id, "ids": chunk}
            rows = self.session.execute(PROFESSIONAL_DATES, params).all()
            for contact_id, key, newest in rows:
                result[contact_id][key] = newest  # max() keeps the column's UTC type
        return result
