"""calendar_meetings.newcomers: attendees at a known company's domain, not yet contacts

After the meeting they are offered as new contacts at that company (never created
silently). Meetings are re-read from the calendar on every poll, so no backfill.

Revision ID: calendar_0002
Revises: calendar_0001
"""

import sqlalchemy as sa
from alembic import op

revision = "calendar_0002"
down_revision = "calendar_0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("calendar_meetings") as batch:
        batch.add_column(sa.Column("newcomers", sa.JSON(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("calendar_meetings") as batch:
        batch.drop_column("newcomers")
