"""`nudges`: defaults, each setting, clear errors, the next send time."""

from __future__ import annotations


def fields(reply) -> dict[str, str]:
    return {f.label: f.value for f in reply.fields}


def test_defaults_show_next_send_time(ana):
    reply = ana.say("nudges")
    shown = fields(reply)
    assert "on" in reply.text
    assert shown["Time"] == "09:00"
    assert shown["Days"] == "Mon–Fri"
    assert shown["Per day"] == "1"
    # START is Friday 2026-11-20 15:00 UTC: the next one is Monday 09:00 UTC.
    assert shown["Next"].startswith("Mon 2026-11-23 09:00")


def test_platform_timezone_is_the_default(core):
    from tests.conftest import Rep

    rep = Rep(core, "cara", timezone="America/New_York")
    shown = fields(rep.say("nudges"))
    assert shown["Timezone"].startswith("America/New_York")
    # 15:00 UTC is 10:00 in New York: today's 09:00 is still within the grace window
    # and not yet sent, so the next pass sends it (as the scheduler will).
    assert shown["Next"].startswith("Fri 2026-11-20 09:00")
    assert shown["Next"].endswith("(due now: on the next pass)")


def test_time_days_tz_per_day(ana):
    assert fields(ana.say("nudges time 8:30"))["Time"] == "08:30"
    assert fields(ana.say("nudges time 5pm"))["Time"] == "17:00"
    assert fields(ana.say("nudges days mon,wed,fri"))["Days"] == "Mon, Wed, Fri"
    assert fields(ana.say("nudges days sat-sun"))["Days"] == "Sat, Sun"
    assert fields(ana.say("nudges days daily"))["Days"] == "Mon–Sun"
    shown = fields(ana.say("nudges tz Europe/Berlin"))
    assert shown["Timezone"] == "Europe/Berlin"
    # Friday 15:00 UTC is 16:00 in Berlin: 17:00 Berlin today is still to come.
    assert shown["Next"].startswith("Fri 2026-11-20 17:00")
    assert fields(ana.say("nudges per-day 2"))["Per day"] == "2"
    assert "timezone unknown, using UTC" in fields(ana.say("nudges tz auto"))["Timezone"]


def test_bad_values_get_the_right_form(ana):
    for text, hint in [
        ("nudges time 25:00", "nudges time 08:30"),
        ("nudges time soon", "nudges time 08:30"),
        ("nudges days funday", "mon-fri"),
        ("nudges tz Mars/Olympus", "Europe/Berlin"),
        ("nudges per-day 9", "from 1 to 5"),
        ("nudges pause later", "2026-12-24..2027-01-02"),
        ("nudges pause 2027-01-02..2026-12-24", "before it starts"),
        ("nudges loudly", "nudges time 08:30"),
    ]:
        reply = ana.say(text)
        assert reply.is_error, text
        assert hint in reply.text, (text, reply.text)
    assert fields(ana.say("nudges"))["Time"] == "09:00"  # nothing half-saved


def test_pause_and_off_and_on(ana, clock):
    shown = fields(ana.say("nudges pause 2w"))
    assert shown["Paused"] == "2026-11-20 to 2026-12-03"
    assert shown["Next"].startswith("Fri 2026-12-04 09:00")
    shown = fields(ana.say("nudges pause 2026-12-24..2027-01-02"))
    assert shown["Paused"] == "2026-12-24 to 2027-01-02"
    assert shown["Next"].startswith("Mon 2026-11-23")
    reply = ana.say("nudges off")
    assert "off" in reply.text and fields(reply)["Next"].startswith("none")
    shown = fields(ana.say("nudges on"))
    assert shown["Paused"] == "no" and shown["Next"].startswith("Mon 2026-11-23")


def test_next_is_the_slot_the_scheduler_will_send(ana, core, clock):
    """Tuesday's 20:00 question is still to come at 20:30 (before the pass has run):
    `nudges` shows it, not Wednesday's; once the pass has sent it, Wednesday."""
    from datetime import UTC, datetime

    from bot.console.sender import ConsoleSender
    from tests.unit.nudging import Inbox, make_pass, reachable, tick

    ana.say("+2 Jane Doe (Acme): delivered the migration early")
    ana.say("nudges time 20:00")
    reachable(ana)
    clock.now = datetime(2026, 11, 24, 20, 30, tzinfo=UTC)  # Tuesday
    assert fields(ana.say("nudges"))["Next"].startswith("Tue 2026-11-24 20:00")
    inbox = Inbox()
    tick(make_pass(core, ConsoleSender(inbox)))
    assert inbox.of("ana", "nudge")
    assert fields(ana.say("nudges"))["Next"] == "Wed 2026-11-25 20:00 (UTC)"


def test_an_unknown_timezone_falls_back_and_says_so(core, clock):
    """A rep whose platform gave no timezone is nudged on the workspace default."""
    from datetime import UTC, datetime

    from bot.console.sender import ConsoleSender
    from tests.conftest import Rep
    from tests.unit.nudging import Inbox, make_pass, reachable, tick

    rep = Rep(core, "dev", timezone=None)
    rep.say("+2 Jane Doe (Acme): delivered the migration early")
    shown = fields(rep.say("nudges"))["Timezone"]
    assert shown == "UTC: timezone unknown, using UTC: set it with `nudges tz …`"
    reachable(rep)
    clock.now = datetime(2026, 11, 24, 9, 0, tzinfo=UTC)
    inbox = Inbox()
    tick(make_pass(core, ConsoleSender(inbox)))
    assert inbox.of("dev", "nudge")
    rep.say("nudges tz Europe/Berlin")
    assert fields(rep.say("nudges"))["Timezone"] == "Europe/Berlin"
