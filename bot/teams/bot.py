"""The Teams activity handler: translates activities for the core and renders its replies."""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import Sequence

from botbuilder.core import ActivityHandler, InvokeResponse, TurnContext
from botbuilder.schema import ChannelAccount, ConversationReference

from bot.teams import message_action
from bot.teams.activities import (
    PLATFORM,
    address_of,
    idempotency_key,
    is_personal,
    team_channel_of,
    team_of,
    text_of,
    user_of,
    workspace_of,
)
from bot.teams.cards import form_card, reply_card
from bot.teams.delivery import DEFAULT_BACKOFF, DeliveryFailed, tune_connector, with_retries
from bot.teams.replies import (
    card_activity,
    card_response,
    error_response,
    failed_response,
    message_response,
)
from bot.teams.submissions import Submission, parse_submission
from handlers.capture import form as capture
from handlers.core import Core
from handlers.messages import (
    ActionEvent,
    IncomingMessage,
    Reply,
    ReplyField,
    UserRef,
    WorkspaceRef,
    error,
)

log = logging.getLogger(__name__)

# Far above the longest note the core accepts; longer text is refused before parsing.
MAX_TEXT_CHARS = 10_000

WELCOME_LINES = (
    ("+2 Jane Doe: delivered the migration early", "a credit"),
    ("-1 Jane Doe: missed the report deadline", "a debit"),
    ("balance Jane Doe", "where the account stands and what to do next"),
    ("log", "a form to log a note"),
    ("help", "every command"),
)


def welcome() -> Reply:
    """The short how-to a rep sees when the app is installed."""
    return Reply(
        text="Hi! I keep a relationship account for each of your customer contacts. "
        "Right after a call, tell me how it went:",
        kind="help",
        fields=tuple(ReplyField(example, what) for example, what in WELCOME_LINES),
    )


NOT_IN_TENANT = error(
    "I work inside a Microsoft Teams organisation; this message came without one."
)
NO_TEXT = error("I read text and card buttons only. Type `help` to see what I understand.")
STALE_CARD = error("That card is out of date; run the command again.")


class RelcapTeamsBot(ActivityHandler):
    """One per process; every turn goes to the shared core (in a thread: it is blocking)."""

    def __init__(self, core: Core, backoff: Sequence[float] = DEFAULT_BACKOFF) -> None:
        self.core = core
        self.backoff = tuple(backoff)

    # --- incoming ------------------------------------------------------------------------

    async def on_turn(self, turn_context: TurnContext) -> None:
        tune_connector(turn_context)
        await super().on_turn(turn_context)

    async def on_message_activity(self, turn_context: TurnContext) -> None:
        activity = turn_context.activity
        who = await self._identify(turn_context)
        if who is None:
            return
        workspace, user = who
        if activity.value is not None:
            submission = parse_submission(activity.value)
            if submission is None:
                await self._send(turn_context, STALE_CARD)
                return
            await self._on_submission(turn_context, workspace, user, submission)
            return
        text = text_of(activity)
        if not text:
            await self._send(turn_context, NO_TEXT)
            return
        if len(text) > MAX_TEXT_CHARS:
            await self._send(
                turn_context,
                error(
                    f"That message is {len(text):,} characters; I read at most "
                    f"{MAX_TEXT_CHARS:,}. Keep a note to a few sentences."
                ),
            )
            return
        message = IncomingMessage(workspace, user, text, idempotency_key(activity))
        reply = await asyncio.to_thread(self.core.handle_message, message)
        await self._send(turn_context, reply)

    async def on_members_added_activity(
        self, members_added: list[ChannelAccount], turn_context: TurnContext
    ) -> None:
        """The bot was added (installed, or added to a team or chat): remember and greet.
        Anyone else joining a team or group chat the bot is already in is not greeted."""
        me = turn_context.activity.recipient.id if turn_context.activity.recipient else None
        if not me or not any(member.id == me for member in members_added or ()):
            return
        who = await self._identify(turn_context, quiet=True)
        if who is None:
            return
        await self._remember_team_channel(turn_context, members_added)
        await self._send(turn_context, welcome())

    async def on_members_removed_activity(
        self, members_removed: list[ChannelAccount], turn_context: TurnContext
    ) -> None:
        """The bot removed from a team: forget its channels (and a team digest there)."""
        await self._forget_team(turn_context, members_removed)

    async def on_installation_update_add(self, turn_context: TurnContext) -> None:
        """Teams also announces an install this way: in a personal chat the rep's address,
        in a team its channel, is all it needs."""
        who = await self._identify(turn_context, quiet=True)
        if who is not None:
            await self._remember_team_channel(turn_context)

    async def on_installation_update_remove(self, turn_context: TurnContext) -> None:
        """Uninstalled: drop the stored address of that chat, or that team's channels, so
        no later nudge or digest is sent (and retried) into a conversation that is gone."""
        activity = turn_context.activity
        if activity.action != "remove":  # "remove-upgrade" comes with an upgrade's add
            return
        workspace, user = workspace_of(activity), user_of(activity)
        if workspace is None:
            return
        if team_of(activity) is not None:
            await self._forget_team(turn_context)
        elif user is not None and is_personal(activity):
            await asyncio.to_thread(self.core.forget_address, workspace, user)

    async def on_invoke_activity(self, turn_context: TurnContext) -> InvokeResponse:
        """Action.Execute arrives as the `adaptiveCard/action` invoke; others are declined."""
        activity = turn_context.activity
        if activity.name in (message_action.FETCH_TASK, message_action.SUBMIT_ACTION):
            return await self._on_message_action(turn_context)
        if activity.name != "adaptiveCard/action":
            return error_response(400, f"relcap does not handle {activity.name!r}.")
        action = activity.value.get("action") if isinstance(activity.value, dict) else None
        if not isinstance(action, dict) or action.get("type") != "Action.Execute":
            return error_response(400, "Expected an Action.Execute with data.")
        if activity.value.get("trigger") == "automatic":
            # Our cards declare no `refresh`, so an automatic refresh is not ours to answer.
            return error_response(400, "relcap cards are not refreshed automatically.")
        data = action.get("data") if isinstance(action.get("data"), dict) else {}
        if "action_id" not in data and action.get("verb"):
            data = {**data, "action_id": action["verb"]}
        submission = parse_submission(data)
        if submission is None:
            return error_response(400, STALE_CARD.text)
        who = await self._identify(turn_context, quiet=True)
        if who is None:
            return error_response(400, NOT_IN_TENANT.text)
        key = idempotency_key(activity, of_form=submission.form is not None)
        reply = await self._decide(who[0], who[1], submission, key)
        if reply.is_error and submission.form is not None:
            return card_response(form_card(submission.form, reply.text))
        if reply.is_error:
            # Not "Done.": the rep sees why, on the card they pressed.
            return failed_response(reply.text)
        if reply.replaces_original or submission.form is not None:
            return card_response(reply_card(reply))
        await self._send(turn_context, reply)
        return message_response("Done.")

    async def _on_message_action(self, turn_context: TurnContext) -> InvokeResponse:
        """ "Log to relcap" on a message: the dialog opens with the log form prefilled
        from it; what is submitted there is keyed by the message, so the same message
        logs one entry however often the rep opens and saves the dialog."""
        activity = turn_context.activity
        if not message_action.is_ours(activity):
            return message_action.task_message("relcap does not know that command.")
        who = await self._identify(turn_context, quiet=True)
        if who is None:
            return message_action.task_message(NOT_IN_TENANT.text)
        payload = message_action.message_payload(activity)
        key = message_action.message_key(activity, payload)
        if activity.name == message_action.FETCH_TASK:
            values = message_action.message_values(payload)
            event = ActionEvent(who[0], who[1], capture.OPEN, "", values, key)
            reply = await asyncio.to_thread(self.core.handle_action, event)
            return message_action.task_card(reply_card(reply))
        submission = parse_submission(message_action.submitted_data(activity))
        if submission is None:
            return message_action.task_message(STALE_CARD.text)
        if submission.action_id != capture.LOG:  # a button on the result (Undo, …)
            key = idempotency_key(activity)
        reply = await self._decide(who[0], who[1], submission, key)
        if reply.is_error and submission.form is not None:
            return message_action.task_card(form_card(submission.form, reply.text))
        return message_action.task_card(reply_card(reply))

    # --- the core --------------------------------------------------------------------------

    async def _identify(
        self, turn_context: TurnContext, quiet: bool = False
    ) -> tuple[WorkspaceRef, UserRef] | None:
        """Tenant and rep of this activity, their address stored for proactive messages."""
        activity = turn_context.activity
        workspace, user = workspace_of(activity), user_of(activity)
        if workspace is None or user is None:
            log.warning("Teams activity %s without tenant or sender; ignored", activity.id)
            if not quiet:
                await self._send(turn_context, NOT_IN_TENANT)
            return None
        if is_personal(activity):  # a team or group chat is no place for a rep's nudges
            await asyncio.to_thread(
                self.core.remember_address, workspace, user, PLATFORM, address_of(activity)
            )
        return workspace, user

    def _is_bot_among(self, turn_context: TurnContext, members: list | None) -> bool:
        recipient = turn_context.activity.recipient
        bot_id = recipient.id if recipient is not None else None
        return members is None or any(m.id == bot_id for m in members)

    async def _remember_team_channel(
        self, turn_context: TurnContext, members_added: list | None = None
    ) -> None:
        """The app added to a team: its channel, which `digest channel <team>` can name."""
        channel = team_channel_of(turn_context.activity)
        workspace = workspace_of(turn_context.activity)
        if channel is None or workspace is None:
            return
        if self._is_bot_among(turn_context, members_added):
            await asyncio.to_thread(self.core.remember_channel, workspace, channel)

    async def _forget_team(self, turn_context: TurnContext, members: list | None = None) -> None:
        activity = turn_context.activity
        team, workspace = team_of(activity), workspace_of(activity)
        if team is None or workspace is None or not self._is_bot_among(turn_context, members):
            return
        await asyncio.to_thread(self.core.forget_channels, workspace, team["id"])

    async def _decide(
        self,
        workspace: WorkspaceRef,
        user: UserRef,
        submission: Submission,
        key: str | None,
    ) -> Reply:
        event = ActionEvent(
            workspace,
            user,
            submission.action_id,
            submission.value,
            submission.values,
            key,
        )
        return await asyncio.to_thread(self.core.handle_action, event)

    async def _on_submission(
        self,
        turn_context: TurnContext,
        workspace: WorkspaceRef,
        user: UserRef,
        submission: Submission,
    ) -> None:
        """Action.Submit: the answer replaces the card it came from when the core asks so,
        and a form's answer replaces the form (a rejected form comes back with the error)."""
        key = idempotency_key(turn_context.activity, of_form=submission.form is not None)
        reply = await self._decide(workspace, user, submission, key)
        if reply.is_error and submission.form is not None:
            card = form_card(submission.form, reply.text)
            await self._replace_or_send(turn_context, card, reply.text)
        elif reply.replaces_original or submission.form is not None:
            await self._replace_or_send(turn_context, reply_card(reply), reply.text)
        else:
            await self._send(turn_context, reply)

    # --- outgoing --------------------------------------------------------------------------

    async def _send(self, turn_context: TurnContext, reply: Reply) -> None:
        await self._post(turn_context, reply_card(reply), reply.text)

    async def _replace_or_send(self, turn_context: TurnContext, card: dict, summary: str) -> None:
        """Update the card the press came from (its id is the activity's replyToId)."""
        original = turn_context.activity.reply_to_id
        if original:
            try:
                await with_retries(
                    "update",
                    lambda: turn_context.update_activity(
                        card_activity(card, summary, original, _reference(turn_context))
                    ),
                    self.backoff,
                )
                return
            except DeliveryFailed:
                log.info("could not update card %s; sending the answer as a new message", original)
        await self._post(turn_context, card, summary)

    async def _post(self, turn_context: TurnContext, card: dict, summary: str) -> None:
        # A failure is logged by with_retries; whatever the core saved stays saved.
        with contextlib.suppress(DeliveryFailed):
            await with_retries(
                "send",
                lambda: turn_context.send_activity(
                    card_activity(card, summary, reference=_reference(turn_context))
                ),
                self.backoff,
            )


def _reference(turn_context: TurnContext) -> ConversationReference:
    """Where the answer goes: botbuilder fills these fields in, and Teams counts them."""
    return TurnContext.get_conversation_reference(turn_context.activity)
