"""`relcap import`: real HubSpot and Salesforce export headers, a mapped CSV, vCards and
bad input, over SQLite and PostgreSQL; what is saved is compared before and after."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner
from sqlalchemy import text

from bot.cli import main

DATA = Path(__file__).parent.parent / "data"


@pytest.fixture
def relcap(db_url, engine, tmp_path, monkeypatch):
    monkeypatch.setenv("DATABASE_URL", db_url)
    monkeypatch.setenv("RELCAP_HOME", str(tmp_path / "home"))

    def run(*args: str) -> str:
        result = CliRunner().invoke(main, list(args))
        assert result.exit_code == 0, result.output
        return result.output

    return run


def sample(tmp_path: Path, name: str) -> str:
    return str(shutil.copy(DATA / name, tmp_path / name))


def saved(engine) -> list[tuple]:
    """Every contact with its company and manager, as plain rows."""
    with engine.connect() as connection:
        return [
            tuple(row)
            for row in connection.execute(
                text(
                    "SELECT c.name, c.email, co.name, c.role, c.function, m.name "
                    "FROM contacts c LEFT JOIN companies co ON co.id = c.company_id "
                    "LEFT JOIN contacts m ON m.id = c.reports_to_id ORDER BY c.id"
                )
            )
        ]


def companies(engine) -> list[str]:
    with engine.connect() as connection:
        return list(connection.scalars(text("SELECT name FROM companies ORDER BY id")))


def test_hubspot_dry_run_lists_lines_and_saves_nothing(relcap, engine, tmp_path):
    out = relcap("import", sample(tmp_path, "hubspot_contacts.csv"))
    assert "(HubSpot): 7 rows: 4 to create, 0 to update, 0 unchanged, 3 refused" in out
    assert "3 new companies" in out
    assert "line 2: Jane Doe (Acme Logistics) <jane.doe@acme.example>, VP Operations" in out
    assert "line 6: no name" in out
    assert "line 7: Jane Doe: the same contact as line 2" in out
    assert "line 8: “lena.fischer@initech” is not an email address" in out
    assert "Dry run: nothing was saved" in out
    assert saved(engine) == [] and companies(engine) == []


def test_apply_then_again_changes_nothing(relcap, engine, tmp_path):
    path = sample(tmp_path, "hubspot_contacts.csv")
    out = relcap("import", path, "--apply")
    assert "Imported: 4 created, 0 updated" in out
    first = saved(engine)
    assert (
        "Jane Doe",
        "jane.doe@acme.example",
        "Acme Logistics",
        "VP Operations",
        None,
        None,
    ) in first
    assert companies(engine) == ["Acme Logistics", "Northwind Traders", "Globex"]
    again = relcap("import", path, "--apply")
    assert "0 to create, 0 to update, 4 unchanged, 3 refused" in again
    assert "Nothing to change" in again
    assert saved(engine) == first and len(companies(engine)) == 3


def test_a_formula_cell_is_stored_as_text_and_exported_safely(relcap, engine, tmp_path):
    relcap("import", sample(tmp_path, "hubspot_contacts.csv"), "--apply")
    roles = {row[0]: row[3] for row in saved(engine)}
    assert roles["Tom Okafor"] == '=HYPERLINK("http://evil.example","Director")'
    exported = relcap("export", "--format", "csv", "--workspace", "local")
    assert "'=HYPERLINK" in exported and ",=HYPERLINK" not in exported


def test_salesforce_fills_blanks_and_lands_reporting_lines(relcap, engine, tmp_path):
    relcap("import", sample(tmp_path, "hubspot_contacts.csv"), "--apply")
    before = {row[0]: row for row in saved(engine)}
    out = relcap("import", sample(tmp_path, "salesforce_contacts.csv"), "--apply")
    assert "(Salesforce): 5 rows: 2 to create, 2 to update" in out
    assert "line 3: Jane Doe: function operations" in out
    assert "company “Acme Logistcs” is close to “Acme Logistics”: not guessed" in out
    assert "line 6: manager “Nobody Known” not found: reporting line left out" in out
    after = {row[0]: row for row in saved(engine)}
    assert after["Jane Doe"][4:] == ("operations", "Marcus Chen")
    assert after["Sam Rivera"][2:] == ("Acme Logistics", "IT Director", "it", "Jane Doe")
    assert after["Marcus Chen"][5] is None
    assert after["Ravi Patel"][2] == "Umbrella Corp"
    assert "Grace Hopper" not in after
    assert after["Tom Okafor"] == before["Tom Okafor"]  # not in this file: untouched
    assert "Nothing to change" in relcap(
        "import", sample(tmp_path, "salesforce_contacts.csv"), "--apply"
    )


def test_a_saved_value_is_kept_and_named(relcap, engine, tmp_path):
    relcap("import", sample(tmp_path, "hubspot_contacts.csv"), "--apply")
    other = tmp_path / "promoted.csv"
    other.write_text("First Name,Last Name,Email,Company Name,Job Title\n"
                     "Jane,Doe,jane.doe@acme.example,Acme Logistics,SVP Operations\n")  # fmt: skip
    before = saved(engine)
    out = relcap("import", str(other), "--apply")
    assert "keeps the saved role “VP Operations” (the file says “SVP Operations”)" in out
    assert saved(engine) == before


def test_latin1_with_semicolons(relcap, engine, tmp_path):
    out = relcap("import", sample(tmp_path, "hubspot_latin1_semicolons.csv"), "--apply")
    assert "note: not UTF-8 (first at line 2): read as Windows-1252 (Latin-1)" in out
    assert "note: columns separated by semicolons" in out
    rows = saved(engine)
    assert rows[0][:4] == (
        "José Muñoz", "jose.munoz@iberia.example", "Logística Ibérica", "Director de Operaciones"
    )  # fmt: skip
    assert rows[1][0] == "Françoise Léger"


def test_other_csv_needs_a_map_and_a_bom_is_read(relcap, engine, db_url, tmp_path):
    path = sample(tmp_path, "other_bom.csv")
    failed = CliRunner().invoke(main, ["import", path])
    assert failed.exit_code == 1
    assert "not a HubSpot or Salesforce contact export (the header is: Full Name, E-mail" in (
        failed.output
    )
    assert "nothing was imported" in failed.output
    out = relcap(
        "import", path, "--apply", "--map",
        "name=Full Name,email=E-mail,company=Organisation,role=Position",
    )  # fmt: skip
    assert "(mapped CSV): 2 rows: 2 to create" in out
    assert saved(engine)[0][:3] == ("Jane Doe", "jane.doe@acme.example", "Acme Logistics")
    bad = CliRunner().invoke(main, ["import", path, "--map", "name=Nom"])
    assert bad.exit_code == 1 and "no column 'Nom' in the header" in bad.output


def test_missing_email_column_matches_by_name_at_the_company(relcap, engine, tmp_path):
    relcap("import", sample(tmp_path, "hubspot_contacts.csv"), "--apply")
    before = saved(engine)
    file = tmp_path / "no_email.csv"
    file.write_text("First Name,Last Name,Company Name,Job Title\n"
                    "Jane,Doe,Acme Logistics,VP Operations\n"
                    "Jane,Doa,Acme Logistics,VP Operations\n"
                    "Jane,Doe,Globex,Analyst\n")  # fmt: skip
    out = relcap("import", str(file), "--apply")
    assert "note: no email column: contacts are matched by their exact name" in out
    assert "line 3: Jane Doa is close to Jane Doe (Acme Logistics): not merged" in out
    assert "1 to create, 0 to update, 1 unchanged, 1 refused" in out  # Globex's Jane is new
    after = saved(engine)
    assert after[: len(before)] == before
    assert after[len(before) :] == [("Jane Doe", None, "Globex", "Analyst", None, None)]


def test_a_reporting_loop_is_left_out(relcap, engine, tmp_path):
    file = tmp_path / "loop.csv"
    file.write_text("First Name,Last Name,Email,Account Name,Reports To\n"
                    "Ann,Alpha,ann@x.example,X Corp,Bob Beta\n"
                    "Bob,Beta,bob@x.example,X Corp,Ann Alpha\n")  # fmt: skip
    out = relcap("import", str(file), "--apply")
    assert "line 3: Bob Beta → Ann Alpha → Bob Beta would make a loop" in out
    rows = {row[0]: row[5] for row in saved(engine)}
    assert rows == {"Ann Alpha": "Bob Beta", "Bob Beta": None}


def test_vcards_and_one_without_a_name(relcap, engine, tmp_path):
    out = relcap("import", sample(tmp_path, "contacts.vcf"), "--apply")
    assert "(vCard): 3 rows: 2 to create" in out
    assert "line 10: no name" in out
    assert [row[:4] for row in saved(engine)] == [
        ("Jane Doe", "jane.doe@acme.example", "Acme Logistics", "VP Operations"),
        ("Olga Ivanova", "olga@stark.example", "Stark Industries", "Head of IT"),
    ]


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"", "the file is empty"),
        (b"PK\x03\x04\x00\x00binary", "not a text file"),
        (b"First Name,Last Name,Email,Company Name\n", "a header row and no contacts"),
        (b"BEGIN:VCARDX\nnothing\n", "no vCard in the file"),
    ],
)
def test_a_file_that_cannot_be_read_changes_nothing(relcap, engine, tmp_path, content, message):
    relcap("import", sample(tmp_path, "contacts.vcf"), "--apply")
    before = saved(engine), companies(engine)
    file = tmp_path / "bad.csv"
    file.write_bytes(content)
    result = CliRunner().invoke(main, ["import", str(file), "--apply"])
    assert result.exit_code == 1 and message in result.output, result.output
    assert "nothing was imported" in result.output
    assert (saved(engine), companies(engine)) == before


def test_batches_are_one_transaction_each(relcap, engine, tmp_path):
    path = sample(tmp_path, "hubspot_contacts.csv")
    out = relcap("import", path, "--apply", "--batch", "2", "--user", "ana")
    assert "4 created, 0 updated, 0 reporting lines, in 3 transactions" in out
    assert len(saved(engine)) == 4
    with engine.connect() as connection:
        audit = connection.execute(
            text("SELECT actor, detail FROM audit_events WHERE action = 'contacts.import'")
        ).all()
    assert len(audit) == 1 and audit[0][0] == "ana"
    detail = audit[0][1] if isinstance(audit[0][1], dict) else json.loads(audit[0][1])
    assert detail["source"] == "hubspot_contacts.csv"
    assert (detail["created"], detail["refused"], detail["companies"]) == (4, 3, 3)


def _say(lines: list[str]) -> None:
    from bot.app import build_app
    from bot.settings import Settings
    from handlers.messages import IncomingMessage, UserRef, WorkspaceRef

    app = build_app(Settings())
    for line in lines:
        app.core.handle_message(
            IncomingMessage(WorkspaceRef("console", "local"), UserRef("ana", "ana"), line)
        )
    app.close()


def test_saved_companies_are_found_by_alias_and_domain(relcap, engine, tmp_path):
    _say(
        [
            "company add Acme Logistics acme.example",
            "company alias Acme Logistics: ACME",
            "contact add Jane Doe (Acme Logistics)",
        ]
    )
    file = tmp_path / "crm.csv"
    file.write_text("First Name,Last Name,Email,Company Name,Job Title\n"
                    "Jane,Doe,jane.doe@acme.example,ACME,VP Operations\n"
                    "Sam,Rivera,sam@acme.example,,IT Director\n")  # fmt: skip
    out = relcap("import", str(file), "--apply")
    assert "1 to create, 1 to update, 0 unchanged, 0 refused" in out
    assert "line 2: Jane Doe: email jane.doe@acme.example, role VP Operations" in out
    assert "new companies" not in out
    assert [row[:4] for row in saved(engine)] == [
        ("Jane Doe", "jane.doe@acme.example", "Acme Logistics", "VP Operations"),
        ("Sam Rivera", "sam@acme.example", "Acme Logistics", "IT Director"),
    ]
    assert companies(engine) == ["Acme Logistics"]


def _on_a_terminal(args: list[str], env: dict[str, str]) -> str:
    """The command's output as a terminal shows it (a pseudo-terminal as its streams)."""
    import os
    import pty
    import sys

    script = Path(sys.executable).with_name("relcap")
    pid, fd = pty.fork()
    if pid == 0:  # the child: becomes relcap
        os.environ.update(env)
        os.execv(str(script), [str(script), *args])
    out = b""
    while True:
        try:
            chunk = os.read(fd, 4096)
        except OSError:  # the child closed the terminal
            break
        if not chunk:
            break
        out += chunk
    os.waitpid(pid, 0)
    return out.decode(errors="replace")


def test_a_progress_bar_on_a_terminal_only(relcap, db_url, tmp_path):
    path = sample(tmp_path, "hubspot_contacts.csv")
    assert "Matching" not in relcap("import", path)  # not a terminal: no bar
    home = str(tmp_path / "home")
    shown = _on_a_terminal(
        ["import", path, "--apply"], {"DATABASE_URL": db_url, "RELCAP_HOME": home}
    )
    assert "Matching" in shown and "Writing" in shown and "100%" in shown
    assert "Imported: 4 created" in shown


def test_long_lists_are_capped_unless_all(relcap, tmp_path):
    file = tmp_path / "many.csv"
    syllables = [
        "ba",
        "ce",
        "di",
        "fo",
        "gu",
        "ha",
        "ji",
        "ko",
        "lu",
        "ma",
        "ne",
        "pi",
        "ro",
        "su",
        "ta",
        "vi",
    ]

    def surname(n: int) -> str:  # far apart in spelling, so no two are close names
        n = (n * 40503) % 16**4
        return "".join(syllables[(n >> shift) & 15] for shift in (12, 8, 4, 0)).title()

    people = "".join(f"P{n},{surname(n)},p{n}@x.example,X Corp\n" for n in range(60))
    file.write_text("First Name,Last Name,Email,Company Name\n" + people)
    out = relcap("import", str(file))
    assert "60 to create" in out and "line 51: " in out and "line 52: " not in out
    assert "… and 10 more lines (--all lists every one)" in out
    everything = relcap("import", str(file), "--all")
    assert "line 61: P59 " in everything and "more lines" not in everything
