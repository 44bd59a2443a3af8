"""The health formula and the trend, as pure functions."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from handlers.health.scoring import band, health, knowledge_part, recency_part
from handlers.health.trend import balance_series, sparkline
from handlers.policy import Policy
from storage.decay import decay_weight, decayed_balance

NOW = datetime(2026, 11, 20, tzinfo=UTC)


def test_decay_halves_after_one_half_life():
    sum_ = 4 * decay_weight(NOW - timedelta(days=90), 90)
    assert decayed_balance(sum_, NOW, 90) == pytest.approx(2.0)
    assert decayed_balance(sum_, NOW + timedelta(days=90), 90) == pytest.approx(1.0)


@pytest.mark.parametrize(
    ("days", "cadence", "expected"),
    [(None, 30, 0), (0, 30, 100), (30, 30, 100), (60, 30, 50), (90, 30, 0), (200, 30, 0)],
)
def test_recency_part(days, cadence, expected):
    assert recency_part(days, cadence) == pytest.approx(expected)


def test_knowledge_counts_stale_facts_half():
    assert knowledge_part(2, 2, 5) == pytest.approx(60)
    assert knowledge_part(0, 0, 5) == 0


@pytest.mark.parametrize(
    ("score", "colour"),
    [(0, "red"), (50, "red"), (51, "yellow"), (75, "yellow"), (76, "green"), (100, "green")],
)
def test_bands(score, colour):
    assert band(score) == colour


def test_health_combines_the_weighted_parts():
    result = health(
        decay_sum=0.0, last_touch_at=NOW - timedelta(days=3), cadence_days=None,
        fresh_facts=5, stale_facts=0, professional_keys=5, now=NOW, policy=Policy(),
    )  # fmt: skip
    # balance 50 × 0.5 + recency 100 × 0.3 + knowledge 100 × 0.2
    assert result.score == 75
    assert (result.band, result.days_since_touch, result.cadence_days) == ("yellow", 3, 30)


def test_health_weights_are_settings():
    only_recency = Policy(weight_balance=0, weight_recency=1, weight_knowledge=0)
    result = health(
        decay_sum=-50.0, last_touch_at=NOW, cadence_days=7, fresh_facts=0, stale_facts=0,
        professional_keys=5, now=NOW, policy=only_recency,
    )  # fmt: skip
    assert result.score == 100


def test_old_credits_count_less_than_fresh_ones():
    def score(days_ago):
        at = NOW - timedelta(days=days_ago)
        return health(
            decay_sum=5 * decay_weight(at, 90), last_touch_at=NOW, cadence_days=None,
            fresh_facts=0, stale_facts=0, professional_keys=5, now=NOW, policy=Policy(),
        ).balance_part  # fmt: skip

    assert score(0) > score(90) > score(365) > 50


def test_balance_series_works_back_from_the_current_balance():
    recent = [(NOW - timedelta(days=80), 2), (NOW - timedelta(days=10), -1), (NOW, 3)]
    series = balance_series(7, recent, NOW)
    assert len(series) == 13
    assert series[-1] == 7
    assert series[0] == 3  # before the window's entries: 7 − 3 + 1 − 2
    assert series[1] == 5  # the +2 eighty days ago falls in the second week
    assert series[-2] == 4  # after the −1 ten days ago, before today's +3


def test_sparkline_handles_negative_and_flat_series():
    line = sparkline([-3, -1, 0, 2, 5])
    assert len(line) == 5 and line[0] < line[-1]
    assert len(set(sparkline([4, 4, 4]))) == 1


def test_a_flat_zero_balance_is_drawn_flat_not_as_full_bars():
    assert sparkline([0] * 13) == "▁" * 13
    assert sparkline([4, 4, 4]) == "▁▁▁"
    line = sparkline([0, 0, 1])
    assert line[0] == line[1] == "▁" and line[2] == "█"
