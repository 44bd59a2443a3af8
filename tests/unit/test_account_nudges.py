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


def at(cid, name, balance, company):
    return ContactView(cid, name, balance, NOW, 30, company=company)


def test_an_account_known_in_one_function_and_a_stakeholder_not_met():
    from handlers.nudges.choice import AccountPlaces

    contacts = [at(1, "Marcus Chen", 2, "Acme"), at(2, "Sam Poe", 1, "Acme"),
                at(3, "Ola Berg", 2, "Globex"), at(4, "Top Tim", 30, None)]  # fmt: skip
    accounts = {
        "Acme": AccountPlaces(frozenset({"operations"})),
        "Globex": AccountPlaces(frozenset({"it", "finance"}), (("CFO", "finance"),)),
    }
    view = RepView(1, TODAY, NOW, contacts, facts={c.id: known(*ALL_PRO) for c in contacts})
    view.accounts = accounts
    chosen = {c.contact_id: c for c in Chooser(build_catalog()).choose(view, 4)}

    acme, globex = chosen[1], chosen[3]
    assert 2 not in chosen or chosen[2].reason == "personal_missing"  # Marcus is Acme's door
    assert acme.reason == "one_function"
    assert acme.question.text.format(**acme.values) == (
        "At Acme we are known in Operations only. Who in another part of Acme should you "
        "know, and could Marcus Chen introduce you?"
    )
    assert globex.reason == "not_met"
    assert globex.question.text.format(**globex.values) == (
        "Who at Globex owns the budget for what you sell? You have not met their CFO "
        "(Finance) yet: could Ola Berg introduce you?"
    )


def test_the_pass_asks_about_an_account_known_in_one_function(ana, core, clock):
    ana.say("+5 Jane Doe (Globex): great quarter")
    ana.say("+5 Jane Doe: renewal signed")
    ana.say("+2 Marcus Chen (Acme): good kickoff")
    ana.say("contact role Marcus Chen: VP Operations, operations")
    for name in ("Jane Doe", "Marcus Chen"):
        for key in ALL_PRO:
            ana.say(f"fact {name} {key}: known")
    ana.say("nudges per-day 2")
    reachable(ana)
    inbox = Inbox()
    clock.now = TUESDAY_9

    tick(make_pass(core, ConsoleSender(inbox)))

    texts = sorted(r.text for r in inbox.of("ana", "nudge"))
    assert any("who else at Globex should you know" in t for t in texts), texts
    assert any("At Acme we are known in Operations only." in t for t in texts), texts
