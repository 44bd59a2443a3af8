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
    # One grouped pass and an UPDATE … FROM (SQLite 3.33+, PostgreSQL), not a count per row.
    op.execute(
        "UPDATE contact_reps SET notes = c.n FROM (SELECT workspace_id, contact_id, "
        "author_id, count(*) AS n FROM ledger_entries WHERE reverses_id IS NULL "
        "GROUP BY workspace_id, contact_id, author_id) AS c "
        "WHERE contact_reps.workspace_id = c.workspace_id "
        "AND contact_reps.contact_id = c.contact_id AND contact_reps.user_id = c.author_id"
    )


def downgrade() -> None:
    with op.batch_alter_table("contact_reps", schema=None) as batch_op:
        batch_op.drop_column("notes")
