"""Durable state on SQLModel: document update logs and snapshots, command results, private
board state. Synchronous functions run in worker threads through :class:`Database`."""

from __future__ import annotations

import asyncio
import json
import sqlite3
import zlib
from collections.abc import Callable, Iterator
from contextlib import contextmanager, suppress
from dataclasses import dataclass
from typing import Any, TypeVar

import anyio
from pycrdt import Doc
from sqlalchemy import delete, func, insert, literal_column, text, union_all
from sqlalchemy import select as core_select
from sqlalchemy.engine import Engine
from sqlalchemy.exc import InterfaceError, OperationalError
from sqlmodel import Session, select

from .health import DATABASE, DISK, Health
from .models import BoardPrivate, CommandRecord, DocSnapshot, DocUpdate, utcnow
from .sqlite_log import InlineLog

T = TypeVar("T")
A = TypeVar("A")
Extra = Callable[[Session], None]
PROBE_KEY = "~probe"  # the doc key of the row a disk probe writes and deletes at once
READ_THREADS = 8
MAX_READ_BATCH = 32


class StorageUnavailable(Exception):
    """The database cannot be reached or cannot write (down, restarting, disk full): nothing
    was stored; retrying later may work. HTTP answers 503, websockets close with 4503.

    ``finished`` is set for a write given up on past its timeout: its thread goes on, and
    its transaction may still commit. The future is done once that thread has returned, so
    whoever refused the write can then find out what the store really holds."""

    def __init__(self, message: str, finished: asyncio.Future[None] | None = None) -> None:
        super().__init__(message)
        self.finished = finished


class WriteTimedOut(TimeoutError):
    """A write past its timeout; ``finished`` as in :class:`StorageUnavailable`."""

    def __init__(self, finished: asyncio.Future[None]) -> None:
        super().__init__()
        self.finished = finished


class Database:
    """The engine plus the threads that talk to it. SQLite takes one writer at a time, so
    writes are serialised through one slot there: ordering stays simple and ``database is
    locked`` never happens."""

    def __init__(self, engine: Engine, health: Health | None = None, timeout: float = 15.0) -> None:
        self.engine = engine
        self.health = health or Health()
        self.timeout = timeout
        self.is_sqlite = engine.dialect.name == "sqlite"
        self._writes = anyio.CapacityLimiter(1 if self.is_sqlite else 8)
        self._reads = anyio.CapacityLimiter(READ_THREADS)
        # Reads waiting for a thread: whichever reader thread comes free next takes them all
        # (``_drain``), so a connect storm's hundreds of token, board and document lookups
        # cost a few thread hops rather than one each.
        self._queued_reads: list[tuple[Callable[[Session], Any], asyncio.Future[Any]]] = []
        self._readers: set[asyncio.Task[None]] = set()
        path = engine.url.database if self.is_sqlite and not engine.url.query else None
        self._inline = InlineLog(path) if path and path != ":memory:" else None

    def close(self) -> None:
        if self._inline is not None:
            self._inline.close()

    async def write(self, fn: Callable[[Session], T], within: float | None = None) -> T:
        with self._watch(write=True):
            return await self._run(self._in_session, fn, self._writes, within)

    async def read(self, fn: Callable[[Session], T], within: float | None = None) -> T:
        with self._watch(write=False):
            future: asyncio.Future[T] = asyncio.get_running_loop().create_future()
            self._queued_reads.append((fn, future))
            if len(self._readers) < READ_THREADS:
                reader = asyncio.get_running_loop().create_task(self._drain())
                self._readers.add(reader)
                reader.add_done_callback(self._readers.discard)
            # Past ``within`` the wait counts as failed, as in ``_run``; its batch goes on.
            with anyio.fail_after(self.timeout if within is None else within):
                return await future

    async def _drain(self) -> None:
        while self._queued_reads:
            batch, self._queued_reads = (
                self._queued_reads[:MAX_READ_BATCH],
                self._queued_reads[MAX_READ_BATCH:],
            )
            try:
                outcomes = await anyio.to_thread.run_sync(
                    self._read_batch, batch, limiter=self._reads, abandon_on_cancel=True
                )
            except BaseException:  # shutting down: nobody may wait for an answer forever
                for _, future in batch:
                    if not future.done():
                        future.set_exception(StorageUnavailable("read abandoned"))
                raise
            for (_, future), (result, error) in zip(batch, outcomes, strict=True):
                if future.done():  # its caller gave up waiting
                    continue
                if error is None:
                    future.set_result(result)
                else:
                    future.set_exception(error)

    def _read_batch(
        self, batch: list[tuple[Callable[[Session], Any], asyncio.Future[Any]]]
    ) -> list[tuple[Any, BaseException | None]]:
        """Each read in its own session, as if it had its own thread hop."""
        outcomes: list[tuple[Any, BaseException | None]] = []
        for fn, future in batch:
            if future.done():  # cancelled while queued: its caller gave up waiting
                outcomes.append((None, None))
                continue
            try:
                outcomes.append((self._in_session(fn), None))
            except Exception as exc:
                outcomes.append((None, exc))
        return outcomes

    async def _run(
        self, call: Callable[[A], T], arg: A, limiter: anyio.CapacityLimiter, within: float | None
    ) -> T:
        """A database that stops answering (hung, or its host gone without a reset) must not
        hold rooms, commands and ``/readyz`` forever: past ``within`` seconds (default: the store's timeout) the call counts as failed
        (TimeoutError, an OSError: StorageUnavailable). Its thread is abandoned; should it still
        commit later, peers re-send what they were refused, and a retried command finds its
        idempotency record; but an update that did commit is never published to the other
        processes: the raised error's ``finished`` tells when to read the store again."""
        loop = asyncio.get_running_loop()
        finished: asyncio.Future[None] = loop.create_future()
        # Only a write given up on wakes the loop when its thread returns: the hot path pays
        # no cross-thread call. Each side sets its flag, then reads the other's (the GIL
        # orders them), so at least one of them settles ``finished``.
        flags = {"returned": False, "given_up": False}

        def tracked(value: A) -> T:
            try:
                return call(value)
            finally:
                flags["returned"] = True
                if flags["given_up"]:
                    with suppress(RuntimeError):  # the loop is gone: nobody waits any more
                        loop.call_soon_threadsafe(_settle, finished)

        try:
            with anyio.fail_after(self.timeout if within is None else within):
                return await anyio.to_thread.run_sync(
                    tracked, arg, limiter=limiter, abandon_on_cancel=True
                )
        except TimeoutError as exc:
            flags["given_up"] = True
            if flags["returned"]:
                _settle(finished)
            raise WriteTimedOut(finished) from exc

    @contextmanager
    def _watch(self, *, write: bool) -> Iterator[None]:
        """Report to the health registry, and turn "cannot reach or write the database" into
        :class:`StorageUnavailable` (other errors, such as integrity errors, pass as they are)."""
        try:
            yield
        except (OperationalError, InterfaceError, OSError, sqlite3.OperationalError) as exc:
            self.health.storage_failed(exc)
            first_line = (str(exc).splitlines() or [type(exc).__name__])[0]  # "" for a timeout
            finished = exc.finished if isinstance(exc, WriteTimedOut) else None
            raise StorageUnavailable(first_line[:200], finished) from exc
        if write:
            self.health.ok(DATABASE, DISK)
        else:
            self.health.ok(DATABASE)

    def _in_session(self, fn: Callable[[Session], T]) -> T:
        with Session(self.engine, expire_on_commit=False) as session:
            result = fn(session)
            session.commit()
            return result

    async def append(self, batch: list[tuple[str, bytes]]) -> None:
        """The hot path: a batch of updates in one transaction, without the ORM (3x faster);
        on SQLite, on the loop when no other write is under way (server/sqlite_log.py)."""
        with self._watch(write=True):
            inline = self._inline
            if inline is not None and self._writes.borrowed_tokens == 0 and inline.append(batch):
                return
            await self._run(self._append, batch, self._writes, None)

    def _append(self, batch: list[tuple[str, bytes]]) -> None:
        with self.engine.begin() as connection:
            connection.execute(insert(DocUpdate), [{"doc_key": k, "data": d} for k, d in batch])

    def ping(self) -> None:
        with self.engine.connect() as connection:
            connection.execute(text("SELECT 1"))

    async def probe(self, within: float | None = None) -> None:
        """Check the database answers, and -- while the disk was seen full -- that it can
        write again (a row written and deleted in one committed transaction)."""
        if DISK in self.health.degraded:
            await self.write(_probe_write, within)
        else:
            await self.read(lambda s: s.execute(text("SELECT 1")), within)


def _settle(finished: asyncio.Future[None]) -> None:
    if not finished.done():
        finished.set_result(None)


def _probe_write(session: Session) -> None:
    session.execute(insert(DocUpdate).values(doc_key=PROBE_KEY, data=bytes(16_384)))
    session.execute(delete(DocUpdate).where(DocUpdate.doc_key == PROBE_KEY))  # type: ignore[arg-type]


@dataclass
class StoredDoc:
    updates: list[bytes]  # snapshot first (if any), then the log tail in order
    log_count: int
    size: int


def load_doc(session: Session, doc_key: str) -> StoredDoc:
    """The snapshot and the log tail in one query, as plain rows: a connect storm loads a
    room per board, and ORM objects cost more than the query."""
    snapshot, log = DocSnapshot.__table__, DocUpdate.__table__  # type: ignore[attr-defined]
    part: Any = literal_column("0").label("part")
    both = union_all(
        core_select(part, literal_column("0").label("id"), snapshot.c.data).where(
            snapshot.c.doc_key == doc_key
        ),
        core_select(literal_column("1"), log.c.id, log.c.data).where(log.c.doc_key == doc_key),
    )
    rows = session.connection().execute(both.order_by("part", "id")).all()
    updates = [_unpack(data) if is_log == 0 else data for is_log, _, data in rows]
    log_count = len(rows) - (1 if rows and rows[0][0] == 0 else 0)
    return StoredDoc(updates=updates, log_count=log_count, size=sum(map(len, updates)))


def append_updates(session: Session, batch: list[tuple[str, bytes]]) -> None:
    session.add_all(DocUpdate(doc_key=key, data=data) for key, data in batch)


def compact(session: Session, doc_key: str) -> int:
    """Fold the snapshot and every logged update into one snapshot. Only the rows read here
    are deleted, so an update committed meanwhile (by another process) stays in the tail."""
    if session.get_bind().dialect.name == "postgresql":
        session.execute(text("SELECT pg_advisory_xact_lock(hashtext(:k))"), {"k": doc_key})
    rows = session.exec(
        select(DocUpdate.id, DocUpdate.data)
        .where(DocUpdate.doc_key == doc_key)
        .order_by(DocUpdate.id)  # type: ignore[arg-type]
    ).all()
    if not rows:
        return 0
    snapshot = session.get(DocSnapshot, doc_key)
    parts = ([_unpack(snapshot.data)] if snapshot else []) + [data for _, data in rows]
    upto = int(rows[-1][0] or 0)
    merged = _pack(fold(parts))
    if snapshot is None:
        session.add(DocSnapshot(doc_key=doc_key, data=merged, upto_id=upto))
    else:
        snapshot.data, snapshot.upto_id, snapshot.updated_at = merged, upto, utcnow()
        session.add(snapshot)
    read = [int(row_id or 0) for row_id, _ in rows]
    for start in range(0, len(read), 500):  # bounded parameter lists
        session.execute(
            delete(DocUpdate).where(DocUpdate.id.in_(read[start : start + 500]))  # type: ignore[union-attr]
        )
    return len(rows)


def fold(parts: list[bytes]) -> bytes:
    """One update equivalent to ``parts``, encoded from a document they are replayed into.

    ``merge_updates`` keeps every merged update's blocks apart: a snapshot folded from 6,000
    appends by one writer took 530 ms to load instead of 1.2 ms, and typed text stayed 5x
    larger. A replay drops what it cannot integrate (an update whose dependencies are
    missing); stored rows never hold such a thing: a room persists only what its document
    integrated, and stores it before any other process can see it, so the rows read in id
    order are causally complete.
    """
    doc: Doc = Doc()
    with doc.transaction():
        for part in parts:
            doc.apply_update(part)
    return doc.get_update()


def log_length(session: Session, doc_key: str) -> int:
    return int(session.exec(select(func.count()).where(DocUpdate.doc_key == doc_key)).one())  # type: ignore[arg-type]


# Snapshots are compressed: a CRDT's encoded state is mostly repeated client ids and keys.
def _pack(data: bytes) -> bytes:
    return b"z" + zlib.compress(data, 6)


def _unpack(data: bytes) -> bytes:
    return zlib.decompress(data[1:]) if data[:1] == b"z" else data


def find_command(session: Session, board_id: str, key: str) -> CommandRecord | None:
    return session.exec(
        select(CommandRecord).where(
            CommandRecord.board_id == board_id, CommandRecord.idempotency_key == key
        )
    ).first()


def record_command(session: Session, record: CommandRecord) -> None:
    session.add(record)


def load_private(session: Session, board_id: str) -> dict[str, Any]:
    row = session.get(BoardPrivate, board_id)
    return dict(json.loads(row.state_json)) if row else {}


def save_private(session: Session, board_id: str, state: dict[str, Any]) -> None:
    row = session.get(BoardPrivate, board_id) or BoardPrivate(board_id=board_id)
    row.state_json = json.dumps(state, ensure_ascii=False, separators=(",", ":"))
    session.add(row)


def replace_doc(session: Session, doc_key: str) -> None:
    """Forget a document's stored state (before writing an imported one in its place)."""
    session.execute(delete(DocUpdate).where(DocUpdate.doc_key == doc_key))  # type: ignore[arg-type]
    snapshot = session.get(DocSnapshot, doc_key)
    if snapshot is not None:
        session.delete(snapshot)
