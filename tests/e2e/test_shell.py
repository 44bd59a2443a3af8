"""`relcap shell` as a subprocess, driven through piped stdin, on its own SQLite file."""

from __future__ import annotations

import io
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

from bot.console.shell import ConsoleShell
from handlers.core import Core
from handlers.messages import WorkspaceRef
from storage.engine import make_engine, make_session_factory

LOCAL = WorkspaceRef("console", "local")
SCRIPT = Path(sys.executable).with_name("relcap")


def relcap_command() -> list[str]:
    return [str(SCRIPT)] if SCRIPT.exists() else [sys.executable, "-m", "bot.cli"]


def clean_env(home: Path) -> dict[str, str]:
    """The caller's environment without any relcap, database or platform setting."""
    env = {
        k: v
        for k, v in os.environ.items()
        if not k.startswith(("RELCAP_", "SLACK_", "MICROSOFT_", "TEAMS_"))
        and k not in ("DATABASE_URL", "PORT", "HOST")
    }
    env["RELCAP_HOME"] = str(home)
    return env


def shell(
    home: Path, lines: list[str], *args: str, user: str | None = "ana", **env: str
) -> subprocess.CompletedProcess:
    who = ["--user", user] if user else []
    return subprocess.run(
        [*relcap_command(), "shell", *who, *args],
        input="".join(line + "\n" for line in lines),
        capture_output=True,
        text=True,
        encoding="utf-8",
        env={**clean_env(home), **env},
        cwd=home,  # no stray .env from the repository
        timeout=120,
    )


def ok(result: subprocess.CompletedProcess) -> str:
    assert result.returncode == 0, result.stderr
    assert "Traceback" not in result.stderr, result.stderr
    return result.stdout


def test_a_session_logs_chooses_shows_and_undoes(tmp_path):
    out = ok(
        shell(
            tmp_path,
            [
                "+2 Jane Doe (Acme): delivered the migration two days early",
                "-1 Jane Doe: missed the Q3 report deadline",
                "+1 Jnae Doe: sent the benchmark deck",  # a typo: pending, with choices
                "1",  # the first choice is Jane Doe (Acme)
                "balance Jane Doe",
                "history Jane Doe",
                "undo",
                "balance Jane Doe",
            ],
        )
    )
    assert "Credit +2 → Jane Doe (Acme). Balance 2 · health" in out
    assert "New contact Jane Doe (Acme) created." in out
    assert "Debit −1 → Jane Doe (Acme). Balance 1 · health" in out
    assert "Who is “Jnae Doe”?" in out
    assert "[1] Jane Doe (Acme)" in out and "(type a number to choose)" in out
    assert "Credit +1 → Jane Doe (Acme). Balance 2 · health" in out
    assert re.search(r"Balance:\s+2 \(credits \+3 · debits −1 · 3 entries\)", out), out
    history = out[out.index("last 3 entries") :]
    assert history.index("sent the benchmark deck") < history.index("missed the Q3 report")
    assert "· ana · +2 · delivered the migration two days early" in history
    assert "Undone: +1 Jane Doe (Acme): “sent the benchmark deck”. Balance 1" in out
    # The undone entry and its reversal drop out of the counts together.
    assert re.search(r"Balance:\s+1 \(credits \+2 · debits −1 · 2 entries\)", out), out


def test_an_unclear_sign_is_answered_by_number(tmp_path):
    out = ok(
        shell(
            tmp_path,
            ["+1 Jane Doe: first call", "Jane Doe: had a call about the roadmap", "2", "balance"],
        )
    )
    assert "Credit or debit?" in out
    assert "[1] Credit +1  [2] Debit −1  [3] Discard" in out
    assert "Debit −1 → Jane Doe. Balance 0" in out
    assert "Jane Doe · balance 0" in out


def test_a_number_out_of_range_keeps_the_choices_open(tmp_path):
    out = ok(
        shell(tmp_path, ["+1 Jane Doe: first call", "+1 Jnae Doe: sent the deck", "7", "0", "1"])
    )
    assert out.count("Choose a number from 1 to 3.") == 2
    assert "Credit +1 → Jane Doe. Balance 2" in out


def test_a_number_without_choices_is_not_a_crash(tmp_path):
    out = ok(shell(tmp_path, ["balance", "3", "+1 Jane Doe: first call", "²"]))
    assert "I don't know “3”" in out
    assert "I don't know “²”" in out  # a superscript two is a digit, but not a choice


def test_end_of_input_and_quit_exit_zero(tmp_path):
    assert ok(shell(tmp_path, [])) == ""
    result = subprocess.run(
        [*relcap_command(), "shell", "--user", "ana"],
        input="+1 Jane Doe: no newline at the end",
        capture_output=True,
        text=True,
        env=clean_env(tmp_path),
        cwd=tmp_path,
        timeout=120,
    )
    assert "Credit +1 → Jane Doe." in ok(result)
    out = ok(shell(tmp_path, ["quit", "+5 Jane Doe: never read"]))
    assert out == ""
    out = ok(shell(tmp_path, ["history Jane Doe"]))
    assert "last 1 entry," in out and "never read" not in out


def test_user_chooses_who_is_typing_and_only_the_author_can_undo(tmp_path):
    ok(shell(tmp_path, ["+3 Jane Doe (Acme): solved their outage"], user="ana"))
    out = ok(shell(tmp_path, ["undo", "history Jane Doe"], user="ben"))
    assert "Nothing of yours to undo." in out
    assert "· ana · +3 · solved their outage" in out
    out = ok(shell(tmp_path, ["-1 Jane Doe: ben was late", "balance Jane Doe"], user="ben"))
    assert "Debit −1 → Jane Doe (Acme). Balance 2" in out
    out = ok(shell(tmp_path, ["undo", "undo"], user="ana"))
    assert re.search(r"Undone: \+3 Jane Doe \(Acme\): “solved their outage”\. Balance [−-]1 ", out)
    assert "Nothing of yours to undo." in out  # ben's debit is not ana's to undo
    out = ok(shell(tmp_path, ["history Jane Doe"], user="ben"))
    assert "· ben · −1 · ben was late" in out


def test_the_default_user_is_the_os_user(tmp_path):
    os_user = {"LOGNAME": "zoe", "USER": "zoe", "LNAME": "zoe", "USERNAME": "zoe"}
    ok(shell(tmp_path, ["+1 Jane Doe: first call"], user=None, **os_user))
    assert "· zoe · +1 · first call" in ok(shell(tmp_path, ["history Jane Doe"]))


def test_forms_are_filled_line_by_line(tmp_path):
    out = ok(
        shell(
            tmp_path,
            [
                "log",
                "Jane Doe (Acme)",  # contact
                "debit",  # credit or debit
                "2",  # points
                "missed the Q3 report deadline",  # what happened
                "2026-11-03",  # when
                "fact Jane Doe",
                "",  # the contact, prefilled
                "career",
                "wants to run EMEA ops",
                "profile Jane Doe",
                "log",
                "Jane Doe",  # and then the input ends
            ],
        )
    )
    assert re.search(r"Debit −2 → Jane Doe \(Acme\)\. Balance [−-]2 ", out), out
    assert "Dated Tue 2026-11-03." in out
    assert "Noted for Jane Doe (Acme) · Next job: wants to run EMEA ops" in out
    assert re.search(r"Next job:\s+wants to run EMEA ops \(today\)", out)
    assert out.rstrip().endswith("⚠ Form left unfinished.")


def test_a_refused_form_field_is_asked_again_and_the_rest_is_kept(tmp_path):
    out = ok(
        shell(
            tmp_path,
            [
                "log",
                "Jane Doe (Acme)",  # contact
                "credit",
                "99",  # points: refused
                "sent the case study",  # what happened
                "",  # when
                "2",  # only the points are asked again
                "history Jane Doe",
            ],
        )
    )
    assert "Points are whole numbers from 1 to" in out, out
    assert re.search(r"Credit \+2 → Jane Doe \(Acme\)\. Balance 2 ", out), out
    assert "+2 · sent the case study" in out  # the note typed before the error was kept


def test_workspaces_are_separate(tmp_path):
    ok(shell(tmp_path, ["+3 Jane Doe: solved it"], "--workspace", "slack:T0123"))
    out = ok(shell(tmp_path, ["balance Jane Doe", "contacts"]))
    assert "No contact called “Jane Doe”" in out


def test_a_bad_workspace_is_one_clear_line(tmp_path):
    result = shell(tmp_path, [], "--workspace", "irc:libera")
    assert result.returncode != 0
    assert "Traceback" not in result.stderr
    assert "unknown workspace 'irc:libera'" in result.stderr


# --- the shell in-process: a core failure does not end the session ------------------------


def test_a_core_failure_is_reported_and_the_session_goes_on(tmp_path):
    engine = make_engine(f"sqlite:///{tmp_path / 'no-schema.db'}")  # never upgraded: no tables
    try:
        stdin = io.StringIO("+1 Jane Doe: x\nhelp\n")
        stdout = io.StringIO()
        console = ConsoleShell(
            Core(make_session_factory(engine)), LOCAL, "ana", stdin, stdout, interactive=False
        )
        assert console.run() == 0
    finally:
        engine.dispose()
    out = stdout.getvalue()
    assert "⚠ Something went wrong with that (OperationalError)" in out
    assert out.count("Something went wrong") == 2  # the help line reached the core too


@pytest.mark.parametrize("typed", ["1", "01"])
def test_in_process_choice_by_number(tmp_path, typed, session_factory):
    from tests.conftest import FakeClock

    stdin = io.StringIO(f"+1 Jane Doe: first\n+1 Jnae Doe: second\n{typed}\nbalance Jane Doe\n")
    stdout = io.StringIO()
    console = ConsoleShell(
        Core(session_factory, clock=FakeClock()), LOCAL, "ana", stdin, stdout, interactive=False
    )
    assert console.run() == 0
    assert "Credit +1 → Jane Doe. Balance 2" in stdout.getvalue()


# --- interactive, on a pseudo-terminal ---------------------------------------------------------

ESCAPES = re.compile(r"\x1b(?:\[[0-?]*[ -/]*[@-~]|[()][0-9A-Za-z]|[=>])")


class Terminal:
    """`relcap shell` on a pseudo-terminal, as a rep at a keyboard would run it.

    The line editor redraws the line as it is typed, with escape sequences between the
    characters: `expect` reads the text without them, and each marker after the last."""

    def __init__(self, home: Path, *args: str) -> None:
        import pty

        self.output = b""
        self.seen = 0  # where in the text the last expected marker ended
        self.pid, self.fd = pty.fork()
        if self.pid == 0:  # the child: become relcap
            os.chdir(home)
            command = relcap_command()
            os.execve(command[0], [*command, "shell", *args], clean_env(home))

    def text(self) -> str:
        return ESCAPES.sub("", self.output.decode(errors="replace"))

    def expect(self, marker: str, timeout: float = 60) -> str:
        import select
        import time

        wanted = marker.rstrip()  # a prompt's trailing space is drawn as a cursor move
        deadline = time.monotonic() + timeout
        while wanted not in self.text()[self.seen :] and time.monotonic() < deadline:
            ready, _, _ = select.select([self.fd], [], [], 0.5)
            if ready:
                try:
                    self.output += os.read(self.fd, 65536)
                except OSError:  # the child closed the terminal
                    break
        text = self.text()
        found = text.find(wanted, self.seen)
        assert found >= 0, text[self.seen :]
        self.seen = found + len(wanted)
        return text

    def type(self, text: str) -> None:
        os.write(self.fd, text.encode())

    def exit_code(self, timeout: float = 60) -> int:
        """Read to the end (a child blocked on a full terminal never exits), then reap it."""
        import select
        import signal
        import time

        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            ready, _, _ = select.select([self.fd], [], [], 0.5)
            if not ready:
                continue
            try:
                chunk = os.read(self.fd, 65536)
            except OSError:  # the child closed the terminal: it has ended
                break
            if not chunk:
                break
            self.output += chunk
        else:
            os.kill(self.pid, signal.SIGKILL)
        _, status = os.waitpid(self.pid, 0)
        os.close(self.fd)
        return os.waitstatus_to_exitcode(status)


@pytest.mark.skipif(sys.platform == "win32", reason="needs a POSIX pseudo-terminal")
def test_interactive_shell_offers_the_demo_then_prompts(tmp_path):
    term = Terminal(tmp_path, "--user", "ana")
    term.expect("`help` lists the commands")
    term.expect("Load a demo workspace to explore? [Y/n]")
    term.type("\n")
    term.expect("about 12 contacts")
    term.expect("relcap> ")
    term.type("balance\n")
    term.expect("Your 12 contacts, at risk first")
    term.expect("relcap> ")  # a Ctrl-D typed while output is printing is the terminal's EOF
    term.type("\x04")  # Ctrl-D
    assert term.exit_code() == 0


@pytest.mark.skipif(sys.platform == "win32", reason="needs a POSIX pseudo-terminal")
def test_interactive_shell_without_the_demo(tmp_path):
    term = Terminal(tmp_path, "--user", "ana")
    term.expect("[Y/n]")
    term.type("n\n")
    term.expect("relcap> ")
    term.type("+2 Jane Doe: delivered early\n")
    term.expect("Credit +2 → Jane Doe. Balance 2")
    term.type("quit\n")
    assert term.exit_code() == 0
    assert "Your 1 contact" in ok(shell(tmp_path, ["balance"]))


@pytest.mark.skipif(sys.platform == "win32", reason="needs a POSIX pseudo-terminal")
def test_arrow_up_recalls_the_last_line_even_in_the_next_session(tmp_path):
    term = Terminal(tmp_path, "--user", "ana")
    term.expect("[Y/n]")
    term.type("n\n")
    term.expect("relcap> ")
    term.type("+2 Jane Doe: delivered early\n")
    term.expect("Credit +2 → Jane Doe. Balance 2")
    term.expect("relcap> ")
    term.type("\x1b[A")  # the up arrow
    term.expect("+2 Jane Doe: delivered early")  # drawn back on the line
    term.type("\n")
    term.expect("Credit +2 → Jane Doe. Balance 4")
    term.type("quit\n")
    assert term.exit_code() == 0
    assert "^[[A" not in term.text() and "\x1b[A" not in term.output.decode(errors="replace")

    again = Terminal(tmp_path, "--user", "ana")  # the history is kept in RELCAP_HOME
    again.expect("relcap> ")
    again.type("\x1b[A\x1b[A\n")  # past `quit` to the note
    again.expect("Credit +2 → Jane Doe. Balance 6")
    again.expect("relcap> ")
    again.type("\x04")
    assert again.exit_code() == 0
    assert (tmp_path / "shell_history").exists()


def test_piped_input_on_an_empty_workspace_says_how_to_load_the_demo(tmp_path):
    result = shell(tmp_path, ["balance"])
    out = ok(result)
    assert result.stderr.count("relcap demo") == 1
    assert "`relcap demo` loads a showcase workspace" in result.stderr
    assert "relcap demo" not in out  # the replies stay clean for whatever reads them
    other = shell(tmp_path, [], "--workspace", "slack:T0123")
    assert "`relcap demo --workspace slack:T0123`" in other.stderr
    ok(shell(tmp_path, ["+1 Jane Doe: first call"]))
    assert "relcap demo" not in shell(tmp_path, ["balance"]).stderr  # not once it has data


def test_the_console_help_charts_options_and_counts(tmp_path):
    out = ok(
        shell(
            tmp_path,
            [
                "help",
                "+2 Jane Doe: delivered early",
                "chart Jane Doe",
                "fact Jane Doe --share family: two kids",
                "history Jane Doe -5",
            ],
        )
    )
    assert re.search(r"\n  quit +leave the shell", out), out
    assert re.search(r"\n  pending +your notes waiting for a choice", out), out
    assert re.search(r"\n  digest +your weekly digest", out), out
    assert re.search(r"\n  log +the same as a form", out), out
    chart = tmp_path / "charts" / "local-balance-jane-doe.png"
    assert f"Saved the picture to {chart}" in out and chart.exists()
    assert not list(tmp_path.glob("*.png"))  # not into the working folder
    assert "Noted for Jane Doe · Family: two kids (visible to everyone" in out
    assert "⚠ A count can't be negative: `history Jane Doe 5` shows the last 5." in out


def test_shells_typing_at_once_lose_nothing(tmp_path):
    """Several reps' shells on one SQLite file at the same time: every note lands once."""
    ok(shell(tmp_path, ["contact add Jane Doe (Acme)"]))
    reps, notes = ("ana", "ben", "cat", "dan"), 40
    running = [
        subprocess.Popen(
            [*relcap_command(), "shell", "--user", rep],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
            encoding="utf-8",
            env=clean_env(tmp_path),
            cwd=tmp_path,
        )
        for rep in reps
    ]
    lines = {
        rep: "".join(f"+1 Jane Doe: note {n} from {rep}\n" for n in range(notes)) for rep in reps
    }
    results = [p.communicate(lines[rep], timeout=300) for p, rep in zip(running, reps, strict=True)]
    for process, (out, err) in zip(running, results, strict=True):
        assert process.returncode == 0, err
        assert out.count("Credit +1 → Jane Doe (Acme).") == notes, err
    out = ok(shell(tmp_path, ["balance Jane Doe"]))
    total = len(reps) * notes
    assert re.search(
        rf"Balance:\s+{total} \(credits \+{total} · debits [−-]?0 · {total} entries\)", out
    ), out


def test_a_terminal_without_unicode_gets_question_marks_not_a_crash(tmp_path):
    out = ok(
        shell(
            tmp_path,
            ["+1 Jane Doe: great demo 🎉", "balance", "history Jane Doe"],
            PYTHONIOENCODING="ascii",
        )
    )
    assert "Credit +1 ? Jane Doe. Balance 1 ? health" in out
    assert "great demo ?" in out
    assert out.isascii()


def test_bytes_that_are_not_utf8_are_replaced_not_a_crash(tmp_path):
    result = subprocess.run(
        [*relcap_command(), "shell", "--user", "ana"],
        input=b"+1 Jane Doe: caf\xe9 \xff\xfe on time\nhistory Jane Doe\n",
        capture_output=True,
        env={**clean_env(tmp_path), "PYTHONIOENCODING": "utf-8"},
        cwd=tmp_path,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr
    out = result.stdout.decode("utf-8")
    assert "Credit +1 → Jane Doe." in out and "on time" in out
