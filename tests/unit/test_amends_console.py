"""Plan the fix in the console shell: the button is a numbered choice and the form is
asked line by line."""

from __future__ import annotations

import io

from bot.console.shell import ConsoleShell
from handlers.core import Core
from handlers.messages import WorkspaceRef

LOCAL = WorkspaceRef("console", "local")


def run(session_factory, clock, lines: list[str]) -> str:
    stdin = io.StringIO("".join(line + "\n" for line in lines))
    stdout = io.StringIO()
    console = ConsoleShell(
        Core(session_factory, clock=clock), LOCAL, "ana", stdin, stdout, interactive=False
    )
    assert console.run() == 0
    return stdout.getvalue()


def test_plan_the_fix_by_number_then_made_right(session_factory, clock):
    out = run(
        session_factory,
        clock,
        [
            "-3 Eli Stone (Acme): outage on the reporting service",
            "1",  # Plan the fix
            "",  # what: the prefilled "make it right: …"
            "yesterday",  # refused: asked again
            "2030-01-07",
            "promises",
            "+2 Eli Stone: credited the month #made-it-right",
            "balance Eli Stone",
        ],
    )
    assert "Nothing in the account to absorb this" in out
    assert "[1] Plan the fix  [2] Undo" in out, out
    assert "has passed" in out
    assert "Fix planned for −3 outage on the reporting service, 20 Nov" in out, out
    assert "make it right: outage on the reporting service" in out
    assert "Made right: −3 outage on the reporting service, 20 Nov." in out
    assert "1 of 1 issues closed" in out
