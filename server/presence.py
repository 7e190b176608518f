"""Presence (awareness) relay for one room. Never persisted.

Rules, each learnt from watching stock clients under load:
* forward only new, changed or removed states; an unchanged renewal is echoed to its sender
  alone -- forwarding every renewal makes N clients cost N × N messages;
* the stock client forgets a remote state not renewed within 30 s, so the room sends one
  coalesced renewal of every state (with the newest clocks) every ``renewal_seconds``;
* a client id belongs to the connection that first announced it: only that connection may
  change or remove it, and its states are removed when it disconnects;
* a state is checked and its user rewritten from the sender's token (presence_state.py); a
  connection may own ``max_clients`` client ids and change its states ``changes_per_second``
  times a second (bursts of ``change_burst``): further changes are dropped, and the next
  renewal -- seen as a change -- repairs what peers show;
* with several processes, what this process forwards and renews is also published; states
  heard from other processes are kept (owner ``None``) to greet newcomers, and forgotten
  when not renewed for ``REMOTE_TTL`` seconds (their process may have died).
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from . import protocol as p
from .presence_state import sanitize
from .ratelimit import TokenBucket

if TYPE_CHECKING:
    from .room import Peer, Room


REMOTE_TTL = 35.0


@dataclass(frozen=True)
class PresenceLimits:
    max_bytes: int = 4096
    max_clients: int = 4
    changes_per_second: float = 5.0
    change_burst: int = 20


@dataclass
class _State:
    clock: int
    state: bytes  # as forwarded (sanitised)
    owner: Any  # the local connection, or None for a client of another process
    seen: float = field(default_factory=time.monotonic)
    raw: bytes = b""  # as the owner sent it: an identical renewal is not a change


class Presence:
    def __init__(
        self,
        room: Room,
        publish: Callable[[bytes], None] | None = None,
        limits: PresenceLimits | None = None,
    ) -> None:
        # Not the room itself: a room and its presence referring to each other would outlive
        # the room's unload until a rare full garbage collection; ``clear`` cuts this link.
        self._broadcast: Callable[[bytes], None] = room.broadcast
        self.states: dict[int, _State] = {}
        self.limits = limits or PresenceLimits()
        self.dropped = 0
        self._renewed = False
        self._publish = publish or (lambda frame: None)
        self._quota: dict[Any, TokenBucket] = {}

    def greet(self, peer: Peer) -> None:
        if self.states:
            peer.send(self._frame_all())

    def receive(self, peer: Peer, entries: tuple[p.AwarenessEntry, ...]) -> None:
        """Raises PresenceRefused (a ProtocolError) for a state that breaks the rules."""
        changed: list[p.AwarenessEntry] = []
        renewed: list[p.AwarenessEntry] = []
        for entry in entries:
            current = self.states.get(entry.client)
            if current is not None and current.owner is not peer:
                continue  # someone else's client id (the stock client re-sends all it hears)
            if entry.removed:
                if current is not None:
                    del self.states[entry.client]
                    changed.append(entry)
                continue
            if current is not None and entry.clock < current.clock:
                continue
            if current is not None and current.raw == entry.state:
                renewed.append(p.AwarenessEntry(entry.client, entry.clock, current.state))
                current.clock = entry.clock
                self._renewed = True
                continue
            state = sanitize(entry.state, peer.identity, self.limits.max_bytes)
            if not self._allow_change(peer, is_new=current is None):
                continue
            changed.append(p.AwarenessEntry(entry.client, entry.clock, state))
            self.states[entry.client] = _State(entry.clock, state, peer, raw=entry.state)
        if changed:
            frame = p.awareness_frame(changed)
            self._broadcast(frame)
            self._publish(frame)
        elif renewed:  # the sender's own renewal, echoed to it alone: it hears it is alive
            peer.send(p.awareness_frame(renewed))

    def _allow_change(self, peer: Peer, *, is_new: bool) -> bool:
        limits = self.limits
        if is_new and sum(s.owner is peer for s in self.states.values()) >= limits.max_clients:
            self.dropped += 1
            return False
        bucket = self._quota.get(peer)
        if bucket is None:
            bucket = self._quota[peer] = TokenBucket(limits.changes_per_second, limits.change_burst)
        if not bucket.take():
            self.dropped += 1
            return False
        return True

    def forget(self, peer: Peer) -> None:
        self._quota.pop(peer, None)
        gone = [
            p.AwarenessEntry(client, s.clock + 1, b"null")
            for client, s in self.states.items()
            if s.owner is peer
        ]
        for entry in gone:
            del self.states[entry.client]
        if gone:
            frame = p.awareness_frame(gone)
            self._broadcast(frame)
            self._publish(frame)

    def clear(self) -> None:
        """The room unloaded: forget every state and quota, and the room."""
        self.states.clear()
        self._quota.clear()
        self._broadcast = _nobody

    def remote(self, frame: bytes) -> None:
        """A frame another process forwarded: pass it on to local peers, remember its states."""
        try:
            entries = p.parse(frame).awareness
        except p.ProtocolError:
            return
        now = time.monotonic()
        for entry in entries:
            current = self.states.get(entry.client)
            if current is not None and current.owner is not None:
                continue
            if entry.removed:
                self.states.pop(entry.client, None)
            elif current is None or entry.clock >= current.clock:
                self.states[entry.client] = _State(entry.clock, entry.state, None, now)
        self._broadcast(frame)

    def announce(self) -> None:
        """Publish this process's states to the other processes (a newcomer process asked)."""
        local = [
            p.AwarenessEntry(c, s.clock, s.state)
            for c, s in self.states.items()
            if s.owner is not None
        ]
        if local:
            self._publish(p.awareness_frame(local))

    def renew(self) -> bool:
        """Send the coalesced renewal of local states if any was renewed since the last one."""
        now = time.monotonic()
        for client in [
            c for c, s in self.states.items() if s.owner is None and now - s.seen > REMOTE_TTL
        ]:
            del self.states[client]
        if not self._renewed:
            return False
        self._renewed = False
        local = [
            p.AwarenessEntry(c, s.clock, s.state)
            for c, s in self.states.items()
            if s.owner is not None
        ]
        if not local:
            return False
        frame = p.awareness_frame(local)
        self._broadcast(frame)
        self._publish(frame)
        return True

    def _frame_all(self) -> bytes:
        return p.awareness_frame(
            [p.AwarenessEntry(c, s.clock, s.state) for c, s in self.states.items()]
        )


def _nobody(frame: bytes) -> None:
    return None
