"""A database that cannot be reached is reported as StorageUnavailable ("try again"),
never as a driver error, by every entry point of the core."""

from __future__ import annotations

import io
import socket
import sqlite3

import pytest
from sqlalchemy.exc import IntegrityError, OperationalError

from bot.console.shell import ConsoleShell
from handlers import core as core_module
from handlers.core import TRY_AGAIN, Core
from handlers.messages import ActionEvent, IncomingMessage, UserRef
from storage.availability import StorageUnavailable, storage_guard
from storage.engine import make_engine, make_session_factory
from tests.conftest import LOCAL

REP = UserRef("ana", "Ana", None)


@pytest.fixture
def unreachable_core():
    with socket.socket() as probe:  # a port nobody listens on: connections are refused
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    engine = make_engine(f"postgresql+psycopg://postgres@127.0.0.1:{port}/none")
    yield Core(make_session_factory(engine))
    engine.dispose()


@pytest.mark.parametrize(
    "call",
    [
        lambda core: core.handle_message(IncomingMessage(LOCAL, REP, "+1 Jane Doe: hi", "ev1")),
        lambda core: core.handle_action(ActionEvent(LOCAL, REP, "entry.undo", "1")),
        lambda core: core.remember_address(LOCAL, REP, "console", {}),
        lambda core: core.suggest(LOCAL, REP, "contacts", "Ja"),
    ],
    ids=["message", "action", "address", "suggest"],
)
def test_an_unreachable_database_is_storage_unavailable(unreachable_core, call):
    with pytest.raises(StorageUnavailable):
        call(unreachable_core)


def test_other_database_errors_pass_unchanged():
    error = IntegrityError("INSERT …", {}, Exception("duplicate key"))
    with pytest.raises(IntegrityError), storage_guard():
        raise error


def test_a_missing_table_is_a_bug_not_an_outage(tmp_path):
    engine = make_engine(f"sqlite:///{tmp_path / 'no-schema.db'}")  # never upgraded
    try:
        with pytest.raises(OperationalError, match="no such table"):
            Core(make_session_factory(engine)).remember_address(LOCAL, REP, "console", {})
    finally:
        engine.dispose()


def test_a_locked_sqlite_database_is_unavailable():
    locked = OperationalError("INSERT …", {}, sqlite3.OperationalError("database is locked"))
    with pytest.raises(StorageUnavailable), storage_guard():
        raise locked


def test_the_console_says_try_again(unreachable_core):
    stdout = io.StringIO()
    shell = ConsoleShell(
        unreachable_core, LOCAL, "ana", io.StringIO("+1 Jane Doe: hi\n"), stdout, interactive=False
    )
    assert shell.run() == 0
    assert TRY_AGAIN in stdout.getvalue()


def test_the_adapters_still_find_the_names_in_the_core():
    """bot/ imports StorageUnavailable (and TRY_AGAIN) from handlers.core: the same class."""
    assert core_module.StorageUnavailable is StorageUnavailable
    assert core_module.storage_guard is storage_guard
