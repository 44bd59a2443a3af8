"""The stages and their health expectations, from prompts/stages.yaml and the settings."""

from __future__ import annotations

import math
import re
from dataclasses import dataclass
from functools import cache

import prompts
from handlers.policy import Policy


@dataclass(frozen=True)
class Expectation:
    """What health expects of a contact at one stage."""

    stage: str
    cadence_days: int
    knowledge_expected: int  # professional facts that make the knowledge part 100
    knowledge_keys: int  # of how many professional fact keys
    new_grace: bool  # never heard from: measured from when they were added


@dataclass(frozen=True)
class StageSpec:
    name: str
    label: str
    cadence_days: int | None
    knowledge_share: float
    new_grace: bool


@cache
def specs() -> dict[str, StageSpec]:
    data = prompts.load("stages")["stages"]
    return {
        name: StageSpec(
            name=name,
            label=spec["label"],
            cadence_days=spec.get("cadence_days"),
            knowledge_share=float(spec.get("knowledge_share", 1.0)),
            new_grace=bool(spec.get("new_grace", False)),
        )
        for name, spec in data.items()
    }


def names() -> tuple[str, ...]:
    return tuple(specs())


def first_stage() -> str:
    return prompts.load("stages").get("first", names()[0])


def parse(word: str) -> str | None:
    """A stage as typed: `engaged`, `Long-Term`, `first meeting`, `long_term`."""
    key = re.sub(r"[\s_]+", "-", word.strip().lower())
    return key if key in specs() else None


def expectation(
    stage: str | None, policy: Policy, professional_keys: int, own_cadence: int | None = None
) -> Expectation:
    """The expectations of `stage` (the first stage when none was ever set). A contact's own
    cadence (`contact … cadence`) wins over the stage's."""
    name = stage if stage in specs() else first_stage()
    spec = specs()[name]
    cadence_override = dict(policy.stage_cadence_days).get(name)
    cadence = own_cadence or cadence_override or spec.cadence_days or policy.cadence_days
    share = dict(policy.stage_knowledge).get(name, spec.knowledge_share)
    share = max(0.0, min(1.0, share))
    expected = min(professional_keys, max(1, math.ceil(share * professional_keys)))
    return Expectation(name, cadence, expected, professional_keys, spec.new_grace)


def order(stage: str) -> int:
    return names().index(stage) if stage in specs() else -1
