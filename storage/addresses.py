"""Where messages the bot starts (nudges, digests) go: each rep's conversation address,
and the shared channels an adapter stored (a Teams team the app was added to).

Addresses are JSON objects that only their platform's adapter reads; these functions
store, list and forget them, scoped to one workspace.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import delete, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from storage.models import LOOK_AT_ONCE, ChannelAddress, ConversationAddress
from storage.nudges.models import TeamDigest


def save_address(
    session: Session,
    workspace_id: int,
    user_id: int,
    platform: str,
    address: dict,
    now: datetime,
) -> None:
    """Insert or refresh the rep's address (the newest one wins)."""
    query = select(ConversationAddress).where(
        ConversationAddress.workspace_id == workspace_id, ConversationAddress.user_id == user_id
    )
    row = session.scalars(query).first()
    if row is None:
        try:
            with session.begin_nested():
                session.add(
                    ConversationAddress(
                        workspace_id=workspace_id,
                        user_id=user_id,
                        platform=platform,
                        address=address,
                        updated_at=now,
                    )
                )
            return
        except IntegrityError:
            row = session.scalars(query).one()
    if row.address != address or row.platform != platform:
        row.platform, row.address, row.updated_at = platform, address, now
        # Reachable elsewhere now: the next pass looks again.
        row.nudge_check_at, row.nudge_wakes = LOOK_AT_ONCE, row.nudge_wakes + 1


def address_of(session: Session, workspace_id: int, user_id: int) -> ConversationAddress | None:
    return session.scalars(
        select(ConversationAddress).where(
            ConversationAddress.workspace_id == workspace_id,
            ConversationAddress.user_id == user_id,
        )
    ).first()


def forget_address(session: Session, workspace_id: int, user_id: int) -> bool:
    """The rep removed the app from their chat: no more messages there until they return."""
    done = session.execute(
        delete(ConversationAddress).where(
            ConversationAddress.workspace_id == workspace_id,
            ConversationAddress.user_id == user_id,
        )
    )
    return bool(done.rowcount)


@dataclass(frozen=True)
class StoredChannel:
    address: dict
    label: str
    scope: str


def save_channel(
    session: Session,
    workspace_id: int,
    platform: str,
    channel: StoredChannel,
    now: datetime,
) -> None:
    """Insert or refresh the channel stored for `channel.scope` (the newest one wins)."""
    query = select(ChannelAddress).where(
        ChannelAddress.workspace_id == workspace_id,
        ChannelAddress.platform == platform,
        ChannelAddress.scope == channel.scope,
    )
    row = session.scalars(query).first()
    if row is None:
        try:
            with session.begin_nested():
                session.add(
                    ChannelAddress(
                        workspace_id=workspace_id,
                        platform=platform,
                        scope=channel.scope,
                        label=channel.label[:120],
                        address=channel.address,
                        updated_at=now,
                    )
                )
            return
        except IntegrityError:
            row = session.scalars(query).one()
    if row.address != channel.address or row.label != channel.label[:120]:
        row.address, row.label, row.updated_at = channel.address, channel.label[:120], now


def known_channels(session: Session, workspace_id: int, platform: str) -> list[StoredChannel]:
    rows = session.scalars(
        select(ChannelAddress)
        .where(ChannelAddress.workspace_id == workspace_id, ChannelAddress.platform == platform)
        .order_by(ChannelAddress.label, ChannelAddress.id)
    )
    return [StoredChannel(dict(r.address), r.label, r.scope) for r in rows]


def forget_channels(session: Session, workspace_id: int, platform: str, scope: str) -> int:
    """The app was removed from `scope`: its stored channels, and a team digest set to
    one of them, are dropped. Returns how many rows went."""
    channels = session.execute(
        delete(ChannelAddress).where(
            ChannelAddress.workspace_id == workspace_id,
            ChannelAddress.platform == platform,
            ChannelAddress.scope == scope,
        )
    )
    digests = session.execute(
        delete(TeamDigest).where(TeamDigest.workspace_id == workspace_id, TeamDigest.scope == scope)
    )
    return channels.rowcount + digests.rowcount
