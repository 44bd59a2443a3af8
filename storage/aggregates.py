"""Keeping the stored decay sums true to the half-life in force."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session, sessionmaker

from storage.ledger import Ledger
from storage.models import Contact, Setting

HALF_LIFE_KEY = "half_life_days"


def ensure_half_life(session_factory: sessionmaker[Session], half_life_days: float) -> bool:
    """Recompute every contact's aggregates if the half-life setting changed. True if it did."""
    with session_factory() as session:
        stored = session.get(Setting, HALF_LIFE_KEY)
        if stored is not None and float(stored.value) == half_life_days:
            return False
        if stored is not None:
            rows = session.execute(select(Contact.workspace_id, Contact.id)).all()
            by_workspace: dict[int, list[int]] = {}
            for workspace_id, contact_id in rows:
                by_workspace.setdefault(workspace_id, []).append(contact_id)
            for workspace_id, ids in by_workspace.items():
                Ledger(session, workspace_id, half_life_days).recompute(ids)
            stored.value = str(half_life_days)
        else:
            session.add(Setting(key=HALF_LIFE_KEY, value=str(half_life_days)))
        try:
            session.commit()
        except IntegrityError:  # another process starting at the same moment recorded it
            session.rollback()
            return False
        return True
