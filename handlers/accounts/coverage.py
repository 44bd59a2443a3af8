"""Coverage: for each function the account should have, how well we are known there.

strong — a met contact in the function whose health band is green
weak   — met contacts there, none green (yellow or red)
none   — nobody met there (not-met stakeholders are white space, not coverage)
"""

from __future__ import annotations

from dataclasses import dataclass

from handlers.accounts.members import Account
from handlers.accounts.rules import function_name, rules, text

STRONG, WEAK, NONE = "strong", "weak", "none"


@dataclass(frozen=True)
class Coverage:
    by_function: dict[str, str]  # function key → strong | weak | none, expected order first

    def functions(self, level: str) -> list[str]:
        return [key for key, found in self.by_function.items() if found == level]

    @property
    def covered(self) -> int:
        return sum(1 for found in self.by_function.values() if found != NONE)

    def summary(self) -> str:
        """ "strong in Operations · weak in IT · not known in Finance, Procurement"."""
        parts = []
        for level, words in ((STRONG, "strong in"), (WEAK, "weak in")):
            if self.functions(level):
                parts.append(f"{words} {names(self.functions(level))}")
        if self.functions(NONE):
            parts.append(text("not_known", functions=names(self.functions(NONE))))
        return " · ".join(parts)


def names(keys: list[str]) -> str:
    return ", ".join(function_name(k) for k in keys)


def expected_functions(account: Account) -> list[str]:
    """The expected functions, then any other the account's people work in."""
    keys = list(rules()["expected_functions"])
    for member in account.members:
        if member.function and member.function not in keys:
            keys.append(member.function)
    return keys


def coverage(account: Account) -> Coverage:
    found: dict[str, str] = dict.fromkeys(expected_functions(account), NONE)
    for member in account.met:
        if not member.function:
            continue
        if member.band == "green":
            found[member.function] = STRONG
        elif found[member.function] == NONE:
            found[member.function] = WEAK
    return Coverage(found)


@dataclass(frozen=True)
class Thread:
    """Why an account hangs by one thread, or None when it does not."""

    reason: str | None

    @property
    def single(self) -> bool:
        return self.reason is not None


def single_thread(account: Account) -> Thread:
    """One healthy contact (or none), or one rep who knows anyone there."""
    met = account.met
    if not met:
        return Thread(None)  # nobody met yet: white space, not a thread to lose
    healthy = [m for m in met if m.healthy]
    if not healthy:
        return Thread(text("no_healthy"))
    if len(healthy) == 1:
        return Thread(text("single_healthy", name=healthy[0].name))
    reps = account.reps()
    if len(reps) == 1:
        return Thread(text("single_rep", rep=next(iter(reps.values()))))
    return Thread(None)
