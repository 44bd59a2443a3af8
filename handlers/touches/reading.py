"""Reading touch or attempt from the wording of a note, with the cue lists of
`prompts/touches.yaml`: an attempt cue and no touch cue make an attempt."""

from __future__ import annotations

import re
from dataclasses import dataclass

import prompts
from storage.ledger import ATTEMPT, TOUCH


@dataclass(frozen=True)
class KindReading:
    kind: str  # touch | attempt
    cues: tuple[str, ...]  # the attempt cues that made it one


def _pattern(cue: str) -> re.Pattern[str]:
    # Straight and curly apostrophes alike ("didn't", "didn’t").
    words = re.escape(cue.lower()).replace("'", "['’]")
    return re.compile(r"(?<![\w-])" + words + r"(?![\w-])")


class TouchReader:
    """Built once per process from the cue lists."""

    def __init__(self) -> None:
        data = prompts.load("touches")
        self._attempt = [(cue, _pattern(cue)) for cue in data["attempt_cues"]]
        self._touch = [_pattern(cue) for cue in data["touch_cues"]]

    def read(self, text: str) -> KindReading:
        lowered = text.lower()
        cues = tuple(cue for cue, pattern in self._attempt if pattern.search(lowered))
        if not cues or any(pattern.search(lowered) for pattern in self._touch):
            return KindReading(TOUCH, ())
        return KindReading(ATTEMPT, cues)
