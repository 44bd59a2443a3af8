"""`relcap shell`: read lines, hand them to the core, print the replies."""

from __future__ import annotations

import getpass
import logging
import re
import sys
from collections.abc import Callable
from dataclasses import replace
from pathlib import Path
from typing import TYPE_CHECKING, TextIO

from bot.console.render import render
from handlers.core import TRY_AGAIN, Core, StorageUnavailable
from handlers.messages import (
    ActionEvent,
    Button,
    Image,
    IncomingMessage,
    Reply,
    ReplyField,
    UserRef,
    WorkspaceRef,
    error,
)

if TYPE_CHECKING:  # prompt_toolkit loads only when a terminal shell reads a line
    from bot.console.line_editor import LineEditor

log = logging.getLogger(__name__)

PROMPT = "relcap> "
QUIT = {"quit", "exit", ":q"}
CONSOLE_HELP = (
    ("quit", "leave the shell (also exit, or Ctrl-D)"),
    ("cancel", "typed at a form's field: leaves the form, nothing saved"),
)
FORM_TRIES = 3  # a field refused this often ends the form (piped input cannot loop)
FORM_CANCEL = "cancel"  # typed alone at a form's field: the Cancel of a Slack or Teams form
FORM_CANCELLED = "Form cancelled; nothing was saved."
FORM_GIVEN_UP = "Nothing was saved; the form is closed."


def default_user() -> str:
    try:
        return getpass.getuser()
    except (KeyError, OSError):  # no passwd entry in some containers
        return "me"


def demo_hint(workspace: WorkspaceRef) -> str:
    """Said once when piped input starts on a workspace with no contacts."""
    option = "" if str(workspace) == "local" else f" --workspace {workspace}"
    return f"No contacts yet: `relcap demo{option}` loads a showcase workspace to explore."


def file_slug(text: str) -> str:
    return re.sub(r"[^A-Za-z0-9]+", "-", text).strip("-") or "workspace"


def _is_terminal(stream: TextIO) -> bool:
    isatty = getattr(stream, "isatty", None)
    return bool(isatty and isatty())


def _choice_number(text: str) -> int | None:
    """A line that is only ASCII digits answers a numbered choice."""
    return int(text) if text.isascii() and text.isdigit() else None


class ConsoleShell:
    def __init__(
        self,
        core: Core,
        workspace: WorkspaceRef,
        user: str,
        stdin: TextIO = sys.stdin,
        stdout: TextIO = sys.stdout,
        interactive: bool | None = None,
        pictures: Path | None = None,
        history: Path | None = None,
    ) -> None:
        self.core = core
        self.workspace = workspace
        self.user = UserRef(external_id=user, display_name=user)
        self.stdin = stdin
        self.stdout = stdout
        self.interactive = stdin.isatty() if interactive is None else interactive
        self.choices: tuple[Button, ...] = ()
        # Where a reply's picture (a chart) is saved: RELCAP_HOME/charts from the CLI.
        self.pictures = pictures if pictures is not None else Path("charts")
        # Line editing and ↑ history at a real terminal; a pipe is read as it comes.
        self.history = history
        self.editing = self.interactive and _is_terminal(stdin) and _is_terminal(stdout)
        self._editor: LineEditor | None = None

    def say(self, text: str) -> None:
        print(text, file=self.stdout, flush=True)

    def read_line(self, prompt: str = PROMPT, command: bool = True) -> str | None:
        """The next line, None at the end of input; `command` False for a form's field."""
        if self.editing:
            if self._editor is None:
                from bot.console.line_editor import LineEditor

                self._editor = LineEditor(self.stdin, self.stdout, self.history)
            return self._editor.read(prompt, command)
        if self.interactive:
            try:
                return input(prompt)
            except EOFError:
                return None
        line = self.stdin.readline()
        return None if line == "" else line.rstrip("\n")

    def run(self, on_start: Callable[[ConsoleShell], None] | None = None) -> int:
        if self.interactive:
            self.say("relcap shell — `help` lists the commands, `quit` leaves.")
        if on_start is not None:
            on_start(self)
        while True:
            line = self.read_line()
            if line is None:
                if self.interactive:
                    self.say("")
                return 0
            text = line.strip()
            if text.lower() in QUIT:
                return 0
            if not text:
                continue
            number = _choice_number(text)
            if number is not None and self.choices and not 1 <= number <= len(self.choices):
                # The choices stay open: the next line may still pick one.
                self.say(render(error(f"Choose a number from 1 to {len(self.choices)}.")))
                continue
            self.show(self.answer(text))

    def answer(self, text: str) -> Reply:
        number = _choice_number(text)
        if number is not None and self.choices:
            button = self.choices[number - 1]
            event = ActionEvent(self.workspace, self.user, button.action_id, button.value)
            return self._safely(text, lambda: self.core.handle_action(event))
        message = IncomingMessage(self.workspace, self.user, text)
        return self._safely(text, lambda: self.core.handle_message(message))

    def _safely(self, what: str, call: Callable[[], Reply]) -> Reply:
        try:
            return call()
        except StorageUnavailable:  # e.g. SQLite locked by another process: not a bug
            return error(TRY_AGAIN)
        except Exception as exc:  # a bug in the core must not end the session mid-stream
            log.debug("%r failed", what, exc_info=True)
            return error(
                f"Something went wrong with that ({type(exc).__name__}); "
                "nothing from it was saved. Please report it."
            )

    def show(self, reply: Reply) -> None:
        if reply.kind == "help" and reply.fields:  # the list of commands, not an "unknown"
            reply = replace(reply, fields=(*reply.fields, *(ReplyField(*h) for h in CONSOLE_HELP)))
        self.say(render(reply))
        if reply.image is not None:
            self.save_picture(reply.image)
        if reply.input_request is not None:
            reply = self.fill_form(reply)
            self.say(render(reply))
        self.choices = reply.buttons

    def save_picture(self, image: Image) -> None:
        # The workspace in the name: two workspaces' charts of a "Jane Doe" never collide.
        path = self.pictures / f"{file_slug(str(self.workspace))}-{image.filename}"
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_bytes(image.data)
        except OSError as exc:
            self.say(render(error(f"Could not save the picture to {path}: {exc.strerror}.")))
            return
        self.say(f"  Saved the picture to {path.resolve()}")

    def fill_form(self, reply: Reply) -> Reply:
        """Ask each field; when the core refuses one field, show why and ask only that one
        again, keeping every other value typed (Enter keeps the value shown). `cancel`
        leaves the form, as a form's Cancel does on Slack and Teams."""
        form = reply.input_request
        for line in form.description.splitlines():  # what the form is prefilled from
            self.say(f"  {line}")
        values: dict[str, str] = {}
        asking = list(form.fields)
        for _attempt in range(FORM_TRIES):
            for field in asking:
                answer = self.read_line(self._field_prompt(field, values), command=False)
                if answer is None:
                    return Reply(text="Form left unfinished.", kind="error")
                if answer.strip().lower() == FORM_CANCEL:
                    return Reply(text=FORM_CANCELLED)
                values[field.name] = answer.strip() or values.get(field.name) or field.initial
            event = ActionEvent(self.workspace, self.user, form.action_id, form.value, values)
            result = self._safely(form.title, lambda e=event: self.core.handle_action(e))
            asking = [f for f in form.fields if result.is_error and f.name == result.error_field]
            if not asking:
                return result
            if _attempt == FORM_TRIES - 1:  # shown once, by the caller, with the form closed
                return replace(result, text=f"{result.text}\n{FORM_GIVEN_UP}")
            self.say(render(result))
        return result

    @staticmethod
    def _field_prompt(field, values: dict[str, str]) -> str:
        hint = f" ({'/'.join(field.options)})" if field.options else ""
        optional = " [optional]" if field.optional else ""
        typed = values.get(field.name)
        kept = f" [{typed}]" if typed else ""
        return f"  {field.label}{hint}{optional}{kept}: "
