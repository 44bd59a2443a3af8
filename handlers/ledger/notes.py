"""Logging a note: parse, resolve the contact, decide the sign, record, or save as pending."""

from __future__ import annotations

from datetime import timedelta
from typing import TYPE_CHECKING

from handlers import actions
from handlers.amends import closing as amends
from handlers.amends import goodwill
from handlers.companies.choice import ask_company
from handlers.companies.names import BadName, company_name
from handlers.companies.placement import close_companies, company_for, known_company
from handlers.contacts.resolution import Resolution, resolve
from handlers.context import Ctx
from handlers.formatting import contact_label, kind_of, shorten, signed
from handlers.health.contact_health import headline
from handlers.ledger.grammar import GrammarError, NoteDraft, clean_text, parse_note
from handlers.ledger.when import parse_when
from handlers.messages import Button, Reply, error
from handlers.promises import offer as promise_offer
from handlers.stages import cues as stage_cues
from handlers.touches.silence import silence_line
from storage.ledger import ATTEMPT, TOUCH, NewEntry

if TYPE_CHECKING:
    from storage.models import Contact, LedgerEntry, PendingNote

SIGN_WORD = {1: "credit", -1: "debit"}


def log(ctx: Ctx, text: str) -> Reply:
    if ctx.source_id:
        already = redelivered(ctx)
        if already is not None:
            return already
    try:
        draft = parse_note(
            text,
            max_points=ctx.policy.max_points,
            categories=ctx.services.categories,
            max_chars=ctx.policy.max_note_chars,
        )
    except GrammarError as exc:
        return error(str(exc))
    return record(ctx, text, draft)


def record(ctx: Ctx, text: str, draft: NoteDraft, link: str | None = None) -> Reply:
    """A read note into the ledger, or saved as pending; `link` is the chat message a
    captured note came from. The caller has answered a redelivery already."""
    try:
        occurred_at = parse_when(draft.when_text, ctx.now, ctx.tz) if draft.when_text else ctx.now
    except GrammarError as exc:
        return error(str(exc))
    if draft.company:
        try:
            company_name(draft.company)
        except BadName as exc:
            return error(str(exc))
    kind, kind_cues = decide_kind(ctx, draft)
    if kind == ATTEMPT and (draft.sign is not None or draft.category):
        given = "points" if draft.sign is not None else f"#{draft.category}"
        return error(
            f"An attempt books no points and takes no category: drop the {given} or the "
            "#attempt, e.g. `Jane Doe: left a voicemail #attempt`."
        )
    if kind == ATTEMPT:
        # Sign 0 marks an attempt while it waits as pending (its points are never booked).
        sign, sign_source, cues = 0, ("given" if draft.kind else "read"), kind_cues
    else:
        sign, sign_source, cues = decide_sign(ctx, draft)
    resolution = resolve_for_note(ctx, draft)
    if not resolution.found and resolution.close:
        pending = save_pending(ctx, text, draft, occurred_at, sign, "contact", link=link)
        return ask_contact(ctx, pending, resolution.close)
    created = None
    contact = resolution.contact
    email = draft.contact if "@" in draft.contact and " " not in draft.contact else None
    company = None
    if draft.company and (contact is None or contact.company_id is None):
        company = known_company(ctx, draft.company, email)
        if company is None:
            close = close_companies(ctx, draft.company)
            if close:  # a near miss is never guessed: the rep picks
                pending = save_pending(ctx, text, draft, occurred_at, sign, "company", contact)
                return ask_company(pending, close)
            company = company_for(ctx, draft.company)
        if contact is not None:
            ctx.contacts.set_company(contact, company)
    if contact is None:
        company = company or known_company(ctx, None, email)
        contact = ctx.contacts.add(
            draft.contact, ctx.now, ctx.user.id, company=company, email=email
        )
        created = contact
    if sign is None:
        pending = save_pending(ctx, text, draft, occurred_at, None, "sign", contact, link)
        return ask_sign(ctx, pending, contact, created)
    entry = ctx.ledger.append(
        NewEntry(
            contact_id=contact.id,
            author_id=ctx.user.id,
            amount=sign * draft.points,
            note=draft.note,
            occurred_at=occurred_at,
            category=draft.category,
            source_id=ctx.source_id,
            sign_source=sign_source,
            link=link,
            kind=kind,
        ),
        ctx.now,
    )
    amends.credit_made_right(ctx, entry)
    return recorded(ctx, entry, contact, created=created is not None, cues=cues)


def decide_kind(ctx: Ctx, draft: NoteDraft) -> tuple[str, tuple[str, ...]]:
    """Touch or attempt: forced by #attempt / #touch, else read from the wording of a note
    that carries neither points nor a category (those say the rep means to score it)."""
    if draft.kind is not None:
        return draft.kind, ()
    if draft.sign is not None or draft.category:
        return TOUCH, ()
    reading = ctx.services.touch_reader.read(draft.note)
    return reading.kind, reading.cues


def resolve_for_note(ctx: Ctx, draft: NoteDraft) -> Resolution:
    """The contact a note names; when it names a new one, looked up again under the
    workspace's write lock, so concurrent notes about one new contact create it once."""
    resolution = resolve(ctx, draft.contact, draft.company)
    if resolution.found or resolution.close:
        return resolution
    ctx.contacts.lock_for_create()
    return resolve(ctx, draft.contact, draft.company)


def decide_sign(ctx: Ctx, draft: NoteDraft) -> tuple[int | None, str, tuple[str, ...]]:
    if draft.sign is not None:
        return draft.sign, "given", ()
    if draft.category:
        category_sign = ctx.services.categories[draft.category]["sign"]
        return (1 if category_sign == "credit" else -1), "read", (f"#{draft.category}",)
    reading = ctx.services.sign_reader.read(draft.note)
    return reading.sign, "read", reading.cues


def redelivered(ctx: Ctx) -> Reply | None:
    """The reply for a platform message already handled: the saved entry, never a second."""
    entry = ctx.ledger.by_source(ctx.source_id)
    if entry is not None:
        contact = ctx.contacts.get(entry.contact_id, include_archived=True)
        return recorded(ctx, entry, contact, already=True)
    pending = ctx.pending.by_source(ctx.source_id)
    if pending is None:
        return None
    if pending.entry_id is not None:
        entry = ctx.ledger.get(pending.entry_id)
        contact = ctx.contacts.get(entry.contact_id, include_archived=True)
        return recorded(ctx, entry, contact, already=True)
    return Reply(
        text=f"Already saved as pending: “{shorten(pending.note)}” for {pending.contact_text}. "
        "Use the buttons on my earlier reply to place it.",
        kind="pending",
    )


def save_pending(
    ctx: Ctx,
    raw: str,
    draft: NoteDraft,
    occurred_at,
    sign: int | None,
    reason: str,
    contact: Contact | None = None,
    link: str | None = None,
) -> PendingNote:
    return ctx.pending.add(
        user_id=ctx.user.id,
        raw_text=clean_text(raw)[:8000],
        contact_text=draft.contact,
        company=draft.company,
        contact_id=contact.id if contact else None,
        points=draft.points,
        sign=sign,
        category=draft.category,
        note=draft.note,
        occurred_at=occurred_at,
        source_id=ctx.source_id,
        link=link,
        reason=reason,
        status="open",
        created_at=ctx.now,
    )


def ask_contact(ctx: Ctx, pending: PendingNote, choices: list[Contact]) -> Reply:
    buttons = [
        Button(contact_label(c), actions.NOTE_CONTACT, f"{pending.id}:{c.id}") for c in choices
    ]
    buttons.append(
        Button(f"Create new “{pending.contact_text}”", actions.NOTE_NEW_CONTACT, str(pending.id))
    )
    buttons.append(Button("Discard", actions.NOTE_DISCARD, str(pending.id), style="danger"))
    return Reply(
        text=f"Who is “{pending.contact_text}”? I saved the note as pending "
        f"(“{shorten(pending.note)}”); pick the contact or create a new one.",
        kind="pending",
        buttons=tuple(buttons),
    )


def ask_sign(ctx: Ctx, pending: PendingNote, contact: Contact, created: Contact | None) -> Reply:
    points = pending.points
    created_line = f" New contact {contact_label(created)} created." if created else ""
    return Reply(
        text=f"Credit or debit? I can't tell from “{shorten(pending.note)}” "
        f"({contact_label(contact)}). Saved as pending, 0 points for now.{created_line}",
        kind="pending",
        buttons=(
            Button(f"Credit +{points}", actions.NOTE_SIGN, f"{pending.id}:1", style="primary"),
            Button(f"Debit −{points}", actions.NOTE_SIGN, f"{pending.id}:-1", style="danger"),
            Button("Discard", actions.NOTE_DISCARD, str(pending.id)),
        ),
    )


def recorded(
    ctx: Ctx,
    entry: LedgerEntry,
    contact: Contact,
    *,
    created: bool = False,
    cues: tuple[str, ...] = (),
    already: bool = False,
    replaces_original: bool = False,
) -> Reply:
    if entry.kind == ATTEMPT:
        return attempt_recorded(
            ctx,
            entry,
            contact,
            created=created,
            cues=cues,
            already=already,
            replaces_original=replaces_original,
        )
    lines = [
        f"{kind_of(entry.amount)} {signed(entry.amount)} → {contact_label(contact)}. "
        f"{headline(ctx, contact)}"
    ]
    if already:
        lines.insert(0, "Already recorded:")
    if entry.sign_source == "read":
        why = f" from {', '.join(cues)}" if cues else " from the wording"
        lines.append(f"Read as a {SIGN_WORD[1 if entry.amount > 0 else -1]}{why}.")
    if entry.occurred_at.date() != ctx.now.date():
        lines.append(f"Dated {entry.occurred_at.astimezone(ctx.tz):%a %Y-%m-%d}.")
    if created:
        lines.append(f"New contact {contact_label(contact)} created.")
    is_debit = entry.amount < 0 and not already
    if is_debit:  # what the balance can absorb, in place of a generic next step
        lines.append(goodwill.goodwill_line(ctx, entry, contact))
    lines += amends.credit_lines(ctx, entry, contact)
    buttons = []
    if entry.sign_source == "read" and not already:
        other = SIGN_WORD[-1 if entry.amount > 0 else 1]
        buttons.append(Button(f"Make it a {other}", actions.ENTRY_FLIP, str(entry.id)))
    if not already:
        buttons.append(Button("Undo", actions.ENTRY_UNDO, str(entry.id)))
        buttons += promise_offer.offer(ctx, entry)
    if is_debit:
        buttons.insert(0, goodwill.plan_button(entry))
    reply = Reply(
        text="\n".join(lines),
        kind="recorded",
        buttons=tuple(buttons),
        replaces_original=replaces_original,
    )
    return reply if already else stage_cues.offer(ctx, contact, entry.note, reply)


def attempt_recorded(
    ctx: Ctx,
    entry: LedgerEntry,
    contact: Contact,
    *,
    created: bool,
    cues: tuple[str, ...],
    already: bool,
    replaces_original: bool,
) -> Reply:
    """An attempt's reply: no points, and how long they have been silent."""
    lines = [f"Logged an attempt (no points). {silence_line(contact, ctx.now)}"]
    if already:
        lines.insert(0, "Already recorded:")
    if entry.sign_source == "read":
        why = ", ".join(f"“{c}”" for c in cues) if cues else "the wording"
        lines.append(
            f"Read as an attempt from {why}; if they answered, undo it and log it with #touch."
        )
    if entry.occurred_at.date() != ctx.now.date():
        lines.append(f"Dated {entry.occurred_at.astimezone(ctx.tz):%a %Y-%m-%d}.")
    if created:
        lines.append(f"New contact {contact_label(contact)} created.")
    buttons = () if already else (Button("Undo", actions.ENTRY_UNDO, str(entry.id)),)
    return Reply(
        text="\n".join(lines),
        kind="recorded",
        buttons=buttons,
        replaces_original=replaces_original,
    )


# --- button presses on pending notes ------------------------------------------------


def _open_pending(ctx: Ctx, pending_id: int) -> PendingNote | Reply:
    pending = ctx.pending.get(pending_id)
    if pending is None or pending.user_id != ctx.user.id:
        return error("That note is not yours to place, or it no longer exists.")
    if pending.status != "open":
        return error(f"That note was already {pending.status}.")
    return pending


def choose_sign(ctx: Ctx, value: str, _values: dict) -> Reply:
    pending_id, sign = actions.ints(value, 2)
    if sign not in (1, -1):
        raise actions.BadValue(value)
    pending = _open_pending(ctx, pending_id)
    if isinstance(pending, Reply):
        return pending
    pending.sign = sign
    return place(ctx, pending, sign_source="chosen")


def choose_contact(ctx: Ctx, value: str, _values: dict) -> Reply:
    pending_id, contact_id = actions.ints(value, 2)
    pending = _open_pending(ctx, pending_id)
    if isinstance(pending, Reply):
        return pending
    contact = ctx.contacts.get(contact_id)
    if contact is None:
        return error("That contact no longer exists; log the note again.")
    pending.contact_id = contact.id
    return _after_contact(ctx, pending, contact, created=None)


def create_contact(ctx: Ctx, value: str, _values: dict) -> Reply:
    (pending_id,) = actions.ints(value, 1)
    pending = _open_pending(ctx, pending_id)
    if isinstance(pending, Reply):
        return pending
    company = company_for(ctx, pending.company)
    contact = ctx.contacts.add(pending.contact_text, ctx.now, ctx.user.id, company=company)
    pending.contact_id = contact.id
    return _after_contact(ctx, pending, contact, created=contact)


def choose_company(ctx: Ctx, value: str, _values: dict) -> Reply:
    pending_id, company_id = actions.ints(value, 2)
    pending = _open_pending(ctx, pending_id)
    if isinstance(pending, Reply):
        return pending
    company = ctx.uow.companies.get(company_id)
    if company is None or company.merged_into_id is not None:
        return error("That company no longer exists; log the note again.")
    return _after_company(ctx, pending, company)


def create_company(ctx: Ctx, value: str, _values: dict) -> Reply:
    (pending_id,) = actions.ints(value, 1)
    pending = _open_pending(ctx, pending_id)
    if isinstance(pending, Reply):
        return pending
    try:
        company = company_for(ctx, pending.company)
    except BadName as exc:
        return error(str(exc))
    return _after_company(ctx, pending, company)


def _after_company(ctx: Ctx, pending: PendingNote, company) -> Reply:
    """The company is settled: place the contact there, then go on as for any note."""
    pending.company = company.name
    if pending.contact_id is not None:
        contact = ctx.contacts.get(pending.contact_id)
        if contact is None:
            return error("That contact no longer exists; log the note again.")
        if contact.company_id is None:
            ctx.contacts.set_company(contact, company)
        return _after_contact(ctx, pending, contact, created=None)
    resolution = resolve(ctx, pending.contact_text, company.name)
    if resolution.found:
        contact = resolution.contact
        if contact.company_id is None:
            ctx.contacts.set_company(contact, company)
        pending.contact_id = contact.id
        return _after_contact(ctx, pending, contact, created=None)
    if resolution.close:
        pending.reason = "contact"
        reply = ask_contact(ctx, pending, resolution.close)
        return Reply(
            text=reply.text, kind=reply.kind, buttons=reply.buttons, replaces_original=True
        )
    contact = ctx.contacts.add(pending.contact_text, ctx.now, ctx.user.id, company=company)
    pending.contact_id = contact.id
    return _after_contact(ctx, pending, contact, created=contact)


def discard(ctx: Ctx, value: str, _values: dict) -> Reply:
    (pending_id,) = actions.ints(value, 1)
    pending = _open_pending(ctx, pending_id)
    if isinstance(pending, Reply):
        return pending
    pending.status = "discarded"
    return Reply(
        text=f"Discarded the pending note “{shorten(pending.note)}”.",
        replaces_original=True,
    )


def _after_contact(ctx: Ctx, pending: PendingNote, contact: Contact, created) -> Reply:
    if pending.sign is None:
        pending.reason = "sign"
        reply = ask_sign(ctx, pending, contact, created)
        return Reply(
            text=reply.text, kind=reply.kind, buttons=reply.buttons, replaces_original=True
        )
    return place(ctx, pending, sign_source="given", created=created is not None)


def place(ctx: Ctx, pending: PendingNote, sign_source: str, created: bool = False) -> Reply:
    contact = ctx.contacts.get(pending.contact_id)
    if contact is None:
        return error("That contact no longer exists; log the note again.")
    entry = ctx.ledger.append(
        NewEntry(
            contact_id=contact.id,
            author_id=ctx.user.id,
            amount=pending.sign * pending.points,
            note=pending.note,
            occurred_at=pending.occurred_at,
            category=pending.category,
            source_id=pending.source_id,
            sign_source=sign_source,
            link=pending.link,
            kind=ATTEMPT if pending.sign == 0 else TOUCH,
        ),
        ctx.now,
    )
    pending.status = "placed"
    pending.entry_id = entry.id
    amends.credit_made_right(ctx, entry)
    return recorded(ctx, entry, contact, created=created, replaces_original=True)


# --- undo and flip --------------------------------------------------------------------


def _own_live_entry(ctx: Ctx, entry_id: int) -> LedgerEntry | Reply:
    entry = ctx.ledger.get(entry_id)
    if entry is None:
        return error("That entry no longer exists.")
    if entry.author_id != ctx.user.id:
        return error("Only the author of an entry can undo or change it.")
    if entry.reverses_id is not None:
        return error("That entry is itself an undo; log the note again instead.")
    if ctx.ledger.is_reversed(entry.id):
        return error("That entry was already undone.")
    return entry


# An entry older than this is not undone by a bare `undo`: the rep confirms which one.
UNDO_WITHOUT_ASKING = timedelta(days=1)


def undo_command(ctx: Ctx, rest: str) -> Reply:
    """`undo`: your newest entry (asking first when it is old); `undo #<n>`: entry n, as
    numbered in `history` — the way to correct an old entry in an append-only ledger."""
    number = rest.strip().removeprefix("#")
    if number:
        if not (number.isascii() and number.isdigit() and len(number) <= 18):
            return error("Use `undo` for your last entry, or `undo #<n>` (see `history`).")
        entry = _own_live_entry(ctx, int(number))
        return entry if isinstance(entry, Reply) else _undo(ctx, entry, replaces_original=False)
    entry = ctx.ledger.last_undoable(ctx.user.id)
    if entry is None:
        return Reply(text="Nothing of yours to undo.")
    if min(entry.occurred_at, entry.created_at) < ctx.now - UNDO_WITHOUT_ASKING:
        contact = ctx.contacts.get(entry.contact_id, include_archived=True)
        return Reply(
            text=f"Undo the note from {_day(ctx, entry)} about {contact_label(contact)} "
            f"(#{entry.id}, {signed(entry.amount)}): “{shorten(entry.note)}”?",
            kind="confirm",
            buttons=(Button("Undo it", actions.ENTRY_UNDO, str(entry.id), style="danger"),),
        )
    return _undo(ctx, entry, replaces_original=False)


def _day(ctx: Ctx, entry: LedgerEntry) -> str:
    return f"{entry.occurred_at.astimezone(ctx.tz):%d %b %Y}"


def undo_entry(ctx: Ctx, value: str, _values: dict) -> Reply:
    (entry_id,) = actions.ints(value, 1)
    entry = _own_live_entry(ctx, entry_id)
    if isinstance(entry, Reply):
        return entry
    return _undo(ctx, entry, replaces_original=True)


def _undo(ctx: Ctx, entry: LedgerEntry, replaces_original: bool) -> Reply:
    ctx.ledger.reverse(entry, ctx.user.id, ctx.now)
    contact = ctx.contacts.get(entry.contact_id, include_archived=True)
    text = (
        f"Undone: {signed(entry.amount)} {contact_label(contact)}: “{shorten(entry.note)}”. "
        f"{headline(ctx, contact)}\nThat was entry #{entry.id}, the note from {_day(ctx, entry)}."
    )
    for line in amends.debit_undone(ctx, entry):
        text += f"\n{line}"
    if _created_with(ctx, contact, entry):
        ctx.contacts.archive(contact, ctx.now)
        text += f"\nRemoved the new contact {contact_label(contact)} it had created."
    return Reply(text=text, kind="undone", replaces_original=replaces_original)


def _created_with(ctx: Ctx, contact: Contact, entry: LedgerEntry) -> bool:
    """A contact created by this very note that now holds nothing: undo takes it away too."""
    if (
        contact.created_by_id != ctx.user.id
        or contact.archived_at is not None
        or contact.created_at != entry.created_at
    ):
        return False
    ctx.contacts.refresh(contact)
    return contact.entry_count == 0 and not ctx.facts.current(contact.id, ctx.user.id)


def flip_entry(ctx: Ctx, value: str, _values: dict) -> Reply:
    (entry_id,) = actions.ints(value, 1)
    entry = _own_live_entry(ctx, entry_id)
    if isinstance(entry, Reply):
        return entry
    if entry.kind == ATTEMPT:
        return error("An attempt has no sign to flip; undo it and log the note again.")
    ctx.ledger.reverse(entry, ctx.user.id, ctx.now)
    flipped = ctx.ledger.append(
        NewEntry(
            contact_id=entry.contact_id,
            author_id=ctx.user.id,
            amount=-entry.amount,
            note=entry.note,
            occurred_at=entry.occurred_at,
            category=entry.category,
            sign_source="chosen",
            link=entry.link,
        ),
        ctx.now,
    )
    contact = ctx.contacts.get(entry.contact_id)
    return recorded(ctx, flipped, contact, replaces_original=True)
