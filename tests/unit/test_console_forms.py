"""A form in the console shell can be left with `cancel`, and one refused three times
closes saying so, once."""

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


def test_cancel_leaves_the_form_and_the_next_line_is_a_command_again(session_factory, clock):
    out = run(
        session_factory,
        clock,
        [
            "-2 Jane Doe (Acme): wrong invoice sent",
            "1",  # Plan the fix
            "fix the invoice",  # what
            "cancel",  # due: leave the form
            "promises",
        ],
    )
    assert "Form cancelled; nothing was saved." in out
    assert "couldn't read" not in out
    assert "Fix planned" not in out
    assert out.rstrip().endswith(
        "No open promises. Record one: promise Jane Doe: send the revised proposal by Friday"
    ), out


def test_a_form_refused_three_times_closes_and_says_it_once(session_factory, clock):
    out = run(
        session_factory,
        clock,
        [
            "-2 Jane Doe (Acme): wrong invoice sent",
            "1",
            "fix the invoice",
            "balance Jane Doe",
            "promises",
            "prep Jane Doe",
            "history Jane Doe",
        ],
    )
    assert out.count("“prep Jane Doe”") == 1, out
    assert "Nothing was saved; the form is closed." in out
    assert "Fix planned" not in out
    assert "wrong invoice sent" in out.split("the form is closed.")[1]  # history ran
