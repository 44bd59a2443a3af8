"""Making it right, on SQLite and PostgreSQL: what a debit's reply says the balance can
absorb, *Plan the fix*, and a debit closed by a #made-it-right credit or a kept fix."""

from __future__ import annotations

import io
import json

import pytest
from sqlalchemy import func, select

from bot.export import write_json
from handlers.amends.goodwill import PLAN_FORM, standing
from handlers.core import Core
from handlers.messages import ActionEvent
from handlers.policy import Policy
from handlers.profile.question_bank import QuestionBank
from handlers.promises.commands import KEPT, MISSED
from storage.amends.models import FixPlan, MadeRight
from storage.directory import find_workspace
from storage.erase import erase_contact
from storage.models import Contact, LedgerEntry
from storage.nudges.models import Promise
from tests.conftest import Rep

ROWS = (LedgerEntry, Promise, FixPlan, MadeRight)


def rows(session_factory) -> dict[str, list[tuple]]:
    with session_factory() as session:
        return {
            model.__tablename__: [
                tuple(r)
                for r in session.execute(
                    select(*model.__table__.columns).order_by(*model.__table__.primary_key)
                )
            ]
            for model in ROWS
        }


def count(session_factory, model) -> int:
    with session_factory() as session:
        return session.scalar(select(func.count()).select_from(model))


def issues_of(rep: Rep, name: str) -> str:
    fields = {f.label: f.value for f in rep.say(f"balance {name}").fields}
    return fields.get("Issues", "")


def submit_plan(rep: Rep, form, due: str, what: str = "") -> object:
    request = form.input_request
    values = {"due": due, "what": what or request.fields[0].initial}
    rep.last = rep.core.handle_action(
        ActionEvent(rep.workspace, rep.ref, request.action_id, request.value, values)
    )
    return rep.last


# --- goodwill: what the balance can absorb --------------------------------------------


@pytest.mark.parametrize(
    ("before", "after", "expected"),
    [
        (9, 6, "covers"),
        (5, 2, "covers"),
        (5, -1, "short"),
        (4, 1, "thin"),
        (2, 0, "thin"),
        (1, -2, "short"),
        (0, -3, "empty"),
        (-2, -5, "empty"),
    ],
)
def test_standing_follows_the_thresholds(before, after, expected):
    assert standing(before, after, covers_at=5, empty_at=0) == expected


def test_a_debit_on_a_healthy_balance_is_covered_but_owned(ana):
    ana.say("+9 Eli Stone (Acme): delivered the rollout early")
    reply = ana.say("-3 Eli Stone: outage on the reporting service")
    assert "Your balance (9) covers this, but call Eli to own it." in reply.text
    assert reply.buttons[0].label == "Plan the fix"
    assert "Keep it steady" not in reply.text and "Make it right" not in reply.text


def test_a_debit_on_an_empty_account_says_nothing_absorbs_it(ana):
    reply = ana.say("-2 Maria Lopez (Globex): missed the launch date")
    assert (
        "Nothing in the account to absorb this: call today, take responsibility, offer a fix."
        in reply.text
    )
    assert "Plan the fix" in [b.label for b in reply.buttons]


def test_a_thin_balance_barely_absorbs_it(ana):
    ana.say("+2 Eli Stone: quick fix")
    reply = ana.say("-2 Eli Stone: outage")
    assert "Your balance (2) barely absorbs this: call Eli today" in reply.text


def test_a_debit_that_takes_the_balance_below_zero_is_not_absorbed(ana):
    ana.say("+1 Eli Stone: quick fix")
    reply = ana.say("-4 Eli Stone: outage for two days")
    brief = {f.label: f.value for f in ana.say("prep Eli Stone").fields}
    assert (
        "Your balance (1) does not cover this; it is -3 now: call Eli today, own it and "
        "offer a fix." in reply.text
    )
    assert "absorbs" not in reply.text
    assert brief["Balance"].startswith("-3: already below zero")


def test_the_thresholds_are_settings(session_factory, clock):
    strict = Rep(Core(session_factory, Policy(goodwill_covers_balance=10), clock), "ana")
    strict.say("+9 Eli Stone: delivered early")
    assert "barely absorbs" in strict.say("-3 Eli Stone: outage").text


def test_a_credit_says_nothing_about_absorbing(ana):
    reply = ana.say("+2 Eli Stone: delivered early")
    assert "absorb" not in reply.text and "covers" not in reply.text
    assert "Plan the fix" not in [b.label for b in reply.buttons]


# --- Plan the fix ------------------------------------------------------------------------


def test_plan_the_fix_then_kept_closes_the_debit(ana, session_factory):
    ana.say("+9 Eli Stone (Acme): delivered early")
    ana.say("-3 Eli Stone: outage")
    form = ana.press("Plan the fix")
    assert form.input_request.action_id == PLAN_FORM
    assert [f.name for f in form.input_request.fields] == ["what", "due"]
    assert form.input_request.fields[0].initial == "make it right: outage"
    reply = submit_plan(ana, form, "Tuesday", "credit a month and send the RCA")
    assert not reply.is_error, reply.text
    assert "Fix planned for −3 outage, 20 Nov" in reply.text and "Tue 24 Nov" in reply.text
    assert "credit a month and send the RCA" in ana.say("promises").text
    assert "→ fix planned: credit a month and send the RCA, due Tue 24 Nov" in issues_of(
        ana, "Eli Stone"
    )
    with session_factory() as session:
        promise_id = session.scalars(select(Promise.id)).one()
    kept = ana.act(KEPT, str(promise_id))
    assert "+1 #promise-kept" in kept.text and "That puts right −3 outage, 20 Nov." in kept.text
    issues = issues_of(ana, "Eli Stone")
    assert issues.splitlines()[0] == "1 of 1 issues closed"
    assert "−3 outage, 20 Nov → made right 20 Nov, +1" in issues
    assert count(session_factory, MadeRight) == 1


def test_a_missed_fix_leaves_the_debit_open_and_a_new_plan_may_follow(ana, session_factory):
    ana.say("-3 Eli Stone: outage")
    debit = ana.last
    submit_plan(ana, ana.press("Plan the fix", debit), "tomorrow")
    with session_factory() as session:
        promise_id = session.scalars(select(Promise.id)).one()
    assert "puts right" not in ana.act(MISSED, str(promise_id)).text
    issues = issues_of(ana, "Eli Stone")
    assert issues.splitlines()[0] == "0 of 2 issues closed"  # the missed promise is one too
    assert "−3 outage, 20 Nov → open, no fix planned" in issues
    again = submit_plan(ana, ana.press("Plan the fix", debit), "2026-12-04")
    assert "Fix planned" in again.text, again.text


def test_undoing_a_debit_withdraws_its_fix(ana, session_factory):
    ana.say("+9 Eli Stone (Acme): delivered early")
    ana.say("-3 Eli Stone: outage")
    submit_plan(ana, ana.press("Plan the fix"), "Tuesday", "credit a month")
    undone = ana.say("undo #2")
    assert "Withdrew the fix planned for it (“credit a month”)" in undone.text, undone.text
    assert "credit a month" not in ana.say("promises").text
    with session_factory() as session:
        assert session.scalars(select(Promise.status)).all() == ["withdrawn"]
    assert count(session_factory, FixPlan) == 1  # the plan stays on record


def test_plan_the_fix_twice_keeps_one_plan(ana, session_factory):
    ana.say("-3 Eli Stone: outage")
    debit = ana.last
    submit_plan(ana, ana.press("Plan the fix", debit), "Tuesday")
    reply = ana.press("Plan the fix", debit)
    assert reply.input_request is None and "already planned" in reply.text
    assert count(session_factory, FixPlan) == 1


@pytest.mark.parametrize(
    ("due", "hint"),
    [
        ("", "Give the date the fix will be done by"),
        ("2026-11-02", "has passed"),
        ("yesterday", "has passed"),
        ("when pigs fly", "couldn't read"),
    ],
)
def test_plan_the_fix_with_no_date_or_a_past_one_saves_nothing(ana, session_factory, due, hint):
    ana.say("-3 Eli Stone: outage")
    form = ana.press("Plan the fix")
    before = rows(session_factory)
    reply = submit_plan(ana, form, due)
    assert reply.is_error and hint in reply.text, reply.text
    assert reply.error_field == "due"
    assert rows(session_factory) == before


def test_plan_the_fix_on_another_reps_debit_or_a_tampered_value_is_refused(
    ana, ben, session_factory
):
    ana.say("-3 Eli Stone: outage")
    button = next(b for b in ana.last.buttons if b.label == "Plan the fix")
    before = rows(session_factory)
    assert "not yours" in ben.act(button.action_id, button.value).text
    assert ben.act(PLAN_FORM, button.value).is_error
    assert ana.act(button.action_id, "x1").is_error
    assert rows(session_factory) == before


def test_an_undone_debit_has_nothing_to_fix(ana):
    ana.say("-3 Eli Stone: outage")
    debit = ana.last
    ana.say("undo")
    assert "undone" in ana.press("Plan the fix", debit).text
    assert issues_of(ana, "Eli Stone") == ""


# --- #made-it-right ----------------------------------------------------------------------


def test_made_it_right_closes_the_newest_open_debit(ana, clock, session_factory):
    ana.say("+9 Eli Stone (Acme): delivered early")
    ana.say("-1 Eli Stone: late report")
    clock.advance(days=1)
    ana.say("-3 Eli Stone: outage")
    clock.advance(days=3)
    reply = ana.say(
        "+2 Eli Stone: credited the month and walked them through the RCA #made-it-right"
    )
    assert "Made right: −3 outage, 21 Nov." in reply.text
    issues = issues_of(ana, "Eli Stone")
    assert issues.splitlines()[0] == "1 of 2 issues closed"
    assert "−3 outage, 21 Nov → made right 24 Nov, +2" in issues
    assert "−1 late report, 20 Nov → open, no fix planned" in issues
    assert issues.index("late report") < issues.index("outage")  # open ones first


def test_made_it_right_placed_from_pending_closes_the_debit(ana):
    ana.say("-3 Eli Stone: outage")
    pending = ana.say("+2 Eli Stnoe: credited the month #made-it-right")
    assert pending.kind == "pending"
    placed = ana.press("Eli Stone", pending)
    assert "Made right: −3 outage, 20 Nov." in placed.text, placed.text


def test_made_it_right_reads_as_a_credit_without_a_sign(ana):
    ana.say("-3 Eli Stone: outage")
    reply = ana.say("Eli Stone: rebuilt the report at no charge #made-it-right")
    assert reply.text.startswith("Credit +1") and "Made right: −3 outage" in reply.text


def test_made_it_right_with_no_open_debit_is_a_plain_credit(ana, session_factory):
    ana.say("+1 Eli Stone: kickoff")
    reply = ana.say("+2 Eli Stone: sent flowers #made-it-right")
    assert "No open debit for Eli Stone, so this is booked as a plain credit." in reply.text
    assert count(session_factory, MadeRight) == 0
    with session_factory() as session:
        assert session.scalar(select(Contact.balance)) == 3


def test_a_redelivered_made_it_right_closes_once_and_says_the_same(ana, session_factory):
    ana.say("-3 Eli Stone: outage")
    first = ana.say("+2 Eli Stone: credited the month #made-it-right", key="evt-9")
    again = ana.say("+2 Eli Stone: credited the month #made-it-right", key="evt-9")
    assert again.text.startswith("Already recorded:")
    assert "Made right: −3 outage" in first.text and "Made right: −3 outage" in again.text
    assert count(session_factory, MadeRight) == 1


def test_undoing_the_made_it_right_credit_reopens_the_debit(ana, session_factory):
    ana.say("-3 Eli Stone: outage")
    ana.say("+2 Eli Stone: credited the month #made-it-right")
    ana.say("undo")
    assert issues_of(ana, "Eli Stone").splitlines()[0] == "0 of 1 issues closed"
    assert count(session_factory, MadeRight) == 1  # history kept; it no longer counts
    ana.say("+1 Eli Stone: called and owned it #made-it-right")
    assert issues_of(ana, "Eli Stone").splitlines()[0] == "1 of 1 issues closed"


def test_workspaces_never_see_each_others_issues(ana, core):
    from handlers.messages import WorkspaceRef

    other = Rep(core, "ana", WorkspaceRef("slack", "T2"))
    ana.say("-3 Eli Stone: outage")
    other.say("+1 Eli Stone: hello")
    assert "No open debit" in other.say("+1 Eli Stone: flowers #made-it-right").text
    assert issues_of(other, "Eli Stone") == ""


# --- export and erasure ------------------------------------------------------------------


def test_export_and_erase_carry_the_new_rows(ana, session_factory, clock):
    ana.say("-3 Eli Stone: outage")
    submit_plan(ana, ana.press("Plan the fix"), "Tuesday")
    ana.say("+2 Eli Stone: credited the month #made-it-right")
    ana.say("-1 Tom Ray: late")
    with session_factory() as session:
        out = io.StringIO()
        write_json(session, out, Policy(), clock(), bank=QuestionBank())
        [workspace] = json.loads(out.getvalue())["workspaces"]
        assert len(workspace["fix_plans"]) == 1 and len(workspace["made_right"]) == 1
        ws = find_workspace(session, "console", "local")
        eli = session.scalars(select(Contact).where(Contact.name == "Eli Stone")).one()
        counts = erase_contact(session, ws.id, eli.id, "privacy-officer", clock())
        session.commit()
    assert counts["fix_plans"] == 1 and counts["made_right"] == 1
    assert count(session_factory, FixPlan) == 0 and count(session_factory, MadeRight) == 0
