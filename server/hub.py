"""What every request handler shares: settings, database, rooms, live connections."""

from __future__ import annotations

import json
import logging
import time
from collections import Counter, defaultdict
from collections.abc import AsyncIterator, Callable
from contextlib import asynccontextmanager
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import TYPE_CHECKING, Any, TypeVar, cast

import anyio
from anyio.abc import TaskGroup
from pycrdt import Map
from sqlmodel import select

from . import workshops
from .auth import Identity, digest, identify
from .broker import Broker
from .models import Board, Workshop, utcnow
from .ratelimit import KeyedBuckets
from .renderpool import RenderPool
from .room import Origin, Room
from .rooms import ROOM_NAMES, Rooms
from .settings import Settings
from .singleflight import SingleFlight
from .store import Database

if TYPE_CHECKING:
    from .history import History

IDENTITY_TTL = 60.0
_T = TypeVar("_T")
CLOSE_DELETED = 4410  # the workshop was deleted: permanent, the stock client stops reconnecting
MAX_TOMBSTONES = 100_000
log = logging.getLogger("obeya.hub")


@dataclass
class Hub:
    settings: Settings
    db: Database
    rooms: Rooms
    tg: TaskGroup
    counters: Counter[str] = field(default_factory=Counter)
    history: History | None = None  # version history (server/history.py), set at start-up
    # Board rows change rarely (lock, finish) and are read on every message check.
    boards: dict[str, tuple[Board, Workshop]] = field(default_factory=dict)
    _locks: defaultdict[str, anyio.Lock] = field(default_factory=lambda: defaultdict(anyio.Lock))
    _identities: dict[str, tuple[Identity, float]] = field(default_factory=dict)
    # Bumped whenever cached identities or boards are dropped (revocation, removal, lock,
    # deletion, resync): a lookup that began before is read again, so it neither caches nor
    # admits what was just revoked.
    _cache_epoch: int = 0
    _lookups: SingleFlight[Any] = field(default_factory=SingleFlight)
    # Digests of the tokens of workshops deleted while this process ran: they answer 410
    # rather than 401 (kept in memory only: nothing of a deleted workshop stays stored).
    deleted_tokens: dict[str, str] = field(default_factory=dict)
    clock: Callable[[], datetime] = utcnow  # retention's "now"; tests move it
    # Websocket connections per token digest and per client address (reconnect storms).
    connects_per_token: KeyedBuckets = field(init=False)
    connects_per_address: KeyedBuckets = field(init=False)
    renders: RenderPool = field(init=False)

    def __post_init__(self) -> None:
        self.broker.on_control = self.on_control
        self.broker.on_resync = self.resync
        rate, burst = self.settings.max_connects_per_second, self.settings.max_connect_burst
        self.connects_per_token = KeyedBuckets(rate, burst)
        self.connects_per_address = KeyedBuckets(5 * rate, 5 * burst)  # a team behind one NAT
        self.renders = RenderPool(self.settings)
        self.rooms.unload_listeners.append(self._room_unloaded)

    def _room_unloaded(self, room: Room) -> None:
        """A board with no room loaded any more needs no cached row."""
        if not any(f"{room.board_id}/{name}" in self.rooms.rooms for name in ROOM_NAMES):
            self.boards.pop(room.board_id, None)

    async def resync(self) -> None:
        """After a broker gap: control messages (lock, finish, revocation) may have been lost,
        so forget cached boards and identities and recheck every socket's rights; then bring
        the rooms up to the store."""
        self.boards.clear()
        self._drop_identities(lambda _: True)  # bumps the epoch for the boards too
        for peer in self.rooms.peers_where(lambda _: True):
            peer.refresh = True
        await self.rooms.resync()

    async def board(self, board_id: str) -> tuple[Board, Workshop] | None:
        cached = self.boards.get(board_id)
        if cached is not None:
            return cached
        found = await self._current("board:" + board_id, lambda s: _load_board(s, board_id))
        if found is not None:
            self.boards[board_id] = found
        return found

    async def join_lookup(
        self, token: str, board_id: str
    ) -> tuple[Identity | None, tuple[Board, Workshop] | None]:
        """Who ``token`` is and the board, for a websocket join: when neither is cached (the
        first member of a room in a connect storm) both come from one database read, not two
        one after the other."""
        key, now = digest(token), time.monotonic()
        cached = self._identities.get(key)
        if (cached is not None and cached[1] > now) or board_id in self.boards:
            return await self.identify(token), await self.board(board_id)

        def load(session: Any) -> tuple[Identity | None, tuple[Board, Workshop] | None]:
            return identify(session, token), _load_board(session, board_id)

        identity, found = await self._current(f"join:{key}:{board_id}", load)
        if identity is not None:
            self._remember(key, identity, now)
        if found is not None:
            self.boards[board_id] = found
        return identity, found

    def forget_workshop(self, workshop_id: str) -> None:
        self._cache_epoch += 1
        for key in [k for k, (_, w) in self.boards.items() if w.id == workshop_id]:
            del self.boards[key]

    @property
    def broker(self) -> Broker:
        return self.rooms.broker

    async def announce(self, message: dict[str, Any]) -> None:
        """Apply a control message here and in every other process."""
        await self.broker.control(message)

    def on_control(self, message: dict[str, Any]) -> None:
        if message.get("type") == "workshop_changed":
            self.refresh_permissions(str(message["workshop_id"]))
        elif message.get("type") == "invite_revoked":
            self.close_invite(str(message["invite_id"]))
        elif message.get("type") == "participant_removed":
            self.close_participant(str(message["participant_id"]))
        elif message.get("type") == "workshop_deleted":
            self.workshop_deleted(
                str(message["workshop_id"]),
                [str(b) for b in message.get("boards", [])],
                [str(t) for t in message.get("tokens", [])],
            )

    def workshop_deleted(self, workshop_id: str, boards: list[str], tokens: list[str]) -> None:
        """Close every socket of the deleted workshop, unload its rooms unsaved and forget
        what is cached of it; its Redis streams go too."""
        if len(self.deleted_tokens) + len(tokens) > MAX_TOMBSTONES:
            self.deleted_tokens.clear()
        self.deleted_tokens.update(dict.fromkeys(tokens, workshop_id))
        self._drop_identities(lambda who: who.workshop_id == workshop_id)
        self.forget_workshop(workshop_id)
        for board_id in boards:
            self.boards.pop(board_id, None)
        for peer in self.rooms.peers_where(lambda peer: peer.identity.workshop_id == workshop_id):
            peer.close(CLOSE_DELETED, "workshop deleted")
        keys = [f"{board_id}/{name}" for board_id in boards for name in ROOM_NAMES]
        self.rooms.discard(keys)
        self.tg.start_soon(self.broker.forget, keys)

    def was_deleted(self, token: str) -> bool:
        return digest(token) in self.deleted_tokens

    @asynccontextmanager
    async def board_lock(self, board_id: str) -> AsyncIterator[None]:
        """Commands of one board run one at a time -- across processes when Redis is there."""
        lock = self._locks[board_id]
        try:
            async with lock, self.broker.board_lock(board_id):
                yield
        finally:
            if not lock.locked() and lock.statistics().tasks_waiting == 0:
                self._locks.pop(board_id, None)

    async def publish_boards(self, workshop_id: str) -> None:
        """Mirror the workshop's board list into its own board's ledger (``boards.json``), so
        a board added, renamed or locked shows up for everyone at once, over plain sync."""

        def read(session: Any) -> tuple[str, str]:
            boards = workshops.boards_of(session, workshop_id)
            listed = [workshops.board_view(b) for b in boards if b.kind != "workshop"]
            own = next(b.id for b in boards if b.kind == "workshop")
            return own, json.dumps(listed, ensure_ascii=False, separators=(",", ":"))

        own, text = await self.db.read(read)

        def write(doc: Any) -> None:
            target = doc.get("boards", type=Map)
            if target.get("json") != text:
                target["json"] = text

        async with self.rooms.hold(own, "ledger") as ledger:
            await ledger.change(write, origin=Origin.command)

    def refresh_permissions(self, workshop_id: str) -> None:
        """After a lock, unlock or finish: recompute every open socket's write right."""
        self.forget_workshop(workshop_id)
        for peer in self.rooms.peers_where(lambda peer: peer.identity.workshop_id == workshop_id):
            peer.refresh = True

    async def identify(self, token: str) -> Identity | None:
        """Who a token is, cached for ``IDENTITY_TTL`` s: a connect storm of hundreds of peers
        costs one lookup per token. Revocation drops the cached entries at once."""
        key = digest(token)
        cached = self._identities.get(key)
        now = time.monotonic()
        if cached is not None and cached[1] > now:
            return cached[0]
        found = await self._current("token:" + key, lambda s: identify(s, token))
        if found is not None:
            self._remember(key, found, now)
        return found

    async def _current(self, name: str, load: Callable[[Any], _T]) -> _T:
        """``load`` read from the database in a read that began after the last revocation
        this process heard of: one that was under way when it came is read again."""
        while True:
            epoch = self._cache_epoch
            result = await self._lookups.run(f"{name}@{epoch}", lambda: self.db.read(load))
            if epoch == self._cache_epoch:
                return cast(_T, result)

    def _drop_identities(self, which: Callable[[Identity], bool]) -> None:
        self._cache_epoch += 1
        for key in [k for k, (who, _) in self._identities.items() if which(who)]:
            del self._identities[key]

    def _remember(self, key: str, identity: Identity, now: float) -> None:
        if len(self._identities) > 50_000:
            self._identities.clear()
        until = now + IDENTITY_TTL
        if identity.expires_at is not None:  # an expiring link is not let in past its end
            until = min(until, now + (identity.expires_at - datetime.now(UTC)).total_seconds())
        self._identities[key] = (identity, until)

    def close_invite(self, invite_id: str) -> int:
        self._drop_identities(lambda who: who.invite_id == invite_id)
        peers = self.rooms.peers_where(lambda peer: peer.identity.invite_id == invite_id)
        for peer in peers:
            peer.close(4401, "invite revoked")
        return len(peers)

    def close_participant(self, participant_id: str) -> int:
        self._drop_identities(lambda who: who.participant_id == participant_id)
        peers = self.rooms.peers_where(lambda peer: peer.identity.participant_id == participant_id)
        for peer in peers:
            peer.close(4401, "participant removed")
        return len(peers)


def _load_board(session: Any, board_id: str) -> tuple[Board, Workshop] | None:
    """The board and its workshop, in one query."""
    found = session.exec(
        select(Board, Workshop)
        .join(Workshop, Board.workshop_id == Workshop.id)  # type: ignore[arg-type]
        .where(Board.id == board_id)
    ).first()
    return None if found is None else (found[0], found[1])
