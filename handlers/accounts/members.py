"""The people of one account as the account's rules read them: plain values, no rows."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from handlers.health.scoring import Health


@dataclass(frozen=True)
class Knower:
    """A rep of ours who knows a contact: holds it, and wrote `notes` entries about it."""

    rep_id: int
    name: str
    notes: int


@dataclass(frozen=True)
class Member:
    """One contact of the account. A not-met stakeholder has no health."""

    contact_id: int
    name: str
    role: str | None
    function: str | None  # a key of the function list, or None when not known
    seniority: int  # 5 for a chief down to 1 (handlers.companies.functions.seniority)
    balance: int
    health: Health | None
    last_touch_at: datetime | None
    reports_to_id: int | None = None
    not_met: bool = False
    knowers: tuple[Knower, ...] = ()

    @property
    def met(self) -> bool:
        return not self.not_met and self.health is not None

    @property
    def band(self) -> str | None:
        return self.health.band if self.met else None

    @property
    def healthy(self) -> bool:
        """Green or yellow: a relationship that would carry a conversation today."""
        return self.met and self.band != "red"


@dataclass(frozen=True)
class Account:
    company_id: int
    name: str
    members: tuple[Member, ...]

    @property
    def met(self) -> tuple[Member, ...]:
        return tuple(m for m in self.members if m.met)

    def reps(self) -> dict[int, str]:
        """Every rep who knows anyone met here, by id."""
        return {k.rep_id: k.name for m in self.met for k in m.knowers}
