"""A pass: the right rep at their own send time, once; retries, grace, expiry, restarts."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from bot.console.sender import ConsoleSender
from handlers.messages import ActionEvent
from handlers.nudges.config import NudgeConfig
from storage.nudges.slots import take
from tests.unit.nudging import FlakySender, Inbox, make_pass, nudges, reachable, tick

MONDAY_9 = datetime(2026, 11, 23, 9, 0, tzinfo=UTC)
TUESDAY_9 = MONDAY_9 + timedelta(days=1)


def seed(rep) -> None:
    rep.say("+2 Jane Doe (Acme): delivered the migration early")
    rep.say("-1 Bob Stone (Initech): missed the Q3 report deadline")
    reachable(rep)


def test_question_and_digest_at_nine_once(ana, core, clock):
    seed(ana)
    inbox = Inbox()
    nudge_pass = make_pass(core, ConsoleSender(inbox))
    clock.now = MONDAY_9 - timedelta(minutes=1)
    assert tick(nudge_pass).claimed == 0 and inbox.messages == []
    clock.now = MONDAY_9
    report = tick(nudge_pass)
    assert report.delivery.sent == 2, report.summary()
    [question] = inbox.of("ana", "nudge")
    [digest] = inbox.of("ana", "digest")
    # Bob's balance is below zero: the most urgent need. "Red" is kept for the health band.
    assert "Bob Stone" in question.text and "balance is below zero" in question.text
    fields = {f.label: f.value for f in question.fields}
    assert "below zero (-1)" in fields["Why today"] and "balance -1" in fields["Account"]
    assert "red" not in question.text and "red" not in fields["Why today"]
    assert "missed the Q3 report" in fields["Last note"]
    assert [b.label for b in question.buttons] == [
        "Answer",
        "Log a note",
        "Snooze a day",
        "Snooze a week",
        "Skip",
        "Not about this contact",
    ]
    assert "Jane Doe" in {f.label: f.value for f in digest.fields}["Balance moves"]
    for _ in range(3):
        clock.advance(minutes=1)
        assert tick(nudge_pass).delivery.sent == 0
    assert len(inbox.messages) == 2


def test_answer_stores_a_dated_fact_and_closes_the_nudge(ana, core, clock, session_factory):
    seed(ana)
    inbox = Inbox()
    clock.now = TUESDAY_9
    tick(make_pass(core, ConsoleSender(inbox)))
    [question] = inbox.of("ana", "nudge")
    form = ana.press("Answer", question)
    assert form.input_request is not None
    request = form.input_request
    reply = core.handle_action(
        ActionEvent(ana.workspace, ana.ref, request.action_id, request.value, {"answer": "a plan"})
    )
    assert "Noted for Bob Stone" in reply.text and "a plan" in reply.text
    profile = ana.say("profile Bob Stone")
    assert profile.kind == "profile"
    [row] = [n for n in nudges(session_factory) if n.kind == "question"]
    assert row.status == "answered"
    again = ana.press("Skip", question)
    assert "already answered" in again.text


def test_no_address_no_nudge(ana, core, clock):
    ana.say("+2 Jane Doe: delivered the migration early")
    inbox = Inbox()
    clock.now = MONDAY_9
    assert tick(make_pass(core, ConsoleSender(inbox))).due == 0
    assert inbox.messages == []


def test_rate_limited_send_is_retried_then_sent_once(ana, core, clock, session_factory):
    seed(ana)
    inbox = Inbox()
    sender = FlakySender(inbox, failures=2, retry_after=45)
    nudge_pass = make_pass(core, sender, NudgeConfig(retry_base=timedelta(seconds=30)))
    clock.now = TUESDAY_9
    assert tick(nudge_pass).delivery.retrying == 1
    clock.advance(seconds=30)
    assert tick(nudge_pass).delivery.sent == 0  # Retry-After said 45 s
    clock.advance(seconds=15)
    assert tick(nudge_pass).delivery.retrying == 1  # second failure: wait 60 s
    clock.advance(seconds=60)
    assert tick(nudge_pass).delivery.sent == 1
    clock.advance(minutes=10)
    assert tick(nudge_pass).delivery.sent == 0
    assert len(inbox.of("ana")) == 1 and sender.calls == 3
    [row] = [n for n in nudges(session_factory) if n.kind == "question"]
    assert (row.status, row.attempts) == ("sent", 3)


def test_send_that_keeps_failing_is_recorded_as_failed(ana, core, clock, session_factory):
    seed(ana)
    inbox = Inbox()
    sender = FlakySender(inbox, failures=100, retry_after=None)
    nudge_pass = make_pass(core, sender, NudgeConfig(max_attempts=3))
    clock.now = TUESDAY_9
    for _ in range(6):
        tick(nudge_pass)
        clock.advance(minutes=5)
    assert sender.calls == 3 and inbox.messages == []
    [row] = [n for n in nudges(session_factory) if n.kind == "question"]
    assert row.status == "failed" and "429" in row.last_error


def test_missed_slot_is_sent_late_within_grace_then_skipped(ana, core, clock, session_factory):
    seed(ana)
    inbox = Inbox()
    nudge_pass = make_pass(core, ConsoleSender(inbox))
    clock.now = TUESDAY_9 + timedelta(hours=2, minutes=59)  # down since before 9:00
    assert tick(nudge_pass).delivery.sent == 1
    clock.now = TUESDAY_9 + timedelta(days=1, hours=3)  # Wednesday, after the grace window
    report = tick(nudge_pass)
    assert report.due == 0 and report.delivery.sent == 0
    assert len(inbox.of("ana")) == 1


def test_restart_after_claiming_sends_once(ana, core, clock, session_factory):
    seed(ana)
    inbox = Inbox()
    clock.now = TUESDAY_9
    make_pass(core, ConsoleSender(inbox)).plan(clock.now)  # claimed, then the process died
    assert inbox.messages == []
    tick(make_pass(core, ConsoleSender(inbox)))
    tick(make_pass(core, ConsoleSender(inbox)))
    assert len(inbox.of("ana")) == 1


def test_restart_mid_send_is_taken_over_after_the_lease(ana, core, clock, session_factory):
    seed(ana)
    inbox = Inbox()
    config = NudgeConfig(lease=timedelta(minutes=5))
    clock.now = TUESDAY_9
    make_pass(core, ConsoleSender(inbox), config).plan(clock.now)
    [row] = [n for n in nudges(session_factory) if n.kind == "question"]
    with session_factory() as session:  # a process leased it and died before sending
        assert take(session, [row.id], clock.now, config.lease) == [row.id]
        session.commit()
    assert tick(make_pass(core, ConsoleSender(inbox), config)).delivery.sent == 0
    clock.advance(minutes=5)
    assert tick(make_pass(core, ConsoleSender(inbox), config)).delivery.sent == 1
    clock.advance(minutes=5)
    assert tick(make_pass(core, ConsoleSender(inbox), config)).delivery.sent == 0
    assert len(inbox.of("ana")) == 1


def test_unanswered_question_expires(ana, core, clock):
    seed(ana)
    inbox = Inbox()
    nudge_pass = make_pass(core, ConsoleSender(inbox), NudgeConfig(expiry=timedelta(hours=24)))
    clock.now = TUESDAY_9
    tick(nudge_pass)
    [question] = inbox.of("ana", "nudge")
    clock.advance(hours=24)
    assert tick(nudge_pass).expired == 1
    form = ana.press("Answer", question)  # expiry stops reminders, not answers
    assert form.kind == "form" and "a late answer is still kept" in form.text
    form_id, ident = form.input_request.action_id, form.input_request.value
    event = ActionEvent(ana.workspace, ana.ref, form_id, ident, {"answer": "CFO one day"})
    assert "after the question expired" in core.handle_action(event).text


def test_snooze_skip_and_mute(ana, core, clock, session_factory):
    seed(ana)
    ana.say("+1 Cara Diaz (Globex): sent the case study")
    inbox = Inbox()
    nudge_pass = make_pass(core, ConsoleSender(inbox))
    clock.now = TUESDAY_9
    tick(nudge_pass)
    [first] = inbox.of("ana", "nudge")
    assert "Bob Stone" in first.text
    assert "Snoozed until Wed" in ana.press("Snooze a day", first).text
    clock.now += timedelta(days=1)
    tick(nudge_pass)
    second = inbox.of("ana", "nudge")[-1]
    # Snoozed a day: the same question comes back.
    assert second.text == first.text
    assert "won't ask you about Bob Stone" in ana.press("Not about this contact", second).text
    clock.now += timedelta(days=1)
    tick(nudge_pass)
    third = inbox.of("ana", "nudge")[-1]
    assert "Bob Stone" not in third.text
    assert "Skipped" in ana.press("Skip", third).text


def test_log_a_note_opens_the_form_for_the_contact(ana, core, clock):
    seed(ana)
    inbox = Inbox()
    clock.now = TUESDAY_9
    tick(make_pass(core, ConsoleSender(inbox)))
    [question] = inbox.of("ana", "nudge")
    form = ana.press("Log a note", question)
    assert form.input_request is not None
    assert form.input_request.fields[0].initial == "Bob Stone"


def test_answer_by_chat(ana, core, clock, session_factory):
    assert ana.say("answer she wants my job").is_error  # nothing asked yet
    seed(ana)
    clock.now = TUESDAY_9
    tick(make_pass(core, ConsoleSender(Inbox())))
    reply = ana.say("answer call Thursday, own the Q3 slip, offer a free report")
    assert "Noted for Bob Stone" in reply.text
    [row] = [n for n in nudges(session_factory) if n.kind == "question"]
    assert row.status == "answered"
    assert ana.say("answer again").is_error


def test_several_a_day_across_all_needs(ana, core, clock, session_factory):
    ana.say("-1 Red Rob: missed the Q3 report deadline")
    ana.say("+1 Quiet Quinn: sent the case study @2026-09-01")
    ana.say("+1 New Nora: sent the case study")
    ana.say("nudges per-day 3")
    reachable(ana)
    inbox = Inbox()
    clock.now = TUESDAY_9
    tick(make_pass(core, ConsoleSender(inbox)))
    reasons = [n.reason for n in nudges(session_factory) if n.kind == "question"]
    assert reasons == ["in_red", "gone_quiet", "professional_missing"]
    names = [r.text.split(":")[0] for r in inbox.of("ana", "nudge")]
    assert names == [
        "Today's question about Red Rob",
        "Today's question about Quiet Quinn",
        "Today's question about New Nora",
    ]


def test_candidates_cut_in_the_database_never_hide_a_more_urgent_contact(
    ana, core, clock, session_factory
):
    from sqlalchemy import select

    from storage.models import Contact
    from storage.nudges.models import NudgeMute

    names = (
        "Anna Berg",
        "Carl Dunn",
        "Eva Fox",
        "Gus Hale",
        "Ida Jones",
        "Kai Lund",
        "Mia Nash",
        "Ola Park",
        "Pia Quist",
        "Rui Soto",
        "Tom Ueda",
        "Vic Wolf",
        "Yan Zhou",
    )
    for name in names:
        assert ana.say(f"-5 {name}: escalation").kind == "recorded"
    ana.say("-1 Still Red: small slip")
    ana.say("+1 Quiet Quinn: sent the case study @2026-09-01")
    reachable(ana)
    with session_factory() as session:
        muted = session.execute(
            select(Contact.workspace_id, Contact.created_by_id, Contact.id).where(
                Contact.name.in_(names)
            )
        ).all()
        session.add_all(
            NudgeMute(workspace_id=w, user_id=u, contact_id=c, created_at=clock.now)
            for w, u, c in muted
        )
        session.commit()
    inbox = Inbox()
    clock.now = TUESDAY_9
    tick(make_pass(core, ConsoleSender(inbox)))
    [question] = inbox.of("ana", "nudge")
    assert "Still Red" in question.text
