"""The next-step rules in prompts/next_steps.yaml, case by case, over a plain Situation;
and the checks that make a mistake in the rules fail when they are loaded."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from handlers.advice.rules import RuleError, evaluate, load_rules, used_text
from handlers.advice.situation import KnownFact, OpenItem, Situation
from handlers.advice.time_words import names_a_time
from handlers.profile.question_bank import QuestionBank

NOW = datetime(2026, 11, 20, 15, 0, tzinfo=UTC)
KEYS = tuple(QuestionBank().keys)
RULES = load_rules(KEYS)
LABELS = {k: f.label for k, f in QuestionBank().keys.items()}


def fact(key: str, value: str, days: int = 3, fresh: bool = True) -> KnownFact:
    return KnownFact(key, LABELS[key], value, NOW - timedelta(days=days), fresh)


def situation(**changes) -> Situation:
    base = dict(
        name="Maria Rossi",
        balance=2,
        days_since_touch=5,
        cadence_days=30,
        now=NOW,
        tz=ZoneInfo("UTC"),
        reinvest_balance=8,
        facts={},
        missing_question=None,
        open_items={"promises": (), "retrospective": ()},
    )
    base.update(changes)
    if isinstance(base["facts"], list):
        base["facts"] = {f.key: f for f in base["facts"]}
    return Situation(**base)


def step(**changes):
    return evaluate(RULES, situation(**changes))


def test_help_and_a_dated_worry_make_an_offer_before_it_lands():
    got = step(
        facts=[
            fact("help", "a benchmark of fill rates"),
            fact("worries", "the ERP cutover in March."),
        ],
        missing_question="How is Maria measured?",
    )
    assert got.rule_id == "help-before-worry"
    assert got.text == "Offer a benchmark of fill rates to Maria before the ERP cutover in March."
    assert [f.key for f in got.used] == ["help", "worries"]
    assert got.offer == ("promise", "note")


def test_an_undated_worry_is_no_deadline_to_beat():
    got = step(facts=[fact("help", "a benchmark"), fact("worries", "the board")])
    assert got.rule_id == "help-offer"
    assert got.text == "Offer what Maria said would help: a benchmark."


def test_a_stale_help_fact_is_not_offered():
    got = step(
        facts=[fact("help", "a benchmark", 200, fresh=False), fact("worries", "cutover in May")],
        missing_question="What could we do to help Maria succeed?",
    )
    assert got.rule_id == "worry-check-in"


def test_a_goal_noted_months_ago_is_asked_about_with_its_month():
    noted = KnownFact(
        "goals", LABELS["goals"], "the EMEA ops move", datetime(2026, 8, 12, tzinfo=UTC), False
    )
    s = situation(facts={"goals": noted})
    got = evaluate(RULES, s)
    assert got.rule_id == "goal-check-in"
    assert (
        got.text == "Ask Maria how it is going with “the EMEA ops move” (you noted it in August)."
    )
    assert used_text(got, s) == "Current goals and progress (3 months ago, stale)"


def test_a_goal_from_another_year_names_the_year():
    noted = KnownFact("goals", LABELS["goals"], "EMEA", datetime(2025, 8, 12, tzinfo=UTC), False)
    assert "(you noted it in August 2025)" in step(facts={"goals": noted}).text


def test_a_recent_goal_is_not_asked_about_yet():
    assert step(facts=[fact("goals", "EMEA", days=20)]).rule_id == "steady"


def test_below_zero_make_it_right_wins_over_everything_known():
    got = step(balance=-3, facts=[fact("help", "a benchmark"), fact("worries", "cutover in March")])
    assert got.rule_id == "in-red" and got.text.startswith("Make it right:")


def test_below_zero_with_a_fresh_tough_call_list_says_make_the_call():
    got = step(balance=-1, facts=[fact("make-it-right", "late report; wrong totals")])
    assert got.rule_id == "make-the-call"
    assert "“late report; wrong totals”" in got.text


def test_never_touched_and_overdue():
    assert step(days_since_touch=None).rule_id == "never-touched"
    got = step(days_since_touch=45)
    assert got.rule_id == "overdue"
    assert got.text == "Get in touch: 45 days since the last touch, past the 30-day cadence."


def test_a_promise_due_soon_comes_first_and_names_it():
    promise = OpenItem("send the revised proposal", date(2026, 11, 23), "Ana")
    later = OpenItem("send the roadmap", date(2026, 12, 20), "Ana")
    s = situation(open_items={"promises": (promise,)}, facts=[fact("help", "a benchmark")])
    got = evaluate(RULES, s)
    assert got.rule_id == "promise-due"
    assert (
        got.text
        == "Keep your word: “send the revised proposal” is due 23 Nov; tell Maria where it stands."
    )
    assert got.offer == ("note",) and got.item == promise
    assert used_text(got, s) == "open promises: “send the revised proposal”"
    assert step(open_items={"promises": (later,)}).rule_id == "steady"


def test_missing_professional_then_reinvest_then_steady():
    assert step(missing_question="How is Maria measured?").text == (
        "Ask next time: How is Maria measured?"
    )
    assert step(balance=8).rule_id == "reinvest"
    assert step(balance=7).rule_id == "steady"
    assert step(balance=7, reinvest_balance=5).rule_id == "reinvest"


def test_a_new_rule_is_data_only():
    data = {
        "rules": [
            {
                "id": "qbr",
                "when": {"stage": ["renewal"], "known": ["measured"]},
                "say": "Bring {first} the numbers she is measured on ({measured}, {measured_age}).",
                "offer": ["promise"],
            },
            {"id": "steady", "say": "Keep it steady with {name}."},
        ]
    }
    rules = load_rules(KEYS, data)
    s = situation(stage="renewal", facts=[fact("measured", "fill rate")])
    assert (
        evaluate(rules, s).text
        == "Bring Maria the numbers she is measured on (fill rate, 3 days ago)."
    )
    assert evaluate(rules, situation(facts=[fact("measured", "fill rate")])).rule_id == "steady"


@pytest.mark.parametrize(
    ("rule", "message"),
    [
        ({"id": "x", "when": {"colour": "red"}, "say": "s"}, "unknown conditions"),
        ({"id": "x", "when": {"known": ["shoe-size"]}, "say": "s"}, "unknown fact keys"),
        ({"id": "x", "when": {"known": ["help"]}, "say": "{worries}"}, "unknown placeholder"),
        ({"id": "x", "when": {"open": "handshakes"}, "say": "s"}, "unknown open items"),
        ({"id": "x", "when": {"due_within_days": 3}, "say": "s"}, "needs `open`"),
        ({"id": "x", "say": "s", "offer": ["call"]}, "offer is some of"),
        ({"when": {}, "say": "s"}, "needs an id"),
    ],
)
def test_a_broken_rule_fails_at_load(rule, message):
    with pytest.raises(RuleError, match=message):
        load_rules(KEYS, {"rules": [rule, {"id": "steady", "say": "ok"}]})


def test_the_last_rule_must_always_hold():
    with pytest.raises(RuleError, match="the last next-step rule"):
        load_rules(KEYS, {"rules": [{"id": "x", "when": {"overdue": True}, "say": "s"}]})


@pytest.mark.parametrize(
    ("text", "dated"),
    [
        ("the ERP cutover in March", True),
        ("audit by Q2", True),
        ("go-live on 2027-01-15", True),
        ("board review 14 January", True),
        ("headcount cuts next quarter", True),
        ("renewal before Friday", True),
        ("she may leave the company", False),
        ("the ERP cutover", False),
        ("margin pressure", False),
    ],
)
def test_a_time_named_in_a_fact(text, dated):
    assert names_a_time(text) is dated


# --- an open debit with no fix planned --------------------------------------------------


def test_an_unplanned_debit_asks_for_the_fix_with_its_date_and_the_plan_button():
    debit = OpenItem("the outage", date(2026, 11, 2), ref=41)
    s = situation(balance=-1, open_items={"unplanned-debits": (debit,)})
    got = evaluate(RULES, s)
    assert got.rule_id == "plan-the-fix"
    assert got.text == (
        "Plan the fix for the outage (2 Nov): a promise with a date Maria can hold you to."
    )
    assert got.item == debit and got.item_kind == "unplanned-debits"
    assert got.offer == ("plan", "note")
    assert used_text(got, s) == "a debit with no fix planned: “the outage”"


def test_the_oldest_unplanned_debit_is_named_first():
    old = OpenItem("the outage", date(2026, 11, 2), ref=41)
    new = OpenItem("the late invoice", date(2026, 11, 15), ref=57)
    assert step(open_items={"unplanned-debits": (old, new)}).item == old


def test_a_fresh_tough_call_list_still_comes_before_planning_the_fix():
    debit = OpenItem("the outage", date(2026, 11, 2), ref=41)
    got = step(
        balance=-2,
        open_items={"unplanned-debits": (debit,)},
        facts=[fact("make-it-right", "outage; wrong totals")],
    )
    assert got.rule_id == "make-the-call"


def test_without_an_unplanned_debit_the_red_balance_rule_holds_again():
    assert step(balance=-2, open_items={"unplanned-debits": ()}).rule_id == "in-red"
    assert step(balance=3, open_items={"unplanned-debits": ()}).rule_id == "steady"


def test_the_plan_offer_is_refused_on_a_rule_without_unplanned_debits():
    data = {
        "rules": [
            {"id": "x", "when": {"balance_below": 0}, "say": "Fix it.", "offer": ["plan"]},
            {"id": "steady", "say": "Keep it steady."},
        ]
    }
    with pytest.raises(RuleError, match="plan offer"):
        load_rules(KEYS, data)
