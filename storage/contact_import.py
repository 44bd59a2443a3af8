"""Bulk reads and writes behind a contact import: the workspace's contacts and companies
read once as plain rows, new ones inserted many at a time (an import may hold 50,000)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import bindparam, insert, select, update
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.orm import Session

from storage.companies import domain_key
from storage.directory import name_key
from storage.models import Company, CompanyAlias, CompanyDomain, Contact, ContactRep


@dataclass
class KnownContact:
    """The columns an import matches and fills; `id` is None until the row is written."""

    id: int | None
    name: str
    email: str | None
    company_id: int | None
    role: str | None
    function: str | None
    reports_to_id: int | None


@dataclass(frozen=True)
class KnownCompanies:
    """Every active company's keys: name and alias keys, domains, and (id, name) pairs."""

    by_key: dict[str, int]
    by_domain: dict[str, int]
    names: list[tuple[int, str]]


class ContactImports:
    """The import's door to storage, within one workspace. Never commits."""

    def __init__(self, session: Session, workspace_id: int) -> None:
        self.session = session
        self.workspace_id = workspace_id

    def contacts(self) -> list[KnownContact]:
        """Active contacts (not archived, not merged away), in one query."""
        rows = self.session.execute(
            select(
                Contact.id,
                Contact.name,
                Contact.email,
                Contact.company_id,
                Contact.role,
                Contact.function,
                Contact.reports_to_id,
            ).where(
                Contact.workspace_id == self.workspace_id,
                Contact.archived_at.is_(None),
                Contact.merged_into_id.is_(None),
            )
        )
        return [KnownContact(*row) for row in rows]

    def companies(self) -> KnownCompanies:
        ws = self.workspace_id
        active = (Company.workspace_id == ws) & Company.merged_into_id.is_(None)
        active &= Company.archived_at.is_(None)
        names = [(row[0], row[1]) for row in self.session.execute(
            select(Company.id, Company.name).where(active)
        )]  # fmt: skip
        by_key = {name_key(name): id for id, name in names}
        for company_id, alias in self.session.execute(
            select(CompanyAlias.company_id, CompanyAlias.alias)
            .join(Company, Company.id == CompanyAlias.company_id)
            .where(CompanyAlias.workspace_id == ws, active)
        ):
            by_key.setdefault(name_key(alias), company_id)
            names.append((company_id, alias))
        by_domain = {
            domain_key(domain): company_id
            for company_id, domain in self.session.execute(
                select(CompanyDomain.company_id, CompanyDomain.domain)
                .join(Company, Company.id == CompanyDomain.company_id)
                .where(CompanyDomain.workspace_id == ws, active)
            )
        }
        return KnownCompanies(by_key, by_domain, names)

    def add_companies(
        self, names: Sequence[str], now: datetime, created_by_id: int | None
    ) -> list[int]:
        """New companies, named as given (the caller checked that no company has the
        name); their ids in the same order."""
        if not names:
            return []
        rows = [
            {
                "workspace_id": self.workspace_id,
                "name": name,
                "name_key": name_key(name),
                "created_at": now,
                "created_by_id": created_by_id,
            }
            for name in names
        ]
        result = self.session.execute(
            insert(Company).returning(Company.id, sort_by_parameter_order=True), rows
        )
        return [row[0] for row in result]

    def add_contacts(
        self, contacts: Sequence[KnownContact], now: datetime, created_by_id: int | None
    ) -> None:
        """Insert them, set each one's `id`, and link them to the rep who imported them."""
        if not contacts:
            return
        rows = [
            {
                "workspace_id": self.workspace_id,
                "name": c.name,
                "name_key": name_key(c.name),
                "company_id": c.company_id,
                "role": c.role,
                "function": c.function,
                "email": c.email,
                "email_key": name_key(c.email) if c.email else None,
                "not_met": False,
                "created_by_id": created_by_id,
                "created_at": now,
                "balance": 0,
                "credits": 0,
                "debits": 0,
                "entry_count": 0,
                "decay_sum": 0.0,
                "attempts_since_touch": 0,
            }
            for c in contacts
        ]
        result = self.session.execute(
            insert(Contact).returning(Contact.id, sort_by_parameter_order=True), rows
        )
        for contact, row in zip(contacts, result, strict=True):
            contact.id = row[0]
        if created_by_id is not None:
            dialect = self.session.get_bind().dialect.name
            builder = postgresql.insert if dialect == "postgresql" else sqlite.insert
            self.session.execute(
                builder(ContactRep).on_conflict_do_nothing(),
                [
                    {
                        "workspace_id": self.workspace_id,
                        "user_id": created_by_id,
                        "contact_id": c.id,
                    }
                    for c in contacts
                ],
            )

    def update_contacts(self, changes: Sequence[tuple[int, dict]]) -> None:
        """Set the given columns (company_id, email, role, function, reports_to_id) on
        each contact id; one statement per set of columns changed."""
        groups: dict[tuple[str, ...], list[dict]] = {}
        for contact_id, values in changes:
            values = dict(values)
            if "email" in values:
                values["email_key"] = name_key(values["email"]) if values["email"] else None
            groups.setdefault(tuple(sorted(values)), []).append({"b_id": contact_id, **values})
        for columns, rows in groups.items():
            statement = (
                update(Contact.__table__)
                .where(
                    Contact.__table__.c.workspace_id == self.workspace_id,
                    Contact.__table__.c.id == bindparam("b_id"),
                )
                .values({column: bindparam(column) for column in columns})
            )
            self.session.execute(statement, rows)
        self.session.expire_all()
