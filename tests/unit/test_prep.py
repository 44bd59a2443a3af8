"""`prep <contact>`: the call brief, its plain-text form, and the next step on `balance`
with its buttons, through the core over SQLite and PostgreSQL."""

from __future__ import annotations

from datetime import UTC, datetime

from sqlalchemy import select

from handlers.core import Core
from handlers.messages import ActionEvent
from handlers.policy import Policy
from storage.nudges.models import Promise
from tests.conftest import Rep
from tests.unit.test_bad_input import snapshot

AUGUST = datetime(2026, 8, 12, 10, 0, tzinfo=UTC)


def fields_of(reply) -> dict[str, str]:
    return {f.label: f.value for f in reply.fields}


def maria(rep: Rep, clock) -> None:
    start = clock.now
    clock.now = AUGUST
    rep.say("contact add Maria Rossi (Acme)")
    rep.say("fact Maria Rossi goals: the EMEA ops move")
    clock.now = start
    rep.say("+5 Maria Rossi: delivered the pilot two weeks early @2026-11-02")
    rep.say("-3 Maria Rossi: the outage in the EU region, four hours down @2026-11-10")
    rep.say("fact Maria Rossi help: a benchmark of fill rates")
    rep.say("fact Maria Rossi worries: the ERP cutover in March")


def test_the_brief_has_every_section_with_dates_and_ages(ana, clock):
    maria(ana, clock)
    ana.say("+1 Maria Rossi: a note that was a mistake")
    ana.say("undo")
    ana.say("promise Maria Rossi: send the benchmark by 2026-12-04")
    reply = ana.say("prep Maria Rossi")
    assert reply.kind == "brief"
    assert reply.text == "Call brief: Maria Rossi (Acme) · Fri 20 Nov 2026"
    fields = fields_of(reply)
    assert list(fields) == [
        "Balance",
        "Recent debits",
        "Issues",
        "Competitor test",
        "Open promises",
        "Professional side",
        "Last notes",
        "Stage",
        "Talking points",
        "Next step",
    ]
    assert fields["Stage"] == "courting"
    assert fields["Balance"].startswith("2: it can absorb a debit of up to 2")
    assert (
        fields["Recent debits"]
        == "−3 · 10 Nov 2026 · the outage in the EU region, four hours down (Ana)"
    )
    assert fields["Issues"].splitlines() == [
        "0 of 1 issues closed",
        "−3 the outage in the EU region, four hours down, 10 Nov → open, no fix planned",
    ]
    assert fields["Competitor test"] == "not asked yet"
    assert fields["Open promises"] == "due 4 Dec 2026 · send the benchmark (Ana)"
    professional = fields["Professional side"].splitlines()
    assert "Current goals and progress: the EMEA ops move (3 months ago, STALE)" in professional
    assert "How we can help: a benchmark of fill rates (today)" in professional
    assert "Next job: unknown" in professional
    # The undone note and its reversal are not what was said.
    assert fields["Last notes"].splitlines() == [
        "−3 · 10 Nov 2026 · the outage in the EU region, four hours down (Ana)",
        "+5 · 2 Nov 2026 · delivered the pilot two weeks early (Ana)",
    ]
    listen, own, fix = fields["Talking points"].splitlines()
    assert listen.startswith("Listen first: ask how the ERP cutover in March is going")
    assert own == (
        "Own what went wrong, by name: “the outage in the EU region, four hours down” (10 Nov). "
        "Say it was us, without excuses."
    )
    assert fix == "The fix you offer: a benchmark of fill rates."
    assert [b.label for b in reply.buttons] == ["Send me as text"]


def test_only_the_last_five_notes_newest_first(ana):
    for n in range(1, 8):
        ana.say(f"+1 Tom Hale: note {n} @2026-11-{n + 10}")
    notes = fields_of(ana.say("prep Tom Hale"))["Last notes"].splitlines()
    assert [line.split(" · ")[2] for line in notes] == [f"note {n} (Ana)" for n in (7, 6, 5, 4, 3)]


def test_staleness_is_the_setting(session_factory, clock):
    strict = Rep(Core(session_factory, Policy(fact_stale_days=2), clock), "ana")
    strict.say("contact add Tom Hale (Acme)")
    strict.say("fact Tom Hale help: intros to their CFO")
    assert "(today)" in fields_of(strict.say("prep Tom Hale"))["Professional side"]
    clock.advance(days=3)
    assert (
        "intros to their CFO (3 days ago, STALE)"
        in fields_of(strict.say("prep Tom Hale"))["Professional side"]
    )


def test_send_me_as_text_and_the_text_flag_give_the_same_plain_text(ana, clock):
    maria(ana, clock)
    typed = ana.say("prep Maria Rossi --text")
    ana.say("prep Maria Rossi")
    pressed = ana.press("Send me as text")
    assert typed.kind == pressed.kind == "brief_text"
    assert typed.text == pressed.text
    assert not typed.fields and not typed.buttons
    text = typed.text
    assert text.startswith("Call brief: Maria Rossi (Acme) · Fri 20 Nov 2026\n\nBalance: 2: ")
    assert "\n\nTalking points:\n- Listen first:" in text
    assert "- How we can help: a benchmark of fill rates (today)" in text
    assert "*" not in text and "`" not in text


def test_empty_account_brief(ana):
    ana.say("contact add Nadia Kaur (Initech)")
    fields = fields_of(ana.say("prep Nadia Kaur"))
    assert fields["Balance"].startswith("0: nothing in the account to absorb a mistake")
    assert fields["Recent debits"] == fields["Last notes"] == fields["Open promises"] == "none"
    listen, own, _fix = fields["Talking points"].splitlines()
    assert listen == "Listen first: What does Nadia Kaur want their next job to be?"
    assert own.startswith("Nothing on file went wrong")
    assert fields["Next step"] == (
        "Log your first interaction with Nadia Kaur to start the relationship."
    )


def test_unknown_close_and_archived_contacts_are_never_guessed(ana, session_factory):
    ana.say("+1 Maria Rossi (Acme): hello")
    ana.say("+1 Old Friend: hello")
    ana.say("contact archive Old Friend")
    before = snapshot(session_factory)
    close = ana.say("prep Mria Rossi")
    assert close.kind == "choose" and [b.label for b in close.buttons] == ["Maria Rossi (Acme)"]
    assert ana.press("Maria Rossi").kind == "brief"
    for text, hint in [
        ("prep Zed Quux", "No contact or company called “Zed Quux”"),
        ("prep Old Friend", "No contact or company called “Old Friend”"),
        ("prep", "Name a contact or a company"),
        ("prep --text", "Name a contact or a company"),
        ("prep Maria Rossi --html", "Unknown option “--html”"),
        ("prep " + "Maria Rossi " * 900, "No contact or company called"),
    ]:
        reply = ana.say(text)
        assert reply.is_error and hint in reply.text, (text, reply.text)
    assert ana.act("advice.brief_text", "999").is_error
    assert ana.act("advice.brief_text", "x").is_error
    assert snapshot(session_factory) == before


def test_balance_next_step_uses_what_is_known_and_names_it(ana, clock):
    ana.say("+5 Maria Rossi (Acme): delivered the pilot early")
    ana.say("fact Maria Rossi help: a benchmark of fill rates")
    ana.say("fact Maria Rossi worries: the ERP cutover in March")
    fields = fields_of(ana.say("balance Maria Rossi"))
    assert fields["Next step"] == (
        "Offer a benchmark of fill rates to Maria before the ERP cutover in March."
    )
    assert fields["Next step from"] == (
        "How we can help (today), What keeps them up at night (today)"
    )
    labels = [b.label for b in ana.last.buttons]
    assert labels[:3] == ["Track as promise", "Log a note", "Call brief"]


def test_a_goal_noted_in_august_is_asked_about(ana, clock):
    start = clock.now
    clock.now = AUGUST
    ana.say("+1 Maria Rossi (Acme): kickoff")
    ana.say("fact Maria Rossi goals: the EMEA ops move")
    clock.now = start
    ana.say("+1 Maria Rossi: check-in")
    assert fields_of(ana.say("balance Maria Rossi"))["Next step"] == (
        "Ask Maria how it is going with “the EMEA ops move” (you noted it in August)."
    )


def test_track_as_promise_saves_the_step_with_the_date_given(ana, session_factory):
    ana.say("+5 Maria Rossi (Acme): delivered the pilot early")
    ana.say("fact Maria Rossi help: a benchmark of fill rates")
    ana.say("balance Maria Rossi")
    form = ana.press("Track as promise")
    request = form.input_request
    assert request is not None and [f.name for f in request.fields] == ["what", "due"]
    assert (
        request.fields[0].initial == "Offer what Maria said would help: a benchmark of fill rates."
    )
    before = snapshot(session_factory)
    for due, hint in [
        ("", "empty date"),
        ("someday soon", "couldn't read"),
        ("2026-11-01", "has passed"),
    ]:
        reply = ana.core.handle_action(
            _event(ana, request, {"what": request.fields[0].initial, "due": due})
        )
        assert reply.is_error and hint in reply.text and reply.error_field == "due", reply.text
    reply = ana.core.handle_action(_event(ana, request, {"what": "", "due": "2026-12-01"}))
    assert reply.is_error and reply.error_field == "what"
    assert snapshot(session_factory) == before
    with session_factory() as session:
        assert session.scalars(select(Promise)).all() == []
    saved = ana.core.handle_action(
        _event(ana, request, {"what": request.fields[0].initial, "due": "2026-12-01"}, key="form-1")
    )
    assert not saved.is_error and "due" in saved.text
    again = ana.core.handle_action(
        _event(ana, request, {"what": request.fields[0].initial, "due": "2026-12-01"}, key="form-1")
    )
    assert again.text == saved.text
    with session_factory() as session:
        promises = session.scalars(select(Promise)).all()
    assert [(p.text, str(p.due_date)) for p in promises] == [
        ("Offer what Maria said would help: a benchmark of fill rates.", "2026-12-01")
    ]


def test_log_a_note_opens_the_form_for_the_contact(ana):
    ana.say("+1 Maria Rossi (Acme): hello")
    ana.say("balance Maria Rossi")
    form = ana.press("Log a note")
    assert form.input_request.action_id == "form.log"
    assert form.input_request.fields[0].initial == "Maria Rossi (Acme)"
    assert ana.act("advice.note", "424242").is_error


def _event(rep: Rep, request, values: dict, key: str | None = None):
    return ActionEvent(rep.workspace, rep.ref, request.action_id, request.value, values, key)


def test_the_digest_and_the_overview_carry_the_next_steps(ana):
    ana.say("+5 Maria Rossi (Acme): delivered the pilot early")
    ana.say("fact Maria Rossi help: a benchmark of fill rates")
    ana.say("fact Maria Rossi worries: the ERP cutover in March")
    ana.say("-2 Bob Roe (Initech): missed the renewal call")
    want = [
        "Bob Roe (Initech): Plan the fix for missed the renewal call (20 Nov): a promise with "
        "a date Bob can hold you to.",
        "Maria Rossi (Acme): Offer a benchmark of fill rates to Maria before the ERP cutover "
        "in March.",
    ]
    assert fields_of(ana.say("digest"))["Next steps"].splitlines() == want
    assert fields_of(ana.say("accounts"))["Next steps"].splitlines() == want
