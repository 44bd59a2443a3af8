"""Reading credit or debit from the wording of an unsigned note.

VADER's lexicon plus our own domain words and phrases from `prompts/lexicon.yaml`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from vaderSentiment.vaderSentiment import SentimentIntensityAnalyzer

import prompts


@dataclass(frozen=True)
class SignReading:
    sign: int | None  # None: unclear, ask the rep
    score: float
    cues: tuple[str, ...]


def _phrase_token(phrase: str) -> str:
    return re.sub(r"[^a-z]", "", phrase.lower())


class SignReader:
    """Built once per process (the lexicon takes a moment to load)."""

    def __init__(self) -> None:
        data = prompts.load("lexicon")
        self.threshold = float(data["threshold"])
        self._analyzer = SentimentIntensityAnalyzer()
        self._analyzer.lexicon.update({w.lower(): float(v) for w, v in data["words"].items()})
        for word in data.get("neutral", ()):
            self._analyzer.lexicon.pop(word.lower(), None)
        self._phrases: list[tuple[re.Pattern[str], str]] = []
        for phrase, valence in data["phrases"].items():
            token = _phrase_token(phrase)
            self._analyzer.lexicon[token] = float(valence)
            pattern = re.compile(r"\b" + re.escape(phrase.lower()) + r"\b")
            self._phrases.append((pattern, token))
        self._phrase_names = {_phrase_token(p): p for p in data["phrases"]}

    def read(self, text: str) -> SignReading:
        prepared = text.lower()
        for pattern, token in self._phrases:
            prepared = pattern.sub(token, prepared)
        score = self._analyzer.polarity_scores(prepared)["compound"]
        sign = 1 if score >= self.threshold else -1 if score <= -self.threshold else None
        cues = tuple(self._cues(prepared, sign)) if sign else ()
        return SignReading(sign, score, cues)

    def _cues(self, prepared: str, sign: int):
        seen = set()
        for raw in prepared.split():
            word = raw.strip(".,;:!?\"'()[]")
            valence = self._analyzer.lexicon.get(word)
            if valence is not None and valence * sign > 0 and word not in seen:
                seen.add(word)
                yield self._phrase_names.get(word, word)
