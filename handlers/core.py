"""The core's one entry point: an IncomingMessage or ActionEvent in, a Reply out."""

from __future__ import annotations

import logging
import sqlite3
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import UTC, datetime

from sqlalchemy.exc import DBAPIError, IntegrityError, InterfaceError, OperationalError
from sqlalchemy.exc import TimeoutError as PoolTimeout
from sqlalchemy.orm import Session, sessionmaker

import prompts
from handlers.context import Ctx, Services
from handlers.forms import SUGGESTERS
from handlers.ledger.sentiment import SignReader
from handlers.messages import ActionEvent, IncomingMessage, Reply, UserRef, WorkspaceRef
from handlers.policy import Policy
from handlers.ports import Address, Channel
from handlers.profile.question_bank import QuestionBank
from handlers.router import route_action, route_text
from storage.addresses import (
    StoredChannel,
    forget_address,
    forget_channels,
    save_address,
    save_channel,
)
from storage.directory import get_or_create_user, get_or_create_workspace
from storage.identities import Identities
from storage.unit_of_work import UnitOfWork

log = logging.getLogger(__name__)

Clock = Callable[[], datetime]


def utc_now() -> datetime:
    return datetime.now(UTC)


class StorageUnavailable(Exception):
    """The database cannot be reached (or is locked) right now; nothing was saved.

    Adapters answer it with "try again": Slack events with a non-2xx so that Slack
    redelivers, commands and buttons with a message the rep can read.
    """


TRY_AGAIN = (
    "I cannot reach my database right now, so nothing was saved. Please try again in a minute."
)


# SQLite reports a missing table as an OperationalError too: only these are transient.
SQLITE_TRANSIENT = ("database is locked", "database is busy", "unable to open", "disk i/o")


@contextmanager
def storage_guard() -> Iterator[None]:
    """Connection-level database errors as StorageUnavailable; any other error (a bug, a
    missing table, a constraint) passes unchanged."""
    try:
        yield
    except (DBAPIError, PoolTimeout) as exc:
        if _unavailable(exc):
            raise StorageUnavailable(_first_line(exc)) from exc
        raise


def _unavailable(exc: Exception) -> bool:
    if isinstance(exc, PoolTimeout):  # every pooled connection busy for too long
        return True
    if getattr(exc, "connection_invalidated", False):  # the server went away mid-statement
        return True
    if not isinstance(exc, (OperationalError, InterfaceError)):
        return False
    orig = getattr(exc, "orig", None)
    if isinstance(orig, sqlite3.Error):
        return any(sign in str(orig).lower() for sign in SQLITE_TRANSIENT)
    return True  # PostgreSQL: refused, reset, timed out, shutting down


def _first_line(exc: Exception) -> str:
    return (str(getattr(exc, "orig", None) or exc).strip().splitlines() or [""])[0]


class Core:
    """Decides; adapters translate. One instance per process, shared by every adapter."""

    def __init__(
        self,
        session_factory: sessionmaker[Session],
        policy: Policy | None = None,
        clock: Clock = utc_now,
    ) -> None:
        self.session_factory = session_factory
        self.policy = policy or Policy()
        self.clock = clock
        self.services = Services(
            sign_reader=SignReader(),
            questions=QuestionBank(),
            categories=prompts.load("categories")["categories"],
        )
        self.identities = Identities()

    def handle_message(self, message: IncomingMessage) -> Reply:
        return self._run(
            message.workspace,
            message.user,
            message.idempotency_key,
            lambda ctx: route_text(ctx, message.text),
        )

    def handle_action(self, event: ActionEvent) -> Reply:
        return self._run(
            event.workspace,
            event.user,
            event.idempotency_key,
            lambda ctx: route_action(ctx, event.action_id, event.value, dict(event.values)),
        )

    def suggest(self, workspace: WorkspaceRef, user: UserRef, source: str, query: str) -> list[str]:
        """Type-ahead for a form field (InputField.suggest); reads only, saves nothing."""
        suggester = SUGGESTERS.get(source)
        if suggester is None:
            return []
        with storage_guard(), UnitOfWork(self.session_factory) as uow:
            return suggester(self._context(uow, workspace, user, None)[0], query)

    def remember_address(
        self, workspace: WorkspaceRef, user: UserRef, platform: str, address: Address
    ) -> None:
        """Store where the rep can be reached proactively (called by adapters on each message)."""
        with storage_guard(), UnitOfWork(self.session_factory) as uow:
            now = self.clock()
            ws = get_or_create_workspace(
                uow.session, workspace.platform, workspace.external_id, now
            )
            rep = get_or_create_user(
                uow.session, ws.id, user.external_id, user.display_name, user.timezone, now
            )
            save_address(uow.session, ws.id, rep.id, platform, address, now)
            uow.commit()

    def forget_address(self, workspace: WorkspaceRef, user: UserRef) -> None:
        """The rep removed the app from their chat: drop the address (nudges stop)."""
        with storage_guard(), UnitOfWork(self.session_factory) as uow:
            now = self.clock()
            ws = get_or_create_workspace(
                uow.session, workspace.platform, workspace.external_id, now
            )
            rep = get_or_create_user(
                uow.session, ws.id, user.external_id, user.display_name, user.timezone, now
            )
            forget_address(uow.session, ws.id, rep.id)
            uow.commit()

    def remember_channel(self, workspace: WorkspaceRef, channel: Channel) -> None:
        """Store a shared channel the bot was added to (adapters call it on install)."""
        with storage_guard(), UnitOfWork(self.session_factory) as uow:
            now = self.clock()
            ws = get_or_create_workspace(
                uow.session, workspace.platform, workspace.external_id, now
            )
            stored = StoredChannel(channel.address, channel.label, channel.scope or "")
            save_channel(uow.session, ws.id, workspace.platform, stored, now)
            uow.commit()

    def forget_channels(self, workspace: WorkspaceRef, scope: str) -> None:
        """The app was removed from `scope` (a team): its channels and a team digest there
        are dropped."""
        with storage_guard(), UnitOfWork(self.session_factory) as uow:
            now = self.clock()
            ws = get_or_create_workspace(
                uow.session, workspace.platform, workspace.external_id, now
            )
            forget_channels(uow.session, ws.id, workspace.platform, scope)
            uow.commit()

    def _run(
        self,
        workspace: WorkspaceRef,
        user: UserRef,
        source_id: str | None,
        decide: Callable[[Ctx], Reply],
    ) -> Reply:
        # A concurrent delivery of the same message, or a double click, may win a unique
        # key (at a flush inside the handler, or at commit); the second attempt then finds
        # the saved rows and answers from them.
        for attempt in (1, 2):
            with storage_guard(), UnitOfWork(self.session_factory) as uow:
                try:
                    ctx, learned = self._context(uow, workspace, user, source_id)
                    reply = decide(ctx)
                    if reply.is_error:
                        return reply  # bad input leaves saved data as it was
                    uow.commit()
                    if learned:  # only now: a rolled-back new rep must not be remembered
                        self.identities.remember(ctx.workspace, ctx.user)
                    return reply
                except IntegrityError:
                    if attempt == 2:
                        raise
                    log.info("concurrent write (%s); answering from the saved rows", source_id)
        raise AssertionError("unreachable")

    def _context(
        self, uow: UnitOfWork, workspace: WorkspaceRef, user: UserRef, source_id: str | None
    ) -> tuple[Ctx, bool]:
        """The handler's context, and whether the rows behind it are new to this process."""
        now = self.clock()
        ws, rep, learned = self.identities.resolve(
            uow.session,
            workspace.platform,
            workspace.external_id,
            user.external_id,
            user.display_name,
            user.timezone,
            now,
        )
        ctx = Ctx(
            uow=uow,
            workspace=ws,
            user=rep,
            policy=self.policy,
            services=self.services,
            now=now,
            source_id=source_id,
        )
        return ctx, learned
