"""`uow.accounts`: what the account views read — a company's people with their
aggregates and the reps who know them, and the companies a rep (or the team) holds.

Every read is a fixed number of indexed queries: contacts by (workspace, company), the
rep rows by (workspace, contact) with their note counts. None reads the ledger, so the
time does not grow with it.
"""

from __future__ import annotations

from collections.abc import Sequence

from sqlalchemy import Row, Select, select
from sqlalchemy.orm import Session

from storage.models import Company, Contact, ContactRep, Fact, User

PEOPLE_COLUMNS = (
    Contact.id,
    Contact.company_id,
    Contact.name,
    Contact.role,
    Contact.function,
    Contact.reports_to_id,
    Contact.not_met,
    Contact.balance,
    Contact.decay_sum,
    Contact.last_touch_at,
    Contact.cadence_days,
)


class AccountViews:
    def __init__(self, session: Session, workspace_id: int) -> None:
        self.session = session
        self.workspace_id = workspace_id

    def _active(self) -> list:
        return [Contact.workspace_id == self.workspace_id, Contact.archived_at.is_(None)]

    def held_by(self, user_id: int) -> Select:
        """The ids of the companies where the rep holds a contact (a subquery)."""
        return (
            select(Contact.company_id)
            .join(
                ContactRep,
                (ContactRep.contact_id == Contact.id)
                & (ContactRep.workspace_id == Contact.workspace_id),
            )
            .where(
                ContactRep.workspace_id == self.workspace_id,
                ContactRep.user_id == user_id,
                Contact.company_id.is_not(None),
                *self._active(),
            )
            .distinct()
        )

    def companies(self, user_id: int | None = None) -> Sequence[Row]:
        """(id, name) of the rep's companies, or of the workspace's when no rep is given."""
        query = select(Company.id, Company.name).where(
            Company.workspace_id == self.workspace_id,
            Company.merged_into_id.is_(None),
            Company.archived_at.is_(None),
        )
        if user_id is not None:
            query = query.where(Company.id.in_(self.held_by(user_id)))
        return self.session.execute(query.order_by(Company.name_key)).all()

    def _scope(self, company_id: int | None, user_id: int | None):
        if company_id is not None:
            return Contact.company_id == company_id
        if user_id is not None:
            return Contact.company_id.in_(self.held_by(user_id))
        return Contact.company_id.is_not(None)

    def people(self, company_id: int | None = None, user_id: int | None = None) -> Sequence[Row]:
        """The active contacts (not-met ones too) of one company, of the rep's companies,
        or of every company: one query, by the (workspace, company) index."""
        # Core rows through the connection: no ORM result machinery per row.
        return (
            self.session.connection()
            .execute(
                # No ORDER BY: SQLite would walk the name index of the whole workspace for it.
                select(*PEOPLE_COLUMNS).where(*self._active(), self._scope(company_id, user_id))
            )
            .all()
        )

    def knowers(self, company_id: int | None = None, user_id: int | None = None) -> Sequence[Row]:
        """(contact_id, user_id, display_name, notes): who on our team knows each of those
        contacts, with how many notes they wrote. One query over contact_reps; unordered
        (the caller sorts)."""
        # The contacts first (by the company index), then their rep rows by contact: an
        # IN over the ids keeps every planner from walking the workspace's rep rows.
        ids = select(Contact.id).where(*self._active(), self._scope(company_id, user_id))
        return (
            self.session.connection()
            .execute(
                select(
                    ContactRep.contact_id, ContactRep.user_id, User.display_name, ContactRep.notes
                )
                .join(User, User.id == ContactRep.user_id)
                .where(ContactRep.workspace_id == self.workspace_id, ContactRep.contact_id.in_(ids))
            )
            .all()
        )

    def answers(self, company_id: int, keys: Sequence[str], limit: int) -> Sequence[Row]:
        """(name, value, recorded_at) of the newest non-personal facts under `keys` about
        the company's contacts: what reps answered to the account's questions."""
        return self.session.execute(
            select(Contact.name, Fact.value, Fact.recorded_at)
            .join(
                Contact,
                (Contact.id == Fact.contact_id) & (Contact.workspace_id == Fact.workspace_id),
            )
            .where(
                Fact.workspace_id == self.workspace_id,
                Contact.company_id == company_id,
                Contact.archived_at.is_(None),
                Fact.key.in_(list(keys)),
                Fact.side != "personal",
            )
            .order_by(Fact.recorded_at.desc(), Fact.id.desc())
            .limit(limit)
        ).all()

    def places_of_reps(self, user_ids: Sequence[int]) -> Sequence[Row]:
        """(user_id, company, function, not_met, role) of every active contact at the
        companies each rep holds a contact at, for the nudges that widen accounts."""
        rows: list[Row] = []
        for start in range(0, len(user_ids), 500):
            chunk = list(user_ids[start : start + 500])
            held = (
                select(ContactRep.user_id, Contact.company_id)
                .join(
                    Contact,
                    (Contact.id == ContactRep.contact_id)
                    & (Contact.workspace_id == ContactRep.workspace_id),
                )
                .where(
                    ContactRep.workspace_id == self.workspace_id,
                    ContactRep.user_id.in_(chunk),
                    Contact.company_id.is_not(None),
                    *self._active(),
                )
                .distinct()
                .subquery()
            )
            rows += self.session.execute(
                select(
                    held.c.user_id, Company.name, Contact.function, Contact.not_met, Contact.role
                )
                .join(Contact, Contact.company_id == held.c.company_id)
                .join(Company, Company.id == Contact.company_id)
                .where(*self._active())
                .distinct()
            ).all()
        return rows
