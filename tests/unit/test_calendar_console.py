"""The shell: `relcap calendar import` then the shell, after the meeting, shows the
question with numbered choices; typing the number answers it."""

from __future__ import annotations

import io
from datetime import UTC, datetime, timedelta

from click.testing import CliRunner

from bot.app import build_app
from bot.cli import main
from bot.console.nudges import show_due_nudges
from bot.console.shell import ConsoleShell
from bot.settings import Settings
from handlers.messages import IncomingMessage, UserRef, WorkspaceRef
from tests.conftest import FakeClock
from tests.unit.calendaring import ics, vevent

LOCAL = WorkspaceRef("console", "local")


def test_shell_asks_about_an_imported_meeting(db_url, engine, tmp_path, monkeypatch):
    monkeypatch.setenv("DATABASE_URL", db_url)
    monkeypatch.setenv("RELCAP_HOME", str(tmp_path))
    monkeypatch.setenv("RELCAP_QUIET_HOURS", "")
    ana = UserRef("ana", "ana")
    app = build_app(Settings())
    app.core.handle_message(
        IncomingMessage(LOCAL, ana, "contact add Jane Doe (Acme) jane@acme.example")
    )
    app.close()
    file = tmp_path / "meetings.ics"
    # The import reads the window around the real time: a meeting that ended an hour ago.
    now = datetime.now(UTC).replace(microsecond=0)
    start, end = now - timedelta(hours=2), now - timedelta(hours=1)
    file.write_bytes(
        ics(vevent("one", f"{start:%Y%m%dT%H%M%SZ}", f"{end:%Y%m%dT%H%M%SZ}", tz=None))
    )
    result = CliRunner().invoke(main, ["calendar", "import", str(file), "--user", "ana"])
    assert result.exit_code == 0 and "1 with your contacts" in result.output, result.output

    app = build_app(Settings(), clock=FakeClock(now))
    out = io.StringIO()
    shell = ConsoleShell(app.core, LOCAL, "ana", io.StringIO("5\n"), out, interactive=False)
    app.core.handle_message(IncomingMessage(LOCAL, ana, "nudges days mon-sun"))
    shell.run(on_start=lambda s: show_due_nudges(app, s))
    text = out.getvalue()
    assert "How did the meeting with Jane Doe (Acme) go?" in text
    assert "  Meeting with Jane Doe (Acme): [1] Credit  [2] Debit" in text
    assert "[5] Skip" in text and "Skipped." in text
    app.close()
