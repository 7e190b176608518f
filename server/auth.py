"""Tokens: random (192 bits), stored as SHA-256, scoped to one workshop, revocable.

Two kinds authenticate: an *invite* token (the link; carries a role) and a *participant*
token (made when someone joins through an invite with a display name; carries a stable
participant id). Revoking an invite revokes every participant token made from it;
removing one participant revokes only theirs. An expired invite no longer lets anyone in,
neither as a bearer token nor to join; those who joined before keep their tokens.
"""

from __future__ import annotations

import hashlib
import secrets
from dataclasses import dataclass, field
from datetime import UTC, datetime

from sqlmodel import Session, select

from boards.kind import Actor, Role

from .models import Invite, Participant


def new_token() -> str:
    return secrets.token_urlsafe(24)


def digest(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def _aware(invite: Invite) -> datetime | None:
    ends = invite.expires_at
    return None if ends is None else ends if ends.tzinfo else ends.replace(tzinfo=UTC)


def expired(invite: Invite, now: datetime | None = None) -> bool:
    ends = _aware(invite)
    return ends is not None and ends <= (now or datetime.now(UTC))


@dataclass(frozen=True)
class Identity:
    workshop_id: str
    role: Role
    invite_id: str
    participant_id: str = ""
    display_name: str = ""
    # When an invite token stops letting anyone in; participant tokens do not expire.
    expires_at: datetime | None = field(default=None, compare=False)

    @property
    def actor(self) -> Actor:
        return Actor(self.participant_id, self.role, self.display_name)


def expired_invite(session: Session, token: str) -> Invite | None:
    """The live but expired invite ``token`` is, to say why it no longer works."""
    if not token or len(token) > 200:
        return None
    invite = session.exec(select(Invite).where(Invite.token_hash == digest(token))).first()
    return invite if invite is not None and not invite.revoked and expired(invite) else None


def identify(session: Session, token: str) -> Identity | None:
    if not token or len(token) > 200:
        return None
    hashed = digest(token)
    invite = session.exec(select(Invite).where(Invite.token_hash == hashed)).first()
    if invite is not None:
        return (
            None
            if invite.revoked or expired(invite)
            else Identity(
                invite.workshop_id, Role(invite.role), invite.id, expires_at=_aware(invite)
            )
        )
    found = session.exec(
        select(Participant, Invite)
        .join(Invite, Participant.invite_id == Invite.id)  # type: ignore[arg-type]
        .where(Participant.token_hash == hashed)
    ).first()
    if found is None:
        return None
    participant, invite = found
    if invite.revoked or participant.removed:
        return None
    return Identity(
        participant.workshop_id,
        Role(participant.role),
        invite.id,
        participant.id,
        participant.display_name,
    )
