"""attempts beside touches; the competitor test as rows

Revision ID: touches_0001
Revises: 0003
"""

import sqlalchemy as sa
from alembic import op

import storage.types

revision = "touches_0001"
down_revision = "0003"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("ledger_entries", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column("kind", sa.String(length=10), server_default="touch", nullable=False)
        )
    with op.batch_alter_table("contacts", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column("last_attempt_at", storage.types.UTCDateTime(timezone=True), nullable=True)
        )
        batch_op.add_column(
            sa.Column("attempts_since_touch", sa.Integer(), server_default="0", nullable=False)
        )
    op.create_table(
        "loyalty_answers",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("workspace_id", sa.Integer(), nullable=False),
        sa.Column("contact_id", sa.Integer(), nullable=False),
        sa.Column("answer", sa.String(length=10), nullable=True),
        sa.Column("why", sa.Text(), nullable=False),
        sa.Column("recorded_by_id", sa.Integer(), nullable=False),
        sa.Column("recorded_at", storage.types.UTCDateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(["contact_id"], ["contacts.id"]),
        sa.ForeignKeyConstraint(["recorded_by_id"], ["users.id"]),
        sa.ForeignKeyConstraint(["workspace_id"], ["workspaces.id"]),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("loyalty_answers", schema=None) as batch_op:
        batch_op.create_index(
            "ix_loyalty_contact", ["workspace_id", "contact_id", "recorded_at"], unique=False
        )
    # The competitor test used to be kept as a fact under the key "loyalty": each of those
    # answers becomes a row, its verdict unknown (the words are kept as the why).
    op.execute(
        "INSERT INTO loyalty_answers (workspace_id, contact_id, answer, why, recorded_by_id, "
        "recorded_at) SELECT workspace_id, contact_id, NULL, value, recorded_by_id, recorded_at "
        "FROM facts WHERE key = 'loyalty'"
    )


def downgrade() -> None:
    with op.batch_alter_table("loyalty_answers", schema=None) as batch_op:
        batch_op.drop_index("ix_loyalty_contact")
    op.drop_table("loyalty_answers")
    with op.batch_alter_table("contacts", schema=None) as batch_op:
        batch_op.drop_column("attempts_since_touch")
        batch_op.drop_column("last_attempt_at")
    with op.batch_alter_table("ledger_entries", schema=None) as batch_op:
        batch_op.drop_column("kind")
