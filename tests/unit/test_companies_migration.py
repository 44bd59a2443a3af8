"""The companies migration, from a database made at the revisions before it: the free-text
`contacts.company` strings become company records, grouped by exact name ignoring case and
spacing only; near-duplicates stay apart and are reported; the downgrade restores strings."""

from __future__ import annotations

import logging
from datetime import UTC, datetime

from alembic import command
from sqlalchemy import inspect, select, text

from storage.companies import Companies
from storage.engine import make_engine, make_session_factory
from storage.migrate import alembic_config, current_revisions, upgrade
from storage.models import Company, Contact

NOW = datetime(2026, 11, 20, 15, 0, tzinfo=UTC)
STRINGS = ["Acme", " acme ", "ACME", "Acme Logistcs", "Acme Logistics", None, "Globex  Corp"]


def _old_contacts(connection) -> dict[str, int]:
    """Two workspaces, contacts with company strings as main's schema stored them."""
    for statement in (
        "INSERT INTO workspaces (id, platform, external_id, created_at) "
        "VALUES (1, 'console', 'local', :now), (2, 'slack', 'T2', :now)",
        "INSERT INTO users (id, workspace_id, external_id, display_name, created_at) "
        "VALUES (1, 1, 'ana', 'Ana', :now), (2, 2, 'U2', 'Bo', :now)",
    ):
        connection.execute(text(statement), {"now": NOW})
    ids = {}
    for n, company in enumerate(STRINGS, start=1):
        name = f"Person {n}"
        connection.execute(
            text(
                "INSERT INTO contacts (id, workspace_id, name, name_key, company, created_by_id,"
                " created_at, balance, credits, debits, entry_count, decay_sum)"
                " VALUES (:id, 1, :name, :key, :company, 1, :now, 0, 0, 0, 0, 0)"
            ),
            {"id": n, "name": name, "key": name.lower(), "company": company, "now": NOW},
        )
        ids[name] = n
    # The same spelling in another workspace is another company.
    connection.execute(
        text(
            "INSERT INTO contacts (id, workspace_id, name, name_key, company, created_by_id,"
            " created_at, balance, credits, debits, entry_count, decay_sum)"
            " VALUES (100, 2, 'Other', 'other', 'acme', 2, :now, 0, 0, 0, 0, 0)"
        ),
        {"now": NOW},
    )
    return ids


def test_company_strings_become_records_and_come_back_on_downgrade(db_url, caplog):
    engine = make_engine(db_url)
    upgrade(engine)  # the PostgreSQL test database may be at heads already: step back
    command.downgrade(alembic_config(engine), "companies_0001-1")
    assert "companies_0001" not in current_revisions(engine)
    assert "company" in [c["name"] for c in inspect(engine).get_columns("contacts")]
    try:
        with engine.begin() as connection:
            _old_contacts(connection)

        with caplog.at_level(logging.WARNING, logger="alembic.runtime.migration"):
            upgrade(engine)

        columns = [c["name"] for c in inspect(engine).get_columns("contacts")]
        assert "company" not in columns and "company_id" in columns
        factory = make_session_factory(engine)
        with factory() as session:
            companies = session.execute(
                select(Company.workspace_id, Company.name).order_by(
                    Company.workspace_id, Company.name
                )
            ).all()
            assert [tuple(row) for row in companies] == [
                (1, "Acme"),
                (1, "Acme Logistcs"),
                (1, "Acme Logistics"),
                (1, "Globex Corp"),
                (2, "acme"),
            ]
            by_contact = {c.id: c.company for c in session.scalars(select(Contact)).unique().all()}
            assert by_contact == {
                1: "Acme", 2: "Acme", 3: "Acme", 4: "Acme Logistcs", 5: "Acme Logistics",
                6: None, 7: "Globex Corp", 100: "acme",
            }  # fmt: skip
            assert Companies(session, 1).possible_duplicates() == [
                ("Acme Logistcs", "Acme Logistics")
            ]
            assert Companies(session, 2).possible_duplicates() == []
            assert not any(c.not_met for c in session.scalars(select(Contact)).unique())
        assert "'Acme Logistcs' and 'Acme Logistics' may be one company" in caplog.text

        command.downgrade(alembic_config(engine), "companies_0001-1")
        with engine.connect() as connection:
            restored = dict(connection.execute(text("SELECT id, company FROM contacts")).all())
            tables = inspect(engine).get_table_names()
        assert restored == {
            1: "Acme", 2: "Acme", 3: "Acme", 4: "Acme Logistcs", 5: "Acme Logistics",
            6: None, 7: "Globex Corp", 100: "acme",
        }  # fmt: skip
        assert "companies" not in tables
    finally:
        upgrade(engine)
        engine.dispose()
