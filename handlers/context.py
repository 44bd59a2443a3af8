"""What one handler call works with: the unit of work, who is asking, where, and when."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import datetime
from zoneinfo import ZoneInfo

from handlers.calendar.config import CalendarConfig
from handlers.ledger.sentiment import SignReader
from handlers.ledger.when import zone
from handlers.nudges.questions import Catalog
from handlers.policy import Policy
from handlers.ports import Addressing
from handlers.profile.question_bank import QuestionBank
from handlers.touches.reading import TouchReader
from storage.directory import Contacts
from storage.facts import Facts
from storage.identities import UserRow, WorkspaceRow
from storage.ledger import Ledger
from storage.pending import PendingNotes
from storage.unit_of_work import UnitOfWork


@dataclass
class Services:
    """Read-only helpers built once per process (`handlers.core.core_services`)."""

    sign_reader: SignReader
    questions: QuestionBank  # the fact keys: what the health score and `facts` read
    categories: dict[str, dict]
    catalog: Catalog  # the same bank's nudge questions, with the same staleness
    touch_reader: TouchReader  # touch or attempt, read from a note's wording
    # Each platform's channel parsing (`digest channel …`), from the bootstrap (bot.app).
    addressing: Mapping[str, Addressing] = field(default_factory=dict)
    calendar: CalendarConfig = field(default_factory=CalendarConfig)


@dataclass
class Ctx:
    uow: UnitOfWork
    workspace: WorkspaceRow
    user: UserRow
    policy: Policy
    services: Services
    now: datetime
    source_id: str | None = None

    # The repositories used on nearly every request, as shortcuts; every other one is
    # reached as ctx.uow.<name> (all scoped to this workspace).

    @property
    def contacts(self) -> Contacts:
        return self.uow.contacts

    @property
    def ledger(self) -> Ledger:
        return self.uow.ledger

    @property
    def facts(self) -> Facts:
        return self.uow.facts

    @property
    def pending(self) -> PendingNotes:
        return self.uow.pending

    @property
    def tz(self) -> ZoneInfo:
        return zone(self.user.timezone, self.policy.default_timezone)
