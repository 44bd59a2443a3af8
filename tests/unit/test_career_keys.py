"""The next job and the career path are two facts: recording one keeps the other."""

from __future__ import annotations


def test_next_job_and_career_path_are_kept_apart(ana):
    ana.say("+1 Jane Doe (Acme): kickoff")
    assert not ana.say("fact Jane Doe career: VP of operations").is_error
    assert not ana.say("fact Jane Doe career-path: run a region, needs P&L experience").is_error
    fields = {f.label: f.value for f in ana.say("profile Jane Doe").fields}
    assert fields["Professional · Next job"].startswith("VP of operations")
    assert fields["Professional · Career path and what it takes"].startswith("run a region")
    assert ana.say("balance Jane Doe").fields  # still renders
    known = {f.label: f.value for f in ana.say("balance Jane Doe").fields}
    assert known["Professional side known"] == "2 of 6 (career, career-path)"
