"""The sender port for Teams: proactive messages through a stored ConversationReference,
to a rep's personal chat or to a team channel (a new post there)."""

from __future__ import annotations

from collections.abc import Sequence

from botbuilder.core import TurnContext
from botbuilder.integration.aiohttp import CloudAdapter
from botbuilder.schema import ConversationReference

from bot.settings import Settings
from bot.teams.adapter import build_adapter
from bot.teams.addresses import TeamsAddressing
from bot.teams.cards import reply_card
from bot.teams.config import Mode, mode_of
from bot.teams.delivery import DEFAULT_BACKOFF, DeliveryFailed, tune_connector, with_retries
from bot.teams.replies import card_activity
from handlers.messages import Reply, WorkspaceRef
from handlers.ports import Address, DeliveryError


class TeamsSender:
    """Implements handlers.ports.Sender; `address` is what the bot stored for the rep."""

    platform = "teams"
    addressing = TeamsAddressing()

    def __init__(
        self,
        adapter: CloudAdapter,
        app_id: str | None,
        backoff: Sequence[float] = DEFAULT_BACKOFF,
    ) -> None:
        self.adapter = adapter
        self.app_id = app_id or ""
        self.backoff = tuple(backoff)

    async def send(
        self, workspace: WorkspaceRef, user_external_id: str, address: Address, reply: Reply
    ) -> None:
        decoded = self.addressing.decode(address, user_external_id)
        try:
            reference = ConversationReference().deserialize(decoded.reference)
        except Exception:  # msrest raises several types for a malformed dict
            reference = None
        if not (
            reference is not None
            and reference.service_url
            and reference.conversation
            and reference.conversation.id
        ):
            raise DeliveryError(f"no usable Teams address for {user_external_id} in {workspace}")
        # A proactive message starts a new thread of its own, not a reply to an old activity
        # (in a channel: a new post, not a reply in someone's thread).
        reference.activity_id = None
        if decoded.is_channel:
            reference.conversation.id = reference.conversation.id.split(";messageid=")[0]
        card = reply_card(reply)
        failures: list[Exception] = []

        async def deliver(turn_context: TurnContext) -> None:
            # Caught here: inside the adapter's pipeline its turn-error handler would take
            # the failure (and answer the rep); retrying needs it raised out here instead.
            try:
                tune_connector(turn_context)
                await turn_context.send_activity(card_activity(card, reply.text))
            except Exception as exc:
                failures.append(exc)

        async def attempt() -> None:
            failures.clear()
            await self.adapter.continue_conversation(reference, deliver, self.app_id)
            if failures:
                raise failures[0]

        try:
            await with_retries("proactive send", attempt, self.backoff)
        except DeliveryFailed as exc:
            raise DeliveryError(
                f"Teams send to {user_external_id} in {workspace} failed: "
                f"{type(exc.__cause__).__name__}"
            ) from exc


def teams_sender(
    settings: Settings,
    backoff: Sequence[float] | None = None,
    openid_metadata_url: str | None = None,
) -> TeamsSender | None:
    """The Teams sender, with the one CloudAdapter that /api/messages also serves (None
    when Teams is off). `openid_metadata_url` moves where token-signing keys are read."""
    if mode_of(settings) is Mode.OFF:
        return None
    adapter = build_adapter(settings, openid_metadata_url)
    spacing = DEFAULT_BACKOFF if backoff is None else backoff
    return TeamsSender(adapter, settings.microsoft_app_id, spacing)
