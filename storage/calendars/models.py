"""Tables of calendars: a rep's feeds and the meeting occurrences read from them."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import JSON, ForeignKey, Index, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from storage.models import Base
from storage.types import UTCDateTime


class Calendar(Base):
    """One ICS feed of a rep (an address to poll) or an imported file.

    The address is a secret (it grants read access to the rep's calendar): only the poller
    reads `url`; everything shown keeps to `host` and the masked `tail`.
    """

    __tablename__ = "calendars"
    __table_args__ = (
        UniqueConstraint("workspace_id", "user_id", "url_hash"),
        Index("ix_calendars_next_poll", "next_poll_at"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    workspace_id: Mapped[int] = mapped_column(ForeignKey("workspaces.id"))
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    kind: Mapped[str] = mapped_column(String(8))  # url | file
    url: Mapped[str | None] = mapped_column(Text)
    url_hash: Mapped[str] = mapped_column(String(64))  # sha256 of the address (or file name)
    host: Mapped[str] = mapped_column(String(255))  # or the file's name
    tail: Mapped[str] = mapped_column(String(16))
    # The rep's own address in the feed (their attendee entry): how a decline is seen.
    owner_email: Mapped[str | None] = mapped_column(String(320))
    etag: Mapped[str | None] = mapped_column(String(255))
    last_modified: Mapped[str | None] = mapped_column(String(64))
    last_polled_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    # The last full read: the meetings' window moves on from it (see the poller).
    read_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    last_result: Mapped[str | None] = mapped_column(String(300))
    failures: Mapped[int] = mapped_column(Integer, default=0)
    next_poll_at: Mapped[datetime] = mapped_column(UTCDateTime())
    created_at: Mapped[datetime] = mapped_column(UTCDateTime())


class CalendarMeeting(Base):
    """One occurrence of a meeting with at least one known contact (or an attendee at a
    known company's domain), as last read.

    `occurrence_key` is a hash of the event's UID and its original occurrence start (the
    RECURRENCE-ID): it stays the same when an instance is moved, so the prompts claimed
    for it (keyed by it) are never sent twice.
    """

    __tablename__ = "calendar_meetings"
    __table_args__ = (
        UniqueConstraint("calendar_id", "occurrence_key"),
        Index("ix_calendar_meetings_times", "start_at", "end_at"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    workspace_id: Mapped[int] = mapped_column(ForeignKey("workspaces.id"))
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    calendar_id: Mapped[int] = mapped_column(ForeignKey("calendars.id"))
    occurrence_key: Mapped[str] = mapped_column(String(32))
    original_start: Mapped[datetime] = mapped_column(UTCDateTime())
    summary: Mapped[str] = mapped_column(String(300))
    start_at: Mapped[datetime] = mapped_column(UTCDateTime())
    end_at: Mapped[datetime] = mapped_column(UTCDateTime())
    contact_ids: Mapped[list] = mapped_column(JSON)  # in attendee order
    # Attendees not yet contacts whose email domain is a known company's, offered as new
    # contacts after the meeting: [{"email": …, "company_id": …, "company": …}].
    newcomers: Mapped[list | None] = mapped_column(JSON)
