"""A rep's first week across three companies: the views agree with each other and with
the words the product uses elsewhere."""

from __future__ import annotations


def week(ana):
    for line in (
        "company add Acme Logistics acme.example",
        "company add Cobalt Mining cobalt.example",
        "contact add Jane Doe (Acme Logistics) jane@acme.example",
        "+2 Jane Doe: delivered the migration two days early",
        'contact add "CFO" (Cobalt Mining) --not-met',
        "account Acme Logistics needs head of procurement, procurement",
        "+1 Eli Stone (Cobalt Mining): credited the month",
    ):
        assert not ana.say(line).is_error, line


def test_a_stakeholder_not_met_is_not_a_contact_at_risk(ana):
    week(ana)

    listing = ana.say("balance")
    accounts = ana.say("accounts")

    assert listing.text.startswith("Your 2 contacts, at risk first (0 with red health):")
    assert "CFO" not in listing.text and "head of procurement" not in listing.text
    steps = {f.label: f.value for f in accounts.fields}.get("Next steps", "")
    assert "CFO" not in steps and "head of procurement" not in steps
    assert any("1 contact (+1 not met)" in f.value for f in accounts.fields)


def test_the_first_note_about_a_stakeholder_puts_them_on_the_list(ana):
    week(ana)

    ana.say("+2 CFO: first call, agreed the budget review")

    assert "CFO (Cobalt Mining) · balance 2" in ana.say("balance").text


def test_one_note_waiting_is_one_note(ana):
    week(ana)
    assert ana.say("+1 Jane Do: sent the recap").kind != "error"

    fields = {f.label: f.value for f in ana.say("accounts").fields}

    assert fields["Waiting for a choice"] == "1 note (see `pending`)"


def test_the_first_step_with_a_new_contact_starts_a_relationship_not_an_account(ana):
    week(ana)
    ana.say("contact add Marcus Chen (Acme Logistics)")

    fields = {f.label: f.value for f in ana.say("balance Marcus Chen").fields}

    assert fields["Next step"] == (
        "Log your first interaction with Marcus Chen to start the relationship."
    )


def test_attempts_on_someone_never_heard_from_are_not_counted_since_a_touch(ana):
    week(ana)
    ana.say("Tom Okafor (Acme Logistics): left a voicemail, no reply")
    ana.say("Tom Okafor: sent an email, no reply")

    fields = {f.label: f.value for f in ana.say("balance Tom Okafor").fields}

    assert fields["Last heard from them"] == "never"
    assert fields["Last reached out"] == "today (2 attempts, not heard from them yet)"


def test_a_renewal_is_reminded_sixty_days_before_in_words(ana):
    week(ana)

    reply = ana.say("fact Jane Doe renewal: 2027-03-01")

    assert reply.text.endswith("I'll remind you 60 days before.")


def test_plural_of_a_noun_ending_in_a_vowel_and_y():
    from handlers.formatting import plural

    assert [plural(2, "day"), plural(2, "company"), plural(1, "day")] == [
        "2 days",
        "2 companies",
        "1 day",
    ]


def test_the_digest_leaves_out_an_entry_undone_the_same_week(ana):
    week(ana)  # +2 Jane Doe, +1 Eli Stone
    ana.say("-2 Jane Doe: wrong invoice sent")
    ana.say("undo")
    ana.say("-1 Jane Doe: missed the Q3 report deadline")

    fields = {f.label: f.value for f in ana.say("digest").fields}
    balances = {f.label: f.value for f in ana.say("balance Jane Doe").fields}

    assert fields["This week"] == "3 entries (credits +3 · debits −1)"
    assert balances["Balance"] == "1 (credits +2 · debits −1 · 2 entries)"
    assert "Jane Doe (Acme Logistics) +1 → 1" in fields["Balance moves"]
