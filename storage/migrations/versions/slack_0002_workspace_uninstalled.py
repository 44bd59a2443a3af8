"""workspaces.uninstalled_at: the app was uninstalled, its reps are not nudged

Revision ID: slack_0002
Revises: slack_0001
"""

import sqlalchemy as sa
from alembic import op

import storage.types

revision = "slack_0002"
down_revision = "slack_0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("workspaces") as batch:
        batch.add_column(
            sa.Column("uninstalled_at", storage.types.UTCDateTime(timezone=True), nullable=True)
        )


def downgrade() -> None:
    with op.batch_alter_table("workspaces") as batch:
        batch.drop_column("uninstalled_at")
