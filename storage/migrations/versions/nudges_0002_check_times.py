"""each rep's next nudge check time and count of wakes, kept on their address row

Revision ID: nudges_0002
Revises: addresses_0001

Every existing rep is due for a look at once (the epoch): the first pass after the
upgrade reads them all and sets each one's next check time.
"""

from datetime import UTC, datetime

import sqlalchemy as sa
from alembic import op

import storage.types

revision = "nudges_0002"
down_revision = "addresses_0001"
branch_labels = None
depends_on = None

EPOCH = datetime(1970, 1, 1, tzinfo=UTC)


def upgrade() -> None:
    with op.batch_alter_table("conversation_addresses") as batch:
        batch.add_column(sa.Column("nudge_check_at", storage.types.UTCDateTime(), nullable=True))
        batch.add_column(sa.Column("nudge_wakes", sa.Integer(), nullable=True))
    addresses = sa.table(
        "conversation_addresses",
        sa.column("nudge_check_at", storage.types.UTCDateTime()),
        sa.column("nudge_wakes", sa.Integer()),
    )
    op.execute(addresses.update().values(nudge_check_at=EPOCH, nudge_wakes=0))
    with op.batch_alter_table("conversation_addresses") as batch:
        batch.alter_column(
            "nudge_check_at", existing_type=storage.types.UTCDateTime(), nullable=False
        )
        batch.alter_column("nudge_wakes", existing_type=sa.Integer(), nullable=False)
        batch.create_index("ix_conversation_addresses_check", ["nudge_check_at"])


def downgrade() -> None:
    with op.batch_alter_table("conversation_addresses") as batch:
        batch.drop_index("ix_conversation_addresses_check")
        batch.drop_column("nudge_wakes")
        batch.drop_column("nudge_check_at")
