"""A logged note that makes a dated commitment ("I'll send the deck by Thursday") offers
a button to track it as a promise."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from handlers.actions import row_id
from handlers.context import Ctx
from handlers.messages import Button, Reply, error
from handlers.nudges.prefs import current_schedule
from handlers.promises.commands import TRACK, promises_of, recorded
from handlers.promises.due_dates import split_commitment

if TYPE_CHECKING:
    from storage.models import LedgerEntry

COMMITMENT = re.compile(
    r"\b(i'll|i will|we'll|we will|will|promised?|committed|commit to|going to|owe)\b",
    re.IGNORECASE,
)


def commitment_in(ctx: Ctx, note: str):
    """(what, due date) when the note promises something by a date still to come."""
    note = note.replace("’", "'")
    match = COMMITMENT.search(note)
    if match is None:
        return None
    schedule = current_schedule(ctx)
    # The promise starts at its commitment word: "great call, I'll send…" → "I'll send…".
    split = split_commitment(note[match.start() :], ctx.now, schedule.tz)
    if split is None or split[1] < schedule.local_today(ctx.now):
        return None
    return split


def offer(ctx: Ctx, entry: LedgerEntry) -> list[Button]:
    """The "Track as promise" button for a note with a dated commitment, else nothing."""
    if commitment_in(ctx, entry.note) is None:
        return []
    return [Button("Track as promise", TRACK, str(entry.id))]


def track(ctx: Ctx, value: str, _values: dict) -> Reply:
    ident = row_id(value)
    if ident is None:
        return error("That button's value is not valid.")
    entry = ctx.ledger.get(ident)
    if entry is None or entry.author_id != ctx.user.id:
        return error("That note is not yours, or it no longer exists.")
    source = f"entry:{entry.id}"  # pressing twice tracks it once
    already = promises_of(ctx).by_source(source)
    if already is not None:
        return recorded(ctx, already)
    found = commitment_in(ctx, entry.note)
    if found is None:
        return error("That note no longer names a date to come; use `promise …` instead.")
    what, due = found
    promise = promises_of(ctx).add(ctx.user.id, entry.contact_id, what, due, ctx.now, source)
    return recorded(ctx, promise)
