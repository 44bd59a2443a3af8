"""One scheduler pass: expire old questions, claim what is due, deliver what is claimed.

Idempotent: the database decides what is due and what was sent, so running a pass
twice, in two processes at once, or again after a crash sends each message once.
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from datetime import datetime

from handlers.context import Services
from handlers.nudges.config import NudgeConfig
from handlers.nudges.delivery import Deliverer, DeliveryReport
from handlers.nudges.due import due_reps, group_by_workspace, next_checks
from handlers.nudges.plan import Planner
from handlers.policy import Policy
from handlers.ports import Sender
from storage.unit_of_work import SessionFactory, UnitOfWork

# Reps decided and claimed per transaction: larger batches mean fewer statements, at
# the price of holding SQLite's write lock a little longer.
PLAN_BATCH = 2000


@dataclass
class PassReport:
    at: datetime
    due: int = 0
    claimed: int = 0
    expired: int = 0
    delivery: DeliveryReport = field(default_factory=DeliveryReport)

    def summary(self) -> str:
        d = self.delivery
        return (
            f"{self.at:%Y-%m-%d %H:%M} UTC: {self.due} due, {self.claimed} claimed, "
            f"{d.sent} sent, {d.retrying} to retry, {d.failed} failed, {d.late} late, "
            f"{self.expired} expired"
        )


class NudgePass:
    def __init__(
        self,
        session_factory: SessionFactory,
        senders: Mapping[str, Sender],
        policy: Policy,
        config: NudgeConfig,
        clock: Callable[[], datetime],
        services: Services,
    ) -> None:
        self.session_factory = session_factory
        self.senders = dict(senders)
        self.policy = policy
        self.config = config
        self.clock = clock
        self.planner = Planner(policy, config, services)
        self.deliverer = Deliverer(session_factory, self.senders, config)

    def plan(self, now: datetime) -> PassReport:
        """Expire and claim (no sending): the deciding half of a pass."""
        report = PassReport(at=now)
        with UnitOfWork(self.session_factory) as uow:
            report.expired = uow.outbox.expire(now)
            # Only the reps whose check time has come: an idle pass reads nobody.
            reps = uow.outbox.reps_to_check(tuple(self.senders), now)
            uow.commit()
        due = due_reps(reps, now, self.policy, self.config)
        report.due = len(due)
        for workspace_id, items in group_by_workspace(due).items():
            for start in range(0, len(items), PLAN_BATCH):
                with UnitOfWork(self.session_factory, self.policy.half_life_days) as uow:
                    uow.bind(workspace_id)
                    report.claimed += self.planner.plan(uow, items[start : start + PLAN_BATCH], now)
                    uow.commit()
        # Every due day is claimed now (an empty question slot included), so each rep
        # checked waits for the next moment its schedule acts on.
        with UnitOfWork(self.session_factory) as uow:
            uow.outbox.move_on(next_checks(reps, due, now, self.policy, self.config))
            uow.commit()
        return report

    async def run(self, at: datetime | None = None) -> PassReport:
        now = at or self.clock()
        # The database work runs off the event loop, so a web server keeps answering.
        report = await asyncio.to_thread(self.plan, now)
        report.delivery = await self.deliverer.deliver(now)
        return report
