"""Delivery paces each workspace on its own: one send at a time per workspace, while
the workspaces are sent to concurrently (a slow workspace does not hold up the rest)."""

from __future__ import annotations

import asyncio
from collections import Counter
from datetime import UTC, datetime

from handlers.messages import Reply, WorkspaceRef
from handlers.ports import DeliveryError
from tests.conftest import Rep
from tests.unit.nudging import make_pass, reachable, tick

MONDAY_9 = datetime(2026, 11, 23, 9, 0, tzinfo=UTC)
ACME = WorkspaceRef("console", "acme")
GLOBEX = WorkspaceRef("console", "globex")


class GatedSender:
    """Acme's sends wait until Globex's first send has begun: only concurrent delivery
    to the two workspaces gets Acme's through. Records how many sends of one workspace
    were in flight at once."""

    platform = "console"

    def __init__(self) -> None:
        self.globex_started: asyncio.Event | None = None
        self.in_flight: Counter = Counter()
        self.most_in_flight: Counter = Counter()
        self.sent: list[tuple[str, str]] = []

    async def send(self, workspace: WorkspaceRef, user: str, address: dict, reply: Reply) -> None:
        if self.globex_started is None:
            self.globex_started = asyncio.Event()
        team = workspace.external_id
        self.in_flight[team] += 1
        self.most_in_flight[team] = max(self.most_in_flight[team], self.in_flight[team])
        try:
            if team == "globex":
                self.globex_started.set()
            else:
                try:
                    await asyncio.wait_for(self.globex_started.wait(), timeout=2)
                except TimeoutError as exc:
                    raise DeliveryError("acme waited for globex in vain") from exc
            # Yield once so another send of the same workspace could start, if allowed.
            await asyncio.sleep(0)
            self.sent.append((team, user))
        finally:
            self.in_flight[team] -= 1


def test_workspaces_are_sent_to_concurrently_and_each_one_in_order(core, clock):
    ana = Rep(core, "ana", workspace=ACME)
    ben = Rep(core, "ben", workspace=GLOBEX)
    for rep in (ana, ben):
        rep.say("-1 Bob Stone (Initech): missed the Q3 report deadline")
        reachable(rep)
    sender = GatedSender()
    clock.now = MONDAY_9
    report = tick(make_pass(core, sender))
    # Monday: a question and the digest for each rep, all delivered on the first pass.
    assert report.delivery.sent == 4, report.summary()
    assert Counter(team for team, _ in sender.sent) == {"acme": 2, "globex": 2}
    assert sender.most_in_flight == {"acme": 1, "globex": 1}
