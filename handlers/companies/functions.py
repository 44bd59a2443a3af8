"""The function list and the seniority a role's words suggest (data in prompts/functions.yaml)."""

from __future__ import annotations

import re
from functools import cache

import prompts


@cache
def functions() -> dict[str, str]:
    """Function key → label, in the order the list gives them."""
    return {key: spec["label"] for key, spec in prompts.load("functions")["functions"].items()}


def function_key(text: str) -> str | None:
    """The function a rep typed (key or label, any case), or None if not in the list."""
    wanted = " ".join(text.casefold().split())
    for key, label in functions().items():
        if wanted in (key, label.casefold(), key.replace("-", " ")):
            return key
    return None


@cache
def _seniority_words() -> tuple[list[tuple[int, str]], int]:
    table = prompts.load("functions")["seniority"]
    words = [(int(level), word) for level, group in table["levels"].items() for word in group]
    # Longer phrases first: "vice president" is read before "president" can match.
    return sorted(words, key=lambda w: -len(w[1].split())), int(table["other"])


def seniority(role: str | None) -> int:
    """5 (chief, president) down to 1 (a title with no seniority word, or none)."""
    words, other = _seniority_words()
    if not role:
        return other
    text = " " + " ".join(re.findall(r"[a-z0-9]+", role.casefold())) + " "
    found = other
    for level, word in words:
        if f" {word} " in text:
            found = max(found, level)
            text = text.replace(f" {word} ", "  ")
    return found
