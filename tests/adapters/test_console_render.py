"""The console's rendering of a reply: fields in a column, a value of several lines kept
in that column."""

from __future__ import annotations

from bot.console.render import render
from handlers.messages import Reply, ReplyField


def test_a_value_of_several_lines_keeps_its_column():
    reply = Reply(
        text="Call brief: Eli Stone",
        fields=(
            ReplyField("Balance", "-3: already below zero"),
            ReplyField("Last notes", "−4 · 2 Dec · outage\n+1 · 1 Dec · credited the month"),
            ReplyField("Next step", "Make it right"),
        ),
    )

    assert render(reply).splitlines() == [
        "Call brief: Eli Stone",
        "  Balance:    -3: already below zero",
        "  Last notes: −4 · 2 Dec · outage",
        "              +1 · 1 Dec · credited the month",
        "  Next step:  Make it right",
    ]


def test_help_rows_of_several_lines_keep_their_column_too():
    reply = Reply(text="Commands", kind="help", fields=(ReplyField("log", "a note\nor a form"),))

    assert render(reply).splitlines()[1:] == ["  log  a note", "       or a form"]
