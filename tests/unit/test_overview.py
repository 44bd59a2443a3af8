def test_accounts_lists_contacts_at_risk_first_with_unknown_facts(ana):
    ana.say("+3 Jane Doe (Acme): delivered the migration early")
    ana.say("-2 Bob Roe (Initech): missed the renewal call")
    ana.say("fact Jane Doe career: wants to run ops for EMEA")

    reply = ana.say("accounts")

    assert reply.kind == "overview"
    assert reply.text == "2 contacts, 1 at risk:"
    labels = [f.label for f in reply.fields]
    assert labels == ["🔴 Bob Roe (Initech)", "🟡 Jane Doe (Acme)"]
    bob, jane = (f.value for f in reply.fields)
    assert bob.startswith("balance -2 · health ")
    assert bob.endswith("last touch today · unknown: career, measured, goals +2")
    assert jane.endswith("unknown: measured, goals, worries +1")  # career is known
    assert [b.label for b in reply.buttons] == ["Bob Roe", "Jane Doe"]


def test_accounts_without_contacts_says_how_to_start(ana):
    assert ana.say("accounts").text.startswith("No contacts yet.")
