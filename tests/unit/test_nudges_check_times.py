"""Each rep's next check time: a pass reads only the reps it has to look at, and any
change that can move a rep's send wakes them for the next pass."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from sqlalchemy import select

from bot.console.sender import ConsoleSender
from storage.models import User
from storage.nudges import checks
from storage.nudges.checks import NextCheck
from storage.unit_of_work import UnitOfWork
from tests.unit.nudging import Inbox, make_pass, reachable, tick

MONDAY_9 = datetime(2026, 11, 23, 9, 0, tzinfo=UTC)


def to_check(core, at: datetime) -> list[str]:
    """The reps a pass at `at` reads, by name."""
    with UnitOfWork(core.session_factory) as uow:
        ids = [r.user_id for r in uow.outbox.reps_to_check(("console",), at)]
        names = dict(uow.session.execute(select(User.id, User.external_id)).all())
    return [names[i] for i in ids]


def seed(rep) -> None:
    rep.say("+2 Jane Doe (Acme): delivered the migration early")
    reachable(rep)


def test_after_a_pass_nobody_is_read_until_their_next_send(ana, core, clock):
    seed(ana)
    nudge_pass = make_pass(core, ConsoleSender(Inbox()))
    clock.now = MONDAY_9 - timedelta(hours=2)
    assert to_check(core, clock.now) == ["ana"]  # a new address: looked at once
    report = tick(nudge_pass)
    assert report.due == 0 and report.claimed == 0
    assert to_check(core, clock.now) == []  # moved on to Monday 09:00
    assert to_check(core, MONDAY_9 - timedelta(seconds=1)) == []
    clock.now = MONDAY_9
    assert to_check(core, clock.now) == ["ana"]
    assert tick(nudge_pass).claimed == 2  # the question and the weekly digest
    # Monday is planned: the next look is Tuesday 09:00, not later this morning.
    assert to_check(core, MONDAY_9 + timedelta(hours=2)) == []
    assert tick(nudge_pass, MONDAY_9 + timedelta(minutes=5)).due == 0
    assert to_check(core, MONDAY_9 + timedelta(days=1)) == ["ana"]


def test_a_change_of_send_time_wakes_the_rep(ana, core, clock):
    seed(ana)
    inbox = Inbox()
    nudge_pass = make_pass(core, ConsoleSender(inbox))
    clock.now = MONDAY_9 - timedelta(hours=2)  # 07:00
    tick(nudge_pass)
    assert to_check(core, clock.now) == []
    ana.say("nudges time 07:30")
    assert to_check(core, clock.now) == ["ana"]
    tick(nudge_pass)  # looks, finds 07:30 still ahead, moves on to it
    assert to_check(core, clock.now) == []
    clock.now = MONDAY_9 - timedelta(minutes=90)  # 07:30
    assert tick(nudge_pass).claimed == 2
    assert len(inbox.of("ana", "nudge")) == 1


def test_nudges_off_means_no_look_until_turned_on(ana, core, clock):
    seed(ana)
    nudge_pass = make_pass(core, ConsoleSender(Inbox()))
    clock.now = MONDAY_9 - timedelta(hours=2)
    ana.say("nudges off")
    tick(nudge_pass)
    assert to_check(core, MONDAY_9 + timedelta(days=400)) == []
    ana.say("nudges on")
    assert to_check(core, clock.now) == ["ana"]


def test_a_promise_made_after_the_pass_is_checked_the_same_morning(ana, core, clock):
    seed(ana)
    inbox = Inbox()
    nudge_pass = make_pass(core, ConsoleSender(inbox))
    clock.now = MONDAY_9
    tick(nudge_pass)
    assert to_check(core, MONDAY_9 + timedelta(minutes=10)) == []
    clock.now = MONDAY_9 + timedelta(minutes=10)
    ana.say("promise Jane Doe: send the rollout plan by today")
    assert to_check(core, clock.now) == ["ana"]
    report = tick(nudge_pass)
    assert report.claimed == 1, report.summary()
    assert [r for r in inbox.of("ana") if "rollout plan" in r.text]


def test_a_wake_during_a_pass_is_not_overwritten(ana, core, clock):
    seed(ana)
    clock.now = MONDAY_9 - timedelta(hours=2)
    with UnitOfWork(core.session_factory) as uow:
        [seen] = uow.outbox.reps_to_check(("console",), clock.now)
    with UnitOfWork(core.session_factory) as uow:
        checks.wake(uow.session, seen.workspace_id, seen.user_id)  # a change meanwhile
        uow.commit()
    with UnitOfWork(core.session_factory) as uow:
        uow.outbox.move_on([NextCheck(seen.workspace_id, seen.user_id, seen.wakes, MONDAY_9)])
        uow.commit()
    assert to_check(core, clock.now) == ["ana"]
