"""Fixtures of the reliability suite: a fake Slack Web API, and fresh PostgreSQL databases."""

from __future__ import annotations

import os
import uuid

import pytest
from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url

from tests.adapters.fake_slack import FakeSlackApi
from tests.adapters.slack_harness import LoopThread
from tests.conftest import _pg_base_url


@pytest.fixture(scope="module")
def loop():
    thread = LoopThread()
    yield thread
    thread.close()


@pytest.fixture
def fake_api(loop):
    fake = FakeSlackApi()
    loop.run(fake.start())
    yield fake
    loop.run(fake.stop())


@pytest.fixture
def pg_database():
    """A database of its own on the local PostgreSQL (a server process may hold its
    connections until the end of the test), dropped afterwards."""
    base = _pg_base_url()
    admin = create_engine(base, isolation_level="AUTOCOMMIT", connect_args={"connect_timeout": 3})
    try:
        with admin.connect() as connection:
            connection.execute(text("SELECT 1"))
    except Exception as exc:
        reason = f"no PostgreSQL answers at {make_url(base).render_as_string()}: {exc}"
        if os.environ.get("CI"):
            pytest.fail(reason + " (CI must run the PostgreSQL tests)")
        pytest.skip(reason)
    name = f"relcap_rel_{uuid.uuid4().hex[:10]}"
    with admin.connect() as connection:
        connection.execute(text(f'CREATE DATABASE "{name}"'))
    yield make_url(base).set(database=name)
    with admin.connect() as connection:
        connection.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
    admin.dispose()
