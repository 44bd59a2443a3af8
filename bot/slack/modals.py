"""A neutral form (InputRequest) as a Slack modal, and a submitted modal back as values."""

from __future__ import annotations

import json

from bot.slack.stash import option_key
from handlers.ledger.grammar import MAX_CONTACT_CHARS
from handlers.messages import InputField, InputRequest, Reply

FORM_CALLBACK = "relcap.form"
ELEMENT = "input"  # the one action id of each input block; the block id is the field name
TITLE_MAX = 24
METADATA_MAX = 3000
OPTIONS_MAX = 100
DESCRIPTION_MAX = 3000  # a section's text


OPTION_TEXT_MAX = 75


def _option(text: str) -> dict:
    """A choice the core defined (credit/debit, a fact key): short, its own value."""
    return {"text": {"type": "plain_text", "text": text[:OPTION_TEXT_MAX]}, "value": text[:150]}


def suggested_option(label: str) -> dict:
    """A contact offered by type-ahead: the value is a key (labels outgrow Slack's 150)."""
    return {
        "text": {"type": "plain_text", "text": label[:OPTION_TEXT_MAX]},
        "value": option_key(label),
    }


def prefills(form: InputRequest) -> list[str]:
    """The type-ahead fields' initial labels, for the caller to remember by key."""
    return [f.initial for f in form.fields if f.suggest and _prefill(f)]


def _prefill(field: InputField) -> str:
    # More than a name can hold is not a name (e.g. a long `fact` line without ':').
    return field.initial if len(field.initial) <= MAX_CONTACT_CHARS else ""


def element(field: InputField) -> dict:
    if field.suggest:
        # Type-ahead: Slack asks us for options (block_suggestion) as the rep types.
        picker = {"type": "external_select", "action_id": ELEMENT, "min_query_length": 1}
        if _prefill(field):
            picker["initial_option"] = suggested_option(field.initial)
        return picker
    if field.kind == "choice":
        select = {
            "type": "static_select",
            "action_id": ELEMENT,
            "options": [_option(o) for o in field.options[:100]],
        }
        if field.initial in field.options:
            select["initial_option"] = _option(field.initial)
        return select
    if field.kind == "number":
        # Slack checks digits; the core checks the range and answers inline if it is off.
        number = {"type": "number_input", "action_id": ELEMENT, "is_decimal_allowed": False}
        if field.initial:
            number["initial_value"] = field.initial
        return number
    if field.kind == "date":
        date = {"type": "datepicker", "action_id": ELEMENT}
        if field.initial:
            date["initial_date"] = field.initial
        return date
    text = {"type": "plain_text_input", "action_id": ELEMENT}
    if field.kind == "multiline":
        text["multiline"] = True
    if field.initial:
        text["initial_value"] = field.initial
    return text


def modal(form: InputRequest, context: dict | None = None) -> dict:
    """The view for views.open; `context` (e.g. the channel) rides in private_metadata."""
    suggest = {f.name: f.suggest for f in form.fields if f.suggest}
    metadata = json.dumps(
        {"action_id": form.action_id, "value": form.value, "suggest": suggest, **(context or {})},
        separators=(",", ":"),
    )
    if len(metadata) > METADATA_MAX:
        raise ValueError("form context too large for a modal")
    inputs = [
        {
            "type": "input",
            "block_id": field.name,
            "optional": field.optional,
            "label": {"type": "plain_text", "text": field.label[:2000]},
            "element": element(field),
        }
        for field in form.fields
    ]
    return {
        "type": "modal",
        "callback_id": FORM_CALLBACK,
        "private_metadata": metadata,
        "title": {"type": "plain_text", "text": form.title[:TITLE_MAX]},
        "submit": {"type": "plain_text", "text": "Save"},
        "close": {"type": "plain_text", "text": "Cancel"},
        "blocks": _description(form.description) + inputs,
    }


def _description(text: str) -> list[dict]:
    """What the form is prefilled from, above its fields (links stay clickable)."""
    if not text.strip():
        return []
    escaped = text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    return [{"type": "section", "text": {"type": "mrkdwn", "text": escaped[:DESCRIPTION_MAX]}}]


def option_labels(typed: str, found: list[str]) -> list[str]:
    """Type-ahead labels: what matches, and what was typed, to start a new contact."""
    typed = " ".join(typed.split())[:MAX_CONTACT_CHARS]
    if typed and typed.lower() not in (n.lower() for n in found):
        found = [typed, *found]
    return found[:OPTIONS_MAX]


def options(labels: list[str]) -> list[dict]:
    return [suggested_option(label) for label in labels]


def selected(view: dict, field: str) -> tuple[str, str]:
    """(value, text) of the option chosen in a select field of a submitted view."""
    for state in (((view.get("state") or {}).get("values") or {}).get(field) or {}).values():
        option = (state.get("selected_option") if isinstance(state, dict) else None) or {}
        text = (option.get("text") or {}).get("text") if isinstance(option, dict) else None
        return str(option.get("value") or ""), str(text or "")
    return "", ""


def metadata(view: dict) -> dict:
    """The form's action id, value and context, as modal() stored them ({} if foreign)."""
    try:
        found = json.loads(view.get("private_metadata") or "{}")
    except ValueError:
        return {}
    return found if isinstance(found, dict) else {}


def _value(state: dict) -> str:
    for key in ("value", "selected_date"):
        if state.get(key) is not None:
            return str(state[key])
    option = state.get("selected_option") or {}
    return str(option.get("value") or "")


def submitted_values(view: dict) -> dict[str, str]:
    """{field name: text} from view.state.values[block id][action id]."""
    values: dict[str, str] = {}
    for block_id, actions in ((view.get("state") or {}).get("values") or {}).items():
        if isinstance(actions, dict) and actions:
            first = next(iter(actions.values()))
            values[block_id] = _value(first) if isinstance(first, dict) else ""
    return values


def inline_errors(reply: Reply, view: dict) -> dict[str, str]:
    """A response_action "errors" map: on the field the core named, else on the first one."""
    blocks = [b.get("block_id") for b in view.get("blocks") or [] if b.get("type") == "input"]
    target = reply.error_field if reply.error_field in blocks else (blocks[0] if blocks else "")
    return {target: reply.text[:150]} if target else {}
