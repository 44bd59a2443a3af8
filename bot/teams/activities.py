"""An incoming Activity, read as the core's neutral types: tenant, rep, timezone, text."""

from __future__ import annotations

import hashlib
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from botbuilder.core import TurnContext
from botbuilder.schema import Activity

from bot.teams.addresses import CHANNEL_TYPE, TeamsAddress, TeamsAddressing
from handlers.messages import UserRef, WorkspaceRef
from handlers.ports import Address, Channel

PLATFORM = "teams"
# The Emulator sends no tenant; its conversations get a workspace of their own.
EMULATOR_TENANT = "emulator"


def tenant_of(activity: Activity) -> str | None:
    """`channelData.tenant.id`, else `conversation.tenantId` (the Emulator: its own)."""
    channel_data = activity.channel_data if isinstance(activity.channel_data, dict) else {}
    tenant = channel_data.get("tenant")
    if isinstance(tenant, dict) and isinstance(tenant.get("id"), str) and tenant["id"]:
        return tenant["id"]
    conversation = activity.conversation
    if conversation is not None:
        # botbuilder maps `tenantID`; Teams spells it `tenantId`, which lands in the extras.
        extras = getattr(conversation, "additional_properties", None) or {}
        tenant_id = conversation.tenant_id or extras.get("tenantId")
        if isinstance(tenant_id, str) and tenant_id:
            return tenant_id
    if activity.channel_id == "emulator":
        return EMULATOR_TENANT
    return None


def workspace_of(activity: Activity) -> WorkspaceRef | None:
    tenant = tenant_of(activity)
    return WorkspaceRef(PLATFORM, tenant) if tenant else None


def user_of(activity: Activity) -> UserRef | None:
    """The rep; the AAD object id when Teams sends one (stable across bot registrations)."""
    sender = activity.from_property
    if sender is None or not (sender.aad_object_id or sender.id):
        return None
    return UserRef(
        external_id=sender.aad_object_id or sender.id,
        display_name=sender.name or "",
        timezone=timezone_of(activity),
    )


def timezone_of(activity: Activity) -> str | None:
    """The IANA zone from the `clientInfo` entity, else `localTimezone`; None if unknown."""
    for entity in activity.entities or ():
        if entity.type == "clientInfo":
            zone = (getattr(entity, "additional_properties", None) or {}).get("timezone")
            if _known_zone(zone):
                return zone
    zone = activity.local_timezone
    return zone if _known_zone(zone) else None


def _known_zone(zone: object) -> bool:
    if not isinstance(zone, str) or not zone:
        return False
    try:
        ZoneInfo(zone)
    except (ZoneInfoNotFoundError, ValueError):
        return False
    return True


def text_of(activity: Activity) -> str:
    """The typed text, without the bot's @mention (present when Teams adds one)."""
    if not isinstance(activity.text, str):
        return ""
    text = TurnContext.remove_recipient_mention(activity) if activity.entities else activity.text
    return (text or "").strip()


def address_of(activity: Activity) -> Address:
    """The serialized ConversationReference, with the tenant that proactive sends need."""
    reference = TurnContext.get_conversation_reference(activity)
    # The message id is of no use to a later, unrelated send, and leaving it out keeps
    # the stored address unchanged (no write) from one message to the next.
    reference.activity_id = None
    tenant = tenant_of(activity)
    if reference.conversation is not None and tenant and tenant != EMULATOR_TENANT:
        reference.conversation.tenant_id = tenant
    serialized = reference.serialize()
    is_channel = _conversation_type(activity) == CHANNEL_TYPE
    return TeamsAddressing().encode(TeamsAddress(serialized, is_channel))


def _conversation_type(activity: Activity) -> str | None:
    conversation = activity.conversation
    return conversation.conversation_type if conversation is not None else None


def is_personal(activity: Activity) -> bool:
    """A one-to-one chat with the bot (the Emulator sends no conversation type)."""
    return _conversation_type(activity) in (None, "personal")


def team_of(activity: Activity) -> dict | None:
    """`channelData.team` ({"id", "name"}) when the activity comes from a team."""
    channel_data = activity.channel_data if isinstance(activity.channel_data, dict) else {}
    team = channel_data.get("team")
    if isinstance(team, dict) and isinstance(team.get("id"), str) and team["id"]:
        return team
    return None


def team_channel_of(activity: Activity) -> Channel | None:
    """The team channel this activity comes from, as a channel the team digest can name:
    labelled with the team's name, scoped by the team's id (its removal forgets it)."""
    team = team_of(activity)
    if team is None or _conversation_type(activity) != CHANNEL_TYPE:
        return None
    name = team.get("name") if isinstance(team.get("name"), str) else ""
    return Channel(address_of(activity), (name.strip() or team["id"])[:120], team["id"])


# The core's unique key is per tenant; a Teams message id is unique per conversation only
# (in personal chats it is a millisecond timestamp), so the key names both.
MAX_KEY_CHARS = 255


def idempotency_key(activity: Activity, of_form: bool = False) -> str | None:
    """The key the core stores with what this activity saves.

    A form's submissions share one key per card (its replyToId), so a double-clicked
    Save records one note; a corrected resubmission after a rejection still goes
    through, as the rejected one saved nothing.
    """
    conversation = activity.conversation.id if activity.conversation else ""
    own = f"form:{activity.reply_to_id}" if of_form and activity.reply_to_id else activity.id
    if not own:
        return None
    key = f"{conversation}|{own}"
    if len(key) > MAX_KEY_CHARS:
        key = "sha256:" + hashlib.sha256(key.encode("utf-8")).hexdigest()
    return key
