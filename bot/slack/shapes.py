"""The shape a Slack request body must have before bolt and our listeners read it.

Bolt and the listeners index into a request's fields as Slack documents them (an event
is an object, a user id a string). A body that is signed but shaped otherwise (a
replayed, hand-made or corrupted request) would raise deep inside them and answer a
500, which Slack retries; it is refused here with a 400 and one line saying why.
"""

from __future__ import annotations

STRING_FIELDS = (
    "type", "team_id", "api_app_id", "event_id", "token", "command", "text", "user_id",
    "channel_id", "trigger_id", "response_url", "enterprise_id", "callback_id",
    "action_id", "block_id", "value", "action_ts", "challenge",
)  # fmt: skip
OBJECT_FIELDS = ("team", "user", "channel", "container", "view", "enterprise", "message")
EVENT_STRING_FIELDS = (
    "type", "user", "text", "channel", "ts", "thread_ts", "event_ts", "channel_type",
    "subtype", "bot_id", "tab", "team",
)  # fmt: skip


def shape_problem(body: object) -> str | None:
    """None when `body` has the documented shape, else what is wrong with it."""
    if not isinstance(body, dict):
        return "the body is not an object"
    problem = _fields(body, "", STRING_FIELDS)
    if problem:
        return problem
    for name in OBJECT_FIELDS:
        value = body.get(name)
        if value is not None and not isinstance(value, dict):
            return f"{name} is not an object"
        if isinstance(value, dict) and (problem := _fields(value, f"{name}.", ("id",))):
            return problem
    if "event" in body:
        event = body.get("event")
        if not isinstance(event, dict):
            return "event is not an object"
        if problem := _fields(event, "event.", EVENT_STRING_FIELDS):
            return problem
    authorizations = body.get("authorizations")
    if authorizations is not None and not (
        isinstance(authorizations, list) and all(isinstance(a, dict) for a in authorizations)
    ):
        return "authorizations is not a list of objects"
    actions = body.get("actions")
    if body.get("type") == "block_actions" and not actions:
        return "a block_actions payload without actions"  # bolt would index actions[0]
    if actions is not None:
        if not isinstance(actions, list) or not all(isinstance(a, dict) for a in actions):
            return "actions is not a list of objects"
        for action in actions:
            if problem := _fields(action, "actions[].", ("action_id", "value", "block_id")):
                return problem
    if "command" in body and not (body.get("user_id") and body.get("team_id")):
        return "a command without user_id or team_id"
    return None


def _fields(data: dict, prefix: str, names: tuple[str, ...]) -> str | None:
    for name in names:
        value = data.get(name)
        if value is not None and not isinstance(value, str):
            return f"{prefix}{name} is not a string"
    return None
