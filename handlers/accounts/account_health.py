"""The account's health: explainable, 0–100, from two parts.

    relationship part = Σ w(c) · health(c) / Σ w(c) over the met contacts, where w is the
                        contact's seniority weight (3 for a chief, 2 a VP, 1.5 a director
                        or head, 1.2 a manager or lead, 1 any other title: prompts/)
    coverage part     = 100 · (strong functions + ½ · weak ones) / expected functions
    account health    = 0.6 · relationship + 0.4 · coverage   (weights in prompts/)

Bands as for a contact: 0–50 red, 51–75 yellow, 76–100 green.
"""

from __future__ import annotations

from dataclasses import dataclass

from handlers.accounts.coverage import STRONG, WEAK, Coverage, coverage
from handlers.accounts.members import Account
from handlers.accounts.rules import rules, seniority_weight
from handlers.health.scoring import band


@dataclass(frozen=True)
class AccountHealth:
    score: int
    band: str
    relationship_part: float
    coverage_part: float
    coverage: Coverage

    def parts(self) -> str:
        return (
            f"relationships {round(self.relationship_part)} (by seniority) · "
            f"coverage {round(self.coverage_part)} "
            f"({self.coverage.covered} of {len(self.coverage.by_function)} functions)"
        )


def relationship_part(account: Account) -> float:
    met = account.met
    weights = [seniority_weight(m.seniority) for m in met]
    if not met or not sum(weights):
        return 0.0
    return sum(w * m.health.score for w, m in zip(weights, met, strict=True)) / sum(weights)


def coverage_part(found: Coverage) -> float:
    if not found.by_function:
        return 0.0
    strong, weak = len(found.functions(STRONG)), len(found.functions(WEAK))
    return 100.0 * (strong + 0.5 * weak) / len(found.by_function)


def account_health(account: Account) -> AccountHealth:
    found = coverage(account)
    parts = (relationship_part(account), coverage_part(found))
    weights = (float(rules()["weight_relationship"]), float(rules()["weight_coverage"]))
    score = round(sum(p * w for p, w in zip(parts, weights, strict=True)) / (sum(weights) or 1))
    score = max(0, min(100, score))
    return AccountHealth(score, band(score), *parts, found)
