"""The core's one entry point: an IncomingMessage or ActionEvent in, a Reply out."""

from __future__ import annotations

import logging
from collections.abc import Callable
from datetime import UTC, datetime

import prompts
from handlers.advice.next_step import rules_for
from handlers.context import Ctx, Services
from handlers.forms import SUGGESTERS
from handlers.ledger.sentiment import SignReader
from handlers.messages import ActionEvent, IncomingMessage, Reply, UserRef, WorkspaceRef
from handlers.nudges.questions import build_catalog
from handlers.policy import Policy
from handlers.ports import Address, Channel
from handlers.profile.question_bank import QuestionBank
from handlers.router import route_action, route_text
from handlers.touches.reading import TouchReader
from storage.addresses import StoredChannel
from storage.availability import StorageUnavailable, storage_guard
from storage.identities import Identities
from storage.unit_of_work import ConcurrentWrite, SessionFactory, UnitOfWork

log = logging.getLogger(__name__)

Clock = Callable[[], datetime]

# Importable from here by the adapters, which answer StorageUnavailable with TRY_AGAIN.
__all__ = ["TRY_AGAIN", "Clock", "Core", "StorageUnavailable", "storage_guard", "utc_now"]


def utc_now() -> datetime:
    return datetime.now(UTC)


TRY_AGAIN = (
    "I cannot reach my database right now, so nothing was saved. Please try again in a minute."
)


def core_services(policy: Policy) -> Services:
    """The one place the question bank, lexicon and categories are built from prompts/;
    the bootstrap calls it once and hands the result to the core and the nudge pass."""
    questions = QuestionBank()
    rules_for(tuple(questions.keys))  # a broken next-step rule fails here, at start
    return Services(
        sign_reader=SignReader(),
        questions=questions,
        categories=prompts.load("categories")["categories"],
        catalog=build_catalog(policy.fact_stale_days),
        touch_reader=TouchReader(),
    )


class Core:
    """Decides; adapters translate. One instance per process, shared by every adapter."""

    def __init__(
        self,
        session_factory: SessionFactory,
        policy: Policy | None = None,
        clock: Clock = utc_now,
        services: Services | None = None,
    ) -> None:
        """`services` comes from the bootstrap; a core built alone (a test) makes its own."""
        self.session_factory = session_factory
        self.policy = policy or Policy()
        self.clock = clock
        self.services = services or core_services(self.policy)
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
        with storage_guard(), self._unit_of_work() as uow:
            return suggester(self._context(uow, workspace, user, None)[0], query)

    def remember_address(
        self, workspace: WorkspaceRef, user: UserRef, platform: str, address: Address
    ) -> None:
        """Store where the rep can be reached proactively (called by adapters on each message)."""
        with storage_guard(), self._unit_of_work() as uow:
            ctx, learned = self._context(uow, workspace, user, None)
            uow.addresses.save(ctx.user.id, platform, address, ctx.now)
            uow.commit()
            if learned:
                self.identities.remember(ctx.workspace, ctx.user)

    def forget_address(self, workspace: WorkspaceRef, user: UserRef) -> None:
        """The rep removed the app from their chat: drop the address (nudges stop)."""
        with storage_guard(), self._unit_of_work() as uow:
            ctx, _learned = self._context(uow, workspace, user, None)
            uow.addresses.forget(ctx.user.id)
            uow.commit()

    def remember_channel(self, workspace: WorkspaceRef, channel: Channel) -> None:
        """Store a shared channel the bot was added to (adapters call it on install)."""
        with storage_guard(), self._unit_of_work() as uow:
            uow.bind_workspace(workspace.platform, workspace.external_id, self.clock())
            stored = StoredChannel(channel.address, channel.label, channel.scope or "")
            uow.addresses.save_channel(workspace.platform, stored, self.clock())
            uow.commit()

    def forget_channels(self, workspace: WorkspaceRef, scope: str) -> None:
        """The app was removed from `scope` (a team): its channels and a team digest there
        are dropped."""
        with storage_guard(), self._unit_of_work() as uow:
            uow.bind_workspace(workspace.platform, workspace.external_id, self.clock())
            uow.addresses.forget_channels(workspace.platform, scope)
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
            with storage_guard(), self._unit_of_work() as uow:
                try:
                    ctx, learned = self._context(uow, workspace, user, source_id)
                    reply = decide(ctx)
                    if reply.is_error:
                        return reply  # bad input leaves saved data as it was
                    uow.commit()
                    if learned:  # only now: a rolled-back new rep must not be remembered
                        self.identities.remember(ctx.workspace, ctx.user)
                    return reply
                except ConcurrentWrite:
                    if attempt == 2:
                        raise
                    log.info("concurrent write (%s); answering from the saved rows", source_id)
        raise AssertionError("unreachable")

    def _unit_of_work(self) -> UnitOfWork:
        return UnitOfWork(self.session_factory, self.policy.half_life_days)

    def _context(
        self, uow: UnitOfWork, workspace: WorkspaceRef, user: UserRef, source_id: str | None
    ) -> tuple[Ctx, bool]:
        """The handler's context, and whether the rows behind it are new to this process."""
        now = self.clock()
        ws, rep, learned = uow.resolve(
            self.identities,
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
