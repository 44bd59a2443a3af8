"""Stages and retrospectives typed into `relcap shell`: the offered move is a numbered
choice, and bad input gets a clear reply."""

from __future__ import annotations

import re

from tests.e2e.test_shell import ok, shell


def test_stages_and_retros_in_the_shell(tmp_path):
    out = ok(
        shell(
            tmp_path,
            [
                "+3 Dana Reyes (Acme): they signed the contract",
                "2",  # [1] Undo, [2] Move Acme to engaged?
                "stage Acme married",
                "retro Dana Reyes: the weekly report comes too late",
                "retro respond 1: moved to Monday 9:00",
                "retro resolve 1",
                "history Dana Reyes",
            ],
        )
    )
    assert "[2] Move Acme to engaged?" in out
    assert "Moved Acme to engaged." in out
    assert "“married” is not a stage. The stages are: courting, first-meeting, engaged" in out
    assert "Retrospective item #1 for Acme from Dana Reyes" in out
    assert "Item #1 responded: “moved to Monday 9:00”" in out
    assert "Item #1 resolved" in out and "Book +2 for Dana Reyes" in out
    assert re.search(r"Stage history:\s+\d{4}-\d\d-\d\d · \S+ · courting → engaged", out), out
