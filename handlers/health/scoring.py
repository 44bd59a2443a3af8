"""The health score: explainable, 0–100, from three parts.

    balance part   = 50 + 50 · tanh(decayed balance / scale)
    recency part   = 100 while days since last touch ≤ cadence, then falls linearly
                     to 0 at three times the cadence (0 if never touched, unless the
                     stage gives a new contact grace: then counted from when it was added)
    knowledge part = 100 · (fresh professional facts + ½ · stale ones) / expected keys
    health         = w_b · balance + w_r · recency + w_k · knowledge   (weights sum to 1)

Bands: 0–50 red, 51–75 yellow, 76–100 green.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from datetime import datetime

from handlers.policy import Policy
from storage.decay import decayed_balance


@dataclass(frozen=True)
class Health:
    score: int
    band: str
    balance_part: float
    recency_part: float
    knowledge_part: float
    decayed_balance: float
    days_since_touch: int | None
    cadence_days: int
    # The stage whose expectations were used, and what it expects known (None: no stage).
    stage: str | None = None
    knowledge_expected: int = 0
    counted_from_added: bool = False  # never heard from; measured from when they were added


def band(score: int) -> str:
    if score <= 50:
        return "red"
    if score <= 75:
        return "yellow"
    return "green"


def recency_part(days_since_touch: int | None, cadence_days: int) -> float:
    if days_since_touch is None:
        return 0.0
    if days_since_touch <= cadence_days:
        return 100.0
    overdue = days_since_touch - cadence_days
    return max(0.0, 100.0 * (1 - overdue / (2 * cadence_days)))


def knowledge_part(fresh: int, stale: int, professional_keys: int) -> float:
    if professional_keys <= 0:
        return 0.0
    return 100.0 * min(1.0, (fresh + 0.5 * stale) / professional_keys)


def days_between(earlier: datetime | None, later: datetime) -> int | None:
    if earlier is None:
        return None
    return max(0, (later - earlier).days)


def health(
    *,
    decay_sum: float,
    last_touch_at: datetime | None,
    cadence_days: int | None,
    fresh_facts: int,
    stale_facts: int,
    professional_keys: int,
    now: datetime,
    policy: Policy,
    stage: str | None = None,
    knowledge_expected: int | None = None,
    added_at: datetime | None = None,
) -> Health:
    """`knowledge_expected` and `added_at` come from the stage's expectations: how many
    professional facts count as fully known, and when a never-touched contact was added
    (given only when the stage grants a new contact that grace)."""
    cadence = cadence_days or policy.cadence_days
    decayed = decayed_balance(decay_sum, now, policy.half_life_days)
    days = days_between(last_touch_at, now)
    from_added = days is None and added_at is not None
    expected = knowledge_expected or professional_keys
    parts = (
        50.0 + 50.0 * math.tanh(decayed / policy.balance_scale),
        recency_part(days_between(added_at, now) if from_added else days, cadence),
        knowledge_part(fresh_facts, stale_facts, expected),
    )
    weights = (policy.weight_balance, policy.weight_recency, policy.weight_knowledge)
    total = sum(weights) or 1.0
    score = round(sum(p * w for p, w in zip(parts, weights, strict=True)) / total)
    score = max(0, min(100, score))
    return Health(score, band(score), *parts, decayed, days, cadence, stage, expected, from_added)
