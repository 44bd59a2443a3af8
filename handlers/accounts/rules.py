"""The account rules' data (prompts/accounts.yaml) and function names for display."""

from __future__ import annotations

import re
from functools import cache
from typing import Any

import prompts

DISPLAY = {"it": "IT", "hr": "HR"}  # keys whose display name is not just capitalised


@cache
def rules() -> dict[str, Any]:
    return prompts.load("accounts")


def text(key: str, **values: object) -> str:
    return rules()["texts"][key].format(**values)


def function_name(key: str | None) -> str:
    if not key:
        return "Unknown function"
    return DISPLAY.get(key, key.replace("-", " ").replace("_", " ").capitalize())


def seniority_weight(level: int) -> float:
    weights = rules()["seniority_weights"]
    return float(weights[min(max(level, 0), len(weights) - 1)])


@cache
def _seniority_patterns() -> tuple[tuple[int, re.Pattern[str]], ...]:
    return tuple(
        (
            int(row["level"]),
            re.compile(
                r"\b(" + "|".join(re.escape(k) for k in row["keywords"]) + r")\b", re.IGNORECASE
            ),
        )
        for row in rules()["seniority"]
    )


LOWEST = 3


def seniority_of(role: str | None) -> int:
    """0 for "CFO" or "Chief of Staff", 1 for "VP Operations", 3 for a plain title."""
    if not role:
        return LOWEST
    for level, pattern in _seniority_patterns():
        if pattern.search(role):
            return level
    return LOWEST
