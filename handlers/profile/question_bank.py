"""The fact keys and their questions, read from `prompts/questions.yaml`."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

import prompts

SIDES = ("professional", "personal")
SITUATIONAL = "situational"  # answers to situational questions, under their own headings


@dataclass(frozen=True)
class FactKey:
    key: str
    side: str
    label: str
    aliases: tuple[str, ...]
    fresh_days: int
    questions: tuple[str, ...]

    def is_fresh(self, recorded_at: datetime, now: datetime, stale_days: int | None) -> bool:
        return now - recorded_at <= timedelta(days=stale_days or self.fresh_days)


class QuestionBank:
    def __init__(self) -> None:
        data = prompts.load("questions")
        self.keys: dict[str, FactKey] = {
            key: FactKey(
                key=key,
                side=spec["side"],
                label=spec["label"],
                aliases=tuple(spec.get("aliases", ())),
                fresh_days=int(spec["fresh_days"]),
                questions=tuple(spec["questions"]),
            )
            for key, spec in data["facts"].items()
        }
        for spec in data["situations"].values():
            key = spec["fact_key"]
            self.keys[key] = FactKey(
                key=key,
                side=SITUATIONAL,
                label=spec.get("label", key),
                aliases=(),
                fresh_days=int(spec["fresh_days"]),
                questions=tuple(spec["questions"]),
            )
        self._by_word = {key: fact for key, fact in self.keys.items()}
        for fact in self.keys.values():
            for alias in fact.aliases:
                self._by_word[alias] = fact

        self._sides = {
            side: [fact for fact in self.keys.values() if fact.side == side]
            for side in (*SIDES, SITUATIONAL)
        }

    def resolve(self, word: str) -> FactKey | None:
        return self._by_word.get(word.strip().lower())

    def side(self, side: str) -> list[FactKey]:
        return self._sides.get(side, [])

    @property
    def situational(self) -> list[FactKey]:
        return self._sides[SITUATIONAL]

    @property
    def professional(self) -> list[FactKey]:
        return self._sides["professional"]
