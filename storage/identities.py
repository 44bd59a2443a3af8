"""Who and where a request is, as plain values, with the ids remembered per process.

Every request names its workspace and rep by platform ids; looking both up costs two
SELECTs (and statement building) on every request. Workspace and user rows are never
deleted and their ids never change, so a process may remember them. A rep's display
name and timezone can change: the remembered values are used only when the request
brings exactly the same ones, so the row already holds what the full path would write.
"""

from __future__ import annotations

import threading
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy.orm import Session

from storage.directory import get_or_create_user, get_or_create_workspace

MAX_REMEMBERED = 50_000  # about 10 MB at most; a busy server holds far fewer reps


@dataclass(frozen=True)
class WorkspaceRow:
    id: int
    platform: str
    external_id: str


@dataclass(frozen=True)
class UserRow:
    id: int
    workspace_id: int
    external_id: str
    display_name: str
    timezone: str | None


class Identities:
    """Get-or-create of workspaces and reps, skipping the database for ones seen before.

    `resolve` returns the rows and whether they are new to this process; the caller
    calls `remember` only after its transaction committed, so a row created by a
    transaction that was then rolled back is never remembered.
    """

    def __init__(self, limit: int = MAX_REMEMBERED) -> None:
        self._limit = limit
        self._lock = threading.Lock()
        self._workspaces: dict[tuple[str, str], WorkspaceRow] = {}
        self._users: dict[tuple[int, str], UserRow] = {}

    def resolve(
        self,
        session: Session,
        platform: str,
        workspace_external_id: str,
        user_external_id: str,
        display_name: str,
        timezone: str | None,
        now: datetime,
    ) -> tuple[WorkspaceRow, UserRow, bool]:
        """(workspace, rep, learned): `learned` when either came from the database."""
        ws = self._workspaces.get((platform, workspace_external_id))
        learned = ws is None
        if ws is None:
            row = get_or_create_workspace(session, platform, workspace_external_id, now)
            ws = WorkspaceRow(row.id, row.platform, row.external_id)
        rep = self._users.get((ws.id, user_external_id))
        # Without a timezone the full path keeps the stored one, which another process
        # may have changed: only a request that names both values may skip the row.
        if (
            rep is None
            or timezone is None
            or rep.timezone != timezone
            or (display_name and rep.display_name != display_name)
        ):
            user = get_or_create_user(session, ws.id, user_external_id, display_name, timezone, now)
            rep = UserRow(user.id, ws.id, user.external_id, user.display_name, user.timezone)
            learned = True
        return ws, rep, learned

    def remember(self, ws: WorkspaceRow, rep: UserRow) -> None:
        """Keep both (call after the transaction that read or created them committed)."""
        with self._lock:
            if len(self._users) >= self._limit:  # rare: start afresh rather than grow
                self._users.clear()
                self._workspaces.clear()
            self._workspaces[(ws.platform, ws.external_id)] = ws
            self._users[(ws.id, rep.external_id)] = rep
