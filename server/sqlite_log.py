"""A room's updates committed to SQLite on the event loop itself.

Every batch a room's worker applies is committed before anyone is sent it (server/room.py).
Through a worker thread, each batch cost two thread switches and a GIL hand-over on the core
that also writes the fan-out: at 200 peers in a room, ~10 % of the server's CPU per delivery,
and the insert through SQLAlchemy ran several times slower there than alone. In WAL mode with
``synchronous=NORMAL`` a commit is a write into the page cache, which a SIGKILL does not lose
(no fsync: that happens at checkpoints), so on SQLite the batch is committed right here,
through a connection of its own: 24 µs alone, ~150 µs of CPU amid a 200-peer fan-out, against
500-640 µs through the thread (bench/README.md, "The fan-out's own costs"):

- its ``busy_timeout`` is 0: when anyone else holds SQLite's write lock (one of our threads, a
  timed-out write still running, another process), :meth:`InlineLog.append` says so at once
  and the batch takes the thread way, which waits, instead of stalling the loop;
- it never checkpoints (a checkpoint fsyncs). Every ``HAND_OVER_COMMITS`` commits, or
  ``HAND_OVER_BYTES`` bytes, the batch takes the thread way, whose pooled connection keeps
  SQLite's automatic checkpoint: run right after that commit, with no other write under way,
  it catches the WAL up, and the next commit starts the WAL file again from its beginning.
  (A checkpoint in a thread beside commits on the loop never catches up while they go on, and
  the WAL grows without end: a test of 16 MB written made a 96 MB WAL.)
"""

from __future__ import annotations

import sqlite3

HAND_OVER_COMMITS = 64
HAND_OVER_BYTES = 4 << 20  # SQLite checkpoints past 1,000 pages (of 4 KiB by default)
_BUSY = (sqlite3.SQLITE_BUSY, sqlite3.SQLITE_LOCKED)
_INSERT = "INSERT INTO docupdate (doc_key, data) VALUES (?, ?)"


class InlineLog:
    def __init__(self, path: str) -> None:
        self._path = path
        self._connection: sqlite3.Connection | None = None
        self._commits = 0
        self._bytes = 0

    def append(self, batch: list[tuple[str, bytes]]) -> bool:
        """Commit ``batch``; False (nothing written) when the write lock is taken, or when
        this batch is to take the thread way. Errors (disk full, I/O) are raised after the
        transaction is rolled back."""
        if self._commits >= HAND_OVER_COMMITS or self._bytes >= HAND_OVER_BYTES:
            self._commits = self._bytes = 0
            return False
        connection = self._connection or self._open()
        try:
            if len(batch) == 1:  # most batches: one statement is one transaction (autocommit)
                connection.execute(_INSERT, batch[0])
            else:
                connection.execute("BEGIN IMMEDIATE")  # the write lock first, or nothing
                connection.executemany(_INSERT, batch)
                connection.execute("COMMIT")
        except sqlite3.OperationalError as exc:
            if exc.sqlite_errorcode in _BUSY and not connection.in_transaction:
                return False  # the lock was never taken (``busy_timeout`` 0): nothing written
            self._discard()
            raise
        except BaseException:
            self._discard()
            raise
        self._commits += 1
        self._bytes += sum(len(data) for _, data in batch)
        return True

    def close(self) -> None:
        if self._connection is not None:
            self._connection.close()
            self._connection = None

    def _open(self) -> sqlite3.Connection:
        connection = sqlite3.connect(self._path, isolation_level=None, check_same_thread=False)
        connection.execute("PRAGMA busy_timeout=0")
        connection.execute("PRAGMA synchronous=NORMAL")
        connection.execute("PRAGMA wal_autocheckpoint=0")
        self._connection = connection
        return connection

    def _discard(self) -> None:
        """After a failure, roll back and start again from a new connection next time."""
        connection, self._connection = self._connection, None
        if connection is not None:
            try:
                if connection.in_transaction:
                    connection.execute("ROLLBACK")
            except sqlite3.Error:
                pass
            connection.close()
