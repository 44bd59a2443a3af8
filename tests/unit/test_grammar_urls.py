"""A URL's `scheme://` is never the ':' between a contact and the note."""

from __future__ import annotations

import pytest

from handlers.ledger.grammar import GrammarError, parse_note, split_contact


@pytest.mark.parametrize("text", ["https://foo.com", "see http://x.example/a:b", "ftp://h"])
def test_a_message_that_is_only_a_url_makes_no_contact(core, ana, text):
    reply = ana.say(text)

    assert reply.kind != "recorded"
    assert core.suggest(ana.workspace, ana.ref, "contacts", "") == []  # no contact at all


def test_a_note_may_carry_a_url_after_the_contact():
    draft = parse_note("+1 Jane Doe: sent https://foo.com/deck", max_points=10, categories=())

    assert (draft.contact, draft.note) == ("Jane Doe", "sent https://foo.com/deck")


def test_a_url_without_a_separator_is_a_grammar_error():
    with pytest.raises(GrammarError, match="Put a ':'"):
        parse_note("+1 https://foo.com", max_points=10, categories=())


def test_split_contact_skips_only_scheme_colons():
    assert split_contact("Jane: x") == ("Jane", ":", " x")
    assert split_contact("https://a.b Jane: x") == ("https://a.b Jane", ":", " x")
    assert split_contact("Re:Invent: x") == ("Re", ":", "Invent: x")
    assert split_contact("mailto://x") == ("mailto://x", "", "")
    assert split_contact("see http://h:8080/a:b") == ("see http://h:8080/a:b", "", "")
