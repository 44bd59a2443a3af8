def test_accounts_lists_contacts_at_risk_first_with_unknown_facts(ana):
    ana.say("+3 Jane Doe (Acme): delivered the migration early")
    ana.say("-2 Bob Roe (Initech): missed the renewal call")
    ana.say("fact Jane Doe career: wants to run ops for EMEA")

    reply = ana.say("accounts")

    assert reply.kind == "overview"
    assert reply.text == "2 contacts, 1 at risk:"
    labels = [f.label for f in reply.fields]
    # Both are courting: one fact of the two that stage expects puts Jane in the green.
    assert labels == ["🔴 Bob Roe (Initech)", "🟢 Jane Doe (Acme)", "Next steps"]
    bob, jane, steps = (f.value for f in reply.fields)
    assert steps.splitlines() == [
        "Bob Roe (Initech): Make it right: list what went wrong, call Bob Roe, listen first, "
        "take responsibility and offer a fix.",
        "Jane Doe (Acme): Ask next time: Where does Jane Doe want their career to go, and what "
        "will it take to get there?",
    ]
    assert bob.startswith("balance -2 · health ")
    assert bob.endswith("last touch today · unknown: career, career-path, measured +3")
    assert jane.endswith("unknown: career-path, measured, goals +2")  # career is known
    assert [b.label for b in reply.buttons] == ["Bob Roe"]


def test_accounts_without_contacts_says_how_to_start(ana):
    assert ana.say("accounts").text.startswith("No contacts yet.")


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
