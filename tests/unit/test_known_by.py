"""The gone-quiet escalation names another way in, over SQLite and PostgreSQL: the
strongest healthy contact the rep knows at the same company, read in a fixed number of
statements whatever the number of quiet contacts."""

from __future__ import annotations

from datetime import UTC, datetime

from sqlalchemy import event

from bot.console.sender import ConsoleSender
from tests.conftest import Rep
from tests.unit.nudging import Inbox, make_pass, reachable, tick

PRO = ("career", "career-path", "measured", "goals", "worries", "help")
TUESDAY = datetime(2026, 11, 24, 9, 5, tzinfo=UTC)


def gone_quiet(rep: Rep, name: str, company: str) -> None:
    rep.say(f"+1 {name} ({company}): kickoff went well @2026-10-01")
    rep.say(f"{name}: voicemail @2026-11-02")
    rep.say(f"{name}: emailed the recap, no reply @2026-11-09")
    for key in PRO:
        rep.say(f"fact {name} {key}: known")


def morning(rep: Rep, core, clock) -> str:
    reachable(rep)
    inbox = Inbox()
    clock.now = TUESDAY
    tick(make_pass(core, ConsoleSender(inbox)))
    return "\n".join(message.text for message in inbox.of(rep.name, "nudge"))


def test_the_strongest_healthy_colleague_at_the_company_is_named(ana, core, clock):
    gone_quiet(ana, "Dana Reyes", "Acme")
    ana.say("+5 Li Wei (Acme): co-wrote the plan @2026-11-16")
    ana.say("+2 Bo Chan (Acme): good call @2026-11-18")
    ana.say("+9 Sam Ortiz (Globex): renewal signed @2026-11-18")  # another company
    text = morning(ana, core, clock)
    assert "try another way in — Li Wei at Acme knows them well." in text


def test_a_stronger_colleague_gone_quiet_is_passed_over(ana, core, clock):
    gone_quiet(ana, "Dana Reyes", "Acme")
    ana.say("+8 Old Friend (Acme): great year @2026-08-01")  # not heard from in months
    ana.say("+3 Bo Chan (Acme): good call @2026-11-18")
    ana.say("nudges per-day 2")  # Old Friend's silence is asked about too
    text = morning(ana, core, clock)
    assert "about Dana Reyes (Acme)" in text
    assert "— Bo Chan at Acme knows them well." in text


def test_only_the_reps_own_contacts_are_named(ana, ben, core, clock):
    gone_quiet(ana, "Dana Reyes", "Acme")
    ben.say("+7 Li Wei (Acme): co-wrote the plan @2026-11-16")  # Ben's, not Ana's
    text = morning(ana, core, clock)
    assert "try another way in. " in text and "knows them well" not in text


def test_nobody_healthy_at_the_company_leaves_it_unnamed(ana, core, clock):
    gone_quiet(ana, "Dana Reyes", "Acme")
    gone_quiet(ana, "Eve Park", "Acme")
    text = morning(ana, core, clock)
    assert "try another way in. " in text and "knows them well" not in text


def _statements(engine, action) -> int:
    seen: list[str] = []

    def record(_conn, _cursor, statement, _params, _context, _many) -> None:
        seen.append(statement)

    event.listen(engine, "before_cursor_execute", record)
    try:
        action()
    finally:
        event.remove(engine, "before_cursor_execute", record)
    return len([s for s in seen if "contact_reps" in s])


def test_the_colleagues_are_read_once_for_all_quiet_contacts(core, clock, engine):
    counts = []
    for n, companies in enumerate((("Acme",), ("Acme", "Globex", "Initech", "Umbrella"))):
        rep = Rep(core, f"rep{n}")
        for company in companies:
            gone_quiet(rep, f"Quiet {company} {n}", company)
            rep.say(f"+4 Warm {company} {n} ({company}): good call @2026-11-18")
        reachable(rep)
        clock.now = datetime(2026, 11, 20, 15, 0, tzinfo=UTC)
        inbox = Inbox()

        def run(inbox=inbox) -> None:
            clock.now = TUESDAY
            tick(make_pass(core, ConsoleSender(inbox)))

        counts.append(_statements(engine, run))
        [message] = inbox.of(rep.name, "nudge")
        assert "knows them well" in message.text
    assert counts[0] == counts[1], counts
