"""Promises: recording, listing, the due-morning check and its three answers."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from bot.console.sender import ConsoleSender
from handlers.messages import ActionEvent
from tests.unit.nudging import Inbox, make_pass, reachable, tick

TUESDAY_9 = datetime(2026, 11, 24, 9, 0, tzinfo=UTC)


def test_record_and_list(ana):
    ana.say("+2 Jane Doe (Acme): delivered the migration early")
    reply = ana.say("promise Jane Doe: send the revised proposal by Tuesday")
    assert not reply.is_error, reply.text
    assert "send the revised proposal" in reply.text and "Tue 24 Nov" in reply.text
    listed = ana.say("promises")
    assert "Tue 24 Nov · Jane Doe (Acme) · send the revised proposal" in listed.text


def test_clear_errors(ana):
    ana.say("+2 Jane Doe: delivered the migration early")
    for text, hint in [
        ("promise Jane Doe send it", "Write it as: promise Jane Doe:"),
        ("promise Jane Doe: send the deck by someday", "couldn't read a due date"),
        ("promise Jane Doe: send the deck", "couldn't read a due date"),
        ("promise Jane Doe: send the deck by 2026-01-05", "has passed"),
        ("promise Nobody Here: send it by Friday", "No contact called"),
    ]:
        reply = ana.say(text)
        assert reply.is_error and hint in reply.text, (text, reply.text)
    assert "No open promises" in ana.say("promises").text


def test_redelivered_promise_is_recorded_once(ana):
    ana.say("+2 Jane Doe: delivered the migration early")
    ana.say("promise Jane Doe: send the deck by Friday", key="evt-1")
    ana.say("promise Jane Doe: send the deck by Friday", key="evt-1")
    assert ana.say("promises").text.count("send the deck") == 1


def test_due_morning_and_day_after_then_kept(ana, core, clock):
    ana.say("+2 Jane Doe (Acme): delivered the migration early")
    ana.say("promise Jane Doe: send the revised proposal by Tuesday")
    reachable(ana)
    inbox = Inbox()
    nudge_pass = make_pass(core, ConsoleSender(inbox))
    clock.now = TUESDAY_9
    tick(nudge_pass)
    [check] = inbox.of("ana", "promise_check")
    assert check.text.startswith("Did you deliver “send the revised proposal” to Jane Doe?")
    assert [b.label for b in check.buttons] == ["Kept", "Missed", "Move to a new date"]
    clock.now += timedelta(days=1)
    tick(nudge_pass)
    assert len(inbox.of("ana", "promise_check")) == 2  # the day after, still open
    reply = ana.press("Kept", check)
    assert "+1 #promise-kept" in reply.text and "Balance now 3" in reply.text
    assert "Already recorded as kept" in ana.press("Missed", check).text
    clock.now += timedelta(days=1)
    tick(nudge_pass)
    assert len(inbox.of("ana", "promise_check")) == 2
    history = ana.say("history Jane Doe").text
    assert "kept promise: send the revised proposal #promise-kept" in history


def test_missed_and_moved(ana, core, clock):
    ana.say("+2 Jane Doe: delivered the migration early")
    ana.say("promise Jane Doe: send the deck by Tuesday")
    ana.say("promise Jane Doe: book the workshop by Tuesday")
    reachable(ana)
    inbox = Inbox()
    clock.now = TUESDAY_9
    tick(make_pass(core, ConsoleSender(inbox)))
    deck, workshop = inbox.of("ana", "promise_check")
    assert "−1 #missed-deadline" in ana.press("Missed", deck).text
    form = ana.press("Move", workshop)
    request = form.input_request
    bad = core.handle_action(
        ActionEvent(ana.workspace, ana.ref, request.action_id, request.value, {"due": "whenever"})
    )
    assert bad.is_error and "couldn't read" in bad.text
    moved = core.handle_action(
        ActionEvent(ana.workspace, ana.ref, request.action_id, request.value, {"due": "Friday"})
    )
    assert "now due on Fri 27 Nov" in moved.text
    assert "Fri 27 Nov" in ana.say("promises").text
    assert "balance 1" in ana.say("balance Jane Doe").text  # 2 − 1 missed
    clock.now = datetime(2026, 11, 27, 9, 0, tzinfo=UTC)
    tick(make_pass(core, ConsoleSender(inbox)))
    assert "book the workshop" in inbox.of("ana", "promise_check")[-1].text


def test_promise_coming_due_leads_the_daily_question(ana, core, clock):
    ana.say("-1 Bob Stone: missed the Q3 report deadline")
    ana.say("+2 Jane Doe: delivered the migration early")
    ana.say("promise Jane Doe: send the revised proposal by Thursday")
    reachable(ana)
    inbox = Inbox()
    clock.now = TUESDAY_9
    tick(make_pass(core, ConsoleSender(inbox)))
    [question] = inbox.of("ana", "nudge")
    assert "Jane Doe" in question.text and "due on Thu 26 Nov" in question.text


def test_note_with_a_dated_commitment_offers_to_track_it(ana):
    reply = ana.say("+1 Jane Doe: great call, I'll send the deck by Thursday")
    assert [b.label for b in reply.buttons][-1] == "Track as promise"
    tracked = ana.press("Track as promise", reply)
    assert "“I'll send the deck”" in tracked.text and "Thu 26 Nov" in tracked.text
    ana.press("Track as promise", reply)  # twice: still one promise
    assert ana.say("promises").text.count("send the deck") == 1
    plain = ana.say("+1 Jane Doe: delivered the migration by Friday")
    assert "Track as promise" not in [b.label for b in plain.buttons]
    past = ana.say("+1 Jane Doe: I will call her on 2026-01-05")
    assert "Track as promise" not in [b.label for b in past.buttons]


def test_promise_due_on_friday_is_checked_friday_and_monday(ana, core, clock):
    ana.say("+2 Jane Doe: delivered the migration early")
    ana.say("promise Jane Doe: send the deck by Friday")  # Friday 27 November
    reachable(ana)
    inbox = Inbox()
    nudge_pass = make_pass(core, ConsoleSender(inbox))
    checked = []
    for offset in range(5):  # Friday to Tuesday
        clock.now = datetime(2026, 11, 27, 9, 0, tzinfo=UTC) + timedelta(days=offset)
        before = len(inbox.of("ana", "promise_check"))
        tick(nudge_pass)
        if len(inbox.of("ana", "promise_check")) > before:
            checked.append(f"{clock.now:%a}")
    assert checked == ["Fri", "Mon"]
