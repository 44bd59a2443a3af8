"""Tables of stages and retrospectives. A stage change is only ever added (the newest is
the current stage); a feedback item moves open → responded → resolved."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import ForeignKey, Index, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from storage.models import Base
from storage.types import UTCDateTime


class StageChange(Base):
    """One move of an account (company_id) or of a contact without a company (contact_id)."""

    __tablename__ = "stage_changes"
    __table_args__ = (
        Index("ix_stage_changes_company", "workspace_id", "company_id", "changed_at"),
        Index("ix_stage_changes_contact", "workspace_id", "contact_id", "changed_at"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    workspace_id: Mapped[int] = mapped_column(ForeignKey("workspaces.id"))
    company_id: Mapped[int | None] = mapped_column(ForeignKey("companies.id"))
    contact_id: Mapped[int | None] = mapped_column(ForeignKey("contacts.id"))
    stage: Mapped[str] = mapped_column(String(20))
    changed_by_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    changed_at: Mapped[datetime] = mapped_column(UTCDateTime())


class FeedbackItem(Base):
    """What a customer said needs to improve (a retrospective), and what we did about it."""

    __tablename__ = "feedback_items"
    __table_args__ = (
        Index("ix_feedback_company", "workspace_id", "company_id", "status"),
        Index("ix_feedback_contact", "workspace_id", "contact_id", "status"),
        UniqueConstraint("workspace_id", "source_id"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    workspace_id: Mapped[int] = mapped_column(ForeignKey("workspaces.id"))
    company_id: Mapped[int | None] = mapped_column(ForeignKey("companies.id"))
    contact_id: Mapped[int | None] = mapped_column(ForeignKey("contacts.id"))
    text: Mapped[str] = mapped_column(Text)
    heard_by_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    heard_at: Mapped[datetime] = mapped_column(UTCDateTime())
    status: Mapped[str] = mapped_column(String(10), default="open")
    response: Mapped[str | None] = mapped_column(Text)
    responded_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    resolved_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    # The platform's id of the message it was typed in: a redelivery finds this item.
    source_id: Mapped[str | None] = mapped_column(String(255))
