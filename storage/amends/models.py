"""Tables of making it right. Rows are only ever added: a plan or a record stops
counting when the ledger entry it points at is undone, never by an edit."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import ForeignKey, Index, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from storage.models import Base
from storage.types import UTCDateTime


class FixPlan(Base):
    """A promise made to put one debit right (*Plan the fix*)."""

    __tablename__ = "fix_plans"
    __table_args__ = (
        UniqueConstraint("promise_id"),
        Index("ix_fix_plans_debit", "workspace_id", "debit_id"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    workspace_id: Mapped[int] = mapped_column(ForeignKey("workspaces.id"))
    contact_id: Mapped[int] = mapped_column(ForeignKey("contacts.id"))
    debit_id: Mapped[int] = mapped_column(ForeignKey("ledger_entries.id"))
    promise_id: Mapped[int] = mapped_column(ForeignKey("promises.id"))
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime())


class MadeRight(Base):
    """A debit put right by a credit: a `#made-it-right` note or a kept fix promise."""

    __tablename__ = "made_right"
    __table_args__ = (
        UniqueConstraint("workspace_id", "credit_id"),
        Index("ix_made_right_debit", "workspace_id", "debit_id"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    workspace_id: Mapped[int] = mapped_column(ForeignKey("workspaces.id"))
    contact_id: Mapped[int] = mapped_column(ForeignKey("contacts.id"))
    debit_id: Mapped[int] = mapped_column(ForeignKey("ledger_entries.id"))
    credit_id: Mapped[int] = mapped_column(ForeignKey("ledger_entries.id"))
    promise_id: Mapped[int | None] = mapped_column(ForeignKey("promises.id"))
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime())
