"""companies as records: contacts point at a company; role, function, reporting line, not met

The free-text `contacts.company` strings become company records, one per workspace and
spelling that is equal ignoring case and spacing only. Near-duplicates ("Acme Logistics" /
"Acme Logistcs") are left apart, logged and kept as an audit event so `company list` can
show them. The downgrade writes the names back as strings.

Revision ID: companies_0001
Revises: 0003
"""

import logging
from collections import Counter, defaultdict
from datetime import UTC, datetime

import sqlalchemy as sa
from alembic import op
from rapidfuzz import fuzz, process

import storage.types

revision = "companies_0001"
down_revision = "0003"
branch_labels = None
depends_on = None

log = logging.getLogger("alembic.runtime.migration")

# Names at least this similar (rapidfuzz ratio, 0-100) are reported as possible duplicates.
NEAR_DUPLICATE = 85
DUPLICATES_ACTION = "company.possible_duplicates"
# At most this many pairs are logged and kept per workspace (in name order).
MAX_PAIRS = 200


def _key(name: str) -> str:
    return " ".join(name.casefold().split())


def _create_tables() -> None:
    op.create_table(
        "companies",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("workspace_id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.Column("name_key", sa.String(length=200), nullable=False),
        sa.Column("created_at", storage.types.UTCDateTime(timezone=True), nullable=False),
        sa.Column("created_by_id", sa.Integer(), nullable=True),
        sa.Column("merged_into_id", sa.Integer(), nullable=True),
        sa.Column("archived_at", storage.types.UTCDateTime(timezone=True), nullable=True),
        sa.ForeignKeyConstraint(["created_by_id"], ["users.id"]),
        sa.ForeignKeyConstraint(["merged_into_id"], ["companies.id"]),
        sa.ForeignKeyConstraint(["workspace_id"], ["workspaces.id"]),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("workspace_id", "name_key"),
    )
    op.create_table(
        "company_aliases",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("workspace_id", sa.Integer(), nullable=False),
        sa.Column("company_id", sa.Integer(), nullable=False),
        sa.Column("alias", sa.String(length=200), nullable=False),
        sa.Column("alias_key", sa.String(length=200), nullable=False),
        sa.ForeignKeyConstraint(["company_id"], ["companies.id"]),
        sa.ForeignKeyConstraint(["workspace_id"], ["workspaces.id"]),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("workspace_id", "alias_key"),
    )
    op.create_index("ix_company_aliases_company", "company_aliases", ["company_id"])
    op.create_table(
        "company_domains",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("workspace_id", sa.Integer(), nullable=False),
        sa.Column("company_id", sa.Integer(), nullable=False),
        sa.Column("domain", sa.String(length=253), nullable=False),
        sa.ForeignKeyConstraint(["company_id"], ["companies.id"]),
        sa.ForeignKeyConstraint(["workspace_id"], ["workspaces.id"]),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("workspace_id", "domain"),
    )
    op.create_index("ix_company_domains_company", "company_domains", ["company_id"])


def _near_duplicates(names: list[str]) -> list[list[str]]:
    """Pairs of names at least NEAR_DUPLICATE alike, each pair once, in name order."""
    keys = [_key(name) for name in names]
    pairs = []
    for i, key in enumerate(keys):
        # rapidfuzz compares in C: thousands of companies stay a matter of seconds.
        for _, _, j in process.extract(
            key, keys[i + 1 :], scorer=fuzz.ratio, score_cutoff=NEAR_DUPLICATE, limit=None
        ):
            pairs.append([names[i], names[i + 1 + j]])
    return sorted(pairs, key=lambda pair: (_key(pair[0]), _key(pair[1])))


def _strings_to_records(connection: sa.Connection) -> None:
    rows = connection.execute(
        sa.text(
            "SELECT id, workspace_id, company, created_by_id, created_at FROM contacts "
            "WHERE company IS NOT NULL ORDER BY id"
        )
    ).all()
    groups: dict[tuple[int, str], list] = defaultdict(list)
    for row in rows:
        key = _key(row.company)
        if key:
            groups[(row.workspace_id, key)].append(row)
    now = datetime.now(UTC)
    names_by_workspace: dict[int, list[str]] = defaultdict(list)
    for (workspace_id, key), members in groups.items():
        # The spelling most contacts used (the earliest on a tie), with its spaces tidied.
        spellings = Counter(" ".join(m.company.split()) for m in members)
        name = max(spellings, key=lambda s: spellings[s])
        first = members[0]
        company_id = connection.execute(
            sa.text(
                "INSERT INTO companies (workspace_id, name, name_key, created_at, created_by_id) "
                "VALUES (:ws, :name, :key, :at, :by) RETURNING id"
            ),
            {"ws": workspace_id, "name": name, "key": key, "at": first.created_at,
             "by": first.created_by_id},
        ).scalar_one()  # fmt: skip
        connection.execute(
            sa.text("UPDATE contacts SET company_id = :company WHERE id IN :ids").bindparams(
                sa.bindparam("ids", expanding=True)
            ),
            {"company": company_id, "ids": [m.id for m in members]},
        )
        names_by_workspace[workspace_id].append(name)
    for workspace_id, names in names_by_workspace.items():
        pairs = _near_duplicates(sorted(names, key=_key))
        if not pairs:
            continue
        if len(pairs) > MAX_PAIRS:
            log.warning(
                "workspace %s: %d pairs of company names look alike; the first %d are kept",
                workspace_id,
                len(pairs),
                MAX_PAIRS,
            )
            pairs = pairs[:MAX_PAIRS]
        for first, second in pairs:
            log.warning(
                "workspace %s: companies %r and %r may be one company, left apart "
                "(`company merge` joins them)",
                workspace_id,
                first,
                second,
            )
        connection.execute(
            sa.table(
                "audit_events",
                sa.column("workspace_id"),
                sa.column("actor"),
                sa.column("action"),
                sa.column("detail", sa.JSON()),
                sa.column("created_at", storage.types.UTCDateTime(timezone=True)),
            )
            .insert()
            .values(
                workspace_id=workspace_id,
                actor="migration companies_0001",
                action=DUPLICATES_ACTION,
                detail={"pairs": pairs},
                created_at=now,
            )
        )


def upgrade() -> None:
    _create_tables()
    with op.batch_alter_table("contacts") as batch:
        batch.add_column(sa.Column("company_id", sa.Integer(), nullable=True))
        batch.add_column(sa.Column("role", sa.String(length=200), nullable=True))
        batch.add_column(sa.Column("function", sa.String(length=40), nullable=True))
        batch.add_column(sa.Column("reports_to_id", sa.Integer(), nullable=True))
        batch.add_column(
            sa.Column("not_met", sa.Boolean(), server_default=sa.false(), nullable=False)
        )
        batch.create_foreign_key("fk_contacts_company_id", "companies", ["company_id"], ["id"])
        batch.create_foreign_key("fk_contacts_reports_to_id", "contacts", ["reports_to_id"], ["id"])
        batch.create_index("ix_contacts_workspace_company", ["workspace_id", "company_id"])
    _strings_to_records(op.get_bind())
    with op.batch_alter_table("contacts") as batch:
        batch.drop_column("company")


def downgrade() -> None:
    with op.batch_alter_table("contacts") as batch:
        batch.add_column(sa.Column("company", sa.String(length=200), nullable=True))
    op.execute(
        "UPDATE contacts SET company = (SELECT name FROM companies "
        "WHERE companies.id = contacts.company_id) WHERE company_id IS NOT NULL"
    )
    with op.batch_alter_table("contacts") as batch:
        batch.drop_index("ix_contacts_workspace_company")
        batch.drop_constraint("fk_contacts_company_id", type_="foreignkey")
        batch.drop_constraint("fk_contacts_reports_to_id", type_="foreignkey")
        batch.drop_column("not_met")
        batch.drop_column("reports_to_id")
        batch.drop_column("function")
        batch.drop_column("role")
        batch.drop_column("company_id")
    op.execute(f"DELETE FROM audit_events WHERE action = '{DUPLICATES_ACTION}'")
    op.drop_index("ix_company_domains_company", table_name="company_domains")
    op.drop_table("company_domains")
    op.drop_index("ix_company_aliases_company", table_name="company_aliases")
    op.drop_table("company_aliases")
    op.drop_table("companies")
