"""Opening the log form from a chat message, and logging what the rep submits.

The adapter sends the message as `capture.open` with its text, author and link, and
the message's identity as the idempotency key: the same message logs one entry, however
often the shortcut is pressed or the form submitted.
"""

from __future__ import annotations

from handlers import forms
from handlers.capture.suggestion import named_contacts
from handlers.context import Ctx
from handlers.formatting import contact_label, shorten
from handlers.ledger import notes
from handlers.ledger.grammar import MAX_CONTACT_CHARS, NoteDraft, clean_text, split_company
from handlers.messages import Reply, error

OPEN = "capture.open"  # values: text, author, link (from the adapter, not a button)
LOG = "capture.log"  # the form's submission; its value is the message's link
NOTE_PREFILL_CHARS = 2000  # the link keeps the whole message; the note its gist
MAX_LINK_CHARS = 2000
NAMES_SHOWN = 5


def open_form(ctx: Ctx, _value: str, values: dict) -> Reply:
    """The log form prefilled from the message, or the entry it was already logged as."""
    if ctx.source_id:
        already = notes.redelivered(ctx)
        if already is not None:
            return already
    text = clean_text(str(values.get("text") or ""))
    author = clean_text(str(values.get("author") or ""))[:MAX_CONTACT_CHARS]
    link = safe_link(values.get("link"))
    named = named_contacts(ctx, text, author)
    note = f"{author} wrote: {text}" if author and text else text
    lines = [f"From {author or 'a message'}" + (f" · {link}" if link else "")]
    if len(named) == 1:
        lines.append(f"Contact suggested from the message: {contact_label(named[0])}. Check it.")
    elif named:
        names = ", ".join(contact_label(c) for c in named[:NAMES_SHOWN])
        lines.append(f"The message names {names}: pick the contact.")
    else:
        lines.append("No known contact is named in the message: pick or type one.")
    return forms.log_form(
        contact_label(named[0]) if len(named) == 1 else "",
        note=shorten(note, NOTE_PREFILL_CHARS),
        action_id=LOG,
        value=link or "",
        description="\n".join(lines),
    )


def submit(ctx: Ctx, value: str, values: dict) -> Reply:
    """The submitted form as a note, kept with the message's link; the note is taken as
    written (a '#' or an '@' in a message is no category or date)."""
    if ctx.source_id:
        already = notes.redelivered(ctx)
        if already is not None:
            return already
    try:
        fields = forms.read_log_form(values, ctx.policy.max_points)
    except forms.FormError as exc:
        return error(str(exc), exc.field)
    name, company = split_company(fields.contact)
    if not name or len(name) > MAX_CONTACT_CHARS:
        return error(f"Name the contact (at most {MAX_CONTACT_CHARS} characters).", "contact")
    if len(fields.note) > ctx.policy.max_note_chars:
        return error(
            f"That note is {len(fields.note):,} characters; the most is "
            f"{ctx.policy.max_note_chars:,}. Keep the gist: the link keeps the message.",
            "note",
        )
    sign = 1 if fields.sign == "credit" else -1
    draft = NoteDraft(name, company, sign, fields.points, fields.note, None, fields.when or None)
    reply = notes.record(ctx, fields.text(), draft, link=safe_link(value))
    return error(reply.text, "when") if reply.is_error else reply


def safe_link(raw: object) -> str | None:
    """A web link to show in `history`; anything else (a tampered value) is not kept."""
    link = str(raw or "").strip()
    web = link.startswith("https://") and not any(c.isspace() for c in link)
    return link if web and len(link) <= MAX_LINK_CHARS else None
