"""The slack_0002 migration adds workspaces.uninstalled_at to a database at slack_0001:
existing workspaces stay reachable, and the flag then hides a workspace's reps."""

from __future__ import annotations

from datetime import UTC, datetime

from alembic import command
from sqlalchemy import inspect, text

from storage.engine import make_engine, make_session_factory
from storage.migrate import alembic_config, current_revisions, upgrade
from storage.nudges.reps import reachable_reps

NOW = datetime(2026, 11, 23, 9, 0, tzinfo=UTC)


def test_upgrade_from_the_previous_revision_keeps_workspaces_reachable(db_url):
    engine = make_engine(db_url)
    upgrade(engine)  # the PostgreSQL test database may be at heads already: step back
    command.downgrade(alembic_config(engine), "slack_0002-1")
    # The rows below are written the way that revision's code wrote them, before the
    # address rows had a nudge check time.
    command.downgrade(alembic_config(engine), "nudges_0002-1")
    assert "slack_0001" in current_revisions(engine)
    columns = [c["name"] for c in inspect(engine).get_columns("workspaces")]
    assert "uninstalled_at" not in columns
    with engine.begin() as connection:
        connection.execute(
            text("INSERT INTO workspaces (platform, external_id, created_at) VALUES "
                 "('slack', 'TOLD', :now)"), {"now": NOW})  # fmt: skip
        ws = connection.scalar(text("SELECT id FROM workspaces WHERE external_id = 'TOLD'"))
        connection.execute(
            text("INSERT INTO users (workspace_id, external_id, display_name, created_at) "
                 "VALUES (:ws, 'U1', 'Ana', :now)"), {"ws": ws, "now": NOW})  # fmt: skip
        user = connection.scalar(text("SELECT id FROM users WHERE workspace_id = :ws"), {"ws": ws})
        connection.execute(
            text("INSERT INTO conversation_addresses (workspace_id, user_id, platform, address, "
                 "updated_at) VALUES (:ws, :u, 'slack', '{}', :now)"),
            {"ws": ws, "u": user, "now": NOW},
        )  # fmt: skip

    upgrade(engine)

    assert "slack_0002" in current_revisions(engine)
    factory = make_session_factory(engine)
    with factory() as session:
        assert [r.user_id for r in reachable_reps(session, ("slack",))] == [user]
    with engine.begin() as connection:
        connection.execute(text("UPDATE workspaces SET uninstalled_at = :now"), {"now": NOW})
    with factory() as session:
        assert reachable_reps(session, ("slack",)) == []
    engine.dispose()
