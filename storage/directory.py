"""Workspaces, reps and contacts. Every contact query is scoped to one workspace."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

from sqlalchemy import Row, bindparam, func, or_, select, union, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from storage import contact_reps
from storage.models import (
    Company,
    Contact,
    ContactAlias,
    ContactRep,
    LedgerEntry,
    User,
    Workspace,
)
from storage.nudges import checks


def name_key(name: str) -> str:
    """Case- and space-insensitive form used for exact matches."""
    return " ".join(name.casefold().split())


# Built once: every request resolves its workspace and rep, so these are the hottest
# statements of all (building one costs about as much as running it on SQLite).
WORKSPACE_BY_ID = select(Workspace).where(
    Workspace.platform == bindparam("platform"), Workspace.external_id == bindparam("external")
)
USER_BY_ID = select(User).where(
    User.workspace_id == bindparam("workspace_id"), User.external_id == bindparam("external")
)


def get_or_create_workspace(
    session: Session, platform: str, external_id: str, now: datetime
) -> Workspace:
    params = {"platform": platform, "external": external_id}
    workspace = session.scalars(WORKSPACE_BY_ID, params).first()
    if workspace is not None:
        return workspace
    try:
        with session.begin_nested():
            workspace = Workspace(platform=platform, external_id=external_id, created_at=now)
            session.add(workspace)
    except IntegrityError:  # created concurrently by another request
        workspace = session.scalars(WORKSPACE_BY_ID, params).one()
    return workspace


def find_workspace(session: Session, platform: str, external_id: str) -> Workspace | None:
    params = {"platform": platform, "external": external_id}
    return session.scalars(WORKSPACE_BY_ID, params).first()


def get_or_create_user(
    session: Session,
    workspace_id: int,
    external_id: str,
    display_name: str,
    timezone: str | None,
    now: datetime,
) -> User:
    params = {"workspace_id": workspace_id, "external": external_id}
    user = session.scalars(USER_BY_ID, params).first()
    if user is None:
        try:
            with session.begin_nested():
                user = User(
                    workspace_id=workspace_id,
                    external_id=external_id,
                    display_name=display_name or external_id,
                    timezone=timezone,
                    created_at=now,
                )
                session.add(user)
        except IntegrityError:
            user = session.scalars(USER_BY_ID, params).one()
    if display_name and user.display_name != display_name:
        user.display_name = display_name
    if timezone and user.timezone != timezone:
        user.timezone = timezone
        checks.wake(session, workspace_id, user.id)  # their send time moved
    return user


LIST_COLUMNS = (
    Contact.id,
    Contact.name,
    Contact.name_key,
    Company.name.label("company"),
    Contact.balance,
    Contact.decay_sum,
    Contact.last_touch_at,
    Contact.cadence_days,
    Contact.company_id,
    Contact.not_met,
    Contact.created_at,  # a new contact's health counts from it (a stage's grace)
)


class ReportingLoop(ValueError):
    """The reporting line asked for would make someone their own (indirect) manager."""

    def __init__(self, chain: list[str]) -> None:
        super().__init__(" → ".join(chain))
        self.chain = chain


def _find_exact_statement():
    """Built once: a request then skips building the statement and its cache key."""
    ws, key = bindparam("workspace_id"), bindparam("key")
    # A UNION of three indexed look-ups: an OR across them would scan the table.
    ids = union(
        select(Contact.id).where(Contact.workspace_id == ws, Contact.name_key == key),
        select(Contact.id).where(Contact.workspace_id == ws, Contact.email_key == key),
        select(ContactAlias.contact_id).where(
            ContactAlias.workspace_id == ws, ContactAlias.alias_key == key
        ),
    )
    matched = ids.subquery()
    return (
        select(Contact)
        .join(matched, Contact.id == matched.c[0])
        .where(Contact.workspace_id == ws, Contact.archived_at.is_(None))
        .order_by(Contact.id)
    )


FIND_EXACT = _find_exact_statement()


class Contacts:
    """Contact look-ups and changes within one workspace."""

    def __init__(self, session: Session, workspace_id: int) -> None:
        self.session = session
        self.workspace_id = workspace_id

    def lock_for_create(self) -> None:
        """Hold the workspace's write lock until the transaction ends.

        Look a new contact up again after this, and two notes about that contact
        arriving at once (a redelivery storm, two reps after one meeting) create it
        once: the second waits, then finds the first one's contact. A no-op UPDATE locks
        the workspace row on PostgreSQL and takes the single writer's lock on SQLite,
        where a plain SELECT … FOR UPDATE would lock nothing.
        """
        self.session.execute(
            update(Workspace)
            .where(Workspace.id == self.workspace_id)
            .values(created_at=Workspace.created_at)
        )

    def get(self, contact_id: int, include_archived: bool = False) -> Contact | None:
        query = select(Contact).where(
            Contact.workspace_id == self.workspace_id, Contact.id == contact_id
        )
        if not include_archived:
            query = query.where(Contact.archived_at.is_(None))
        return self.session.scalars(query).first()

    def find_exact(self, text: str) -> list[Contact]:
        """Active contacts whose name, alias or email equals `text`, ignoring case."""
        params = {"workspace_id": self.workspace_id, "key": name_key(text)}
        return list(self.session.scalars(FIND_EXACT, params))

    def find_any(self, texts: Sequence[str]) -> list[tuple[str, Contact]]:
        """(key matched, contact) for every active contact whose name, alias or email
        equals one of `texts`, ignoring case: exact look-ups of many phrases at once."""
        keys = sorted({name_key(t) for t in texts if t.strip()})
        if not keys:
            return []
        ws = self.workspace_id
        rows = union(
            select(Contact.name_key, Contact.id).where(
                Contact.workspace_id == ws, Contact.name_key.in_(keys)
            ),
            select(Contact.email_key, Contact.id).where(
                Contact.workspace_id == ws, Contact.email_key.in_(keys)
            ),
            select(ContactAlias.alias_key, ContactAlias.contact_id).where(
                ContactAlias.workspace_id == ws, ContactAlias.alias_key.in_(keys)
            ),
        )
        matched = self.session.execute(rows).all()
        contacts = {
            c.id: c
            for c in self.session.scalars(
                select(Contact).where(
                    Contact.workspace_id == ws,
                    Contact.id.in_({row[1] for row in matched}),
                    Contact.archived_at.is_(None),
                )
            )
        }
        return [(row[0], contacts[row[1]]) for row in matched if row[1] in contacts]

    def names_for_matching(self) -> list[tuple[int, str]]:
        """(contact id, name or alias) for every active contact: the fuzzy-match corpus."""
        names = self.session.execute(
            select(Contact.id, Contact.name).where(
                Contact.workspace_id == self.workspace_id, Contact.archived_at.is_(None)
            )
        ).all()
        aliases = self.session.execute(
            select(ContactAlias.contact_id, ContactAlias.alias)
            .join(Contact, Contact.id == ContactAlias.contact_id)
            .where(ContactAlias.workspace_id == self.workspace_id, Contact.archived_at.is_(None))
        ).all()
        return [(row[0], row[1]) for row in [*names, *aliases]]

    def add(
        self,
        name: str,
        now: datetime,
        created_by_id: int | None,
        company: Company | None = None,
        email: str | None = None,
        not_met: bool = False,
    ) -> Contact:
        contact = Contact(
            workspace_id=self.workspace_id,
            name=name,
            name_key=name_key(name),
            company_record=company,
            not_met=not_met,
            email=email,
            email_key=name_key(email) if email else None,
            created_by_id=created_by_id,
            created_at=now,
            balance=0,
            credits=0,
            debits=0,
            entry_count=0,
            decay_sum=0.0,
        )
        self.session.add(contact)
        self.session.flush()
        if created_by_id is not None:
            contact_reps.link(self.session, self.workspace_id, created_by_id, contact.id)
        return contact

    def rename(self, contact: Contact, new_name: str, company: Company | None = None) -> None:
        """A new name (and company, when given); the old name is not kept as an alias."""
        contact.name = new_name
        contact.name_key = name_key(new_name)
        if company is not None:
            self.set_company(contact, company)

    def set_company(self, contact: Contact, company: Company | None) -> None:
        contact.company_record = company
        contact.company_id = company.id if company is not None else None

    def set_role(self, contact: Contact, role: str | None, function: str | None) -> None:
        """The title as typed and one function key (checked by the caller against the list)."""
        contact.role = role
        contact.function = function

    def manager_chain(self, contact: Contact) -> list[Contact]:
        """Whom the contact reports to, and up: nearest first (a stored loop stops it)."""
        chain: list[Contact] = []
        seen = {contact.id}
        current = contact
        while current.reports_to_id is not None and current.reports_to_id not in seen:
            manager = self.get(current.reports_to_id, include_archived=True)
            if manager is None:
                break
            chain.append(manager)
            seen.add(manager.id)
            current = manager
        return chain

    def set_reports_to(self, contact: Contact, manager: Contact | None) -> None:
        """ReportingLoop when `manager` is the contact or reports to them, however far up."""
        if manager is not None:
            if manager.id == contact.id:
                raise ReportingLoop([contact.name, contact.name])
            above = self.manager_chain(manager)
            if any(c.id == contact.id for c in above):
                upto = [c.name for c in above[: [c.id for c in above].index(contact.id) + 1]]
                raise ReportingLoop([contact.name, manager.name, *upto])
        contact.reports_to_id = manager.id if manager is not None else None

    def reports_of(self, contact_id: int) -> list[Contact]:
        """Active contacts reporting directly to this one."""
        return list(
            self.session.scalars(
                select(Contact)
                .where(
                    Contact.workspace_id == self.workspace_id,
                    Contact.reports_to_id == contact_id,
                    Contact.archived_at.is_(None),
                )
                .order_by(Contact.name_key)
            )
        )

    def contacts_of_company(self, company_id: int) -> list[Contact]:
        """The company's active contacts (not-met stakeholders too), in one indexed query."""
        return list(
            self.session.scalars(
                select(Contact)
                .where(
                    Contact.workspace_id == self.workspace_id,
                    Contact.company_id == company_id,
                    Contact.archived_at.is_(None),
                )
                .order_by(Contact.name_key)
            ).unique()
        )

    def archive(self, contact: Contact, now: datetime) -> None:
        """Out of lists and look-ups; the ledger and facts are kept."""
        contact.archived_at = now

    def set_cadence(self, contact: Contact, days: int) -> None:
        contact.cadence_days = days

    def refresh(self, contact: Contact) -> None:
        """Re-read a contact whose aggregates were moved by a bulk UPDATE."""
        self.session.refresh(contact)

    def merge(self, source: Contact, target: Contact, now: datetime) -> dict[str, int]:
        """Move everything of `source` onto `target` (see merge_contacts); the counts moved."""
        return merge_contacts(self.session, self.workspace_id, source, target, now)

    def add_alias(self, contact: Contact, alias: str) -> bool:
        """False when the alias already names a contact in this workspace."""
        key = name_key(alias)
        taken = self.session.scalars(
            select(ContactAlias).where(
                ContactAlias.workspace_id == self.workspace_id, ContactAlias.alias_key == key
            )
        ).first()
        if taken is not None:
            return False
        self.session.add(
            ContactAlias(
                workspace_id=self.workspace_id, contact_id=contact.id, alias=alias, alias_key=key
            )
        )
        return True

    def aliases(self, contact_id: int) -> list[str]:
        return list(
            self.session.scalars(
                select(ContactAlias.alias)
                .where(
                    ContactAlias.workspace_id == self.workspace_id,
                    ContactAlias.contact_id == contact_id,
                )
                .order_by(ContactAlias.id)
            )
        )

    def search(self, text: str | None, limit: int = 50) -> Sequence[Contact]:
        query = select(Contact).where(
            Contact.workspace_id == self.workspace_id, Contact.archived_at.is_(None)
        )
        if text:
            key = name_key(text)
            # autoescape: '%' and '_' typed by a rep are plain characters, not wildcards.
            query = query.where(
                or_(
                    Contact.name_key.contains(key, autoescape=True),
                    Contact.company_id.in_(
                        select(Company.id).where(
                            Company.workspace_id == self.workspace_id,
                            Company.name_key.contains(key, autoescape=True),
                        )
                    ),
                    Contact.email_key.contains(key, autoescape=True),
                )
            )
        return self.session.scalars(query.order_by(Contact.name_key).limit(limit)).all()

    def count(self) -> int:
        return (
            self.session.scalar(
                select(func.count())
                .select_from(Contact)
                .where(Contact.workspace_id == self.workspace_id, Contact.archived_at.is_(None))
            )
            or 0
        )

    def touched_by(self, user_id: int) -> Sequence[Row]:
        """The rep's contacts (created or written about), in one indexed query; a
        stakeholder not met yet is white space on its account, not a contact at risk.

        Plain rows, not ORM objects: a rep may hold thousands and only these columns
        are read.
        """
        query = (
            select(*LIST_COLUMNS)
            .join(
                ContactRep,
                (ContactRep.contact_id == Contact.id)
                & (ContactRep.workspace_id == Contact.workspace_id),
            )
            .outerjoin(Company, Company.id == Contact.company_id)
            .where(
                ContactRep.workspace_id == self.workspace_id,
                ContactRep.user_id == user_id,
                Contact.archived_at.is_(None),
                Contact.not_met.is_(False),
            )
        )
        return self.session.execute(query).all()


def merge_contacts(
    session: Session, workspace_id: int, source: Contact, target: Contact, now: datetime
) -> dict[str, int]:
    """Move everything of `source` onto `target`; `source` is archived and becomes an alias.

    Entries keep their content; only the account they belong to changes.
    """
    from sqlalchemy import update

    from storage.models import Fact, LoyaltyAnswer, PendingNote
    from storage.stages.models import FeedbackItem

    counts = {}
    moved = (
        ("entries", LedgerEntry),
        ("facts", Fact),
        ("pending", PendingNote),
        ("loyalty", LoyaltyAnswer),
        ("feedback", FeedbackItem),
    )
    for name, model in moved:
        result = session.execute(
            update(model)
            .where(model.workspace_id == workspace_id, model.contact_id == source.id)
            .values(contact_id=target.id)
            .execution_options(synchronize_session=False)
        )
        counts[name] = result.rowcount
    session.execute(
        update(ContactAlias)
        .where(ContactAlias.workspace_id == workspace_id, ContactAlias.contact_id == source.id)
        .values(contact_id=target.id)
        .execution_options(synchronize_session=False)
    )
    Contacts(session, workspace_id).add_alias(target, source.name)
    contact_reps.backfill(session, workspace_id)
    if source.email and not target.email:
        target.email, target.email_key = source.email, source.email_key
    # Their place at the customer: kept where the target has none; reports follow them.
    if source.company_id is not None and target.company_id is None:
        target.company_id = source.company_id
        session.expire(target, ["company_record"])
    if source.role and not target.role:
        target.role, target.function = source.role, source.function
    if source.reports_to_id not in (None, target.id) and target.reports_to_id is None:
        target.reports_to_id = source.reports_to_id
    session.execute(
        update(Contact)
        .where(Contact.workspace_id == workspace_id, Contact.reports_to_id == source.id)
        .values(reports_to_id=target.id)
        .execution_options(synchronize_session=False)
    )
    if target.reports_to_id == target.id:
        target.reports_to_id = None
    source.reports_to_id = None
    source.archived_at = now
    source.merged_into_id = target.id
    return counts
