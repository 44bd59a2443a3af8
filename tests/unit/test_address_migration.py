"""The addresses migration, from a database built at the revision before it: a team
digest the core stored as {"channel": id} becomes the Slack adapter's {"channel_id": id}."""

from __future__ import annotations

from datetime import UTC, datetime

from alembic import command
from sqlalchemy import select, text

from bot.slack.addresses import SlackAddressing
from storage.migrate import alembic_config, upgrade
from storage.nudges.models import TeamDigest

NOW = datetime(2026, 11, 20, 15, 0, tzinfo=UTC)


def _old_row(connection) -> None:
    """A workspace, a rep and the team digest as the core used to store it."""
    for statement in (
        "INSERT INTO workspaces (id, platform, external_id, created_at) "
        "VALUES (1, 'slack', 'T0001', :now)",
        "INSERT INTO users (id, workspace_id, external_id, display_name, created_at) "
        "VALUES (1, 1, 'U1', 'Ana', :now)",
        "INSERT INTO team_digests (workspace_id, set_by_id, address, label, updated_at) "
        "VALUES (1, 1, '{\"channel\": \"C0SALES1\"}', 'sales', :now)",
    ):
        connection.execute(text(statement), {"now": NOW})


def test_team_digest_rows_are_converted_to_the_slack_adapters_address(engine):
    command.downgrade(alembic_config(engine), "addresses_0001-1")
    try:
        with engine.begin() as connection:
            _old_row(connection)
        upgrade(engine)
        with engine.connect() as connection:
            digest = connection.execute(select(TeamDigest.__table__)).one()
        assert digest.address == {"channel_id": "C0SALES1"}
        assert (digest.label, digest.scope) == ("#sales", "C0SALES1")
        decoded = SlackAddressing().decode(digest.address, "U1")
        assert (decoded.channel, decoded.is_dm) == ("C0SALES1", False)

        command.downgrade(alembic_config(engine), "addresses_0001-1")
        with engine.connect() as connection:
            old = connection.execute(select(TeamDigest.__table__.c.address)).scalar_one()
        assert old == {"channel": "C0SALES1"}
    finally:
        upgrade(engine)
