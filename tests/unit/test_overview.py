def test_accounts_without_companies_says_how_to_start(ana):
    assert ana.say("accounts").text.startswith("No accounts yet. Place a contact at a company")


def test_overview_shows_open_promises_and_the_open_question(ana, core, clock):
    from datetime import UTC, datetime

    from bot.console.sender import ConsoleSender
    from tests.unit.nudging import Inbox, make_pass, reachable, tick

    ana.say("+1 Jane Doe (Acme): kickoff")
    ana.say("promise Jane Doe: send the revised proposal by Friday")
    reachable(ana)
    reply = ana.say("accounts")
    fields = {f.label: f.value for f in reply.fields}
    assert fields["Open promises (1)"].endswith("Jane Doe (Acme) · send the revised proposal")
    assert not any(b.label == "Answer today's question" for b in reply.buttons)
    clock.now = datetime(2026, 11, 24, 9, 0, tzinfo=UTC)  # Tuesday, nudge time
    tick(make_pass(core, ConsoleSender(Inbox())))
    reply = ana.say("accounts")
    assert reply.buttons[0].label == "Answer today's question"
    form = ana.press("Answer today's question", reply)
    assert form.input_request is not None
