"""fix_plans and made_right: a promise linked to the debit it puts right, and the
record of a debit made right

Revision ID: amends_0001
Revises: addresses_0001
"""

import sqlalchemy as sa
from alembic import op

import storage.types

revision = "amends_0001"
down_revision = "addresses_0001"  # builds on the promises table (nudges_0001)
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "fix_plans",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("workspace_id", sa.Integer(), nullable=False),
        sa.Column("contact_id", sa.Integer(), nullable=False),
        sa.Column("debit_id", sa.Integer(), nullable=False),
        sa.Column("promise_id", sa.Integer(), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("created_at", storage.types.UTCDateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(["contact_id"], ["contacts.id"]),
        sa.ForeignKeyConstraint(["debit_id"], ["ledger_entries.id"]),
        sa.ForeignKeyConstraint(["promise_id"], ["promises.id"]),
        sa.ForeignKeyConstraint(["user_id"], ["users.id"]),
        sa.ForeignKeyConstraint(["workspace_id"], ["workspaces.id"]),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("promise_id"),
    )
    with op.batch_alter_table("fix_plans") as batch:
        batch.create_index("ix_fix_plans_debit", ["workspace_id", "debit_id"], unique=False)
    op.create_table(
        "made_right",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("workspace_id", sa.Integer(), nullable=False),
        sa.Column("contact_id", sa.Integer(), nullable=False),
        sa.Column("debit_id", sa.Integer(), nullable=False),
        sa.Column("credit_id", sa.Integer(), nullable=False),
        sa.Column("promise_id", sa.Integer(), nullable=True),
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("created_at", storage.types.UTCDateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(["contact_id"], ["contacts.id"]),
        sa.ForeignKeyConstraint(["credit_id"], ["ledger_entries.id"]),
        sa.ForeignKeyConstraint(["debit_id"], ["ledger_entries.id"]),
        sa.ForeignKeyConstraint(["promise_id"], ["promises.id"]),
        sa.ForeignKeyConstraint(["user_id"], ["users.id"]),
        sa.ForeignKeyConstraint(["workspace_id"], ["workspaces.id"]),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("workspace_id", "credit_id"),
    )
    with op.batch_alter_table("made_right") as batch:
        batch.create_index("ix_made_right_debit", ["workspace_id", "debit_id"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("made_right") as batch:
        batch.drop_index("ix_made_right_debit")
    op.drop_table("made_right")
    with op.batch_alter_table("fix_plans") as batch:
        batch.drop_index("ix_fix_plans_debit")
    op.drop_table("fix_plans")
