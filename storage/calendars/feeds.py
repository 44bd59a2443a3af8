"""`uow.calendar_feeds`: the scheduler's view across workspaces: the feeds due a poll,
and the meetings around now whose prompts may be due. Each row names its workspace."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import and_, select
from sqlalchemy.orm import Session

from storage.calendars.models import Calendar, CalendarMeeting
from storage.models import ConversationAddress, User, Workspace
from storage.nudges.models import NudgePrefs


@dataclass(frozen=True)
class FeedToPoll:
    calendar_id: int
    workspace_id: int
    url: str
    etag: str | None
    last_modified: str | None
    failures: int
    read_at: datetime | None


@dataclass(frozen=True)
class MeetingAround:
    """A meeting near now, with what deciding its prompt needs about the rep."""

    meeting: CalendarMeeting
    platform: str
    workspace_external_id: str
    user_external_id: str
    display_name: str
    timezone: str | None
    prefs: NudgePrefs | None


class CalendarFeeds:
    def __init__(self, session: Session) -> None:
        self.session = session

    def due(self, now: datetime, limit: int = 200) -> list[FeedToPoll]:
        """Address feeds whose next poll time has come, the longest waiting first."""
        rows = self.session.execute(
            select(
                Calendar.id,
                Calendar.workspace_id,
                Calendar.url,
                Calendar.etag,
                Calendar.last_modified,
                Calendar.failures,
                Calendar.read_at,
            )
            .join(Workspace, Workspace.id == Calendar.workspace_id)
            .where(
                Calendar.kind == "url",
                Calendar.next_poll_at <= now,
                Workspace.uninstalled_at.is_(None),
            )
            .order_by(Calendar.next_poll_at, Calendar.id)
            .limit(limit)
        ).all()
        return [FeedToPoll(*row) for row in rows]

    def meetings_around(
        self, starts_before: datetime, ends_after: datetime, platforms: Sequence[str]
    ) -> list[MeetingAround]:
        """Meetings starting before `starts_before` and ending after `ends_after`, of reps
        reachable on one of `platforms`."""
        on_address = and_(
            ConversationAddress.workspace_id == User.workspace_id,
            ConversationAddress.user_id == User.id,
        )
        rows = self.session.execute(
            select(
                CalendarMeeting,
                Workspace.platform,
                Workspace.external_id,
                User.external_id,
                User.display_name,
                User.timezone,
                NudgePrefs,
            )
            .join(
                User,
                (User.id == CalendarMeeting.user_id)
                & (User.workspace_id == CalendarMeeting.workspace_id),
            )
            .join(Workspace, Workspace.id == User.workspace_id)
            .join(ConversationAddress, on_address)
            .outerjoin(
                NudgePrefs,
                and_(NudgePrefs.workspace_id == User.workspace_id, NudgePrefs.user_id == User.id),
            )
            .where(
                CalendarMeeting.start_at < starts_before,
                CalendarMeeting.end_at > ends_after,
                Workspace.platform.in_(list(platforms)),
                Workspace.uninstalled_at.is_(None),
            )
            .order_by(CalendarMeeting.workspace_id, CalendarMeeting.end_at, CalendarMeeting.id)
        ).all()
        return [MeetingAround(*row) for row in rows]
