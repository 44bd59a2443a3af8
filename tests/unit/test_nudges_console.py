"""The console: the shell shows what is due on start and answers by number; `relcap
nudge tick` runs one pass as of a given time."""

from __future__ import annotations

import io
from datetime import UTC, datetime

from click.testing import CliRunner

from bot.app import build_app
from bot.cli import main
from bot.console.nudges import show_due_nudges
from bot.console.shell import ConsoleShell
from bot.settings import Settings
from handlers.messages import IncomingMessage, UserRef, WorkspaceRef
from tests.conftest import FakeClock

TUESDAY_9 = datetime(2026, 11, 24, 9, 0, tzinfo=UTC)
LOCAL = WorkspaceRef("console", "local")


def test_shell_shows_due_nudges_and_takes_a_number(db_url, engine, tmp_path, monkeypatch):
    monkeypatch.setenv("DATABASE_URL", db_url)
    monkeypatch.setenv("RELCAP_HOME", str(tmp_path))
    clock = FakeClock(datetime(2026, 11, 20, 15, 0, tzinfo=UTC))
    app = build_app(Settings(), clock=clock)
    ana = UserRef("ana", "ana")
    for text in (
        "-1 Bob Stone: missed the Q3 report deadline",
        "+2 Jane Doe: delivered the migration early",
        "promise Jane Doe: send the revised proposal by Tuesday",
    ):
        app.core.handle_message(IncomingMessage(LOCAL, ana, text))
    clock.now = TUESDAY_9
    out = io.StringIO()
    shell = ConsoleShell(app.core, LOCAL, "ana", io.StringIO("7\n"), out, interactive=False)
    shell.run(on_start=lambda s: show_due_nudges(app, s))
    text = out.getvalue()
    assert "Today's question about Bob Stone" in text
    assert "Did you deliver “send the revised proposal” to Jane Doe?" in text
    # Each line of choices names whom it is about.
    assert "  Question about Bob Stone: [1] Answer  [2] Log a note" in text
    assert "[5] Skip  [6] Not about this contact\n" in text
    assert "  Promise to Jane Doe: [7] Kept  [8] Missed  [9] Move to a new date" in text
    assert "Kept: “send the revised proposal”" in text
    # A second shell at the same moment shows nothing again.
    out2 = io.StringIO()
    shell2 = ConsoleShell(app.core, LOCAL, "ana", io.StringIO(""), out2, interactive=False)
    assert show_due_nudges(app, shell2) == 0
    app.close()


def test_nudge_tick_command(tmp_path, monkeypatch):
    monkeypatch.setenv("RELCAP_HOME", str(tmp_path))
    monkeypatch.delenv("DATABASE_URL", raising=False)
    monkeypatch.delenv("RELCAP_DATABASE_URL", raising=False)
    app = build_app(Settings())
    ana = UserRef("ana", "ana")
    app.core.handle_message(IncomingMessage(LOCAL, ana, "-1 Bob Stone: missed the Q3 deadline"))
    app.core.remember_address(LOCAL, ana, "console", {})
    app.close()
    runner = CliRunner()
    result = runner.invoke(main, ["nudge", "tick", "--at", "2099-11-24T09:05:00Z"])
    assert result.exit_code == 0, result.output
    assert "→ ana" in result.output and "Bob Stone" in result.output
    assert "1 claimed, 1 sent" in result.output
    again = runner.invoke(main, ["nudge", "tick", "--at", "2099-11-24T09:06:00Z"])
    assert "0 claimed, 0 sent" in again.output
    bad = runner.invoke(main, ["nudge", "tick", "--at", "soon"])
    assert bad.exit_code != 0 and "2026-11-23T14:05:00Z" in bad.output
