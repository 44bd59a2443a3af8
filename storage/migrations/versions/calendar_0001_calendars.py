"""calendars and the meetings read from them

Revision ID: calendar_0001
Revises: 0003
Create Date: 2026-12-02 01:50:00
"""

import sqlalchemy as sa
from alembic import op

import storage.types

revision = "calendar_0001"
down_revision = "0003"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "calendars",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("workspace_id", sa.Integer(), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(length=8), nullable=False),
        sa.Column("url", sa.Text(), nullable=True),
        sa.Column("url_hash", sa.String(length=64), nullable=False),
        sa.Column("host", sa.String(length=255), nullable=False),
        sa.Column("tail", sa.String(length=16), nullable=False),
        sa.Column("owner_email", sa.String(length=320), nullable=True),
        sa.Column("etag", sa.String(length=255), nullable=True),
        sa.Column("last_modified", sa.String(length=64), nullable=True),
        sa.Column("last_polled_at", storage.types.UTCDateTime(timezone=True), nullable=True),
        sa.Column("read_at", storage.types.UTCDateTime(timezone=True), nullable=True),
        sa.Column("last_result", sa.String(length=300), nullable=True),
        sa.Column("failures", sa.Integer(), nullable=False),
        sa.Column("next_poll_at", storage.types.UTCDateTime(timezone=True), nullable=False),
        sa.Column("created_at", storage.types.UTCDateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(["user_id"], ["users.id"]),
        sa.ForeignKeyConstraint(["workspace_id"], ["workspaces.id"]),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("workspace_id", "user_id", "url_hash"),
    )
    with op.batch_alter_table("calendars", schema=None) as batch_op:
        batch_op.create_index("ix_calendars_next_poll", ["next_poll_at"], unique=False)

    op.create_table(
        "calendar_meetings",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("workspace_id", sa.Integer(), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("calendar_id", sa.Integer(), nullable=False),
        sa.Column("occurrence_key", sa.String(length=32), nullable=False),
        sa.Column("original_start", storage.types.UTCDateTime(timezone=True), nullable=False),
        sa.Column("summary", sa.String(length=300), nullable=False),
        sa.Column("start_at", storage.types.UTCDateTime(timezone=True), nullable=False),
        sa.Column("end_at", storage.types.UTCDateTime(timezone=True), nullable=False),
        sa.Column("contact_ids", sa.JSON(), nullable=False),
        sa.ForeignKeyConstraint(["calendar_id"], ["calendars.id"]),
        sa.ForeignKeyConstraint(["user_id"], ["users.id"]),
        sa.ForeignKeyConstraint(["workspace_id"], ["workspaces.id"]),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("calendar_id", "occurrence_key"),
    )
    with op.batch_alter_table("calendar_meetings", schema=None) as batch_op:
        batch_op.create_index("ix_calendar_meetings_times", ["start_at", "end_at"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("calendar_meetings", schema=None) as batch_op:
        batch_op.drop_index("ix_calendar_meetings_times")
    op.drop_table("calendar_meetings")
    with op.batch_alter_table("calendars", schema=None) as batch_op:
        batch_op.drop_index("ix_calendars_next_poll")
    op.drop_table("calendars")
