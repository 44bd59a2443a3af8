"""The next step on an open debit with no fix planned, over SQLite and PostgreSQL: the
balance names the debit and its date and offers amends' *Plan the fix* on it."""

from __future__ import annotations

from handlers.amends.goodwill import PLAN, PLAN_FORM
from handlers.messages import ActionEvent
from tests.conftest import Rep


def fields(reply) -> dict[str, str]:
    return {f.label: f.value for f in reply.fields}


def plan_for(rep: Rep, reply, due: str):
    button = next(b for b in reply.buttons if b.action_id == PLAN)
    form = rep.act(button.action_id, button.value)
    assert form.input_request.action_id == PLAN_FORM
    values = {"what": "send the RCA and credit a month", "due": due}
    return rep.core.handle_action(
        ActionEvent(rep.workspace, rep.ref, PLAN_FORM, form.input_request.value, values)
    )


def test_an_unplanned_debit_is_the_next_step_with_its_plan_button(ana, clock):
    ana.say("+1 Eli Stone (Acme): intro call")
    clock.advance(days=1)
    ana.say("-3 Eli Stone: the outage @2026-11-02")
    view = ana.say("balance Eli Stone")
    assert fields(view)["Next step"] == (
        "Plan the fix for the outage (2 Nov): a promise with a date Eli can hold you to."
    )
    assert fields(view)["Next step from"] == "a debit with no fix planned: “the outage”"
    labels = [b.label for b in view.buttons]
    assert "Plan the fix" in labels and "Log a note" in labels
    assert "Track as promise" not in labels


def test_once_the_fix_is_planned_the_step_moves_on(ana):
    ana.say("-3 Eli Stone (Acme): the outage @2026-11-02")
    view = ana.say("balance Eli Stone")
    planned = plan_for(ana, view, "Tuesday")
    assert not planned.is_error, planned.text
    after = fields(ana.say("balance Eli Stone"))["Next step"]
    assert after.startswith("Make it right:")


def test_the_oldest_of_two_unplanned_debits_comes_first_then_the_next(ana):
    ana.say("+9 Eli Stone (Acme): rollout early @2026-10-20")
    ana.say("-1 Eli Stone: the late invoice @2026-11-10")
    ana.say("-2 Eli Stone: the outage @2026-11-02")
    view = ana.say("balance Eli Stone")
    assert fields(view)["Next step"].startswith("Plan the fix for the outage (2 Nov)")
    plan_for(ana, view, "Tuesday")
    assert fields(ana.say("balance Eli Stone"))["Next step"].startswith(
        "Plan the fix for the late invoice (10 Nov)"
    )


def test_a_debit_made_right_or_undone_is_no_longer_to_plan(ana):
    ana.say("+5 Eli Stone (Acme): rollout early @2026-10-20")
    ana.say("-2 Eli Stone: the outage @2026-11-02")
    ana.say("+2 Eli Stone: credited the month #made-it-right")
    assert "Plan the fix" not in fields(ana.say("balance Eli Stone"))["Next step"]
    ana.say("+1 Maria Lopez (Globex): intro call")
    ana.say("-1 Maria Lopez: wrong totals")
    assert fields(ana.say("balance Maria Lopez"))["Next step"].startswith("Plan the fix")
    ana.say("undo")
    assert "Plan the fix" not in fields(ana.say("balance Maria Lopez"))["Next step"]


def test_another_reps_debit_is_theirs_to_plan(ana, ben):
    ana.say("+4 Eli Stone (Acme): rollout early @2026-10-20")
    ana.say("-2 Eli Stone: the outage @2026-11-02")
    assert fields(ben.say("balance Eli Stone"))["Next step"].startswith("Plan the fix") is False
    assert fields(ana.say("balance Eli Stone"))["Next step"].startswith("Plan the fix")
