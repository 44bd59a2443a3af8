"""ledger_entries.link and pending_notes.link: where a captured note came from

A note logged from a chat message ("Log to relcap") keeps the message's permalink;
a pending one keeps it until it is placed.

Revision ID: capture_0001
Revises: 0003
"""

import sqlalchemy as sa
from alembic import op

revision = "capture_0001"
down_revision = "0003"
branch_labels = None
depends_on = None

TABLES = ("ledger_entries", "pending_notes")


def upgrade() -> None:
    for table in TABLES:
        with op.batch_alter_table(table) as batch:
            batch.add_column(sa.Column("link", sa.Text(), nullable=True))


def downgrade() -> None:
    for table in TABLES:
        with op.batch_alter_table(table) as batch:
            batch.drop_column("link")
