"""What a card sends back: the data on its buttons and forms, and decoding it.

A button carries {"action_id", "value"}. A form's submit button carries the same plus
the form's own definition under "form", so that a rejected submission can be shown
again with the rep's values and the error, without the bot keeping any state.
Inputs are named "field.<name>" so that no field can clash with those keys.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from handlers.messages import InputField, InputRequest

INPUT_PREFIX = "field."
MAX_VALUE_CHARS = 8000


@dataclass(frozen=True)
class Submission:
    action_id: str
    value: str = ""
    values: dict[str, str] = field(default_factory=dict)
    form: InputRequest | None = None


def button_data(action_id: str, value: str) -> dict:
    return {"action_id": action_id, "value": value}


def form_data(request: InputRequest) -> dict:
    return {
        "action_id": request.action_id,
        "value": request.value,
        "form": {
            "title": request.title,
            "description": request.description,
            "fields": [
                {
                    "name": f.name,
                    "label": f.label,
                    "kind": f.kind,
                    "options": list(f.options),
                    "optional": f.optional,
                }
                for f in request.fields
            ],
        },
    }


def input_id(name: str) -> str:
    return INPUT_PREFIX + name


def parse_submission(data: object) -> Submission | None:
    """The submission in an activity's `value`, or None when it is not one of ours."""
    if not isinstance(data, dict):
        return None
    action_id = data.get("action_id")
    if not isinstance(action_id, str) or not action_id:
        return None
    value = data.get("value")
    values = {
        key[len(INPUT_PREFIX) :]: _text(raw)
        for key, raw in data.items()
        if isinstance(key, str) and key.startswith(INPUT_PREFIX)
    }
    return Submission(
        action_id=action_id,
        value=_text(value),
        values=values,
        form=_form(data.get("form"), action_id, _text(value), values),
    )


def _text(raw: object) -> str:
    if raw is None:
        return ""
    return (raw if isinstance(raw, str) else str(raw))[:MAX_VALUE_CHARS]


def _form(spec: object, action_id: str, value: str, values: dict[str, str]) -> InputRequest | None:
    """The form as submitted, its inputs pre-filled with what the rep typed."""
    if not isinstance(spec, dict) or not isinstance(spec.get("fields"), list):
        return None
    fields = []
    for item in spec["fields"]:
        if not isinstance(item, dict) or not isinstance(item.get("name"), str):
            return None
        fields.append(
            InputField(
                name=item["name"],
                label=str(item.get("label") or item["name"]),
                kind=str(item.get("kind") or "text"),
                options=tuple(str(o) for o in item.get("options") or ()),
                optional=bool(item.get("optional")),
                initial=values.get(item["name"], ""),
            )
        )
    description = str(spec.get("description") or "")
    return InputRequest(str(spec.get("title") or ""), action_id, tuple(fields), value, description)
