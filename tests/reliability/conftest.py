"""Fixtures of the reliability suite: a fake Slack Web API, an empty PostgreSQL database."""

from __future__ import annotations

import pytest
from sqlalchemy import text
from sqlalchemy.engine import make_url

from storage.engine import make_engine
from storage.schema import metadata
from tests.adapters.fake_slack import FakeSlackApi
from tests.adapters.slack_harness import LoopThread


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
def pg_database(pg_url):
    """The session's PostgreSQL database, emptied (a database per test would cost a
    checkpoint per drop, slow on a busy machine)."""
    engine = make_engine(pg_url)
    tables = ", ".join(f'"{t.name}"' for t in metadata.sorted_tables)
    with engine.begin() as connection:
        connection.execute(text(f"TRUNCATE {tables} RESTART IDENTITY CASCADE"))
    engine.dispose()
    return make_url(pg_url)
