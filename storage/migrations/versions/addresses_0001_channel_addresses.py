"""channel addresses; team digests stored in the Slack adapter's own spelling

Revision ID: addresses_0001
Revises: nudges_0001

The team digest's target used to be written by the core as {"channel": id}, which the
Slack sender did not read (it fell back to the rep's DM). Existing rows become what the
Slack adapter encodes, {"channel_id": id}, with the channel as their scope and "#name"
as their label.
"""

import sqlalchemy as sa
from alembic import op

import storage.types

revision = "addresses_0001"
down_revision = "nudges_0001"
branch_labels = None
depends_on = None

team_digests = sa.table(
    "team_digests",
    sa.column("id", sa.Integer),
    sa.column("address", sa.JSON),
    sa.column("label", sa.String),
    sa.column("scope", sa.String),
)


def upgrade() -> None:
    op.create_table(
        "channel_addresses",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("workspace_id", sa.Integer(), nullable=False),
        sa.Column("platform", sa.String(length=20), nullable=False),
        sa.Column("scope", sa.String(length=255), nullable=False),
        sa.Column("label", sa.String(length=120), nullable=False),
        sa.Column("address", sa.JSON(), nullable=False),
        sa.Column("updated_at", storage.types.UTCDateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(["workspace_id"], ["workspaces.id"]),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("workspace_id", "platform", "scope"),
    )
    with op.batch_alter_table("team_digests", schema=None) as batch_op:
        batch_op.add_column(sa.Column("scope", sa.String(length=255), nullable=True))
    connection = op.get_bind()
    for row in connection.execute(sa.select(team_digests)).all():
        address = row.address if isinstance(row.address, dict) else {}
        channel = address.get("channel")
        if not isinstance(channel, str) or "channel_id" in address:
            continue
        label = row.label if row.label.startswith("#") else f"#{row.label}"
        connection.execute(
            team_digests.update()
            .where(team_digests.c.id == row.id)
            .values(address={"channel_id": channel}, label=label[:120], scope=channel)
        )


def downgrade() -> None:
    connection = op.get_bind()
    for row in connection.execute(sa.select(team_digests)).all():
        address = row.address if isinstance(row.address, dict) else {}
        if set(address) == {"channel_id"}:
            connection.execute(
                team_digests.update()
                .where(team_digests.c.id == row.id)
                .values(address={"channel": address["channel_id"]}, label=row.label.lstrip("#"))
            )
    with op.batch_alter_table("team_digests", schema=None) as batch_op:
        batch_op.drop_column("scope")
    op.drop_table("channel_addresses")
