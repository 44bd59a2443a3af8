"""Tables of the daily nudges: each rep's preferences, the claimed sending slots,
promises, and the contacts a rep does not want to be asked about."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import (
    JSON,
    Boolean,
    Date,
    ForeignKey,
    Index,
    Integer,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import Mapped, mapped_column

from storage.models import Base
from storage.types import UTCDateTime


class NudgePrefs(Base):
    """A rep's nudge settings. No row means the defaults (09:00, Mon–Fri, on)."""

    __tablename__ = "nudge_prefs"
    __table_args__ = (UniqueConstraint("workspace_id", "user_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    workspace_id: Mapped[int] = mapped_column(ForeignKey("workspaces.id"))
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    send_time: Mapped[str] = mapped_column(String(5), default="09:00")  # local HH:MM
    days: Mapped[str] = mapped_column(String(20), default="0,1,2,3,4")  # Monday is 0
    # Chosen with `nudges tz`; None follows the timezone the platform reports.
    timezone: Mapped[str | None] = mapped_column(String(64))
    per_day: Mapped[int] = mapped_column(Integer, default=1)
    enabled: Mapped[bool] = mapped_column(Boolean, default=True)
    paused_from: Mapped[date | None] = mapped_column(Date)
    paused_until: Mapped[date | None] = mapped_column(Date)  # inclusive, local dates
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime())


class Nudge(Base):
    """One message the scheduler owes a rep: a question, a promise check, a digest.

    The unique (workspace, user, local date, slot) row is claimed before anything is
    sent, so two schedulers on one database, or a restart mid-pass, cannot send it twice.
    The message is stored with the row: a retry sends exactly what was decided.
    """

    __tablename__ = "nudges"
    __table_args__ = (
        UniqueConstraint("workspace_id", "user_id", "local_date", "slot"),
        Index("ix_nudges_delivery", "status", "next_attempt_at"),
        Index("ix_nudges_user_date", "workspace_id", "user_id", "local_date"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    workspace_id: Mapped[int] = mapped_column(ForeignKey("workspaces.id"))
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    local_date: Mapped[date] = mapped_column(Date)
    slot: Mapped[str] = mapped_column(String(40))  # "question:1", "promise:<id>", "digest"
    kind: Mapped[str] = mapped_column(String(20))  # question | promise | digest
    contact_id: Mapped[int | None] = mapped_column(ForeignKey("contacts.id"))
    promise_id: Mapped[int | None] = mapped_column(ForeignKey("promises.id"))
    question_id: Mapped[str | None] = mapped_column(String(60))
    fact_key: Mapped[str | None] = mapped_column(String(40))
    reason: Mapped[str | None] = mapped_column(String(40))
    payload: Mapped[dict] = mapped_column(JSON)
    # pending → sending → sent → answered | skipped | snoozed | excluded | expired;
    # pending/sending → failed (gave up) | late (missed the grace window).
    status: Mapped[str] = mapped_column(String(12), default="pending")
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    due_at: Mapped[datetime] = mapped_column(UTCDateTime())
    next_attempt_at: Mapped[datetime] = mapped_column(UTCDateTime())
    lease_until: Mapped[datetime | None] = mapped_column(UTCDateTime())
    last_error: Mapped[str | None] = mapped_column(Text)
    sent_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    expires_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    closed_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    snooze_until: Mapped[date | None] = mapped_column(Date)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime())


class Promise(Base):
    """A commitment a rep made to a contact, with the local date it is due."""

    __tablename__ = "promises"
    __table_args__ = (
        UniqueConstraint("workspace_id", "source_id"),
        Index("ix_promises_user_status", "workspace_id", "user_id", "status", "due_date"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    workspace_id: Mapped[int] = mapped_column(ForeignKey("workspaces.id"))
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    contact_id: Mapped[int] = mapped_column(ForeignKey("contacts.id"))
    text: Mapped[str] = mapped_column(Text)
    due_date: Mapped[date] = mapped_column(Date)
    # open | kept | missed | withdrawn (a fix plan whose debit was undone)
    status: Mapped[str] = mapped_column(String(10), default="open")
    entry_id: Mapped[int | None] = mapped_column(ForeignKey("ledger_entries.id"))
    source_id: Mapped[str | None] = mapped_column(String(255))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime())
    closed_at: Mapped[datetime | None] = mapped_column(UTCDateTime())


class NudgeMute(Base):
    """ "Not about this contact": the rep is never asked about it again."""

    __tablename__ = "nudge_mutes"
    __table_args__ = (UniqueConstraint("workspace_id", "user_id", "contact_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    workspace_id: Mapped[int] = mapped_column(ForeignKey("workspaces.id"))
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    contact_id: Mapped[int] = mapped_column(ForeignKey("contacts.id"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime())


class TeamDigest(Base):
    """Where a workspace's weekly team digest goes (a channel), and who set it: it goes
    out on that rep's first working day at their nudge time."""

    __tablename__ = "team_digests"
    __table_args__ = (UniqueConstraint("workspace_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    workspace_id: Mapped[int] = mapped_column(ForeignKey("workspaces.id"))
    set_by_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    address: Mapped[dict] = mapped_column(JSON)  # as the platform's adapter encoded it
    label: Mapped[str] = mapped_column(String(120))  # how replies name it: "#sales"
    # The adapter's key for where the channel lives: the app's removal there stops it.
    scope: Mapped[str | None] = mapped_column(String(255))
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime())
