"""Due dates typed for a promise or a fix: a bare number is not read as a month, and the
example a refusal gives is a date still to come."""

from __future__ import annotations

from datetime import UTC, datetime
from zoneinfo import ZoneInfo

import pytest
from sqlalchemy import func, select

from handlers.messages import ActionEvent
from handlers.promises.due_dates import parse_due
from storage.nudges.models import Promise

NOW = datetime(2026, 12, 2, 3, 0, tzinfo=UTC)


@pytest.mark.parametrize("typed", ["2", "3", "12", "15", "2026"])
def test_a_bare_number_is_not_a_date(typed):
    assert parse_due(typed, NOW, ZoneInfo("UTC")) is None


@pytest.mark.parametrize(("typed", "due"), [("Friday", "2026-12-04"), ("the 15th", "2026-12-15")])
def test_words_and_days_are_still_read(typed, due):
    assert str(parse_due(typed, NOW, ZoneInfo("UTC"))) == due


def promises(session_factory) -> int:
    with session_factory() as session:
        return session.scalar(select(func.count()).select_from(Promise))


def test_plan_the_fix_refuses_a_bare_number_with_an_example_to_come(ana, session_factory):
    debit = ana.say("-2 Jane Doe (Acme): wrong invoice sent")
    form = ana.press("Plan the fix", debit).input_request

    reply = ana.core.handle_action(
        ActionEvent(ana.workspace, ana.ref, form.action_id, form.value, {"what": "", "due": "2"})
    )

    # The clock stands on Fri 2026-11-20: the example is a week on.
    assert reply.is_error and reply.error_field == "due"
    assert reply.text == "I couldn't read “2” as a date. Try Friday or 2026-11-27."
    assert promises(session_factory) == 0


def test_a_promise_without_a_readable_date_gives_an_example_to_come(ana, session_factory):
    ana.say("+2 Jane Doe: delivered the migration early")

    reply = ana.say("promise Jane Doe: send the deck by 3")

    assert reply.is_error and "by 2026-11-27)" in reply.text
    assert promises(session_factory) == 0
