"""Numbers a rep or a tampered button can send that `str.isdigit()` let through: "²"
(a digit to isdigit, not to int) and ids past a 32-bit column. Each gets an error."""

from __future__ import annotations

import pytest

from handlers.messages import ActionEvent
from tests.conftest import LOCAL


@pytest.mark.parametrize(
    "action_id", ["nudge.answer", "nudge.skip", "promise.kept", "promise.track"]
)
def test_a_row_id_that_no_row_can_have_gets_an_error(action_id, ana):
    ana.say("+1 Jane Doe (Acme): intro")
    for value in ("99999999999999999999999", "2147483648", "²", "١٢٣٤", "0"):
        reply = ana.core.handle_action(ActionEvent(LOCAL, ana.ref, action_id, value))
        assert reply.kind == "error", (value, reply)


def test_superscript_digits_in_commands_get_an_answer(ana):
    ana.say("+1 Jane Doe (Acme): intro")
    for text in ("contact cadence Jane Doe ²", "nudges per-day ²", "history Jane Doe ²"):
        assert ana.say(text).text, text
