"""contact reps count the notes each rep wrote about a contact

Revision ID: accounts_0001
Revises: 0003
"""

import sqlalchemy as sa
from alembic import op

revision = "accounts_0001"
down_revision = "0003"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("contact_reps", schema=None) as batch_op:
        batch_op.add_column(sa.Column("notes", sa.Integer(), server_default="0", nullable=False))
    # Existing rows: the entries each rep wrote, reversals left out (as the ledger counts).
    op.execute(
        "UPDATE contact_reps SET notes = (SELECT count(*) FROM ledger_entries e "
        "WHERE e.workspace_id = contact_reps.workspace_id "
        "AND e.contact_id = contact_reps.contact_id "
        "AND e.author_id = contact_reps.user_id AND e.reverses_id IS NULL)"
    )


def downgrade() -> None:
    with op.batch_alter_table("contact_reps", schema=None) as batch_op:
        batch_op.drop_column("notes")
