"""The unit of work owns the transaction and hands out the repositories.

Queries and repositories never commit. Repositories of tenant data are scoped to the
workspace the unit of work is bound to (`bind`, or `resolve` once the request's identity
is known); the scheduler's cross-workspace queue (`outbox`) needs no binding.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from types import TracebackType
from typing import Any, TypeVar

from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session, sessionmaker

from storage.address_book import Addresses
from storage.amends.repository import Amends
from storage.audit import AuditLog
from storage.calendars.feeds import CalendarFeeds
from storage.calendars.repository import Calendars
from storage.companies import Companies
from storage.contact_import import ContactImports
from storage.directory import Contacts, get_or_create_workspace
from storage.facts import Facts
from storage.identities import Identities, UserRow, WorkspaceRow
from storage.ledger import Ledger
from storage.loyalty import LoyaltyAnswers
from storage.nudges.inputs import NudgeInputs
from storage.nudges.outbox import Outbox
from storage.nudges.prefs import Prefs
from storage.nudges.repository import Nudges
from storage.nudges.team_digests import TeamDigests
from storage.pending import PendingNotes
from storage.promises import Promises
from storage.views.accounts import AccountViews
from storage.views.briefs import BriefViews
from storage.views.digests import DigestViews

# What the core is handed to open units of work with (the composition root builds it).
SessionFactory = sessionmaker[Session]

# A unique key lost to a concurrent write (a redelivery, a double click): the caller may
# run again and find the rows the other writer saved.
ConcurrentWrite = IntegrityError

R = TypeVar("R")


class NotBound(RuntimeError):
    """A workspace repository was asked for before the unit of work knew the workspace."""


class UnitOfWork:
    """`with uow:` opens a session; `commit()` is explicit; leaving without it rolls back."""

    def __init__(self, session_factory: SessionFactory, half_life_days: float | None = None):
        self._session_factory = session_factory
        self._half_life_days = half_life_days
        self.session: Session
        self.workspace_id: int | None = None
        self._repos: dict[str, Any] = {}

    def __enter__(self) -> UnitOfWork:
        self.session = self._session_factory()
        self.workspace_id = None
        self._repos = {}
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.session.rollback()
        self.session.close()

    def commit(self) -> None:
        self.session.commit()

    def rollback(self) -> None:
        self.session.rollback()

    def flush(self) -> None:
        """Send pending changes now, so a constraint fails here and not at commit."""
        self.session.flush()

    def bind(self, workspace_id: int) -> UnitOfWork:
        """Scope every repository handed out from now on to this workspace."""
        if self.workspace_id != workspace_id:
            self.workspace_id = workspace_id
            self._repos = {}
        return self

    def bind_workspace(self, platform: str, external_id: str, now: datetime) -> UnitOfWork:
        """Bind to a workspace by its platform id (created if new), for calls that have
        no rep, such as an app being added to a team."""
        return self.bind(get_or_create_workspace(self.session, platform, external_id, now).id)

    def resolve(
        self,
        identities: Identities,
        platform: str,
        workspace_external_id: str,
        user_external_id: str,
        display_name: str,
        timezone: str | None,
        now: datetime,
    ) -> tuple[WorkspaceRow, UserRow, bool]:
        """Who is asking (get-or-create, through the process's memory), and bind to their
        workspace; `learned` as in `Identities.resolve`."""
        ws, rep, learned = identities.resolve(
            self.session,
            platform,
            workspace_external_id,
            user_external_id,
            display_name,
            timezone,
            now,
        )
        self.bind(ws.id)
        return ws, rep, learned

    def _scoped(self, name: str, build: Callable[[Session, int], R]) -> R:
        if self.workspace_id is None:
            raise NotBound(f"uow.{name} needs a workspace: call bind() or resolve() first")
        repo = self._repos.get(name)
        if repo is None:
            repo = self._repos[name] = build(self.session, self.workspace_id)
        return repo

    @property
    def contacts(self) -> Contacts:
        return self._scoped("contacts", Contacts)

    @property
    def companies(self) -> Companies:
        return self._scoped("companies", Companies)

    @property
    def contact_imports(self) -> ContactImports:
        return self._scoped("contact_imports", ContactImports)

    @property
    def ledger(self) -> Ledger:
        half_life = self._half_life_days
        if half_life is None:
            raise NotBound("uow.ledger needs the half-life: UnitOfWork(..., half_life_days)")
        return self._scoped("ledger", lambda s, ws: Ledger(s, ws, half_life))

    @property
    def facts(self) -> Facts:
        return self._scoped("facts", Facts)

    @property
    def loyalty(self) -> LoyaltyAnswers:
        return self._scoped("loyalty", LoyaltyAnswers)

    @property
    def pending(self) -> PendingNotes:
        return self._scoped("pending", PendingNotes)

    @property
    def promises(self) -> Promises:
        return self._scoped("promises", Promises)

    @property
    def amends(self) -> Amends:
        return self._scoped("amends", Amends)

    @property
    def nudges(self) -> Nudges:
        return self._scoped("nudges", Nudges)

    @property
    def nudge_inputs(self) -> NudgeInputs:
        return self._scoped("nudge_inputs", NudgeInputs)

    @property
    def prefs(self) -> Prefs:
        return self._scoped("prefs", Prefs)

    @property
    def team_digests(self) -> TeamDigests:
        return self._scoped("team_digests", TeamDigests)

    @property
    def addresses(self) -> Addresses:
        return self._scoped("addresses", Addresses)

    @property
    def audit(self) -> AuditLog:
        return self._scoped("audit", AuditLog)

    @property
    def calendars(self) -> Calendars:
        return self._scoped("calendars", Calendars)

    @property
    def accounts(self) -> AccountViews:
        return self._scoped("accounts", AccountViews)

    @property
    def digests(self) -> DigestViews:
        return self._scoped("digests", DigestViews)

    @property
    def briefs(self) -> BriefViews:
        return self._scoped("briefs", BriefViews)

    @property
    def outbox(self) -> Outbox:
        """The scheduler's queue across workspaces: expiry, reachable reps, delivery."""
        repo = self._repos.get("outbox")
        if repo is None:
            repo = self._repos["outbox"] = Outbox(self.session)
        return repo

    @property
    def calendar_feeds(self) -> CalendarFeeds:
        """The poller's and the meeting prompts' view across workspaces."""
        repo = self._repos.get("calendar_feeds")
        if repo is None:
            repo = self._repos["calendar_feeds"] = CalendarFeeds(self.session)
        return repo
