"""Each rep's conversation address, for messages the bot starts (nudges, digests)."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from storage.models import ConversationAddress


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


def address_of(session: Session, workspace_id: int, user_id: int) -> ConversationAddress | None:
    return session.scalars(
        select(ConversationAddress).where(
            ConversationAddress.workspace_id == workspace_id,
            ConversationAddress.user_id == user_id,
        )
    ).first()
