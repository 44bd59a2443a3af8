"""The tunable numbers of the core (built from settings by the composition root)."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Policy:
    max_points: int = 10
    half_life_days: float = 90.0
    cadence_days: int = 30
    fact_stale_days: int | None = None  # None: each fact key's own fresh_days
    weight_balance: float = 0.5
    weight_recency: float = 0.3
    weight_knowledge: float = 0.2
    balance_scale: float = 5.0  # a decayed balance of ±scale is ~88 / ~12 on the balance part
    reinvest_balance: int = 8
    # A debit on a balance at or above this (that stays above the next) is covered;
    # on one at or below the next there was nothing to absorb it.
    goodwill_covers_balance: int = 5
    goodwill_empty_balance: int = 0
    # The competitor test, asked of contacts in good standing at most this often.
    loyalty_every_days: int = 90
    # Per-stage overrides of prompts/stages.yaml: (stage, cadence days), (stage, share).
    stage_cadence_days: tuple[tuple[str, int], ...] = ()
    stage_knowledge: tuple[tuple[str, float], ...] = ()
    default_timezone: str = "UTC"
    max_note_chars: int = 4000
