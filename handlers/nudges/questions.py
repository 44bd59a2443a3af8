"""The nudge questions, read from `prompts/questions.yaml`: one id, side, fact key,
wording and freshness per question, for the fact keys and for the situations.

Built once per process by the bootstrap (see `handlers.core.core_services`), with the
same staleness as the health score, and handed down to whoever chooses or answers.
"""

from __future__ import annotations

from dataclasses import dataclass

import prompts


@dataclass(frozen=True)
class Question:
    id: str
    side: str  # professional | personal | situational
    fact_key: str
    text: str  # with {name} and, for situations, their own fields
    fresh_days: int
    situation: str | None = None
    why: str = ""
    stage: str | None = None  # asked only at this stage of the relationship
    answer: str = "fact"  # fact | not_met | date:<date key>: where the answer goes


@dataclass(frozen=True)
class Catalog:
    by_key: dict[str, tuple[Question, ...]]  # fact key → its questions, in rotation order
    situations: dict[str, Question]
    milestone_words: tuple[str, ...]
    milestone_days: int
    unanswered_after: int = 2  # attempts since last heard before "try another way in"

    def get(self, question_id: str) -> Question | None:
        for questions in self.by_key.values():
            for question in questions:
                if question.id == question_id:
                    return question
        for question in self.situations.values():
            if question.id == question_id:
                return question
        return None

    def at_stage(self, stage: str | None) -> list[Question]:
        """The stage's own questions, in the bank's order."""
        return [q for q in self.situations.values() if q.stage is not None and q.stage == stage]

    def keys_on(self, side: str) -> list[str]:
        return [key for key, qs in self.by_key.items() if qs[0].side == side]


def build_catalog(stale_days: int | None = None) -> Catalog:
    """`stale_days` (RELCAP_FACT_STALE_DAYS) overrides every fact key's own `fresh_days`,
    exactly as it does for the health score; situations keep their own spacing."""
    data = prompts.load("questions")
    by_key: dict[str, tuple[Question, ...]] = {}
    for key, spec in data["facts"].items():
        texts = spec["questions"]
        ids = spec.get("ids") or [f"{key}.{n}" for n in range(1, len(texts) + 1)]
        if len(ids) != len(texts):
            raise ValueError(f"questions.yaml: {key} has {len(texts)} questions, {len(ids)} ids")
        by_key[key] = tuple(
            Question(qid, spec["side"], key, text, stale_days or int(spec["fresh_days"]))
            for qid, text in zip(ids, texts, strict=True)
        )
    situations = {}
    for name, spec in data.get("situations", {}).items():
        situations[name] = Question(
            id=spec["id"],
            side=spec.get("side", "situational"),
            fact_key=spec["fact_key"],
            text=spec["questions"][0],
            fresh_days=int(spec["fresh_days"]),
            situation=name,
            why=spec.get("why", ""),
            stage=spec.get("stage"),
            answer=spec.get("answer", "fact"),
        )
    retro = data.get("situations", {}).get("retrospective", {})
    return Catalog(
        by_key=by_key,
        situations=situations,
        milestone_words=tuple(w.lower() for w in retro.get("milestone_words", ())),
        milestone_days=int(retro.get("within_days", 7)),
        unanswered_after=int(
            data.get("situations", {}).get("unanswered", {}).get("after_attempts", 2)
        ),
    )
