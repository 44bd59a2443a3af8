"""balance, history, profile, fact, contacts: what a rep reads."""

from __future__ import annotations

from sqlalchemy import func, select

from storage.models import AuditEvent, Contact, Fact, LedgerEntry


def test_balance_shows_the_account_and_its_parts(ana, clock):
    ana.say("+3 Jane Doe (Acme): delivered early @2026-10-01")
    ana.say("-1 Jane Doe: late report @2026-11-10")
    ana.say("fact Jane Doe career: wants to run ops for EMEA")
    reply = ana.say("balance Jane Doe")
    assert reply.kind == "balance"
    assert reply.text.startswith(
        "🟡 Jane Doe (Acme): balance 2 · health "
    ) or reply.text.startswith("🔴 Jane Doe (Acme): balance 2")
    fields = {f.label: f.value for f in reply.fields}
    assert fields["Balance"] == "2 (credits +3 · debits −1 · 2 entries)"
    assert fields["Last heard from them"] == "10 days ago"
    assert "balance " in fields["Health"] and "recency 100 (10 of 30 days)" in fields["Health"]
    assert "knowledge 17" in fields["Health"]  # 1 of 6 professional keys
    assert len(fields["Trend 90 days"]) == 13
    assert fields["Professional side known"] == "1 of 6 (career)"
    # The debit has no fix planned yet: that comes before the questions still to ask.
    assert fields["Next step"].startswith("Plan the fix for late report (10 Nov)")
    assert reply.color in ("red", "yellow", "green")


def test_next_step_follows_the_account(ana, clock):
    ana.say("-2 Jane Doe: missed the launch")
    assert (
        "Plan the fix for missed the launch"
        in {f.label: f.value for f in ana.say("balance Jane Doe").fields}["Next step"]
    )
    ana.say("+1 Tom: quick check-in")
    clock.advance(days=45)
    fields = {f.label: f.value for f in ana.say("balance Tom").fields}
    assert fields["Next step"].startswith("Get in touch: 45 days since the last touch")
    assert fields["Last heard from them"] == "45 days ago"


def test_balance_list_puts_at_risk_first(ana, ben, clock):
    ana.say("+5 Happy Customer: renewal signed")
    ana.say("-3 Angry Customer: outage, escalated")
    ben.say("+1 Bens Contact: hello")
    reply = ana.say("balance")
    lines = reply.text.splitlines()
    assert lines[0] == "Your 2 contacts, at risk first (1 with red health):"
    assert "Angry Customer" in lines[1] and "Happy Customer" in lines[2]
    assert "Bens Contact" not in reply.text


def test_history_lists_newest_first_with_author_and_limit(ana, ben):
    for n in range(1, 6):
        ana.say(f"+{n} Jane Doe: note {n}")
    ben.say("-1 Jane Doe: from ben")
    reply = ana.say("history Jane Doe 3")
    lines = reply.text.splitlines()
    assert lines[0] == "Jane Doe: last 3 entries, newest first"
    assert lines[1].endswith("· Ben · −1 · from ben")
    assert lines[2].endswith("· Ana · +5 · note 5")
    assert len(lines) == 4


def test_history_of_a_contact_whose_name_ends_in_a_number(ana):
    ana.say("+1 Agent 47: hello")
    assert ana.say("history Agent 47").text.startswith("Agent 47: last 1 entry,")


def test_unknown_and_close_contacts_in_commands(ana):
    ana.say("+1 Jane Doe: a")
    missing = ana.say("balance Zed Quux")
    assert missing.is_error and "No contact called “Zed Quux”" in missing.text
    close = ana.say("balance Jnae Doe")
    assert close.kind == "choose" and [b.label for b in close.buttons] == ["Jane Doe"]
    assert ana.press("Jane Doe").kind == "balance"


def test_personal_facts_are_private_unless_shared(ana, ben):
    ana.say("+1 Jane Doe: a")
    ana.say("fact Jane Doe family: two kids, Mia and Leo")
    ana.say("fact Jane Doe interests: trail running --shared")
    ana.say("fact Jane Doe worries: board review in March")
    mine = {f.label: f.value for f in ana.say("profile Jane Doe").fields}
    theirs = {f.label: f.value for f in ben.say("profile Jane Doe").fields}
    assert mine["Personal · Family"].startswith("two kids, Mia and Leo (today")
    assert theirs["Personal · Family"] == "unknown"
    assert theirs["Personal · Interests and hobbies"].startswith("trail running")
    assert theirs["Professional · What keeps them up at night"].startswith("board review")


def test_facts_keep_their_date_and_go_stale(ana, clock):
    ana.say("+1 Jane Doe: a")
    ana.say("fact Jane Doe worries: budget cuts")
    clock.advance(days=100)
    fields = {f.label: f.value for f in ana.say("profile Jane Doe").fields}
    assert (
        fields["Professional · What keeps them up at night"] == "budget cuts (100 days ago, stale)"
    )
    ana.say("fact Jane Doe kpis: cost per shipment")
    fields = {f.label: f.value for f in ana.say("profile Jane Doe").fields}
    assert fields["Professional · How they are measured"] == "cost per shipment (today)"


def test_fact_errors_show_the_right_form(ana, session_factory):
    ana.say("+1 Jane Doe: a")
    assert "Unknown fact key “shoe”" in ana.say("fact Jane Doe shoe: 42").text
    assert "Write it as: fact Jane Doe career:" in ana.say("fact Jane Doe career:").text
    with session_factory() as session:
        assert session.scalar(select(func.count()).select_from(Fact)) == 0


def test_contact_management(ana, session_factory):
    assert ana.say("contact add Jane Doe (Acme) jane@acme.example").text == (
        "Added Jane Doe (Acme) <jane@acme.example>."
    )
    assert ana.say("contact add Jane Doe (Acme)").is_error
    assert (
        "Renamed Jane Doe (Acme) to Janet Doe (Acme)"
        in ana.say("contact rename Jane Doe to Janet Doe").text
    )
    ana.say("+2 Janet Doe: a")
    ana.say("contact add J. Doe")
    ana.say("+3 J. Doe: logged on the duplicate")
    ana.say("fact J. Doe career: CFO one day")
    merged = ana.say("contact merge J. Doe into Janet Doe")
    assert merged.text.startswith("Merged J. Doe into Janet Doe (Acme): 1 entries and 1 facts")
    assert merged.text.endswith("Balance now 5.")
    assert ana.say("+1 J. Doe: the old name still finds her").text.startswith(
        "Credit +1 → Janet Doe (Acme). Balance 6"
    )
    assert ana.say("contact cadence Janet Doe 14").text.endswith("keep in touch every 14 days.")
    assert "Archived" in ana.say("contact archive Janet Doe").text
    assert ana.say("contacts").text == "No contacts yet."
    with session_factory() as session:
        assert session.scalar(select(func.count()).select_from(LedgerEntry)) == 3
        assert session.scalars(select(AuditEvent.action)).all() == ["contact.merge"]
        assert (
            session.scalars(select(Contact.cadence_days).where(Contact.name == "Janet Doe")).one()
            == 14
        )


def test_contacts_lists_and_searches(ana):
    ana.say("contact add Jane Doe (Acme)")
    ana.say("contact add Tom Okafor (Globex)")
    assert ana.say("contacts").text.splitlines()[0] == "Contacts (2):"
    found = ana.say("contacts globex").text.splitlines()  # a company: its contacts
    assert found == ["Contacts at Globex (1):", "Tom Okafor · balance 0"]
    found = ana.say("contacts okaf").text.splitlines()
    assert found == ["Contacts matching “okaf”:", "Tom Okafor (Globex) · balance 0"]


def test_help_and_unknown_commands(ana):
    help_reply = ana.say("help")
    examples = [f.label for f in help_reply.fields]
    for word in ("balance", "history", "undo", "profile", "fact", "contact", "contacts"):
        assert any(e.split()[0] == word for e in examples), word
    unknown = ana.say("frobnicate the widgets")
    assert "I don't know “frobnicate”" in unknown.text and "`help`" in unknown.text
    assert ana.say("").kind == "help"


def test_a_rep_holds_contacts_they_created_or_wrote_about(ana, ben):
    ana.say("contact add Jane Doe (Acme)")
    assert ben.say("balance").text.startswith("You have no contacts yet")
    ben.say("+1 Jane Doe: covered for ana")
    assert "Jane Doe (Acme)" in ben.say("balance").text
    ana.say("contact add J. Doe")
    ben.say("+1 J. Doe: met at the fair")
    ana.say("contact merge J. Doe into Jane Doe")
    assert ben.say("balance").text.count("Doe") == 1


def test_an_alias_cannot_be_another_contacts_name(ana):
    ana.say("contact add Jane Doe (Acme)")
    ana.say("contact add Marcus Chen (Acme) marcus@acme.example")
    refused = ana.say("contact alias Jane Doe as Marcus Chen")
    assert refused.is_error and "Marcus Chen (Acme)" in refused.text
    assert ana.say("contact alias Jane Doe as marcus@acme.example").is_error
    assert ana.say("balance Marcus Chen").kind == "balance"


def test_help_lists_every_command_the_core_answers(ana):
    import re

    from handlers.router import COMMANDS

    help_reply = ana.say("help")
    text = " ".join(f"{f.label} {f.value}" for f in help_reply.fields)
    for word in COMMANDS:
        assert re.search(rf"(?<![\w-]){word}(?![\w-])", text), word
    examples = [f.label for f in help_reply.fields]
    assert "log" in examples  # on its own: the form
    assert "digest" in examples and "pending" in examples
    assert any(e.startswith("snooze ") for e in examples)
    assert "quit" not in examples  # the console's own word: the shell adds it
