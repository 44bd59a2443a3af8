"""Attempts, the competitor test and dates that matter, typed into `relcap shell`."""

from __future__ import annotations

import re

from tests.e2e.test_shell import ok, shell


def test_attempts_loyal_and_dates_in_the_shell(tmp_path):
    out = ok(
        shell(
            tmp_path,
            [
                "+1 Dana Reyes (Acme): kickoff @2026-01-05",
                "Dana Reyes: left a voicemail, no reply",
                "loyal Dana Reyes maybe",
                "loyal Dana Reyes unsure: a new buyer",
                "fact Dana Reyes birthday: 31 February",
                "fact Dana Reyes renewal: 2099-03-01",
                "balance Dana Reyes",
                "profile Dana Reyes",
            ],
        )
    )
    assert re.search(r"Logged an attempt \(no points\)\. Last heard from Dana Reyes \d+ days", out)
    assert "1 attempt since." in out
    assert "Answer one of: yes, unsure, no" in out
    assert "Competitor test for Dana Reyes (Acme): unsure — a new buyer" in out
    assert "There is no 31 February: February has at most 29 days." in out
    assert "Renewal date: 1 Mar 2099" in out
    assert re.search(r"Last reached out:\s+today \(1 attempt since they were last heard", out)
    assert re.search(r"Competitor test:\s+unsure — a new buyer", out)
    assert re.search(r"Dates · Renewal date:\s+1 Mar 2099", out)
