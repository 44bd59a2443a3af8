"""The account's pure rules: health, coverage, single threads, the widening move."""

from __future__ import annotations

from handlers.accounts.account_health import account_health
from handlers.accounts.coverage import coverage, single_thread
from handlers.accounts.members import Account, Knower, Member
from handlers.accounts.widening import widening_move
from handlers.companies.functions import seniority
from handlers.health.scoring import Health, band

ANA, BEN = Knower(1, "Ana", 3), Knower(2, "Ben", 1)


def person(ident, name, function, score=None, balance=0, role=None, knowers=(ANA,), **more):
    health = None if score is None else Health(score, band(score), 0, 0, 0, 0, 0, 30)
    return Member(
        contact_id=ident,
        name=name,
        role=role,
        function=function,
        seniority=seniority(role),
        balance=balance,
        health=health,
        last_touch_at=None,
        not_met=score is None,
        knowers=knowers if score is not None else (),
        **more,
    )


def acme(*members):
    return Account(7, "Acme", tuple(members))


def test_seniority_weights_follow_the_role():
    from handlers.accounts.rules import seniority_weight

    assert seniority_weight(seniority("CFO")) == 3.0
    assert seniority_weight(seniority("VP Operations")) == 2.0
    assert seniority_weight(seniority("Account clerk")) == 1.0
    assert seniority_weight(9) == 3.0 and seniority_weight(0) == 1.0  # clamped to the table


def test_coverage_strong_weak_none_from_the_bands():
    account = acme(
        person(1, "Marcus Chen", "operations", 88, 10),
        person(2, "Ivy Lee", "it", 60, 2),
        person(3, "Raj Rao", "it", 30, -1),
        person(4, "CFO", "finance"),  # not met: white space
    )
    found = coverage(account)
    assert found.by_function == {
        "executive": "none",
        "finance": "none",
        "operations": "strong",
        "it": "weak",
        "procurement": "none",
    }
    assert found.summary() == (
        "strong in Operations · weak in IT · not known in Executive, Finance, Procurement"
    )


def test_account_health_weights_seniority_and_coverage():
    senior = acme(person(1, "Marcus Chen", "executive", 90, 5, role="CEO"),
                  person(2, "Ivy Lee", "it", 40, 1, role="Analyst"))  # fmt: skip
    junior = acme(person(1, "Marcus Chen", "executive", 40, 5, role="CEO"),
                  person(2, "Ivy Lee", "it", 90, 1, role="Analyst"))  # fmt: skip
    high, low = account_health(senior), account_health(junior)
    assert round(high.relationship_part) == 78  # (3·90 + 1·40) / 4
    assert round(low.relationship_part) == 52  # (3·40 + 1·90) / 4
    assert high.coverage_part == 100 * (1 + 0.5) / 5  # one strong, one weak of five
    assert low.coverage_part == 100 * (1 + 0.5) / 5
    assert high.score == round(0.6 * 77.5 + 0.4 * 30) and high.score > low.score
    wider = acme(*senior.members, person(3, "Ola Berg", "finance", 80, 2, role="Controller"))
    assert account_health(wider).coverage_part > high.coverage_part


def test_single_thread_one_healthy_contact_or_one_rep():
    one = acme(person(1, "Marcus Chen", "operations", 88, 10), person(2, "Raj", "it", 20, -3))
    assert single_thread(one).reason == "Marcus Chen is the only healthy contact"
    one_rep = acme(person(1, "Marcus Chen", "operations", 88), person(2, "Ivy", "it", 70))
    assert single_thread(one_rep).reason == "only Ana knows anyone here"
    two_reps = acme(
        person(1, "Marcus Chen", "operations", 88), person(2, "Ivy", "it", 70, knowers=(BEN,))
    )
    assert not single_thread(two_reps).single
    assert single_thread(acme(person(1, "Raj", "it", 20))).reason.startswith("No healthy")
    assert not single_thread(acme(person(4, "CFO", "finance"))).single


def test_widening_asks_the_strongest_contact_for_an_uncovered_function():
    account = acme(
        person(1, "Marcus Chen", "operations", 88, 10),
        person(2, "Ivy Lee", "executive", 80, 4),
        person(3, "Raj Rao", "it", 30, 12),  # red: no one to lean on for an introduction
        person(5, "Pat Kim", "procurement", 77, 3),
    )
    move = widening_move(account)
    assert move.sentence() == "Ask Marcus Chen (balance 10) to introduce you to Finance"


def test_widening_goes_for_a_known_stakeholder_through_their_reporting_line():
    account = acme(
        person(1, "Marcus Chen", "operations", 88, 10),
        person(2, "Ivy Lee", "executive", 80, 4),
        person(4, "Dana Cole", "procurement", reports_to_id=2),
    )
    move = widening_move(account)
    assert move.sentence() == "Ask Ivy Lee (balance 4) to introduce you to Dana Cole (Procurement)"


def test_no_widening_without_a_positive_healthy_contact():
    assert widening_move(acme(person(1, "Raj Rao", "it", 30, -2))) is None
    assert widening_move(acme(person(4, "CFO", "finance"))) is None
