"""Reading "when" a note happened, in the rep's timezone, against a fixed now."""

from __future__ import annotations

from datetime import UTC, datetime
from zoneinfo import ZoneInfo

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from handlers.ledger.grammar import GrammarError
from handlers.ledger.when import parse_when, zone

NOW = datetime(2026, 11, 20, 15, 0, tzinfo=UTC)  # Friday 15:00 UTC
UTC_ZONE = ZoneInfo("UTC")
BERLIN = ZoneInfo("Europe/Berlin")  # UTC+1 in November
LOS_ANGELES = ZoneInfo("America/Los_Angeles")  # UTC-8 in November
AUCKLAND = ZoneInfo("Pacific/Auckland")  # UTC+13 in November: already Saturday there


WHEN_WORDS = (
    "last", "next", "tuesday", "2026", "-", "01", "13", "ago", "3 days", "0001",
    "9999", "yesterday", "at", "25:00", "9pm", "+14:00", " ", "/", ".",
)  # fmt: skip


def local_date(text: str, tz: ZoneInfo) -> str:
    return parse_when(text, NOW, tz).astimezone(tz).date().isoformat()


def test_yesterday_is_the_day_before_in_the_reps_timezone():
    assert local_date("yesterday", UTC_ZONE) == "2026-11-19"
    assert local_date("yesterday", LOS_ANGELES) == "2026-11-19"
    # In Auckland it is Saturday morning, so yesterday is Friday the 20th.
    assert local_date("yesterday", AUCKLAND) == "2026-11-20"


@pytest.mark.parametrize("text", ["last Tuesday", "last tuesday", "LAST TUESDAY"])
def test_last_tuesday_is_the_most_recent_past_tuesday(text):
    assert local_date(text, UTC_ZONE) == "2026-11-17"
    assert local_date(text, AUCKLAND) == "2026-11-17"


def test_iso_date_is_midnight_in_the_given_timezone():
    assert parse_when("2026-11-03", NOW, UTC_ZONE) == datetime(2026, 11, 3, tzinfo=UTC)
    assert parse_when("2026-11-03", NOW, BERLIN) == datetime(2026, 11, 2, 23, 0, tzinfo=UTC)
    assert parse_when("2026-11-03", NOW, LOS_ANGELES) == datetime(2026, 11, 3, 8, 0, tzinfo=UTC)


def test_result_is_utc():
    assert parse_when("yesterday", NOW, BERLIN).utcoffset().total_seconds() == 0


def test_today_as_an_iso_date_is_accepted():
    assert parse_when("2026-11-20", NOW, UTC_ZONE) == datetime(2026, 11, 20, tzinfo=UTC)
    # Saturday the 21st has begun in Auckland.
    assert local_date("2026-11-21", AUCKLAND) == "2026-11-21"


@pytest.mark.parametrize(
    ("text", "tz"),
    [
        ("tomorrow", UTC_ZONE),
        ("next week", UTC_ZONE),
        ("in 3 days", BERLIN),
        ("2027-01-01", UTC_ZONE),
        # Tomorrow's date, only nine hours ahead of now: still the future.
        ("2026-11-21", UTC_ZONE),
        ("2026-11-21", LOS_ANGELES),
        ("2026-11-22", AUCKLAND),
    ],
)
def test_future_dates_are_rejected(text, tz):
    with pytest.raises(GrammarError, match="future"):
        parse_when(text, NOW, tz)


@pytest.mark.parametrize(
    "text", ["blorp", "asdf qwer", "", "   ", "0", "12", "2026-02-30", "2026-13-01", "99999-01-01"]
)
def test_gibberish_gives_a_clear_error_with_examples(text):
    with pytest.raises(GrammarError) as caught:
        parse_when(text, NOW, UTC_ZONE)
    message = str(caught.value)
    assert "couldn't read" in message
    assert "@yesterday" in message and "@2026-11-03" in message


@pytest.mark.parametrize("tz", [UTC_ZONE, LOS_ANGELES, AUCKLAND, ZoneInfo("Asia/Tokyo")])
def test_a_date_out_of_range_is_an_error_not_a_crash(tz):
    with pytest.raises(GrammarError):
        parse_when("0001-01-01", NOW, tz)


def test_a_typo_in_the_year_is_caught():
    with pytest.raises(GrammarError, match="check the year"):
        parse_when("1026-11-03", NOW, UTC_ZONE)


def test_zone_falls_back_to_the_default_then_utc():
    assert zone("Europe/Berlin") == BERLIN
    assert zone("Not/AZone", "America/Los_Angeles") == LOS_ANGELES
    assert zone(None, "Nor/This") == UTC_ZONE


@settings(max_examples=300, deadline=None)
@given(
    text=st.one_of(
        st.text(max_size=40),
        st.lists(
            st.sampled_from(WHEN_WORDS),
            max_size=6,
        ).map("".join),
    ),
    tz=st.sampled_from([UTC_ZONE, LOS_ANGELES, AUCKLAND, ZoneInfo("Pacific/Kiritimati")]),
)
def test_any_text_gives_a_past_utc_moment_or_a_grammar_error(text, tz):
    try:
        moment = parse_when(text, NOW, tz)
    except GrammarError as exc:
        assert str(exc).strip()
        return
    assert moment.utcoffset().total_seconds() == 0
    assert moment.astimezone(tz).date() <= NOW.astimezone(tz).date()


# --- through the core: the rep's own timezone dates the note ---------------------------------


def test_the_reps_timezone_dates_a_note(core, session_factory):
    from sqlalchemy import select

    from storage.models import LedgerEntry
    from tests.conftest import Rep

    kiwi = Rep(core, "kiri", timezone="Pacific/Auckland")  # Saturday 04:00 there
    reply = kiwi.say("+1 Jane Doe: sent the deck @2026-11-21")
    assert reply.kind == "recorded", reply
    reply = kiwi.say("+1 Jane Doe: called back @yesterday")
    assert reply.kind == "recorded" and "Dated Fri 2026-11-20." in reply.text
    assert kiwi.say("+1 Jane Doe: too soon @2026-11-22").kind == "error"

    utc_rep = Rep(core, "ana")  # no timezone: the policy's default, UTC, where it is Friday
    reply = utc_rep.say("+1 Jane Doe: too soon @2026-11-21")
    assert reply.kind == "error" and "future" in reply.text

    with session_factory() as session:
        dates = list(session.scalars(select(LedgerEntry.occurred_at).order_by(LedgerEntry.id)))
    assert dates == [
        datetime(2026, 11, 20, 11, 0, tzinfo=UTC),  # midnight of the 21st in Auckland
        datetime(2026, 11, 19, 15, 0, tzinfo=UTC),  # this moment, a day earlier
    ]
