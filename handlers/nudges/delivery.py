"""Delivering claimed slots through the sender port: lease, send, record the outcome.

A failed send is retried by a later pass with backoff (or when the platform said to
retry), and after the last attempt is recorded as failed with its reason. A slot whose
first attempt comes after the grace window is recorded as late and never sent.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from handlers.messages import WorkspaceRef
from handlers.nudges.config import NudgeConfig
from handlers.nudges.message import with_own_id
from handlers.ports import DeliveryError, Sender
from handlers.reply_codec import reply_from_data
from storage.unit_of_work import SessionFactory, UnitOfWork

log = logging.getLogger(__name__)

# Slots leased per transaction; after a crash the unsent rest of a chunk is taken over
# once its lease runs out.
LEASE_CHUNK = 50


@dataclass
class DeliveryReport:
    sent: int = 0
    retrying: int = 0
    failed: int = 0
    late: int = 0
    errors: list[str] = field(default_factory=list)


@dataclass(frozen=True)
class Outgoing:
    nudge_id: int
    kind: str
    workspace: WorkspaceRef
    user_external_id: str
    address: dict
    payload: dict
    attempts: int


def backoff(config: NudgeConfig, attempts: int, retry_after: float | None) -> timedelta:
    wait = config.retry_base * (2 ** max(attempts - 1, 0))
    if retry_after is not None:
        wait = max(wait, timedelta(seconds=retry_after))
    return wait


class Deliverer:
    def __init__(
        self,
        session_factory: SessionFactory,
        senders: Mapping[str, Sender],
        config: NudgeConfig,
    ) -> None:
        self.session_factory = session_factory
        self.senders = dict(senders)
        self.config = config

    async def deliver(self, now: datetime) -> DeliveryReport:
        report = DeliveryReport()
        # Rounds until nothing is left to send now: a sent, leased or rescheduled row
        # is not deliverable again at `now`, so this ends.
        while True:
            with UnitOfWork(self.session_factory) as uow:
                groups = uow.outbox.deliverable_by_workspace(now, tuple(self.senders))
            if not groups:
                return report
            # Platforms limit each workspace on its own: one workspace's sends go in
            # order, while the workspaces are sent to concurrently.
            await asyncio.gather(
                *(self._deliver_workspace(ids, now, report) for ids in groups.values())
            )

    async def _deliver_workspace(
        self, ids: list[int], now: datetime, report: DeliveryReport
    ) -> None:
        for start in range(0, len(ids), LEASE_CHUNK):
            for outgoing in self._take(ids[start : start + LEASE_CHUNK], now, report):
                await self._send(outgoing, now, report)

    def _take(self, nudge_ids: list[int], now: datetime, report: DeliveryReport) -> list[Outgoing]:
        """Lease a chunk of slots (committed before sending); those another process
        holds are left to it."""
        with UnitOfWork(self.session_factory) as uow:
            leased = uow.outbox.take(nudge_ids, now, self.config.lease)
            if not leased:
                return []
            outgoing = []
            for slot in leased:
                if slot.attempts == 1 and now > slot.due_at + self.config.grace:
                    uow.outbox.finish(
                        slot.nudge_id, status="late", last_error="past the grace window"
                    )
                    report.late += 1
                elif slot.address is None:
                    uow.outbox.finish(
                        slot.nudge_id, status="failed", last_error="no conversation address"
                    )
                    report.failed += 1
                else:
                    outgoing.append(
                        Outgoing(
                            slot.nudge_id,
                            slot.kind,
                            WorkspaceRef(slot.platform, slot.workspace_external_id),
                            slot.user_external_id,
                            dict(slot.payload.get("to") or slot.address),
                            with_own_id(dict(slot.payload), slot.nudge_id),
                            slot.attempts,
                        )
                    )
            uow.commit()
            return outgoing

    async def _send(self, out: Outgoing, now: datetime, report: DeliveryReport) -> None:
        sender = self.senders[out.workspace.platform]
        error: str | None = None
        retry_after: float | None = None
        try:
            await sender.send(
                out.workspace, out.user_external_id, out.address, reply_from_data(out.payload)
            )
        except DeliveryError as exc:
            error, retry_after = str(exc) or type(exc).__name__, exc.retry_after
        except Exception as exc:  # a connector error must not stop the other reps' sends
            log.exception("sending nudge %s failed", out.nudge_id)
            error = f"{type(exc).__name__}: {exc}"
        with UnitOfWork(self.session_factory) as uow:
            if error is None:
                expires = now + self.config.expiry if out.kind == "question" else None
                uow.outbox.finish(out.nudge_id, status="sent", sent_at=now, expires_at=expires)
                report.sent += 1
            elif out.attempts >= self.config.max_attempts:
                uow.outbox.finish(out.nudge_id, status="failed", last_error=error[:1000])
                report.failed += 1
                report.errors.append(error)
            else:
                uow.outbox.finish(
                    out.nudge_id,
                    status="pending",
                    last_error=error[:1000],
                    next_attempt_at=now + backoff(self.config, out.attempts, retry_after),
                )
                report.retrying += 1
                report.errors.append(error)
            uow.commit()
