"""Bolt listeners: each Slack request becomes a neutral message or action for the core.

Every listener runs before Slack gets its HTTP response (process_before_response):
the core commits first, then `ack()`, and the visible answer is posted afterwards by
`Background`, so a slow Slack Web API never holds up the acknowledgement.
"""

from __future__ import annotations

import asyncio
import json
import logging
import re

from slack_bolt.async_app import AsyncApp
from slack_bolt.context.ack.async_ack import AsyncAck
from slack_bolt.context.async_context import AsyncBoltContext
from slack_bolt.context.respond.async_respond import AsyncRespond
from slack_bolt.response import BoltResponse
from slack_sdk.errors import SlackApiError
from slack_sdk.web.async_client import AsyncWebClient

from bot.slack import delivery, modals, shortcut, translate
from bot.slack.background import Background
from bot.slack.blocks import INDEX_MARK, action_id_of, message
from bot.slack.home import RUN_COMMAND, home_view
from bot.slack.stash import OPTION_PREFIX, Stash, new_token, option_key
from bot.slack.timezones import TimezoneCache
from bot.slack.uninstall import Installs
from handlers.capture import form as capture
from handlers.core import TRY_AGAIN, Core, StorageUnavailable
from handlers.messages import (
    ActionEvent,
    Button,
    IncomingMessage,
    InputRequest,
    Reply,
    UserRef,
    WorkspaceRef,
    error,
)
from handlers.router import ACTIONS

log = logging.getLogger(__name__)

ACCOUNTS_COMMAND = "accounts"  # what App Home shows: the rep's accounts, at risk first
HOME = "home"  # the App Home "Refresh" button
# The events we listen to, and the bot event the manifest subscribes to for each.
BOT_EVENTS = {"message": "message.im", "app_mention": "app_mention",
              "app_home_opened": "app_home_opened", "app_uninstalled": "app_uninstalled",
              "tokens_revoked": "tokens_revoked"}  # fmt: skip
OPEN_FORM = "relcap.open"  # "<token>:<command>": a form kept here, the command as fallback
COMMAND_WORD = re.compile(r"[a-z]{1,20}")


class SlackListeners:
    def __init__(self, core: Core, background: Background, timezones: TimezoneCache) -> None:
        self.core = core
        self.background = background
        self.timezones = timezones
        self._addresses: set[tuple[str, str, str]] = set()
        self._labels: Stash[str] = Stash()  # option key -> contact label
        self._forms: Stash[InputRequest] = Stash()  # "Open" button token -> its form

    def _events(self) -> dict:
        listeners = {
            "message": self.on_message,
            "app_mention": self.on_mention,
            "app_home_opened": self.on_home_opened,
            "app_uninstalled": self.on_uninstalled,
            "tokens_revoked": self.on_tokens_revoked,
        }
        assert listeners.keys() == BOT_EVENTS.keys()
        return listeners

    def register(self, bolt: AsyncApp) -> None:
        self.installs = Installs(self.core.session_factory, bolt.installation_store)
        for event, listener in self._events().items():
            bolt.event(event)(listener)
        bolt.command(re.compile(r"^/"))(self.on_command)
        # Only block actions with our own ids: a dialog or legacy attachment is not ours.
        bolt.action({"type": "block_actions", "action_id": action_ids()})(self.on_button)
        bolt.shortcut(shortcut.CALLBACK_ID)(self.on_message_shortcut)
        bolt.view_submission(modals.FORM_CALLBACK)(self.on_form_submitted)
        bolt.options(modals.ELEMENT)(self.on_suggest)
        bolt.error(self.on_error)

    # --- failures -----------------------------------------------------------------

    async def on_error(
        self, error: Exception, body: dict, respond: AsyncRespond | None = None
    ) -> BoltResponse | None:
        """A listener raised. A database outage gets "try again" in the form Slack acts on:
        an event a 503, so that Slack redelivers it (the note is not saved yet); a slash
        command a message the rep reads; a button press a private message. Anything else
        is logged with its traceback and answered with bolt's empty 500."""
        if not isinstance(error, StorageUnavailable):
            log.error("Slack listener failed", exc_info=error)
            return None
        log.warning("database unavailable, Slack is asked to try again: %s", error)
        if body.get("command"):
            return _json(200, {"response_type": "ephemeral", "text": TRY_AGAIN})
        if body.get("type") == "block_actions" and respond is not None:
            reply = respond(response_type="ephemeral", replace_original=False, text=TRY_AGAIN)
            self.background.spawn(reply, "try-again answer to a button")
            return _json(200, {})
        return _json(503, {"error": TRY_AGAIN})

    # --- who and where ------------------------------------------------------------

    async def _rep(
        self, client: AsyncWebClient, team_id: str, user_id: str
    ) -> tuple[WorkspaceRef, UserRef]:
        zone, name = await self.timezones.lookup(client, team_id, user_id)
        return translate.workspace(team_id), translate.user(user_id, zone, name)

    async def _remember_dm(
        self, workspace: WorkspaceRef, rep: UserRef, team_id: str, channel: str
    ) -> None:
        """The rep's DM channel, for nudges; written once per process unless it changes."""
        key = (team_id, rep.external_id, channel)
        if key in self._addresses:
            return
        address = {"team_id": team_id, "user_id": rep.external_id, "channel_id": channel}
        await asyncio.to_thread(self.core.remember_address, workspace, rep, "slack", address)
        self._addresses.add(key)

    # --- events -------------------------------------------------------------------

    async def on_message(
        self,
        ack: AsyncAck,
        body: dict,
        event: dict,
        context: AsyncBoltContext,
        client: AsyncWebClient,
    ) -> None:
        if not translate.is_note_from_rep(event):
            await ack()  # edits, deletions, bot messages (ours too): nothing to do
            return
        thread = event.get("thread_ts")  # a reply in a DM thread is answered there
        await self._note(ack, body, event, context, client, event["text"], thread_ts=thread)

    async def on_mention(
        self,
        ack: AsyncAck,
        body: dict,
        event: dict,
        context: AsyncBoltContext,
        client: AsyncWebClient,
    ) -> None:
        channel = event.get("channel") or ""
        # A mention in the bot's DM also arrives as message.im: answer that one only.
        if translate.is_dm_channel(channel) or event.get("bot_id") or not event.get("user"):
            await ack()
            return
        text = translate.mention_text(event.get("text") or "")
        thread = event.get("thread_ts") or event.get("ts")
        await self._note(ack, body, event, context, client, text, thread_ts=thread)

    async def _note(
        self,
        ack: AsyncAck,
        body: dict,
        event: dict,
        context: AsyncBoltContext,
        client: AsyncWebClient,
        text: str,
        thread_ts: str | None,
    ) -> None:
        team_id, channel = context.team_id or body.get("team_id", ""), event["channel"]
        workspace, rep = await self._rep(client, team_id, event["user"])
        if translate.is_dm_channel(channel):
            await self._remember_dm(workspace, rep, team_id, channel)
        # Slack re-sends an event it did not see acknowledged with the same event_id;
        # the core stores it with the entry, so a redelivery answers from the saved row.
        incoming = IncomingMessage(
            workspace, rep, translate.unescape(text), idempotency_key=body.get("event_id")
        )
        reply = await asyncio.to_thread(self.core.handle_message, incoming)
        await ack()  # only now: the note is committed
        if reply.input_request is not None:  # a form needs a click (a trigger id) to open
            reply = self._open_button(reply, incoming.text)
        what = f"reply to {body.get('event_id')} in {team_id}/{channel}"
        self.background.spawn(delivery.post(client, channel, reply, thread_ts), what)

    async def on_uninstalled(self, ack: AsyncAck, body: dict, context: AsyncBoltContext) -> None:
        team_id = context.team_id or body.get("team_id") or ""
        await self.installs.uninstalled(team_id, context.enterprise_id)
        await ack()  # only now: the tokens are gone and the flag is saved

    async def on_tokens_revoked(
        self, ack: AsyncAck, body: dict, event: dict, context: AsyncBoltContext
    ) -> None:
        team_id = context.team_id or body.get("team_id") or ""
        tokens = event.get("tokens") if isinstance(event.get("tokens"), dict) else {}
        await self.installs.revoked(team_id, context.enterprise_id, tokens)
        await ack()

    def _open_button(self, reply: Reply, text: str) -> Reply:
        """A button that opens the reply's form. Its value is a token for the form kept
        here, never the rep's text (which can outgrow Slack's 2,000 characters); after a
        restart the command word alone opens the form again, empty."""
        form = reply.input_request
        word = text.split(maxsplit=1)[0].lower() if text.split() else ""
        word = word if COMMAND_WORD.fullmatch(word) else ""
        token = self._forms.put(new_token(), form)
        button = Button(f"Open: {form.title}", OPEN_FORM, f"{token}:{word}")
        return Reply(text=reply.text, buttons=(button,))

    async def on_home_opened(
        self, ack: AsyncAck, event: dict, context: AsyncBoltContext, client: AsyncWebClient
    ) -> None:
        await ack()
        if event.get("tab") != "home" or not context.user_id:
            return
        team_id, user_id = context.team_id or "", context.user_id
        self.background.spawn(
            self._publish_home(client, team_id, user_id, event.get("channel") or ""),
            f"App Home of {team_id}/{user_id}",
        )

    async def _publish_home(
        self, client: AsyncWebClient, team_id: str, user_id: str, channel: str = ""
    ) -> None:
        workspace, rep = await self._rep(client, team_id, user_id)
        if translate.is_dm_channel(channel):
            await self._remember_dm(workspace, rep, team_id, channel)
        accounts = await asyncio.to_thread(
            self.core.handle_message, IncomingMessage(workspace, rep, ACCOUNTS_COMMAND)
        )
        await client.views_publish(user_id=user_id, view=home_view(accounts))

    # --- /relcap ------------------------------------------------------------------

    async def on_command(
        self,
        ack: AsyncAck,
        command: dict,
        context: AsyncBoltContext,
        client: AsyncWebClient,
        respond: AsyncRespond,
    ) -> None:
        text, shared = translate.split_share(command.get("text") or "")
        team_id, user_id = context.team_id or command.get("team_id", ""), command["user_id"]
        workspace, rep = await self._rep(client, team_id, user_id)
        # Not remembered as the rep's address: a D… channel here may be a DM between people.
        channel = command.get("channel_id") or ""
        reply = await asyncio.to_thread(
            self.core.handle_message, IncomingMessage(workspace, rep, text)
        )
        if reply.input_request is not None:
            reply = await self._open_form(client, command.get("trigger_id"), reply)
            if reply is None:
                await ack()
                return
        if reply.image is not None:
            if shared or translate.is_dm_channel(channel):
                await ack()
                work = delivery.upload_or_explain(client, respond, channel, reply)
                self.background.spawn(work, f"picture for {team_id}/{user_id}")
                return
            reply = Reply(  # a file is seen by the whole channel: only when asked
                text=f"{reply.text}\nA picture here would be seen by everyone: add --share "
                "to post it, or ask me in our DM."
            )
        # The answer rides on the acknowledgement: private unless the rep asked to share.
        visible = "in_channel" if shared and not reply.is_error else "ephemeral"
        await ack(response_type=visible, **message(reply))

    # --- "Log to relcap" on a message ---------------------------------------------------

    async def on_message_shortcut(
        self,
        ack: AsyncAck,
        body: dict,
        context: AsyncBoltContext,
        client: AsyncWebClient,
        respond: AsyncRespond,
    ) -> None:
        """The log form prefilled from the message; a message already logged is answered
        with its entry. The message's identity rides in the modal to its submission."""
        team_id = context.team_id or (body.get("team") or {}).get("id") or ""
        user_id = context.user_id or (body.get("user") or {}).get("id") or ""
        (workspace, rep), (key, values) = await asyncio.gather(
            self._rep(client, team_id, user_id), shortcut.read_message(client, body)
        )
        event = ActionEvent(workspace, rep, capture.OPEN, "", values, idempotency_key=key)
        reply = await asyncio.to_thread(self.core.handle_action, event)
        if reply.input_request is not None:
            reply = await self._open_form(client, body.get("trigger_id"), reply, {"source": key})
        await ack()
        if reply is not None:  # already logged, or the modal did not open: say so privately
            answer = respond(response_type="ephemeral", replace_original=False, **message(reply))
            self.background.spawn(answer, f"shortcut answer to {team_id}/{user_id}")

    async def _open_form(
        self,
        client: AsyncWebClient,
        trigger_id: str | None,
        reply: Reply,
        context: dict | None = None,
    ) -> Reply | None:
        """Open the reply's form as a modal; None when it opened, else a reply saying why."""
        if not trigger_id:
            return error("This form needs a button or a slash command to open; try /relcap log.")
        for label in modals.prefills(reply.input_request):
            self._labels.put(option_key(label), label)
        view = modals.modal(reply.input_request, context)
        try:
            # A trigger id lives three seconds; waiting longer (e.g. out a 429) is useless.
            await asyncio.wait_for(client.views_open(trigger_id=trigger_id, view=view), 2.5)
        except (SlackApiError, TimeoutError) as exc:
            log.warning("views.open failed: %s", exc)
            return error("Slack did not open the form in time; please try again.")
        return None

    # --- buttons ------------------------------------------------------------------

    async def on_button(
        self,
        ack: AsyncAck,
        body: dict,
        action: dict,
        context: AsyncBoltContext,
        client: AsyncWebClient,
        respond: AsyncRespond | None = None,
    ) -> None:
        team_id, user_id = context.team_id or "", context.user_id or ""
        action_id, value = action_id_of(action.get("action_id", "")), action.get("value") or ""
        container = body.get("container") or {}
        if action_id == RUN_COMMAND and value == HOME:
            await ack()
            self.background.spawn(self._publish_home(client, team_id, user_id), "App Home")
            return
        workspace, rep = await self._rep(client, team_id, user_id)
        token, _, word = value.partition(":")
        if action_id == OPEN_FORM and (form := self._forms.get(token)) is not None:
            reply = Reply(text=form.title, kind="form", input_request=form)
        elif action_id == OPEN_FORM:  # kept before a restart: open the command's own form
            reply = await asyncio.to_thread(
                self.core.handle_message, IncomingMessage(workspace, rep, word or "help")
            )
        elif action_id == RUN_COMMAND:
            incoming = IncomingMessage(workspace, rep, value)
            reply = await asyncio.to_thread(self.core.handle_message, incoming)
        else:
            event = ActionEvent(workspace, rep, action_id, value)
            reply = await asyncio.to_thread(self.core.handle_action, event)
        if reply.input_request is not None:
            reply = await self._open_form(client, body.get("trigger_id"), reply)
            if reply is None:
                await ack()
                return
        await ack()
        what = f"answer to {action_id} in {team_id}/{user_id}"
        if container.get("type") == "message":
            work = delivery.answer_press(client, respond, container, user_id, reply)
        else:  # App Home: answer in the DM, and show the home tab as it now stands
            work = self._answer_home_press(client, team_id, user_id, reply)
        self.background.spawn(work, what)

    async def _answer_home_press(
        self, client: AsyncWebClient, team_id: str, user_id: str, reply: Reply
    ) -> None:
        await delivery.post(client, user_id, reply)
        await self._publish_home(client, team_id, user_id)

    # --- modals -------------------------------------------------------------------

    async def on_form_submitted(
        self,
        ack: AsyncAck,
        body: dict,
        view: dict,
        context: AsyncBoltContext,
        client: AsyncWebClient,
    ) -> None:
        form = modals.metadata(view)
        if not form.get("action_id"):
            await ack()  # not one of our forms (or tampered): close it, change nothing
            return
        team_id, user_id = context.team_id or "", context.user_id or ""
        workspace, rep = await self._rep(client, team_id, user_id)
        values = modals.submitted_values(view)
        for name, source in (form.get("suggest") or {}).items():
            values[name] = await self._label(workspace, rep, source, *modals.selected(view, name))
        # One modal is submitted once; a resubmission after an inline error saved nothing.
        # A form opened from a message is keyed by that message: one entry per message.
        key = str(form.get("source") or "") or f"view:{view.get('id')}"
        event = ActionEvent(
            workspace, rep, form["action_id"], str(form.get("value") or ""), values, key
        )
        reply = await asyncio.to_thread(self.core.handle_action, event)
        if reply.is_error:
            await ack(response_action="errors", errors=modals.inline_errors(reply, view))
            return
        await ack()  # closes the modal; the outcome goes to the rep's DM with its buttons
        self.background.spawn(delivery.post(client, user_id, reply), f"form result {user_id}")

    async def on_suggest(
        self, ack: AsyncAck, body: dict, context: AsyncBoltContext, client: AsyncWebClient
    ) -> None:
        """Options for a type-ahead field, from the core, scoped to the rep's workspace."""
        source = (modals.metadata(body.get("view") or {}).get("suggest") or {}).get(
            body.get("block_id")
        )
        typed = str(body.get("value") or "")
        found: list[str] = []
        if source and context.team_id and context.user_id:
            workspace, rep = await self._rep(client, context.team_id, context.user_id)
            found = await asyncio.to_thread(self.core.suggest, workspace, rep, source, typed)
        labels = modals.option_labels(typed, found)
        for label in labels:
            self._labels.put(option_key(label), label)
        await ack(options=modals.options(labels))

    async def _label(
        self, workspace: WorkspaceRef, rep: UserRef, source: str, key: str, text: str
    ) -> str:
        """The label a chosen option's key stands for. Not kept here (another process or a
        restart): the core's suggestions for the option's visible text, matched by key."""
        if not key.startswith(OPTION_PREFIX):
            return key  # not one of our keys: read as typed (the core checks it)
        if (label := self._labels.get(key)) is not None:
            return label
        found = await asyncio.to_thread(self.core.suggest, workspace, rep, source, text)
        return next((label for label in found if option_key(label) == key), "")


def action_ids() -> re.Pattern:
    """The action ids of relcap's own buttons, with the suffix blocks.button adds."""
    ids = sorted({*ACTIONS, RUN_COMMAND, OPEN_FORM}, key=len, reverse=True)
    return re.compile(rf"^(?:{'|'.join(map(re.escape, ids))})(?:{re.escape(INDEX_MARK)}\d+)?$")


def _json(status: int, data: dict) -> BoltResponse:
    return BoltResponse(
        status=status, body=json.dumps(data), headers={"content-type": "application/json"}
    )
