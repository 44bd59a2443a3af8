"""The account rules' data (prompts/accounts.yaml), function labels and seniority levels."""

from __future__ import annotations

from functools import cache
from typing import Any

import prompts
from handlers.companies.functions import functions


@cache
def rules() -> dict[str, Any]:
    return prompts.load("accounts")


def text(key: str, **values: object) -> str:
    return rules()["texts"][key].format(**values)


def function_name(key: str | None) -> str:
    if not key:
        return "Function not known"
    return functions().get(key, key.replace("-", " ").capitalize())


@cache
def seniority_weight(level: int) -> float:
    """The weight of a seniority level (5 at the top); levels outside the table clamp."""
    weights = {int(k): float(v) for k, v in rules()["seniority_weights"].items()}
    return weights[min(max(level, min(weights)), max(weights))]
