"""The unit of work's repositories and views (SQLite and PostgreSQL): workspace scoping,
and the storage methods that carry logic of their own."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import pytest

from storage.identities import Identities
from storage.ledger import NewEntry
from storage.unit_of_work import NotBound, UnitOfWork

NOW = datetime(2026, 11, 24, 9, 0, tzinfo=UTC)
HALF_LIFE = 90.0


def uow_of(session_factory) -> UnitOfWork:
    return UnitOfWork(session_factory, HALF_LIFE)


def rep_in(uow: UnitOfWork, workspace: str, rep: str = "ana") -> int:
    """Resolve (and bind to) a console workspace; the rep's user id."""
    _ws, user, _ = uow.resolve(Identities(), "console", workspace, rep, rep.title(), "UTC", NOW)
    return user.id


def slot(user_id: int, day: date, name: str, **values) -> dict:
    return {
        "user_id": user_id,
        "local_date": day,
        "slot": name,
        "kind": "question",
        "status": "pending",
        "attempts": 0,
        "due_at": NOW,
        "next_attempt_at": NOW,
        "created_at": NOW,
        "payload": {"text": name},
        **values,
    }


def test_a_workspace_repository_needs_a_bound_workspace(session_factory):
    with uow_of(session_factory) as uow:
        with pytest.raises(NotBound):
            uow.contacts.count()
        assert uow.outbox.expire(NOW) == 0  # the scheduler's queue needs no workspace
    with UnitOfWork(session_factory) as uow:
        rep_in(uow, "acme")
        with pytest.raises(NotBound, match="half-life"):
            uow.ledger.last_undoable(1)


def test_repositories_see_only_the_bound_workspace(session_factory):
    with uow_of(session_factory) as uow:
        ana = rep_in(uow, "acme")
        jane = uow.contacts.add("Jane Doe", NOW, ana)
        uow.ledger.append(NewEntry(jane.id, ana, 2, "call", NOW), NOW)
        acme = uow.workspace_id
        rep_in(uow, "globex")  # rebinding hands out repositories of the other workspace
        assert uow.contacts.count() == 0
        assert uow.contacts.get(jane.id, include_archived=True) is None
        assert uow.ledger.get(1) is None
        uow.bind(acme)
        assert uow.contacts.count() == 1
        assert uow.contacts.get(jane.id).balance == 2


def test_contact_rename_archive_and_cadence(session_factory):
    with uow_of(session_factory) as uow:
        ana = rep_in(uow, "acme")
        acme_co = uow.companies.add("Acme", NOW, ana)
        jane = uow.contacts.add("Jane Doe", NOW, ana, company=acme_co)
        uow.contacts.rename(jane, "Janet Doe")  # no company given: the old one stays
        assert (jane.name, jane.company) == ("Janet Doe", "Acme")
        uow.contacts.rename(jane, "Janet Doe", uow.companies.add("Globex", NOW, ana))
        assert [c.id for c in uow.contacts.find_exact("janet  doe")] == [jane.id]
        assert jane.company == "Globex"
        uow.contacts.set_cadence(jane, 14)
        uow.contacts.archive(jane, NOW)
        uow.commit()
    with uow_of(session_factory) as uow:
        rep_in(uow, "acme")
        assert uow.contacts.find_exact("Janet Doe") == []
        kept = uow.contacts.get(jane.id, include_archived=True)
        assert (kept.cadence_days, kept.archived_at) == (14, NOW)


def test_merge_moves_entries_and_the_audit_log_records_it(session_factory):
    with uow_of(session_factory) as uow:
        ana = rep_in(uow, "acme")
        short, full = uow.contacts.add("Jane D", NOW, ana), uow.contacts.add("Jane Doe", NOW, ana)
        uow.ledger.append(NewEntry(short.id, ana, 3, "demo", NOW), NOW)
        moved = uow.contacts.merge(short, full, NOW)
        uow.ledger.recompute([full.id, short.id])
        uow.contacts.refresh(full)
        event = uow.audit.record("ana", "contact.merge", {"from": short.id, **moved}, NOW)
        uow.flush()
        assert moved["entries"] == 1 and full.balance == 3
        assert (event.workspace_id, event.action) == (uow.workspace_id, "contact.merge")
        assert [c.id for c in uow.contacts.find_exact("Jane D")] == [full.id]


def test_open_question_is_the_newest_sent_one_and_closing_takes_it_away(session_factory):
    day = NOW.date()
    with uow_of(session_factory) as uow:
        ana = rep_in(uow, "acme")
        jane = uow.contacts.add("Jane Doe", NOW, ana)
        ids = uow.nudges.claim_many(
            [
                slot(ana, day, "question:1", contact_id=jane.id),
                slot(ana, day, "question:2", contact_id=jane.id),
            ]
        )
        assert uow.nudges.claim(slot(ana, day, "question:1")) is None  # claimed once
        assert uow.nudges.claimed_slots([ana], [day]) == {
            (ana, day, "question:1"),
            (ana, day, "question:2"),
        }
        first, second = ids[(ana, day, "question:1")], ids[(ana, day, "question:2")]
        assert uow.nudges.open_question(ana) is None  # claimed, not sent yet
        for nudge_id, sent in ((first, NOW), (second, NOW + timedelta(minutes=1))):
            uow.outbox.finish(nudge_id, status="sent", sent_at=sent)
        uow.commit()
    with uow_of(session_factory) as uow:
        ana = rep_in(uow, "acme")
        newest = uow.nudges.open_question(ana)
        assert newest.id == second
        uow.nudges.close(newest, "snoozed", NOW, snooze_until=day + timedelta(days=7))
        assert uow.nudges.open_question(ana).id == first
        assert (newest.status, newest.snooze_until) == ("snoozed", day + timedelta(days=7))
        rep_in(uow, "globex", "ana")  # the same rep id in another workspace owns nothing
        assert uow.nudges.of(ana, first) is None


def test_muting_a_contact_twice_keeps_one_mute(session_factory):
    with uow_of(session_factory) as uow:
        ana = rep_in(uow, "acme")
        jane = uow.contacts.add("Jane Doe", NOW, ana)
        uow.nudges.mute(ana, jane.id, NOW)
        uow.flush()
        uow.nudges.mute(ana, jane.id, NOW)
        assert uow.nudge_inputs.muted([ana]) == {ana: {jane.id}}


def test_a_team_digest_is_set_replaced_and_cleared(session_factory):
    with uow_of(session_factory) as uow:
        ana = rep_in(uow, "acme")
        assert uow.team_digests.current() is None
        uow.team_digests.set(ana, {"channel": "C1"}, "sales", NOW)
        uow.flush()
        uow.team_digests.set(ana, {"channel": "C2"}, "deals", NOW)
        uow.flush()
        current = uow.team_digests.current()
        assert (current.address, current.label) == ({"channel": "C2"}, "deals")
        uow.team_digests.clear()
        uow.flush()
        assert uow.team_digests.current() is None


def test_the_outbox_leases_a_slot_with_where_it_goes(session_factory):
    day = NOW.date()
    with uow_of(session_factory) as uow:
        ana, ben = rep_in(uow, "acme", "ana"), rep_in(uow, "acme", "ben")
        uow.addresses.save(ana, "console", {"user": "ana"}, NOW)
        ids = uow.nudges.claim_many([slot(ana, day, "digest"), slot(ben, day, "digest")])
        uow.commit()
    with uow_of(session_factory) as uow:
        assert [r.user_id for r in uow.outbox.reachable_reps(("console",))] == [ana]
        assert uow.outbox.deliverable(NOW, ("slack",)) == []
        due = uow.outbox.deliverable(NOW, ("console",))
        leased = uow.outbox.take(due, NOW, timedelta(minutes=5))
        assert uow.outbox.take(due, NOW, timedelta(minutes=5)) == []  # leased once
    by_rep = {s.user_external_id: s for s in leased}
    assert by_rep["ana"].nudge_id == ids[(ana, day, "digest")]
    assert (by_rep["ana"].address, by_rep["ben"].address) == ({"user": "ana"}, None)
    assert (by_rep["ana"].platform, by_rep["ana"].workspace_external_id) == ("console", "acme")
    assert (by_rep["ana"].attempts, by_rep["ana"].payload) == (1, {"text": "digest"})


def test_digest_views_read_one_rep_one_week_one_workspace(session_factory):
    with uow_of(session_factory) as uow:
        ana, ben = rep_in(uow, "acme", "ana"), rep_in(uow, "acme", "ben")
        jane = uow.contacts.add("Jane Doe", NOW, ana)
        gone = uow.contacts.add("Old Contact", NOW, ana)
        uow.contacts.archive(gone, NOW)
        week_ago = NOW - timedelta(days=7)
        for author, amount, when in ((ana, 2, NOW), (ana, -1, week_ago), (ben, 5, NOW)):
            uow.ledger.append(NewEntry(jane.id, author, amount, "n", when), NOW)
        uow.ledger.append(NewEntry(jane.id, ana, 9, "old", week_ago - timedelta(days=1)), NOW)
        uow.facts.record(jane.id, "goal", "professional", "a promotion", ana, NOW)
        uow.facts.record(jane.id, "kpi", "professional", "churn", ben, NOW)
        today = NOW.date()
        soon = uow.promises.add(ana, jane.id, "send the deck", today + timedelta(days=2), NOW)
        uow.promises.add(ana, jane.id, "later", today + timedelta(days=30), NOW)
        done = uow.promises.add(ana, jane.id, "done", today, NOW)
        uow.promises.close(done, "kept", NOW, None)
        uow.flush()
        assert [tuple(r) for r in uow.digests.entries_by(ana, week_ago)] == [
            (jane.id, -1, "n"),
            (jane.id, 2, "n"),
        ]
        due = uow.digests.open_promises_due_by(ana, today + timedelta(days=6))
        assert [p.id for p in due] == [soon.id]
        assert [tuple(r) for r in uow.digests.facts_learned(ana, week_ago)] == [
            (jane.id, "goal", "a promotion")
        ]
        assert [c.id for c in uow.digests.active_contacts()] == [jane.id]
        rep_in(uow, "globex")
        assert uow.digests.active_contacts() == []
        assert list(uow.digests.entries_by(ana, week_ago)) == []
