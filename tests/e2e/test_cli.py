"""The `relcap` command line as a subprocess: help, demo, export, erase, db upgrade, serve.

Each test has its own RELCAP_HOME (so its own SQLite file) and no database, platform or
relcap setting from the caller's environment.
"""

from __future__ import annotations

import csv
import io
import json
import os
import re
import subprocess
import sys
from datetime import datetime
from pathlib import Path

import pytest
from alembic.script import ScriptDirectory
from sqlalchemy import func, select

from storage.engine import make_engine, make_session_factory
from storage.migrate import MIGRATIONS_DIR
from storage.models import AuditEvent, Contact, ContactAlias, Fact, LedgerEntry, PendingNote

SCRIPT = Path(sys.executable).with_name("relcap")
ENTRY_KEYS = {
    "id", "amount", "note", "category", "author", "occurred_at", "created_at", "reverses",
    "source_id", "link",
}  # fmt: skip
FACT_KEYS = {"key", "value", "side", "recorded_at"}
CONTACT_KEYS = {"id", "name", "company", "email", "balance", "health", "entries", "facts"}
CSV_HEADER = [
    "workspace", "contact_id", "contact", "company", "email", "balance", "health",
    "role", "function", "reports_to", "not_met", "entry_id", "amount", "note", "category",
    "author", "occurred_at", "created_at", "reverses", "source_id", "link",
]  # fmt: skip


def clean_env(home: Path, **extra: str) -> dict[str, str]:
    env = {
        k: v
        for k, v in os.environ.items()
        if not k.startswith(("RELCAP_", "SLACK_", "MICROSOFT_", "TEAMS_"))
        and k not in ("DATABASE_URL", "PORT", "HOST")
    }
    env["RELCAP_HOME"] = str(home)
    env.update(extra)
    return env


def relcap(
    home: Path, *args: str, stdin: str = "", env: dict[str, str] | None = None
) -> subprocess.CompletedProcess:
    command = [str(SCRIPT)] if SCRIPT.exists() else [sys.executable, "-m", "bot.cli"]
    return subprocess.run(
        [*command, *args],
        input=stdin,
        capture_output=True,
        text=True,
        encoding="utf-8",
        env=env or clean_env(home),
        cwd=home,  # no stray .env from the repository
        timeout=300,
    )


def ok(result: subprocess.CompletedProcess) -> str:
    assert result.returncode == 0, result.stderr
    assert "Traceback" not in result.stderr
    return result.stdout


def one_clear_line(result: subprocess.CompletedProcess) -> str:
    """A failure a user can hit: non-zero exit, one line on stderr, no traceback."""
    assert result.returncode != 0
    assert "Traceback" not in result.stderr + result.stdout
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr
    return lines[0]


def rows(home: Path):
    """A session on the test's own SQLite file, to look at what the CLI left behind."""
    engine = make_engine(f"sqlite:///{home / 'relcap.db'}")
    return engine, make_session_factory(engine)()


@pytest.fixture(scope="module")
def demo_home(tmp_path_factory) -> Path:
    """A home with the showcase in `local` and a small scaled workspace in slack:T0123."""
    home = tmp_path_factory.mktemp("demo")
    assert "12 contacts" in ok(relcap(home, "demo", "--user", "ana"))
    out = ok(
        relcap(home, "demo", "--workspace", "slack:T0123", "--contacts", "7", "--entries", "90")
    )
    assert "7 contacts and 90 entries" in out
    return home


# --- help ----------------------------------------------------------------------------------


def test_help_lists_every_command(tmp_path):
    out = ok(relcap(tmp_path, "--help"))
    listed = re.findall(r"^  (\w+)\s", out[out.index("Commands:") :], re.MULTILINE)
    assert set(listed) >= {"shell", "demo", "export", "db", "contact", "serve"}
    assert "db upgrade" in out and "contact erase" in out
    assert "upgrade" in ok(relcap(tmp_path, "db", "--help"))
    assert "erase" in ok(relcap(tmp_path, "contact", "--help"))
    assert "--user" in ok(relcap(tmp_path, "shell", "--help"))
    assert "--entries" in ok(relcap(tmp_path, "demo", "--help"))


# --- demo and export --------------------------------------------------------------------------


def test_demo_refuses_a_workspace_that_has_contacts(demo_home):
    line = one_clear_line(relcap(demo_home, "demo"))
    assert "already has contacts" in line and "--workspace" in line


def test_export_json_has_the_issues_shape(demo_home):
    data = json.loads(ok(relcap(demo_home, "export", "--format", "json")))
    assert set(data) == {"workspaces"}
    by_name = {f"{w['platform']}:{w['external_id']}": w for w in data["workspaces"]}
    assert set(by_name) == {"console:local", "slack:T0123"}
    local = by_name["console:local"]
    assert {"platform", "external_id", "contacts"} <= set(local)
    contacts = local["contacts"]
    assert len(contacts) == 15  # 12 people, and a chief not met yet at each company
    assert len({c["company"] for c in contacts}) == 3
    for contact in contacts:
        assert set(contact) >= CONTACT_KEYS
        assert isinstance(contact["id"], int) and contact["name"]
        assert 0 <= contact["health"] <= 100
        assert contact["entries"] or contact["not_met"], contact["name"]
        assert contact["balance"] == sum(e["amount"] for e in contact["entries"])
        ids = {e["id"] for e in contact["entries"]}
        for entry in contact["entries"]:
            assert set(entry) >= ENTRY_KEYS
            assert isinstance(entry["amount"], int) and entry["amount"] != 0
            assert entry["author"] in ("Alex (demo rep)", "demo-alex", "sam")  # never "ana"
            assert datetime.fromisoformat(entry["occurred_at"]) <= datetime.fromisoformat(
                entry["created_at"]
            )
            assert entry["reverses"] is None or entry["reverses"] in ids
            assert entry["source_id"] is None
        for fact in contact["facts"]:
            assert set(fact) >= FACT_KEYS
            assert fact["side"] in ("personal", "professional") and fact["value"]
            datetime.fromisoformat(fact["recorded_at"])
    assert sum(len(c["facts"]) for c in contacts) == 3 * (4 + 2 + 1 + 3)


def test_the_demo_places_every_note(demo_home):
    engine, session = rows(demo_home)
    with session:
        assert session.scalar(select(func.count()).select_from(PendingNote)) == 0
    engine.dispose()


def test_export_json_for_one_workspace(demo_home):
    data = json.loads(ok(relcap(demo_home, "export", "--workspace", "slack:T0123")))
    assert [(w["platform"], w["external_id"]) for w in data["workspaces"]] == [("slack", "T0123")]
    contacts = data["workspaces"][0]["contacts"]
    assert len(contacts) == 7
    assert sum(len(c["entries"]) for c in contacts) == 90
    for contact in contacts:  # the bulk load keeps the running totals right
        assert contact["balance"] == sum(e["amount"] for e in contact["entries"])


def test_export_csv_has_a_header_and_one_row_per_entry(demo_home):
    out = ok(relcap(demo_home, "export", "--format", "csv"))
    table = list(csv.reader(io.StringIO(out)))
    assert table[0] == CSV_HEADER
    body = [dict(zip(CSV_HEADER, row, strict=True)) for row in table[1:]]
    data = json.loads(ok(relcap(demo_home, "export", "--format", "json")))
    contacts = [c for w in data["workspaces"] for c in w["contacts"]]
    entries = sum(len(c["entries"]) for c in contacts)
    # A contact with no entry yet (a stakeholder not met) still has its row.
    assert len(body) == entries + sum(1 for c in contacts if not c["entries"])
    assert {row["workspace"] for row in body} == {"console:local", "slack:T0123"}
    jane = [row for row in body if row["contact"] == "Jane Doe"]
    assert jane and sum(int(row["amount"]) for row in jane) == int(jane[0]["balance"])


def test_export_csv_for_one_workspace(demo_home):
    out = ok(relcap(demo_home, "export", "--format", "csv", "--workspace", "slack:T0123"))
    table = list(csv.reader(io.StringIO(out)))
    assert table[0] == CSV_HEADER and len(table) == 1 + 90
    assert {row[0] for row in table[1:]} == {"slack:T0123"}


def test_export_to_a_file(demo_home, tmp_path):
    target = tmp_path / "out.json"
    assert ok(relcap(demo_home, "export", "-o", str(target), "--workspace", "local")) == ""
    assert len(json.loads(target.read_text(encoding="utf-8"))["workspaces"][0]["contacts"]) == 15


def test_export_of_a_workspace_with_no_data_is_one_clear_line(demo_home):
    assert "no workspace slack:TNOPE" in one_clear_line(
        relcap(demo_home, "export", "--workspace", "slack:TNOPE")
    )


@pytest.mark.parametrize("command", ["export", "shell", "demo"])
def test_a_malformed_workspace_names_the_option(demo_home, command):
    result = relcap(demo_home, command, "--workspace", "irc:libera")
    assert result.returncode == 2 and "Traceback" not in result.stderr
    errors = [line for line in result.stderr.splitlines() if line.startswith("Error:")]
    assert errors == [
        "Error: Invalid value for '--workspace': unknown workspace 'irc:libera': "
        "use local, slack:<team id> or teams:<tenant id>"
    ]


def test_export_of_an_empty_database_is_valid(tmp_path):
    assert json.loads(ok(relcap(tmp_path, "export"))) == {"workspaces": []}
    assert ok(relcap(tmp_path, "export", "--format", "csv")).splitlines() == [",".join(CSV_HEADER)]


# --- erase ----------------------------------------------------------------------------------------


def counts(home: Path) -> dict[str, int]:
    engine, session = rows(home)
    with session:
        result = {
            model.__tablename__: session.scalar(select(func.count()).select_from(model))
            for model in (Contact, LedgerEntry, Fact, PendingNote, ContactAlias, AuditEvent)
        }
    engine.dispose()
    return result


def test_contact_erase_removes_the_rows_and_logs_it(tmp_path):
    ok(relcap(tmp_path, "demo", "--user", "ana"))
    engine, session = rows(tmp_path)
    with session:
        jane = session.scalars(select(Contact).where(Contact.name == "Jane Doe")).one()
        janes_entries = session.scalar(
            select(func.count()).where(LedgerEntry.contact_id == jane.id)
        )
        janes_facts = session.scalar(select(func.count()).where(Fact.contact_id == jane.id))
    engine.dispose()
    before = counts(tmp_path)

    out = ok(relcap(tmp_path, "contact", "erase", "jane doe", "--yes"))
    assert f"{janes_entries} entries, {janes_facts} facts" in out

    after = counts(tmp_path)
    assert after["contacts"] == before["contacts"] - 1
    assert after["ledger_entries"] == before["ledger_entries"] - janes_entries
    assert after["facts"] == before["facts"] - janes_facts
    assert after["audit_events"] == before["audit_events"] + 1
    engine, session = rows(tmp_path)
    with session:
        for model in (LedgerEntry, Fact, PendingNote, ContactAlias):
            assert not session.scalars(select(model).where(model.contact_id == jane.id)).all()
        event = session.scalars(select(AuditEvent)).one()
        assert event.action == "contact.erase"
        assert event.detail["contact_id"] == jane.id
        assert event.detail["entries"] == janes_entries
        assert "Jane" not in json.dumps(event.detail)  # the log keeps no personal data
    engine.dispose()
    assert "Jane Doe" not in ok(relcap(tmp_path, "export"))


def test_contact_erase_asks_first(tmp_path):
    ok(relcap(tmp_path, "demo"))
    before = counts(tmp_path)
    result = relcap(tmp_path, "contact", "erase", "Jane Doe", stdin="n\n")
    assert result.returncode != 0 and "Aborted" in result.stderr
    assert counts(tmp_path) == before
    assert "Erased Jane Doe" in ok(relcap(tmp_path, "contact", "erase", "Jane Doe", stdin="y\n"))


def test_contact_erase_of_an_unknown_name_is_one_clear_line(tmp_path):
    ok(relcap(tmp_path, "demo"))
    assert "no contact named 'Nobody'" in one_clear_line(
        relcap(tmp_path, "contact", "erase", "Nobody", "--yes")
    )


def test_contact_erase_takes_archived_and_merged_contacts_too(tmp_path):
    lines = [
        "+1 Jane Doe (Acme): first call",
        "contact add Jane D (Acme)",
        "+1 Jane D: sent a note",
        "contact merge Jane D into Jane Doe",
        "+1 Zed Quint: first call",
        "undo",  # takes away the contact the note created: archived
    ]
    ok(relcap(tmp_path, "shell", "--user", "ana", stdin="\n".join(lines) + "\n"))
    assert counts(tmp_path)["contacts"] == 3
    assert "Erased Zed Quint" in ok(relcap(tmp_path, "contact", "erase", "Zed Quint", "--yes"))
    out = ok(relcap(tmp_path, "contact", "erase", "Jane Doe", "--yes"))
    assert "2 entries" in out
    after = counts(tmp_path)
    assert after["contacts"] == 0 and after["ledger_entries"] == 0
    assert after["contact_aliases"] == 0
    engine, session = rows(tmp_path)
    with session:
        erased = [e.detail for e in session.scalars(select(AuditEvent)) if "erase" in e.action]
    engine.dispose()
    assert len(erased) == 2 and len(erased[1]["merged"]) == 1


def test_contact_erase_with_two_of_the_same_name_asks_for_an_id(tmp_path):
    lines = ["contact add Sam Lee (Acme)", "contact add Sam Lee (Globex)"]
    ok(relcap(tmp_path, "shell", "--user", "ana", stdin="\n".join(lines) + "\n"))
    line = one_clear_line(relcap(tmp_path, "contact", "erase", "Sam Lee", "--yes"))
    ids = re.findall(r"--id (\d+)", line)
    assert len(ids) == 2 and "Globex" in line
    ok(relcap(tmp_path, "contact", "erase", "Sam Lee", "--id", ids[1], "--yes"))
    local = json.loads(ok(relcap(tmp_path, "export")))["workspaces"][0]
    assert [c["company"] for c in local["contacts"]] == ["Acme"]
    # The person is gone; the company stays a record of the workspace.
    assert sorted(c["name"] for c in local["companies"]) == ["Acme", "Globex"]


# --- db upgrade, serve, settings ---------------------------------------------------------


def test_db_upgrade_prints_the_revision(tmp_path):
    out = ok(relcap(tmp_path, "db", "upgrade"))
    heads = ScriptDirectory(str(MIGRATIONS_DIR)).get_heads()
    assert out.strip() == f"Schema at revision {', '.join(sorted(heads))}."
    assert (tmp_path / "relcap.db").exists()
    assert ok(relcap(tmp_path, "db", "upgrade")) == out  # again: nothing to do, same answer


def test_serve_without_a_platform_is_one_clear_line(tmp_path):
    line = one_clear_line(relcap(tmp_path, "serve"))
    assert "no platform configured" in line and "relcap shell" in line


@pytest.mark.parametrize(
    ("env", "expected"),
    [
        ({"RELCAP_MAX_POINTS": "abc"}, "RELCAP_MAX_POINTS"),
        ({"RELCAP_MAX_POINTS": "0"}, "RELCAP_MAX_POINTS"),
        ({"RELCAP_HALF_LIFE_DAYS": "-3"}, "RELCAP_HALF_LIFE_DAYS"),
        ({"RELCAP_DEFAULT_TIMEZONE": "Mars/Olympus"}, "unknown timezone 'Mars/Olympus'"),
        ({"RELCAP_LOG_LEVEL": "LOUD"}, "RELCAP_LOG_LEVEL"),
        ({"PORT": "abc"}, "setting PORT:"),
        ({"RELCAP_PORT": "abc"}, "setting RELCAP_PORT:"),
        ({"DATABASE_URL": "nosuchdb://x"}, "cannot open the database"),
    ],
)
@pytest.mark.parametrize("command", [("shell",), ("db", "upgrade"), ("export",)])
def test_a_bad_setting_is_one_clear_line(tmp_path, env, expected, command):
    line = one_clear_line(relcap(tmp_path, *command, env=clean_env(tmp_path, **env)))
    assert expected in line


def test_an_unreachable_database_never_shows_its_password(tmp_path):
    url = "postgresql+psycopg://relcap:s3cret-pw@127.0.0.1:1/relcap"
    line = one_clear_line(
        relcap(tmp_path, "db", "upgrade", env=clean_env(tmp_path, DATABASE_URL=url))
    )
    assert "cannot open the database" in line
    assert "s3cret-pw" not in line


# --- the same pieces in-process, on SQLite and PostgreSQL -------------------------------------

AGGREGATE_COLUMNS = ("balance", "credits", "debits", "entry_count", "last_touch_at")


def _aggregates(session, workspace_id: int) -> dict[int, tuple]:
    result = session.execute(
        select(Contact.id, *(getattr(Contact, c) for c in AGGREGATE_COLUMNS), Contact.decay_sum)
        .where(Contact.workspace_id == workspace_id)
        .order_by(Contact.id)
    )
    return {row[0]: tuple(row[1:]) for row in result}


def test_scaled_load_keeps_the_running_totals_of_the_ledger(session_factory, clock, policy):
    from bot.demo import load_scaled
    from handlers.messages import WorkspaceRef
    from storage.directory import find_workspace
    from storage.ledger import Ledger
    from storage.models import ContactRep

    ws = WorkspaceRef("slack", "T0123")
    load_scaled(session_factory, ws, 13, 400, clock(), policy.half_life_days, reps=4)
    with session_factory() as session:
        workspace = find_workspace(session, "slack", "T0123")
        loaded = _aggregates(session, workspace.id)
        assert len(loaded) == 13
        assert session.scalar(select(func.count()).select_from(LedgerEntry)) == 400
        assert session.scalar(select(func.sum(Contact.entry_count))) == 400
        # Every contact is on some rep's list.
        held = set(session.scalars(select(ContactRep.contact_id).distinct()))
        assert held == set(loaded)
        Ledger(session, workspace.id, policy.half_life_days).recompute(list(loaded))
        session.flush()
        session.expire_all()
        recomputed = _aggregates(session, workspace.id)
    for contact_id, row in loaded.items():
        again = recomputed[contact_id]
        assert row[:-1] == again[:-1], contact_id
        assert row[-1] == pytest.approx(again[-1], rel=1e-9), contact_id


def test_the_showcase_loads_through_the_core(core, clock, session_factory):
    from bot.demo import load_showcase
    from handlers.messages import WorkspaceRef

    recorded = load_showcase(core, WorkspaceRef("console", "local"), "ana", clock())
    with session_factory() as session:
        assert session.scalar(select(func.count()).select_from(LedgerEntry)) == recorded
        assert session.scalar(select(func.count()).select_from(PendingNote)) == 0
        assert session.scalar(select(func.count()).select_from(Contact)) == 15
        assert session.scalar(select(func.count(func.distinct(Contact.company_id)))) == 3
        assert session.scalar(select(func.count()).select_from(Fact)) == 3 * (4 + 2 + 1 + 3)
        # a few months of history, none of it in the future
        oldest, newest = session.execute(
            select(func.min(LedgerEntry.occurred_at), func.max(LedgerEntry.occurred_at))
        ).one()
    assert (clock() - oldest).days >= 60 and newest <= clock()


def test_the_showcase_is_authored_by_demo_reps_so_undo_leaves_it_alone(core, clock):
    from bot.demo import load_showcase
    from handlers.messages import IncomingMessage, UserRef, WorkspaceRef

    local = WorkspaceRef("console", "local")
    load_showcase(core, local, "ana", clock())
    ana = UserRef("ana", "ana")

    assert core.handle_message(IncomingMessage(local, ana, "undo")).text == (
        "Nothing of yours to undo."
    )
    mine = core.handle_message(IncomingMessage(local, ana, "balance"))
    assert "12 contacts" in mine.text  # the person at the keyboard still holds the book


def _export(session_factory, policy, clock, fmt: str, only=None) -> str:
    from bot.export import write_csv, write_json
    from handlers.profile.question_bank import QuestionBank

    out = io.StringIO()
    with session_factory() as session:
        writer = write_json if fmt == "json" else write_csv
        writer(session, out, policy, clock(), only, bank=QuestionBank())
    return out.getvalue()


def test_export_in_process_matches_what_reps_logged(ana, ben, session_factory, policy, clock):
    from handlers.messages import WorkspaceRef
    from tests.conftest import Rep

    ana.say("+2 Jane Doe (Acme): delivered early #promise-kept @2026-11-03", key="slack-ev-1")
    ana.say("-1 Jane Doe: missed the deadline")
    ana.say("undo")
    ana.say("fact Jane Doe career: wants to run ops for EMEA")
    ben.say("+1 Marcus Chen (Acme): sent the report 🎉")
    other = Rep(ana.core, "ana", WorkspaceRef("slack", "T0123"))
    other.say("+3 Zed Quint: solved it")

    data = json.loads(_export(session_factory, policy, clock, "json"))
    assert [w["external_id"] for w in data["workspaces"]] == ["local", "T0123"]
    local = {c["name"]: c for c in data["workspaces"][0]["contacts"]}
    assert set(local) == {"Jane Doe", "Marcus Chen"}
    jane = local["Jane Doe"]
    assert (jane["company"], jane["balance"]) == ("Acme", 2)
    amounts = [e["amount"] for e in jane["entries"]]
    assert amounts == [2, -1, 1]  # the undo is a reversing entry, kept
    first, debit, undo = jane["entries"]
    assert undo["reverses"] == debit["id"]
    assert first["source_id"] == "slack-ev-1" and first["category"] == "promise-kept"
    assert first["occurred_at"].startswith("2026-11-03")
    assert first["author"] == "ana"
    assert [(f["key"], f["side"]) for f in jane["facts"]] == [("career", "professional")]
    assert local["Marcus Chen"]["entries"][0]["note"] == "sent the report 🎉"

    with session_factory() as session:
        from storage.directory import find_workspace

        only = find_workspace(session, "slack", "T0123")
    data = json.loads(_export(session_factory, policy, clock, "json", only))
    assert [c["name"] for w in data["workspaces"] for c in w["contacts"]] == ["Zed Quint"]

    table = list(csv.reader(io.StringIO(_export(session_factory, policy, clock, "csv"))))
    assert table[0] == CSV_HEADER
    assert len(table) == 1 + 3 + 1 + 1
    assert any("🎉" in row[CSV_HEADER.index("note")] for row in table)


def test_erase_in_process_leaves_only_the_log(ana, ben, session_factory, clock):
    from storage.directory import find_workspace
    from storage.erase import erase_contact
    from storage.models import ContactRep

    ana.say("+2 Jane Doe (Acme): delivered early")
    ana.say("Jane Doe: had a call about the roadmap")  # unclear: pending on Jane
    ana.say("-1 Jane Doe: missed it")
    ana.say("undo")
    ana.say("contact add Jane D (Acme)")
    ana.say("+1 Jane D: sent a note")
    ana.say("contact merge Jane D into Jane Doe")
    ana.say("contact alias Jane Doe as JD")
    ana.say("fact Jane Doe career: wants to run ops")
    ben.say("+1 Jane Doe: ben's note")
    ben.say("+1 Marcus Chen (Acme): untouched")
    ana.say("+1 jd: typed by alias")  # placed on Jane Doe through the alias
    with session_factory() as session:
        workspace = find_workspace(session, "console", "local")
        jane = session.scalars(select(Contact).where(Contact.name == "Jane Doe")).one()
        marcus_before = _aggregates(session, workspace.id)
        counts = erase_contact(session, workspace.id, jane.id, "privacy-officer", clock())
        session.commit()
    assert counts["entries"] == 6 and counts["facts"] == 1 and counts["pending"] == 1
    with session_factory() as session:
        names = set(session.scalars(select(Contact.name)))
        assert names == {"Marcus Chen"}
        for model in (LedgerEntry, Fact, PendingNote, ContactAlias, ContactRep):
            contact_ids = set(session.scalars(select(model.contact_id)))
            assert contact_ids <= {c for c in marcus_before if c not in (jane.id,)}, model
        marcus = _aggregates(session, workspace.id)
        assert set(marcus) == {c for c in marcus_before if c in marcus}
        event = session.scalars(
            select(AuditEvent).where(AuditEvent.action == "contact.erase")
        ).one()
    assert event.actor == "privacy-officer" and event.detail["contact_id"] == jane.id
    assert len(event.detail["merged"]) == 1
    assert "Jane" not in json.dumps(event.detail)
    for contact_id, row in marcus.items():
        assert row == marcus_before[contact_id]


def test_erase_takes_unplaced_notes_that_name_the_person(ana, session_factory, clock):
    from storage.directory import find_workspace
    from storage.erase import erase_contact

    ana.say("contact add Jane Doe (Acme) jane@acme.example")
    ana.say("contact add Jane Doe (Globex)")
    ana.say("+1 Jane Doe: which Jane? waits for a choice")
    ana.say("+1 Jane Dow: a typo, waits too")
    with session_factory() as session:
        workspace = find_workspace(session, "console", "local")
        acme = session.scalars(select(Contact).where(Contact.company == "Acme")).one()
        counts = erase_contact(session, workspace.id, acme.id, "privacy-officer", clock())
        session.commit()
        left = set(session.scalars(select(PendingNote.contact_text)))
    assert counts["pending"] == 1
    assert left == {"Jane Dow"}  # names nobody exactly: kept for the rep to place


def test_a_bad_setting_in_dot_env_is_one_clear_line(tmp_path):
    (tmp_path / ".env").write_text("RELCAP_MAX_POINTS=lots\n", encoding="utf-8")
    line = one_clear_line(relcap(tmp_path, "db", "upgrade"))
    assert "RELCAP_MAX_POINTS" in line and "integer" in line
    (tmp_path / ".env").write_text("RELCAP_MAX_POINTS=5\n", encoding="utf-8")
    out = ok(relcap(tmp_path, "shell", "--user", "ana", stdin="+6 Jane Doe: too many\n"))
    assert "from 1 to 5" in out


def test_export_csv_defuses_formula_cells_and_json_keeps_the_raw_text(tmp_path):
    lines = ['+1 Jane Doe (Acme): =HYPERLINK("http://x","y")', "-1 Jane Doe: -cancelled twice"]
    ok(relcap(tmp_path, "shell", "--user", "ana", stdin="\n".join(lines) + "\n"))
    table = list(csv.reader(io.StringIO(ok(relcap(tmp_path, "export", "--format", "csv")))))
    notes = {dict(zip(CSV_HEADER, row, strict=True))["note"] for row in table[1:]}
    assert notes == {'\'=HYPERLINK("http://x","y")', "'-cancelled twice"}
    amounts = {dict(zip(CSV_HEADER, row, strict=True))["amount"] for row in table[1:]}
    assert amounts == {"1", "-1"}  # numbers are not text: left as they are
    data = json.loads(ok(relcap(tmp_path, "export")))
    raw = {e["note"] for c in data["workspaces"][0]["contacts"] for e in c["entries"]}
    assert raw == {'=HYPERLINK("http://x","y")', "-cancelled twice"}


def test_export_of_every_workspace_warns_on_stderr(demo_home):
    everything = relcap(demo_home, "export")
    assert "every workspace" in everything.stderr and "personal facts" in everything.stderr
    one = relcap(demo_home, "export", "--workspace", "local")
    assert one.returncode == 0 and one.stderr == ""


def test_export_no_personal_leaves_personal_facts_out(demo_home):
    def sides(*extra: str) -> set[str]:
        data = json.loads(ok(relcap(demo_home, "export", "--workspace", "local", *extra)))
        return {f["side"] for c in data["workspaces"][0]["contacts"] for f in c["facts"]}

    assert "personal" in sides()
    assert sides("--no-personal") == {"professional"}


# --- one CSV per table ------------------------------------------------------------------


def test_export_csv_into_a_folder_writes_one_file_per_table(demo_home, tmp_path):
    import csv

    folder = tmp_path / "export"
    result = relcap(
        demo_home, "export", "--format", "csv", "--workspace", "local", "-o", str(folder)
    )
    ok(result)
    assert "Wrote 17 tables" in result.stderr
    names = sorted(p.name for p in folder.iterdir())
    for table in ("companies", "contacts", "ledger_entries", "facts", "promises", "pending_notes"):
        assert f"{table}.csv" in names
    assert {"fix_plans.csv", "made_right.csv"} <= set(names)
    with (folder / "contacts.csv").open(encoding="utf-8") as handle:
        contacts = list(csv.DictReader(handle))
    assert len(contacts) == 15  # the showcase only: slack:T0123 stays out
    with (folder / "workspaces.csv").open(encoding="utf-8") as handle:
        assert [w["external_id"] for w in csv.DictReader(handle)] == ["local"]
    with (folder / "facts.csv").open(encoding="utf-8") as handle:
        assert len(list(csv.DictReader(handle))) == 3 * (4 + 2 + 1 + 3)


def test_export_csv_into_a_zip_and_without_personal_facts(demo_home, tmp_path):
    import csv
    import io
    import zipfile

    target = tmp_path / "relcap.zip"
    ok(relcap(demo_home, "export", "--format", "csv", "--no-personal", "-o", str(target)))
    with zipfile.ZipFile(target) as archive:
        assert "ledger_entries.csv" in archive.namelist()
        facts = list(csv.DictReader(io.StringIO(archive.read("facts.csv").decode())))
    assert facts and all(f["side"] != "personal" for f in facts)


def test_the_json_export_carries_promises_and_pending_notes(tmp_path):
    lines = "+1 Jane Doe: intro call\npromise Jane Doe: send the deck by 2099-01-09\n"
    ok(relcap(tmp_path, "shell", stdin=lines + "Jane Doe: we talked about the roadmap\n"))

    data = json.loads(ok(relcap(tmp_path, "export", "--workspace", "local")))

    [workspace] = data["workspaces"]
    assert [(p["text"], p["due_date"]) for p in workspace["promises"]] == [
        ("send the deck", "2099-01-09")
    ]
    assert [n["note"] for n in workspace["pending_notes"]] == ["we talked about the roadmap"]
