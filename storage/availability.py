"""Whether a database error means "unavailable right now" (try again) or a real fault."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager

from sqlalchemy.exc import DBAPIError, InterfaceError, OperationalError
from sqlalchemy.exc import TimeoutError as PoolTimeout


class StorageUnavailable(Exception):
    """The database cannot be reached (or is locked) right now; nothing was saved.

    Adapters answer it with "try again": Slack events with a non-2xx so that Slack
    redelivers, commands and buttons with a message the rep can read.
    """


# SQLite reports a missing table as an OperationalError too: only these are transient.
SQLITE_TRANSIENT = ("database is locked", "database is busy", "unable to open", "disk i/o")


@contextmanager
def storage_guard() -> Iterator[None]:
    """Connection-level database errors as StorageUnavailable; any other error (a bug, a
    missing table, a constraint) passes unchanged."""
    try:
        yield
    except (DBAPIError, PoolTimeout) as exc:
        if _unavailable(exc):
            raise StorageUnavailable(_first_line(exc)) from exc
        raise


def _unavailable(exc: Exception) -> bool:
    if isinstance(exc, PoolTimeout):  # every pooled connection busy for too long
        return True
    if getattr(exc, "connection_invalidated", False):  # the server went away mid-statement
        return True
    if not isinstance(exc, (OperationalError, InterfaceError)):
        return False
    orig = getattr(exc, "orig", None)
    if isinstance(orig, sqlite3.Error):
        return any(sign in str(orig).lower() for sign in SQLITE_TRANSIENT)
    return True  # PostgreSQL: refused, reset, timed out, shutting down


def _first_line(exc: Exception) -> str:
    return (str(getattr(exc, "orig", None) or exc).strip().splitlines() or [""])[0]
