"""Forms: the structured way to log a note or record a fact (modal, card, prompts).

A submitted form is turned into the same text grammar, so there is one path to the ledger.
"""

from __future__ import annotations

from dataclasses import dataclass

from handlers.context import Ctx
from handlers.formatting import contact_label
from handlers.ledger import notes
from handlers.ledger.grammar import field_text
from handlers.messages import InputField, InputRequest, Reply, error
from handlers.profile import commands as profile

LOG_FORM = "form.log"
FACT_FORM = "form.fact"
CONTACTS = "contacts"  # suggestion source: the workspace's contacts
SUGGESTION_LIMIT = 20


def log_form(
    prefill_contact: str = "",
    *,
    note: str = "",
    action_id: str = LOG_FORM,
    value: str = "",
    description: str = "",
) -> Reply:
    """The log form; a captured message prefills the note and submits to its own action."""
    return Reply(
        text="Log a note",
        kind="form",
        input_request=InputRequest(
            title="Log a note",
            action_id=action_id,
            fields=(
                InputField("contact", "Contact", initial=prefill_contact, suggest=CONTACTS),
                InputField("sign", "Credit or debit", kind="choice", options=("credit", "debit")),
                InputField("points", "Points", kind="number", initial="1"),
                InputField("note", "What happened", kind="multiline", initial=note),
                InputField("when", "When (e.g. yesterday)", optional=True),
            ),
            value=value,
            description=description,
        ),
    )


def fact_form(keys: list[str], prefill_contact: str = "") -> Reply:
    return Reply(
        text="Record a fact",
        kind="form",
        input_request=InputRequest(
            title="Record a fact",
            action_id=FACT_FORM,
            fields=(
                InputField("contact", "Contact", initial=prefill_contact, suggest=CONTACTS),
                InputField("key", "What it is about", kind="choice", options=tuple(keys)),
                InputField("value", "The fact", kind="multiline"),
            ),
        ),
    )


class FormError(ValueError):
    """A field that needs fixing; `field` names it so a modal can show the error inline."""

    def __init__(self, field: str, message: str) -> None:
        super().__init__(message)
        self.field = field


def _required(values: dict, name: str, label: str) -> str:
    value = field_text(values, name)
    if not value:
        raise FormError(name, f"{label} is required.")
    if ":" in value and name == "contact":
        raise FormError(name, "A contact name cannot contain ':'.")
    return value


@dataclass(frozen=True)
class LogFields:
    contact: str
    sign: str  # "credit" | "debit"
    points: int
    note: str
    when: str

    def text(self) -> str:
        """The same note in the grammar a rep types."""
        when = f" @{self.when}" if self.when else ""
        return f"{self.sign} {self.points} {self.contact}: {self.note}{when}"


def read_log_form(values: dict, max_points: int) -> LogFields:
    """A submitted log form's fields, checked; FormError names the field to fix."""
    contact = _required(values, "contact", "Contact")
    sign = field_text(values, "sign").lower()
    if sign not in ("credit", "debit"):
        raise FormError("sign", "Choose credit or debit.")
    points = field_text(values, "points") or "1"
    if not (points.isascii() and points.isdigit()) or not 1 <= int(points) <= max_points:
        raise FormError("points", f"Points are whole numbers from 1 to {max_points}.")
    note = _required(values, "note", "What happened")
    return LogFields(contact, sign, int(points), note, field_text(values, "when"))


def log_text(values: dict, max_points: int) -> str:
    """The note grammar for a submitted log form; FormError names the field to fix."""
    return read_log_form(values, max_points).text()


def submit_log(ctx: Ctx, _value: str, values: dict) -> Reply:
    try:
        text = log_text(values, ctx.policy.max_points)
    except FormError as exc:
        return error(str(exc), exc.field)
    return notes.log(ctx, text)


def submit_fact(ctx: Ctx, _value: str, values: dict) -> Reply:
    try:
        contact = _required(values, "contact", "Contact")
        key = _required(values, "key", "What it is about")
        value = _required(values, "value", "The fact")
    except FormError as exc:
        return error(str(exc), exc.field)
    return profile.fact_command(ctx, f"{contact} {key}: {value}")


def suggest_contacts(ctx: Ctx, query: str) -> list[str]:
    """Contact labels matching what the rep has typed so far (type-ahead in a form)."""
    # "Jane Doe (Ac" while typing: the name, and the start of the company if any.
    name, _, company = (part.strip() for part in " ".join(query.split()).partition("("))
    company = company.rstrip(")").strip()
    found = ctx.contacts.search(name or company or None, limit=SUGGESTION_LIMIT)
    if company and name:  # "Jane Doe (Acme)": the name matched; keep that company's
        found = [c for c in found if (c.company or "").lower().startswith(company.lower())]
    return [contact_label(c) for c in found]


SUGGESTERS = {CONTACTS: suggest_contacts}
