"""Presence (awareness) relay for one room. Never persisted.

Rules, each learnt from watching stock clients under load:
* forward only new, changed or removed states; an unchanged renewal is echoed to its sender
  alone -- forwarding every renewal makes N clients cost N × N messages;
* the stock client forgets a remote state not renewed within 30 s, so the room sends one
  coalesced renewal of every state (with the newest clocks) every ``renewal_seconds``;
* a client id belongs to the connection that first announced it: only that connection may
  change or remove it, and its states are removed when it disconnects.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from . import protocol as p

if TYPE_CHECKING:
    from .room import Peer, Room


@dataclass
class _State:
    clock: int
    state: bytes
    owner: Any


class Presence:
    def __init__(self, room: Room) -> None:
        self.room = room
        self.states: dict[int, _State] = {}
        self._renewed = False

    def greet(self, peer: Peer) -> None:
        if self.states:
            peer.send(self._frame_all())

    def receive(self, peer: Peer, entries: tuple[p.AwarenessEntry, ...]) -> None:
        changed: list[p.AwarenessEntry] = []
        for entry in entries:
            current = self.states.get(entry.client)
            if current is not None and current.owner is not peer:
                continue  # someone else's client id: not this connection's to change
            if entry.removed:
                if current is not None:
                    del self.states[entry.client]
                    changed.append(entry)
                continue
            if current is not None and entry.clock < current.clock:
                continue
            if current is None or current.state != entry.state:
                changed.append(entry)
            else:
                self._renewed = True
            self.states[entry.client] = _State(entry.clock, entry.state, peer)
        if changed:
            self.room.broadcast(p.awareness_frame(changed))
        else:
            peer.send(p.awareness_frame(list(entries)))

    def forget(self, peer: Peer) -> None:
        gone = [
            p.AwarenessEntry(client, s.clock + 1, b"null")
            for client, s in self.states.items()
            if s.owner is peer
        ]
        for entry in gone:
            del self.states[entry.client]
        if gone:
            self.room.broadcast(p.awareness_frame(gone))

    def renew(self) -> bool:
        """Send the coalesced renewal if any state was renewed since the last one."""
        if not self._renewed or not self.states:
            return False
        self._renewed = False
        self.room.broadcast(self._frame_all())
        return True

    def _frame_all(self) -> bytes:
        return p.awareness_frame(
            [p.AwarenessEntry(c, s.clock, s.state) for c, s in self.states.items()]
        )
