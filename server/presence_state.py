"""What a presence (awareness) state may hold, and who it may claim to be.

A state is a JSON object of at most ``max_bytes`` and ``MAX_DEPTH`` levels. Its ``user`` is
what every board draws (avatar, name, colour), so it is checked field by field: a numeric name
once froze every board, a CSS ``url(...)`` colour made every browser fetch an address. Who the
user is comes from the connection's token, not from the state: the server writes the
participant id, role and (when the token carries one) display name over those sent, so nobody
can appear as someone else or with a role they do not have.
"""

from __future__ import annotations

import json
import re
from typing import Any

from .auth import Identity
from .protocol import ProtocolError, state_json

MAX_DEPTH = 8
MAX_NAME_CHARS = 80
MAX_ID_CHARS = 200
COLOR = re.compile(r"#[0-9a-fA-F]{6}")


class PresenceRefused(ProtocolError):
    def __init__(self, message: str, code: int = 4400) -> None:
        super().__init__(message)
        self.code = code


def _depth(value: Any, limit: int) -> bool:
    """True when ``value`` nests no deeper than ``limit`` levels (iteratively: no recursion)."""
    stack = [(value, 1)]
    while stack:
        item, level = stack.pop()
        if isinstance(item, dict | list):
            if level > limit:
                return False
            children = item.values() if isinstance(item, dict) else item
            stack.extend((child, level + 1) for child in children)
    return True


def _short_string(value: Any, limit: int, what: str) -> str:
    if not isinstance(value, str) or len(value) > limit:
        raise PresenceRefused(f"presence {what} must be a string of at most {limit} characters")
    return value


def _user(user: Any, identity: Identity) -> dict[str, Any]:
    if not isinstance(user, dict):
        raise PresenceRefused("presence user must be an object")
    checked = dict(user)
    if "name" in user:
        checked["name"] = identity.display_name or _short_string(
            user["name"], MAX_NAME_CHARS, "name"
        )
    if "color" in user and not (isinstance(user["color"], str) and COLOR.fullmatch(user["color"])):
        raise PresenceRefused("presence colour must be #rrggbb")
    if "id" in user:
        checked["id"] = identity.participant_id or f"invite-{identity.role.value}"
    if "role" in user:
        checked["role"] = identity.role.value
    return checked


def _editing(editing: Any) -> None:
    """``editing``: the field a peer's focus is in, ``{board, item, field}`` of short strings."""
    if not isinstance(editing, dict) or set(editing) - {"board", "item", "field"}:
        raise PresenceRefused("presence editing must be an object {board, item, field}")
    for key in ("board", "item", "field"):
        _short_string(editing.get(key), MAX_ID_CHARS, f"editing.{key}")


def sanitize(raw: bytes, identity: Identity, max_bytes: int) -> bytes:
    """The state to forward for ``raw`` sent by ``identity``; raises PresenceRefused."""
    if len(raw) > max_bytes:
        raise PresenceRefused(f"presence state larger than {max_bytes} bytes", 4413)
    try:
        state = json.loads(raw)
    except (ValueError, RecursionError) as exc:
        raise PresenceRefused("presence state is not JSON (or nests too deeply)") from exc
    if not isinstance(state, dict):
        raise PresenceRefused("presence state must be a JSON object")
    if not _depth(state, MAX_DEPTH):
        raise PresenceRefused(f"presence state nests deeper than {MAX_DEPTH} levels")
    for key in ("at", "focus"):
        if state.get(key) is not None:
            _short_string(state[key], MAX_ID_CHARS, key)
    if state.get("editing") is not None:
        _editing(state["editing"])
    if "user" in state:
        state["user"] = _user(state["user"], identity)
    return state_json(state)
