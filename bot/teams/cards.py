"""A Reply as an Adaptive Card (plain dicts; Teams renders schema 1.4 on every client)."""

from __future__ import annotations

import base64
import math

from bot.teams.submissions import button_data, form_data, input_id
from handlers.messages import Button, InputField, InputRequest, Reply

CONTENT_TYPE = "application/vnd.microsoft.card.adaptive"
SCHEMA = "http://adaptivecards.io/schemas/adaptive-card.json"
VERSION = "1.4"
# Teams shows at most a handful of actions side by side; longer lists wrap into rows.
BUTTONS_PER_ROW = 5

HEALTH_STYLE = {"green": "good", "yellow": "warning", "red": "attention"}
HEALTH_WORD = {"green": "Health: good", "yellow": "Health: watch", "red": "Health: at risk"}
BUTTON_STYLE = {"primary": "positive", "danger": "destructive"}


def reply_card(reply: Reply, form_error: str | None = None) -> dict:
    """The card for `reply`; `form_error` shows a rejected form again with its message."""
    body: list[dict] = _headline(reply)
    if reply.kind == "help":
        body += [_help_line(f.label, f.value) for f in reply.fields]
    elif reply.fields:
        body.append(
            {
                "type": "FactSet",
                "facts": [{"title": f.label, "value": f.value} for f in reply.fields],
            }
        )
    if reply.image is not None:
        encoded = base64.b64encode(reply.image.data).decode("ascii")
        body.append(
            {
                "type": "Image",
                "url": f"data:image/png;base64,{encoded}",
                "altText": reply.image.alt,
                "size": "Stretch",
            }
        )
    actions: list[dict] = []
    if reply.input_request is not None:
        body += _form_body(reply.input_request, form_error)
        actions.append(_form_submit(reply.input_request))
    body += _button_rows(reply.buttons)
    card = {"type": "AdaptiveCard", "$schema": SCHEMA, "version": VERSION, "body": body}
    if actions:
        card["actions"] = actions
    return card


def form_card(request: InputRequest, form_error: str) -> dict:
    """A form shown again after the core rejected what was submitted."""
    return reply_card(Reply(text=request.title, kind="form", input_request=request), form_error)


def _headline(reply: Reply) -> list[dict]:
    """The reply's text: its first line stands out, later lines follow as plain text.

    Each line is its own TextBlock because Teams' markdown joins single line breaks.
    """
    first, *rest = reply.text.split("\n")
    later = [_text_block(line, spacing="small") for line in rest if line.strip()]
    if reply.is_error:
        return [_text_block(f"⚠ {first}", color="attention", weight="bolder"), *later]
    if reply.color not in HEALTH_STYLE:
        return [_text_block(first, weight="bolder" if reply.kind == "form" else None), *later]
    block = _text_block(first, weight="bolder")
    # The health colour is a tinted container plus a word, so it reads without colour too.
    badge = _text_block(HEALTH_WORD[reply.color], size="small", subtle=True)
    return [
        {
            "type": "Container",
            "style": HEALTH_STYLE[reply.color],
            "bleed": True,
            "items": [block, badge],
        },
        *later,
    ]


def _help_line(example: str, what: str) -> dict:
    return _text_block(f"**{example}** — {what}", spacing="small")


def _text_block(text: str, **options: object) -> dict:
    block: dict = {"type": "TextBlock", "text": text, "wrap": True}
    block.update({key: value for key, value in options.items() if value is not None})
    if block.pop("subtle", False):
        block["isSubtle"] = True
    return block


def _form_body(request: InputRequest, form_error: str | None) -> list[dict]:
    items = [
        _text_block(line, size="small", subtle=True, spacing="small")
        for line in request.description.split("\n")
        if line.strip()
    ]
    if form_error:
        items.append(_text_block(f"⚠ {form_error}", color="attention", weight="bolder"))
    items += [_input(f) for f in request.fields]
    return items


def _input(field: InputField) -> dict:
    element: dict = {"id": input_id(field.name), "label": field.label}
    if not field.optional:
        element["isRequired"] = True
        element["errorMessage"] = f"{field.label} is required."
    if field.kind == "choice":
        element.update(
            type="Input.ChoiceSet",
            style="compact",
            choices=[{"title": o, "value": o} for o in field.options],
        )
    elif field.kind == "number":
        element.update(type="Input.Number", min=1)
        element["errorMessage"] = f"{field.label}: a whole number, 1 or more."
    elif field.kind == "date":
        element["type"] = "Input.Date"
    else:
        element.update(type="Input.Text", isMultiline=field.kind == "multiline", maxLength=4000)
    if field.kind == "number":
        # The schema wants a JSON number here; a string ("1") renders as an empty field.
        number = _number(field.initial)
        if number is not None:
            element["value"] = number
    elif field.initial:
        element["value"] = field.initial
    return element


def _number(text: str) -> int | float | None:
    """`text` as the number an Input.Number shows, or None when it is not one."""
    try:
        return int(text.strip())
    except ValueError:
        pass
    try:
        number = float(text.strip())
    except ValueError:
        return None
    return number if math.isfinite(number) else None


def _form_submit(request: InputRequest) -> dict:
    return {
        "type": "Action.Submit",
        "title": "Save",
        "style": "positive",
        "data": form_data(request),
    }


def _button_rows(buttons: tuple[Button, ...]) -> list[dict]:
    return [
        {"type": "ActionSet", "actions": [_button(b) for b in buttons[i : i + BUTTONS_PER_ROW]]}
        for i in range(0, len(buttons), BUTTONS_PER_ROW)
    ]


def _button(button: Button) -> dict:
    action = {
        "type": "Action.Submit",
        "title": button.label,
        "data": button_data(button.action_id, button.value),
    }
    if button.style in BUTTON_STYLE:
        action["style"] = BUTTON_STYLE[button.style]
    return action
