"""Customer companies of one workspace: names, aliases, email domains, merges."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import bindparam, func, select, union, update
from sqlalchemy.orm import Session

from storage.directory import name_key
from storage.models import AuditEvent, Company, CompanyAlias, CompanyDomain, Contact
from storage.stages.models import FeedbackItem

# The audit action the company-strings migration records its near-duplicates under.
POSSIBLE_DUPLICATES = "company.possible_duplicates"


def domain_key(domain: str) -> str:
    """Domains compare without case and without a trailing dot."""
    return domain.strip().casefold().rstrip(".")


def _find_exact_statement():
    ws, key = bindparam("workspace_id"), bindparam("key")
    # Three indexed look-ups in a UNION, as for contacts: an OR would scan the table.
    ids = union(
        select(Company.id).where(Company.workspace_id == ws, Company.name_key == key),
        select(CompanyAlias.company_id).where(
            CompanyAlias.workspace_id == ws, CompanyAlias.alias_key == key
        ),
        select(CompanyDomain.company_id).where(
            CompanyDomain.workspace_id == ws, CompanyDomain.domain == key
        ),
    )
    matched = ids.subquery()
    return (
        select(Company)
        .join(matched, Company.id == matched.c[0])
        .where(Company.workspace_id == ws, Company.merged_into_id.is_(None))
        .where(Company.archived_at.is_(None))
        .order_by(Company.id)
    )


FIND_EXACT = _find_exact_statement()


@dataclass(frozen=True)
class CompanyListing:
    id: int
    name: str
    contacts: int
    aliases: list[str]
    domains: list[str]


class NameTaken(ValueError):
    """The name, alias or domain already names a company of this workspace."""

    def __init__(self, text: str, company: Company) -> None:
        super().__init__(f"{text!r} already names {company.name}")
        self.text = text
        self.company = company


class Companies:
    """Company look-ups and changes within one workspace."""

    def __init__(self, session: Session, workspace_id: int) -> None:
        self.session = session
        self.workspace_id = workspace_id

    def get(self, company_id: int) -> Company | None:
        return self.session.scalars(
            select(Company).where(
                Company.workspace_id == self.workspace_id, Company.id == company_id
            )
        ).first()

    def find_exact(self, text: str) -> Company | None:
        """The active company whose name, alias or email domain equals `text` (any case)."""
        params = {"workspace_id": self.workspace_id, "key": name_key(text)}
        found = self.session.scalars(FIND_EXACT, params).first()
        if found is None and "." in text:
            params["key"] = domain_key(text)
            found = self.session.scalars(FIND_EXACT, params).first()
        return found

    def by_email(self, email: str | None) -> Company | None:
        """The company owning the email's domain (jane@acme.example → Acme), if any."""
        if not email or "@" not in email:
            return None
        domain = domain_key(email.rpartition("@")[2])
        found = self.session.scalars(
            select(Company)
            .join(CompanyDomain, CompanyDomain.company_id == Company.id)
            .where(
                CompanyDomain.workspace_id == self.workspace_id,
                CompanyDomain.domain == domain,
                Company.merged_into_id.is_(None),
            )
        ).first()
        return found

    def names_for_matching(self) -> list[tuple[int, str]]:
        """(company id, name or alias) for every active company: the fuzzy-match corpus."""
        active = (Company.workspace_id == self.workspace_id) & Company.merged_into_id.is_(None)
        names = self.session.execute(select(Company.id, Company.name).where(active)).all()
        aliases = self.session.execute(
            select(CompanyAlias.company_id, CompanyAlias.alias)
            .join(Company, Company.id == CompanyAlias.company_id)
            .where(CompanyAlias.workspace_id == self.workspace_id, active)
        ).all()
        return [(row[0], row[1]) for row in [*names, *aliases]]

    def _taken(self, text: str) -> Company | None:
        """Any company (merged ones too: their rows keep their keys) named `text`."""
        key = name_key(text)
        ids = union(
            select(Company.id).where(
                Company.workspace_id == self.workspace_id, Company.name_key == key
            ),
            select(CompanyAlias.company_id).where(
                CompanyAlias.workspace_id == self.workspace_id, CompanyAlias.alias_key == key
            ),
        ).subquery()
        return self.session.scalars(
            select(Company).join(ids, Company.id == ids.c[0]).order_by(Company.id)
        ).first()

    def _domain_owner(self, domain: str) -> Company | None:
        return self.session.scalars(
            select(Company)
            .join(CompanyDomain, CompanyDomain.company_id == Company.id)
            .where(
                CompanyDomain.workspace_id == self.workspace_id,
                CompanyDomain.domain == domain_key(domain),
            )
        ).first()

    def add(
        self,
        name: str,
        now: datetime,
        created_by_id: int | None,
        domains: Sequence[str] = (),
    ) -> Company:
        """A new company; NameTaken when the name or a domain is already a company's."""
        taken = self._taken(name)
        if taken is not None:
            raise NameTaken(name, taken)
        for domain in domains:
            owner = self._domain_owner(domain)
            if owner is not None:
                raise NameTaken(domain, owner)
        company = Company(
            workspace_id=self.workspace_id,
            name=name,
            name_key=name_key(name),
            created_at=now,
            created_by_id=created_by_id,
        )
        self.session.add(company)
        self.session.flush()
        for domain in domains:
            self.add_domain(company, domain)
        return company

    def rename(self, company: Company, new_name: str) -> None:
        """NameTaken when another company already goes by `new_name`."""
        taken = self._taken(new_name)
        if taken is not None and taken.id != company.id:
            raise NameTaken(new_name, taken)
        company.name = new_name
        company.name_key = name_key(new_name)
        self.session.flush()

    def add_alias(self, company: Company, alias: str) -> None:
        taken = self._taken(alias)
        if taken is not None:
            raise NameTaken(alias, taken)
        self.session.add(
            CompanyAlias(
                workspace_id=self.workspace_id,
                company_id=company.id,
                alias=alias,
                alias_key=name_key(alias),
            )
        )
        self.session.flush()

    def add_domain(self, company: Company, domain: str) -> None:
        owner = self._domain_owner(domain)
        if owner is not None:
            if owner.id == company.id:
                return
            raise NameTaken(domain, owner)
        self.session.add(
            CompanyDomain(
                workspace_id=self.workspace_id, company_id=company.id, domain=domain_key(domain)
            )
        )
        self.session.flush()

    def aliases(self, company_id: int) -> list[str]:
        return list(
            self.session.scalars(
                select(CompanyAlias.alias)
                .where(
                    CompanyAlias.workspace_id == self.workspace_id,
                    CompanyAlias.company_id == company_id,
                )
                .order_by(CompanyAlias.id)
            )
        )

    def domains(self, company_id: int) -> list[str]:
        return list(
            self.session.scalars(
                select(CompanyDomain.domain)
                .where(
                    CompanyDomain.workspace_id == self.workspace_id,
                    CompanyDomain.company_id == company_id,
                )
                .order_by(CompanyDomain.id)
            )
        )

    def merge(self, source: Company, target: Company, actor: str, now: datetime) -> dict:
        """Move the contacts, aliases and domains of `source` onto `target`.

        `source` keeps its row, pointing at `target`, and its name becomes one of
        `target`'s aliases so a rep typing the old name still lands there.
        """
        if source.id == target.id:
            raise ValueError("a company cannot be merged into itself")
        ws = self.workspace_id
        moved = {}
        for name, model in (
            ("contacts", Contact),
            ("aliases", CompanyAlias),
            ("domains", CompanyDomain),
            ("feedback", FeedbackItem),  # what the customer asked of us goes along
        ):
            result = self.session.execute(
                update(model)
                .where(model.workspace_id == ws, model.company_id == source.id)
                .values(company_id=target.id)
                .execution_options(synchronize_session=False)
            )
            moved[name] = result.rowcount
        self.session.add(
            CompanyAlias(
                workspace_id=ws, company_id=target.id, alias=source.name, alias_key=source.name_key
            )
        )
        source.merged_into_id = target.id
        self.session.add(
            AuditEvent(
                workspace_id=ws,
                actor=actor,
                action="company.merge",
                detail={"source_id": source.id, "target_id": target.id, **moved},
                created_at=now,
            )
        )
        self.session.flush()
        # Contacts loaded before the bulk UPDATE would still show the old company.
        self.session.expire_all()
        return moved

    def list(self) -> list[CompanyListing]:
        """Every active company with its contact count, aliases and domains, by name."""
        counts = (
            select(Contact.company_id, func.count().label("n"))
            .where(Contact.workspace_id == self.workspace_id, Contact.archived_at.is_(None))
            .group_by(Contact.company_id)
            .subquery()
        )
        rows = self.session.execute(
            select(Company.id, Company.name, func.coalesce(counts.c.n, 0))
            .outerjoin(counts, counts.c.company_id == Company.id)
            .where(
                Company.workspace_id == self.workspace_id,
                Company.merged_into_id.is_(None),
                Company.archived_at.is_(None),
            )
            .order_by(Company.name_key)
        ).all()
        aliases: dict[int, list[str]] = {}
        for company_id, alias in self.session.execute(
            select(CompanyAlias.company_id, CompanyAlias.alias)
            .where(CompanyAlias.workspace_id == self.workspace_id)
            .order_by(CompanyAlias.id)
        ):
            aliases.setdefault(company_id, []).append(alias)
        domains: dict[int, list[str]] = {}
        for company_id, domain in self.session.execute(
            select(CompanyDomain.company_id, CompanyDomain.domain)
            .where(CompanyDomain.workspace_id == self.workspace_id)
            .order_by(CompanyDomain.id)
        ):
            domains.setdefault(company_id, []).append(domain)
        return [
            CompanyListing(id, name, count, aliases.get(id, []), domains.get(id, []))
            for id, name, count in rows
        ]

    def possible_duplicates(self) -> list[tuple[str, str]]:
        """Name pairs the migration left apart as near-duplicates, while both still exist
        as separate active companies."""
        events = self.session.scalars(
            select(AuditEvent.detail).where(
                AuditEvent.workspace_id == self.workspace_id,
                AuditEvent.action == POSSIBLE_DUPLICATES,
            )
        ).all()
        active = {
            name_key(name): id
            for id, name in self.session.execute(
                select(Company.id, Company.name).where(
                    Company.workspace_id == self.workspace_id,
                    Company.merged_into_id.is_(None),
                    Company.archived_at.is_(None),
                )
            )
        }
        pairs = []
        for detail in events:
            for first, second in detail.get("pairs", []):
                a, b = active.get(name_key(first)), active.get(name_key(second))
                if a is not None and b is not None and a != b:
                    pairs.append((first, second))
        return pairs
