"""Neutral types that cross the seam between platform adapters and the core."""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True)
class WorkspaceRef:
    """A tenant: ("slack", team id), ("teams", tenant id) or ("console", "local")."""

    platform: str
    external_id: str

    @classmethod
    def parse(cls, text: str) -> WorkspaceRef:
        """`local`, `slack:T0123` or `teams:<tenant id>`."""
        if text in ("", "local"):
            return cls("console", "local")
        platform, sep, external_id = text.partition(":")
        if not sep or platform not in ("slack", "teams", "console") or not external_id:
            raise ValueError(
                f"unknown workspace {text!r}: use local, slack:<team id> or teams:<tenant id>"
            )
        return cls(platform, external_id)

    def __str__(self) -> str:
        if self.platform == "console":
            return self.external_id
        return f"{self.platform}:{self.external_id}"


@dataclass(frozen=True)
class UserRef:
    external_id: str
    display_name: str = ""
    timezone: str | None = None


@dataclass(frozen=True)
class IncomingMessage:
    """A line of text from a rep. `idempotency_key` is the platform's id for it, if any."""

    workspace: WorkspaceRef
    user: UserRef
    text: str
    idempotency_key: str | None = None


@dataclass(frozen=True)
class ActionEvent:
    """A button press (or a submitted form): an action id the core defined, and its value."""

    workspace: WorkspaceRef
    user: UserRef
    action_id: str
    value: str = ""
    values: dict[str, str] = field(default_factory=dict)
    idempotency_key: str | None = None


@dataclass(frozen=True)
class Button:
    label: str
    action_id: str
    value: str = ""
    style: str | None = None  # "primary" | "danger" | None


@dataclass(frozen=True)
class ReplyField:
    label: str
    value: str


@dataclass(frozen=True)
class InputField:
    name: str
    label: str
    kind: str = "text"  # text | multiline | choice | number | date
    options: tuple[str, ...] = ()
    optional: bool = False
    initial: str = ""
    # A source of suggestions ("contacts") for type-ahead, via Core.suggest; adapters
    # that cannot offer it show a plain text field.
    suggest: str | None = None


@dataclass(frozen=True)
class InputRequest:
    """A form the adapter shows (modal, card form, prompts); submitting sends `action_id`."""

    title: str
    action_id: str
    fields: tuple[InputField, ...]
    value: str = ""
    # Shown above the fields: what the form is prefilled from, and why (lines of text).
    description: str = ""


@dataclass(frozen=True)
class Image:
    data: bytes
    alt: str
    filename: str = "chart.png"


@dataclass(frozen=True)
class Reply:
    """What the core answers; each adapter renders it in its platform's idiom.

    `kind` names the template ("recorded", "balance", "error", …) so an adapter may
    style it; `replaces_original` asks a button's reply to update the message it came from.
    """

    text: str
    kind: str = "info"
    fields: tuple[ReplyField, ...] = ()
    buttons: tuple[Button, ...] = ()
    input_request: InputRequest | None = None
    image: Image | None = None
    replaces_original: bool = False
    color: str | None = None  # "green" | "yellow" | "red"
    error_field: str | None = None  # the form field an error is about, to show it inline
    # Whom a proactive message is about ("Jane Doe (Acme)"), for an adapter that lists the
    # buttons of several messages together (the console's numbered choices).
    subject: str = ""

    @property
    def is_error(self) -> bool:
        return self.kind == "error"


def error(text: str, field: str | None = None) -> Reply:
    return Reply(text=text, kind="error", error_field=field)
