"""Reading a line at a terminal: editing, arrow keys and history (prompt_toolkit).

Only for a rep at a keyboard: piped input is read line by line as it comes. Commands
share one history, kept in a file across sessions when the shell is given one; a form's
answers have their own, so ↑ at the prompt brings back the last command, not a field.
"""

from __future__ import annotations

from pathlib import Path
from typing import TextIO


class LineEditor:
    def __init__(self, stdin: TextIO, stdout: TextIO, history: Path | None = None) -> None:
        # Imported here: prompt_toolkit loads only when a terminal shell starts.
        from prompt_toolkit import PromptSession
        from prompt_toolkit.history import FileHistory, InMemoryHistory
        from prompt_toolkit.input import create_input
        from prompt_toolkit.output.vt100 import Vt100_Output

        output = Vt100_Output.from_pty(stdout)
        # No menus to place, so no cursor-position requests: a terminal that never
        # answers one would otherwise get a warning printed into the session.
        output.enable_cpr = False
        commands = InMemoryHistory()
        if history is not None:
            try:
                history.parent.mkdir(parents=True, exist_ok=True)
                history.touch(exist_ok=True)
                commands = FileHistory(str(history))
            except OSError:  # a read-only home: history for this session only
                pass
        settings = dict(input=create_input(stdin), output=output, reserve_space_for_menu=0)
        self.commands = PromptSession(history=commands, **settings)
        self.fields = PromptSession(history=InMemoryHistory(), **settings)

    def read(self, prompt: str, command: bool = True) -> str | None:
        """The line typed; None at end of input (Ctrl-D)."""
        session = self.commands if command else self.fields
        try:
            return session.prompt(prompt)
        except EOFError:
            return None
