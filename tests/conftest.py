"""Shared fixtures: a real database (SQLite, and PostgreSQL where one answers), a clock, a core."""

from __future__ import annotations

import os
import uuid
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url

from handlers.core import Core
from handlers.messages import ActionEvent, IncomingMessage, Reply, UserRef, WorkspaceRef
from handlers.policy import Policy
from storage.engine import make_engine, make_session_factory
from storage.migrate import upgrade
from storage.schema import metadata

PG_DEFAULT = "postgresql+psycopg://postgres@127.0.0.1:5432/test"
START = datetime(2026, 11, 20, 15, 0, tzinfo=UTC)  # a Friday afternoon


def _pg_base_url() -> str:
    return os.environ.get("RELCAP_TEST_DATABASE_URL", PG_DEFAULT)


@pytest.fixture(scope="session")
def pg_url():
    """A fresh PostgreSQL database for this test session, dropped at the end."""
    base = _pg_base_url()
    try:
        admin = create_engine(
            base, isolation_level="AUTOCOMMIT", connect_args={"connect_timeout": 3}
        )
        with admin.connect() as connection:
            connection.execute(text("SELECT 1"))
    except Exception as exc:
        reason = f"no PostgreSQL answers at {make_url(base).render_as_string()}: {exc}"
        if os.environ.get("CI"):
            pytest.fail(reason + " (CI must run the PostgreSQL tests)")
        pytest.skip(reason)
    name = f"relcap_test_{uuid.uuid4().hex[:10]}"
    with admin.connect() as connection:
        connection.execute(text(f'CREATE DATABASE "{name}"'))
    url = make_url(base).set(database=name).render_as_string(hide_password=False)
    engine = make_engine(url)
    upgrade(engine)
    engine.dispose()
    yield url
    with admin.connect() as connection:
        connection.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
    admin.dispose()


@pytest.fixture(params=["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)])
def db_url(request, tmp_path):
    if request.param == "sqlite":
        return f"sqlite:///{tmp_path / 'relcap.db'}"
    url = request.getfixturevalue("pg_url")
    engine = make_engine(url)
    tables = ", ".join(f'"{t.name}"' for t in metadata.sorted_tables)
    with engine.begin() as connection:
        connection.execute(text(f"TRUNCATE {tables} RESTART IDENTITY CASCADE"))
    engine.dispose()
    return url


@pytest.fixture
def engine(db_url):
    engine = make_engine(db_url)
    upgrade(engine)
    yield engine
    engine.dispose()


@pytest.fixture
def session_factory(engine):
    return make_session_factory(engine)


@dataclass
class FakeClock:
    now: datetime = START

    def __call__(self) -> datetime:
        return self.now

    def advance(self, **delta) -> None:
        self.now += timedelta(**delta)


@pytest.fixture
def clock():
    return FakeClock()


@pytest.fixture
def policy():
    return Policy()


@pytest.fixture
def core(session_factory, policy, clock):
    return Core(session_factory, policy, clock)


LOCAL = WorkspaceRef("console", "local")


@dataclass
class Rep:
    """Drives the core as one rep would, through the neutral types only."""

    core: Core
    name: str = "ana"
    workspace: WorkspaceRef = LOCAL
    timezone: str | None = None
    last: Reply | None = field(default=None, repr=False)

    @property
    def ref(self) -> UserRef:
        return UserRef(self.name, self.name.title(), self.timezone)

    def say(self, text: str, key: str | None = None) -> Reply:
        self.last = self.core.handle_message(IncomingMessage(self.workspace, self.ref, text, key))
        return self.last

    def press(self, label: str, reply: Reply | None = None) -> Reply:
        reply = reply or self.last
        matches = [b for b in reply.buttons if label.lower() in b.label.lower()]
        assert matches, f"no button {label!r} in {[b.label for b in reply.buttons]}"
        button = matches[0]
        self.last = self.core.handle_action(
            ActionEvent(self.workspace, self.ref, button.action_id, button.value)
        )
        return self.last

    def act(self, action_id: str, value: str) -> Reply:
        self.last = self.core.handle_action(ActionEvent(self.workspace, self.ref, action_id, value))
        return self.last


@pytest.fixture
def ana(core):
    return Rep(core, "ana")


@pytest.fixture
def ben(core):
    return Rep(core, "ben")
