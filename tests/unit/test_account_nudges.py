"""Nudges widen accounts: re-invest is judged against the rep's own book, a contact at a
company is asked who else there to know, and the answer shows on the account."""

from __future__ import annotations

from datetime import UTC, datetime

from bot.console.sender import ConsoleSender
from handlers.nudges.choice import Chooser, ContactView, RepView
from handlers.nudges.questions import build_catalog
from tests.unit.nudging import Inbox, make_pass, reachable, tick
from tests.unit.test_nudges_choice import ALL_PRO, NOW, TODAY, contact, known

TUESDAY_9 = datetime(2026, 11, 24, 9, 0, tzinfo=UTC)


def book(*balances: int) -> RepView:
    contacts = [contact(n, f"C{n}", balance=b) for n, b in enumerate(balances, 1)]
    facts = {c.id: known(*ALL_PRO) for c in contacts}
    return RepView(user_id=1, today=TODAY, now=NOW, contacts=contacts, facts=facts)


def reinvested(view: RepView) -> list[int]:
    choices = Chooser(build_catalog()).choose(view, len(view.contacts))
    return [c.contact_id for c in choices if c.reason == "reinvest"]


def test_reinvest_is_the_top_of_the_reps_own_book_not_a_fixed_eight():
    small = book(5, 2, 1, 1)  # a young book: 5 is its top
    assert small.reinvest_balance == 5
    assert reinvested(small) == [1]
    big = book(*range(30, 10, -1))  # twenty contacts from 30 down to 11: the top two
    assert big.reinvest_balance == 29
    assert reinvested(big) == [1, 2]  # 25 is not the top of this book, though it beats 8
    assert book(2, 1).reinvest_balance == 3  # never below the floor
    assert reinvested(book(2, 1)) == []


def test_a_contact_at_a_company_is_asked_who_else_to_know_there():
    view = book(10, 1)
    touched = view.contacts[0].last_touch_at
    view.contacts[0] = ContactView(1, "Marcus Chen", 10, touched, 30, company="Acme")
    [choice] = [c for c in Chooser(build_catalog()).choose(view, 2) if c.contact_id == 1]
    assert choice.question.id == "situation.open-door"
    assert choice.question.text.format(**choice.values) == (
        "Marcus Chen trusts you (balance 10): who else at Acme should you know, "
        "and would Marcus Chen introduce you?"
    )


def test_the_answer_is_stored_and_shown_on_the_account(ana, core, clock):
    ana.say("+5 Marcus Chen (Acme): unblocked the rollout")
    ana.say("+5 Marcus Chen: sponsored the pilot")
    for key in ALL_PRO:
        ana.say(f"fact Marcus Chen {key}: known")
    reachable(ana)
    inbox = Inbox()
    clock.now = TUESDAY_9

    tick(make_pass(core, ConsoleSender(inbox)))

    [question] = inbox.of("ana", "nudge")
    assert "who else at Acme should you know" in question.text
    assert not ana.say("answer Dana Cole runs procurement; Marcus will introduce me").is_error
    fields = {f.label: f.value for f in ana.say("account Acme").fields}
    assert fields["Who else to know"] == (
        "Marcus Chen, 24 Nov: Dana Cole runs procurement; Marcus will introduce me"
    )
