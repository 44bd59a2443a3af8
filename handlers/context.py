"""What one handler call works with: the unit of work, who is asking, where, and when."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import datetime
from functools import cached_property
from zoneinfo import ZoneInfo

from sqlalchemy.orm import Session

from handlers.ledger.sentiment import SignReader
from handlers.ledger.when import zone
from handlers.policy import Policy
from handlers.ports import Addressing
from handlers.profile.question_bank import QuestionBank
from storage.directory import Contacts
from storage.facts import Facts
from storage.identities import UserRow, WorkspaceRow
from storage.ledger import Ledger
from storage.pending import PendingNotes
from storage.unit_of_work import UnitOfWork


@dataclass
class Services:
    """Read-only helpers built once per process."""

    sign_reader: SignReader
    questions: QuestionBank
    categories: dict[str, dict]
    # Each platform's channel parsing (`digest channel …`), from the bootstrap (bot.app).
    addressing: Mapping[str, Addressing] = field(default_factory=dict)


@dataclass
class Ctx:
    uow: UnitOfWork
    workspace: WorkspaceRow
    user: UserRow
    policy: Policy
    services: Services
    now: datetime
    source_id: str | None = None

    @property
    def session(self) -> Session:
        return self.uow.session

    @cached_property
    def contacts(self) -> Contacts:
        return Contacts(self.session, self.workspace.id)

    @cached_property
    def ledger(self) -> Ledger:
        return Ledger(self.session, self.workspace.id, self.policy.half_life_days)

    @cached_property
    def facts(self) -> Facts:
        return Facts(self.session, self.workspace.id)

    @cached_property
    def pending(self) -> PendingNotes:
        return PendingNotes(self.session, self.workspace.id)

    @property
    def tz(self) -> ZoneInfo:
        return zone(self.user.timezone, self.policy.default_timezone)
