"""Logging a chat message through the core: the prefilled form, the suggested contact,
the link kept with the entry, and one entry per message."""

from __future__ import annotations

from sqlalchemy import select

from handlers.capture import form as capture
from handlers.messages import ActionEvent
from storage.models import LedgerEntry, PendingNote

LINK = "https://acme.slack.com/archives/C0123/p1700000000000100"
KEY = "slack-message:C0123:1700000000.000100"


def _open(rep, text, author="", link=LINK, key=KEY):
    values = {"text": text, "author": author, "link": link}
    return rep.core.handle_action(
        ActionEvent(rep.workspace, rep.ref, capture.OPEN, "", values, idempotency_key=key)
    )


def _submit(rep, form, key=KEY, **values):
    filled = {"sign": "credit", "points": "2", "when": ""}
    filled |= {f.name: f.initial for f in form.fields if f.initial and f.name != "points"}
    filled |= values
    return rep.core.handle_action(
        ActionEvent(rep.workspace, rep.ref, form.action_id, form.value, filled, key)
    )


def _rows(session_factory, model):
    with session_factory() as session:
        return list(session.scalars(select(model).order_by(model.id)))


def test_the_form_is_prefilled_and_suggests_the_one_contact_named(ana):
    ana.say("contact add Jane Doe (Acme) jane@acme.example")
    form = _open(ana, "Thanks @Jane Doe, the migration landed early!", "Bob Roe").input_request
    fields = {f.name: f.initial for f in form.fields}
    assert form.action_id == capture.LOG and form.value == LINK
    assert fields["contact"] == "Jane Doe (Acme)"
    assert fields["note"] == "Bob Roe wrote: Thanks @Jane Doe, the migration landed early!"
    assert form.description.splitlines() == [
        f"From Bob Roe · {LINK}",
        "Contact suggested from the message: Jane Doe (Acme). Check it.",
    ]


def test_an_email_or_the_author_is_matched_and_several_names_choose_none(ana):
    ana.say("contact add Jane Doe (Acme) jane@acme.example")
    ana.say("contact add Raj Patel (Globex)")
    by_email = _open(ana, "cc JANE@acme.example on the renewal", "Someone").input_request
    assert by_email.fields[0].initial == "Jane Doe (Acme)"
    by_author = _open(ana, "We signed!", "raj patel").input_request
    assert by_author.fields[0].initial == "Raj Patel (Globex)"
    both = _open(ana, "Jane Doe and Raj Patel met today", "").input_request
    assert both.fields[0].initial == ""  # never chosen silently
    assert "names Jane Doe (Acme), Raj Patel (Globex): pick the contact" in both.description


def test_a_close_name_is_not_suggested(ana):
    ana.say("contact add Jane Doe (Acme)")
    form = _open(ana, "Jnae Doe loved the demo", "").input_request
    assert form.fields[0].initial == ""
    assert "No known contact" in form.description


def test_the_submitted_form_keeps_the_link_and_history_shows_it(ana, session_factory):
    ana.say("contact add Jane Doe (Acme)")
    form = _open(ana, "Jane Doe: see #general @here", "Bob").input_request
    reply = _submit(ana, form)
    assert reply.text.startswith("Credit +2 → Jane Doe (Acme)")
    [entry] = _rows(session_factory, LedgerEntry)
    # The message's '#' and '@' stay in the note: no category, no date read from them.
    assert (entry.note, entry.category, entry.link) == (
        "Bob wrote: Jane Doe: see #general @here",
        None,
        LINK,
    )
    assert entry.source_id == KEY
    assert LINK in ana.say("history Jane Doe").text


def test_the_same_message_logs_one_entry(ana, session_factory):
    ana.say("contact add Jane Doe (Acme)")
    first_form = _open(ana, "Jane Doe says thanks").input_request
    second_form = _open(ana, "Jane Doe says thanks").input_request
    _submit(ana, first_form)
    again = _submit(ana, second_form, points="5")
    assert again.text.startswith("Already recorded:")
    reopened = _open(ana, "Jane Doe says thanks")
    assert reopened.input_request is None and reopened.text.startswith("Already recorded:")
    assert [e.amount for e in _rows(session_factory, LedgerEntry)] == [2]


def test_bad_fields_are_refused_inline_and_save_nothing(ana, session_factory):
    ana.say("contact add Jane Doe (Acme)")
    form = _open(ana, "Jane Doe says thanks").input_request
    assert _submit(ana, form, points="11").error_field == "points"
    assert _submit(ana, form, when="the day after never").error_field == "when"
    assert _submit(ana, form, note="x" * 4001).error_field == "note"
    assert _rows(session_factory, LedgerEntry) == []
    assert _submit(ana, form).kind == "recorded"  # the corrected form still goes through


def test_a_pending_capture_keeps_its_link_until_placed(ana, session_factory):
    ana.say("contact add Jane Doe (Acme)")
    form = _open(ana, "great call").input_request
    reply = _submit(ana, form, contact="Jnae Doe")
    assert reply.kind == "pending"
    assert [p.link for p in _rows(session_factory, PendingNote)] == [LINK]
    ana.press("Jane Doe (Acme)", reply)
    assert [e.link for e in _rows(session_factory, LedgerEntry)] == [LINK]


def test_a_link_that_is_no_web_address_is_not_kept(ana, session_factory):
    form = _open(ana, "hello", link="javascript:alert(1)").input_request
    assert form.value == ""
    _submit(ana, form, contact="Jane Doe", value="")
    tampered = ActionEvent(
        ana.workspace,
        ana.ref,
        capture.LOG,
        "javascript:alert(1)",
        {"contact": "Jane Doe", "sign": "credit", "points": "1", "note": "hi"},
        "other-key",
    )
    ana.core.handle_action(tampered)
    assert [e.link for e in _rows(session_factory, LedgerEntry)] == [None, None]


def test_a_very_long_message_still_opens_a_form_with_its_gist(ana):
    ana.say("contact add Jane Doe (Acme)")
    text = "Jane Doe " + "blah " * 8000 + "jane@acme.example"
    form = _open(ana, text, "Bob").input_request
    note = next(f.initial for f in form.fields if f.name == "note")
    assert len(note) == capture.NOTE_PREFILL_CHARS and note.endswith("…")
    assert form.fields[0].initial == "Jane Doe (Acme)"


def test_an_archived_contact_is_not_suggested(ana):
    ana.say("contact add Jane Doe (Acme)")
    ana.say("contact archive Jane Doe")
    form = _open(ana, "Jane Doe says hi").input_request
    assert form.fields[0].initial == ""
