"""The account on Teams: its card passes the Adaptive Card 1.5 schema, and the coverage
map of a sizeable account is shown inline, within what Teams accepts."""

from __future__ import annotations

from bot.teams.cards import reply_card
from bot.teams.replies import card_activity
from tests.adapters.card_schema import assert_valid_card
from tests.adapters.teams_activities import card_of, texts

FUNCTIONS = ("executive", "finance", "operations", "it", "procurement", "sales")


def test_account_card_and_an_inline_coverage_map_of_forty_people(ana):
    for n in range(40):  # added first: names this close would otherwise be asked about
        assert not ana.say(f"contact add Person {n:02d} (Acme)").is_error
        ana.say(f"+{1 + n % 5} Person {n:02d}: call")
        ana.say(f"contact role Person {n:02d}: Manager {n}, {FUNCTIONS[n % len(FUNCTIONS)]}")
    ana.say("account Acme needs CFO, finance")

    account = ana.say("account Acme")
    card = card_of(card_activity(reply_card(account), account.text))
    assert_valid_card(card)
    assert "Acme: account health" in texts(card)[0] and "40 contacts" in texts(card)[0]

    chart = ana.press("Coverage map", account)
    shown = card_of(card_activity(reply_card(chart), chart.text))
    assert_valid_card(shown)
    [image] = [e for e in shown["body"] if e["type"] == "Image"]
    assert image["url"].startswith("data:image/png;base64,")
    assert "too large" not in " ".join(texts(shown))
