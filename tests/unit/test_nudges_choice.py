"""The rules for choosing today's question, on plain data."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

from handlers.nudges.choice import AskedView, Chooser, ContactView, PromiseView, RepView
from handlers.nudges.questions import build_catalog

NOW = datetime(2026, 11, 23, 9, 0, tzinfo=UTC)  # a Monday
TODAY = NOW.date()
ALL_PRO = ("career", "career-path", "measured", "goals", "worries", "help")
ALL_PERSONAL = ("home", "school", "family", "interests")


def contact(cid: int, name: str, balance: int = 2, days: int | None = 3) -> ContactView:
    touch = None if days is None else NOW - timedelta(days=days)
    return ContactView(cid, name, balance, touch, 30)


def known(*keys: str, age_days: int = 1) -> dict[str, datetime]:
    return {k: NOW - timedelta(days=age_days) for k in keys}


def choose(rep: RepView, count: int = 1):
    return Chooser(build_catalog()).choose(rep, count)


def rep(contacts, **kw) -> RepView:
    return RepView(user_id=1, today=TODAY, now=NOW, contacts=contacts, **kw)


def test_needs_rank_in_order():
    contacts = [
        contact(1, "Personal Pat", balance=2),
        contact(2, "Rich Rita", balance=12),
        contact(3, "Unknown Uma", balance=2),
        contact(4, "Quiet Quinn", balance=2, days=45),
        contact(5, "Red Rob", balance=-3),
        contact(6, "Promise Pia", balance=2),
    ]
    facts = {
        1: known(*ALL_PRO),
        2: known(*ALL_PRO, "loyalty"),  # the competitor test answered: re-invest next
        4: known(*ALL_PRO),
        5: known(*ALL_PRO),
        6: known(*ALL_PRO),
    }
    promises = [PromiseView(1, 6, "send the deck", TODAY + timedelta(days=2))]
    order = [c.reason for c in choose(rep(contacts, facts=facts, promises=promises), 6)]
    assert order == [
        "promise_due",
        "in_red",
        "gone_quiet",
        "professional_missing",
        "reinvest",
        "personal_missing",
    ]


def test_message_values_and_wording():
    [choice] = choose(rep([contact(4, "Quiet Quinn", days=45)], facts={4: known(*ALL_PRO)}))
    text = choice.question.text.format(**choice.values)
    assert "Quiet Quinn" in text and "45 days" in text and "competitor" in text


def test_a_promise_due_is_worded_in_its_tense():
    def question_about(due):
        promises = [PromiseView(1, 1, "send the deck", due)]
        [choice] = choose(rep([contact(1, "Pia")], facts={1: known(*ALL_PRO)}, promises=promises))
        return choice.question.text.format(**choice.values)

    late = question_about(TODAY - timedelta(days=4))
    assert f"was due 4 days ago ({TODAY - timedelta(days=4):%a %d %b})" in late
    assert "is due" not in late
    assert "is due tomorrow" in question_about(TODAY + timedelta(days=1))


def test_the_due_day_check_says_is_due_today_and_was_due_after():
    from handlers.promises.commands import check_message

    promise = PromiseView(1, 1, "send the deck", TODAY)
    assert "It is due today." in check_message(promise, "Pia", TODAY).text
    later = check_message(promise, "Pia", TODAY + timedelta(days=3)).text
    assert "It was due 3 days ago" in later


def test_not_the_same_contact_two_days_running():
    contacts = [contact(1, "Ann", balance=-5), contact(2, "Bob")]
    asked = [AskedView(TODAY - timedelta(days=3), 1, "situation.in-red", "skipped")]
    # Friday's question was about Ann; Monday is the next nudge day.
    assert choose(rep(contacts, asked=asked))[0].contact_id == 2


def test_fresh_facts_are_never_reasked_and_stale_ones_are():
    facts = {1: {**known(*ALL_PRO), **known(*ALL_PERSONAL)}}
    assert choose(rep([contact(1, "Ann")], facts=facts)) == []
    facts[1]["goals"] = NOW - timedelta(days=200)  # goals stay fresh 90 days
    [choice] = choose(rep([contact(1, "Ann")], facts=facts))
    assert choice.question.fact_key == "goals" and choice.reason == "professional_stale"


def test_muted_contacts_are_skipped():
    contacts = [contact(1, "Ann", balance=-5), contact(2, "Bob")]
    assert choose(rep(contacts, muted={1}))[0].contact_id == 2


def test_questions_rotate():
    facts = {1: known("measured", "goals", "worries", "help", *ALL_PERSONAL)}
    first = choose(rep([contact(1, "Ann")], facts=facts))[0].question.id
    assert first == "career.next-job"
    asked = [AskedView(TODAY - timedelta(days=20), 1, first, "expired")]
    assert choose(rep([contact(1, "Ann")], facts=facts, asked=asked))[0].question.id == (
        "career.path"
    )
    # Asked six days ago: not again so soon, the next missing key instead.
    facts = {1: known("career-path", "goals", "worries", "help", *ALL_PERSONAL)}
    asked = [AskedView(TODAY - timedelta(days=6), 1, "career.next-job", "skipped")]
    assert choose(rep([contact(1, "Ann")], facts=facts, asked=asked))[0].question.fact_key == (
        "measured"
    )


def test_snoozed_comes_back_on_its_day_and_not_before():
    contacts = [contact(1, "Ann"), contact(2, "Bob", balance=-5)]
    snoozed = AskedView(TODAY - timedelta(days=5), 1, "worries.night", "snoozed", TODAY)
    [choice] = choose(rep(contacts, asked=[snoozed]))
    assert (choice.contact_id, choice.question.id, choice.reason) == (1, "worries.night", "snoozed")
    later = AskedView(
        TODAY - timedelta(days=5), 1, "worries.night", "snoozed", TODAY + timedelta(1)
    )
    assert choose(rep(contacts, asked=[later]))[0].contact_id == 2
    assert all(c.contact_id != 1 for c in choose(rep(contacts, asked=[later]), 2))


def test_several_a_day_are_distinct_contacts():
    contacts = [contact(i, f"C{i}") for i in range(1, 4)]
    chosen = choose(rep(contacts), 3)
    assert len({c.contact_id for c in chosen}) == 3


def test_retrospective_after_a_delivery():
    facts = {1: known(*ALL_PRO)}
    [choice] = choose(rep([contact(1, "Ann")], facts=facts, milestones={1: "went live"}))
    assert choice.reason == "retrospective" and "went live" in choice.question.text.format(
        **choice.values
    )


def test_situation_not_repeated_while_its_answer_is_fresh():
    facts = {1: {**known(*ALL_PRO), **known(*ALL_PERSONAL), "make-it-right": NOW}}
    assert choose(rep([contact(1, "Ann", balance=-4)], facts=facts)) == []
    assert date.min < TODAY
