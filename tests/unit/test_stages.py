"""Stages: set by `stage`, kept as dated rows, shown in `history` and `balance`, offered
(never made) when a note reads like a move, and what health expects at each stage."""

from __future__ import annotations

import pytest
from sqlalchemy import func, select

from handlers.health.scoring import band
from storage.erase import erase_contact
from storage.models import Contact
from storage.stages.models import StageChange


def _fields(reply):
    return {f.label: f.value for f in reply.fields}


def _stage_rows(session_factory):
    with session_factory() as session:
        return [
            (r.company_id is not None, r.contact_id is not None, r.stage)
            for r in session.scalars(select(StageChange).order_by(StageChange.id))
        ]


def test_stage_moves_are_kept_with_date_and_who_and_shown(ana, clock, session_factory):
    ana.say("+2 Jane Doe (Acme): sent the case study")
    assert ana.say("stage Acme engaged").text == "Moved Acme to engaged."
    clock.advance(days=30)
    reply = ana.say("stage acme long term")
    assert reply.text == "Moved Acme to long-term (was engaged)."
    assert _stage_rows(session_factory) == [(True, False, "engaged"), (True, False, "long-term")]
    history = _fields(ana.say("history Jane Doe"))["Stage history"].splitlines()
    assert history[0].endswith("· Ana · engaged → long-term")
    assert history[1].endswith("· Ana · courting → engaged")
    stage = _fields(ana.say("balance Jane Doe"))["Stage"]
    assert stage.startswith("long-term since") and "today, by Ana" in stage
    shown = ana.say("stage Acme")
    assert "courting → engaged" in _fields(shown)["Stage history"]


def test_a_contact_at_a_company_moves_the_account(ana, session_factory):
    ana.say("+2 Jane Doe (Acme): sent the case study")
    reply = ana.say("stage Jane Doe first meeting")
    assert reply.text.startswith("Moved Acme to first-meeting")
    assert "the stage is the account's" in reply.text
    ana.say("+1 Sol Reyes: coffee")  # no company: the contact's own stage
    assert ana.say("stage Sol Reyes engaged").text == "Moved Sol Reyes to engaged."
    assert _stage_rows(session_factory) == [
        (True, False, "first-meeting"),
        (False, True, "engaged"),
    ]


@pytest.mark.parametrize(
    "typed, says",
    [
        (
            "stage Acme married",
            "“married” is not a stage. The stages are: courting, "
            "first-meeting, engaged, long-term, lapsed",
        ),
        ("stage Acmee engaged", "Did you mean Acme?"),
        ("stage Nobody engaged", "No account or contact called “Nobody”"),
        ("stage Acme engaged", "already engaged: nothing changed"),
    ],
)
def test_bad_stage_input_changes_nothing(ana, session_factory, typed, says):
    ana.say("+2 Jane Doe (Acme): sent the case study")
    ana.say("stage Acme engaged")
    before = _stage_rows(session_factory)
    reply = ana.say(typed)
    assert says in reply.text
    assert _stage_rows(session_factory) == before


def test_a_note_that_reads_like_a_move_offers_it_and_never_moves(ana, session_factory):
    ana.say("+1 Jane Doe (Acme): intro call")
    assert _stage_rows(session_factory) == []
    first = ana.last
    assert any(b.label == "Move Acme to first-meeting?" for b in first.buttons)
    reply = ana.say("+3 Jane Doe: they signed the contract")
    assert "This reads like a stage change: move Acme to engaged?" in reply.text
    assert _stage_rows(session_factory) == []  # offered, not made
    moved = ana.press("Move Acme to engaged?")
    assert moved.text == "Moved Acme to engaged."
    assert _stage_rows(session_factory) == [(True, False, "engaged")]
    # Already there, or a step back: nothing offered.
    again = ana.say("+1 Jane Doe: first meeting with their CFO went well")
    assert not any(b.label.startswith("Move") for b in again.buttons)
    renewed = ana.say("+3 Jane Doe: renewed for three years")
    assert any(b.label == "Move Acme to long-term?" for b in renewed.buttons)


def test_a_new_contact_is_courting_and_not_red_for_lack_of_history(ana, clock):
    ana.say("contact add Dana Lee (Globex)")
    fields = _fields(ana.say("balance Dana Lee"))
    health = fields["Health"]
    assert band(int(health.split()[0])) != "red"
    assert "not heard from yet: counted from when they were added" in health
    assert "expectations of the courting stage: in touch every 30 days" in health
    assert fields["Stage"].startswith("courting")
    # Months later, still never heard from: now it is red.
    clock.advance(days=120)
    late = _fields(ana.say("balance Dana Lee"))["Health"]
    assert int(late.split()[0]) <= 50


def test_health_expectations_follow_the_stage(ana, clock):
    ana.say("+1 Jane Doe (Acme): call")
    ana.say("fact Jane Doe goals: cut onboarding time")
    clock.advance(days=20)
    courting = _fields(ana.say("balance Jane Doe"))["Health"]
    ana.say("stage Acme engaged")
    engaged = _fields(ana.say("balance Jane Doe"))["Health"]
    # 20 days: inside courting's 30, past engaged's 14; one fact is more of 2 than of 5.
    assert "recency 100 (20 of 30 days)" in courting
    assert "(20 of 14 days)" in engaged
    assert int(engaged.split()[0]) < int(courting.split()[0])
    assert "engaged stage" in engaged


def test_stage_rows_are_erased_with_their_contact(ana, session_factory, clock):
    ana.say("+1 Sol Reyes: coffee")
    ana.say("stage Sol Reyes engaged")
    with session_factory() as session:
        sol = session.scalar(select(Contact).where(Contact.name == "Sol Reyes"))
        erase_contact(session, sol.workspace_id, sol.id, "test", clock.now)
        session.commit()
        assert session.scalar(select(func.count()).select_from(StageChange)) == 0


def test_the_account_view_shows_the_stage_its_moves_and_open_items(ana, clock):
    ana.say("+2 Jane Doe (Acme): sent the case study")
    ana.say("stage Acme engaged")
    clock.advance(days=3)
    ana.say("retro Acme: the weekly report arrives too late")
    fields = _fields(ana.say("account Acme"))
    assert fields["Stage"].startswith("engaged since") and "3 days ago, by Ana" in fields["Stage"]
    assert fields["Stage history"].endswith("· Ana · courting → engaged")
    assert "the weekly report arrives too late" in fields["Open retrospective items"]
    ana.say("retro resolve 1")
    assert "Open retrospective items" not in _fields(ana.say("account Acme"))


def test_settings_override_a_stages_expectations(session_factory, clock):
    from bot.settings import Settings
    from handlers.core import Core
    from tests.conftest import Rep

    policy = Settings(stage_cadence_days="engaged=7", stage_knowledge="engaged=0.2").policy()
    rep = Rep(Core(session_factory, policy, clock), "ana")
    rep.say("+1 Jane Doe (Acme): call")
    rep.say("stage Acme engaged")
    rep.say("fact Jane Doe goals: cut onboarding time")
    clock.advance(days=8)
    health = _fields(rep.say("balance Jane Doe"))["Health"]
    assert "(8 of 7 days)" in health and "knowledge 50" in health
    assert "engaged stage: in touch every 7 days, 2 professional facts known" in health
    with pytest.raises(ValueError, match="the stages being courting"):
        Settings(stage_cadence_days="married=3")


def test_a_stage_written_as_a_fact_moves_the_stage(ana, session_factory):
    ana.say("+1 Ben Ortiz (Globex): call")
    assert ana.say("fact Ben Ortiz stage: engaged").text.startswith("Moved Globex to engaged")
    assert "is not a stage" in ana.say("fact Ben Ortiz stage: dating").text
    assert _stage_rows(session_factory) == [(True, False, "engaged")]
