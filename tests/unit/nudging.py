"""Shared pieces of the nudge tests: a pass wired to real senders, and reps that can be reached."""

from __future__ import annotations

import asyncio
from dataclasses import dataclass, field
from datetime import datetime

from sqlalchemy import select

from handlers.messages import Reply, WorkspaceRef
from handlers.nudges.config import NudgeConfig
from handlers.nudges.morning_pass import NudgePass, PassReport
from handlers.ports import DeliveryError
from storage.nudges.models import Nudge


@dataclass
class Inbox:
    """What the console sender delivered, per rep."""

    messages: list[tuple[str, Reply]] = field(default_factory=list)

    def __call__(self, user: str, reply: Reply) -> None:
        self.messages.append((user, reply))

    def of(self, user: str, kind: str | None = None) -> list[Reply]:
        return [r for u, r in self.messages if u == user and (kind is None or r.kind == kind)]


class FlakySender:
    """A sender that fails its first `failures` sends the way a busy platform does
    (rate limited, with Retry-After), then delivers to the inbox."""

    platform = "console"

    def __init__(self, inbox: Inbox, failures: int, retry_after: float | None = 30) -> None:
        self.inbox = inbox
        self.failures = failures
        self.retry_after = retry_after
        self.calls = 0

    async def send(self, workspace: WorkspaceRef, user: str, address: dict, reply: Reply) -> None:
        self.calls += 1
        if self.calls <= self.failures:
            raise DeliveryError("ratelimited (429)", retry_after=self.retry_after)
        self.inbox(user, reply)


def reachable(rep) -> None:
    """The rep has used the bot from the console, so it can reach them."""
    rep.core.remember_address(rep.workspace, rep.ref, "console", {})


def make_pass(core, sender, config: NudgeConfig | None = None) -> NudgePass:
    return NudgePass(
        core.session_factory,
        {sender.platform: sender},
        core.policy,
        config or NudgeConfig(),
        core.clock,
        core.services,
    )


def tick(nudge_pass: NudgePass, at: datetime | None = None) -> PassReport:
    return asyncio.run(nudge_pass.run(at))


def nudges(session_factory) -> list[Nudge]:
    with session_factory() as session:
        return list(session.scalars(select(Nudge).order_by(Nudge.id)))
