"""The account's risks: a competitor test answered "no" or "unsure", and an engaged
account whose every contact has gone quiet (flagged `lapsed?`, with a button)."""

from __future__ import annotations

from datetime import timedelta


def _fields(reply):
    return {f.label: f.value for f in reply.fields}


def test_a_doubtful_competitor_test_shows_in_the_accounts_risks(ana):
    ana.say("+3 Jane Doe (Acme): renewed the support plan")
    ana.say("+2 Raj Rao (Acme): fixed the export")
    ana.say("loyal Jane Doe unsure: she is talking to a rival about price")
    ana.say("loyal Raj Rao yes: he told us about the last bid")
    answers = _fields(ana.say("account Acme"))["Competitor test"].splitlines()
    assert answers[0].startswith("⚠ Jane Doe: unsure — “she is talking to a rival about price”")
    assert answers[1].startswith("Raj Rao: yes — “he told us about the last bid” (today")
    ana.say("loyal Jane Doe yes: she turned the rival down")
    assert "⚠" not in _fields(ana.say("account Acme"))["Competitor test"]


def test_an_engaged_account_gone_quiet_is_flagged_lapsed_with_a_button(ana, clock):
    ana.say("+3 Jane Doe (Acme): signed the contract")
    ana.say("stage Acme engaged")
    assert "Lapsed?" not in _fields(ana.say("account Acme"))
    clock.advance(days=45)
    ana.say("Jane Doe: left a voicemail, no reply")  # an attempt: still not heard from
    reply = ana.say("account Acme")
    assert "every contact at Acme has gone quiet" in _fields(reply)["Lapsed?"]
    moved = ana.press("Mark lapsed", reply)
    assert moved.text == "Moved Acme to lapsed (was engaged)."
    assert "Lapsed?" not in _fields(ana.say("account Acme"))  # it is lapsed now


def test_a_courting_account_gone_quiet_is_not_called_lapsed(ana, clock):
    ana.say("+1 Jane Doe (Acme): first call")
    clock.now += timedelta(days=90)
    assert "Lapsed?" not in _fields(ana.say("account Acme"))
