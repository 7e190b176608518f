"""Peers that keep typing through a fault and recover by themselves, for the fault tests.

A :class:`Crowd` puts on a board, per server process: a pycrdt writer and a read-only
witness (both :class:`ReconnectingYClient`); and on the first process a stock npm
``y-websocket`` writer (``tests/node/typist.mjs``), unless ``node=False``. Writers add keys ``<name>-<i>`` to the map ``stickies``
every ``every`` seconds; every peer records each key it ever held. A witness cannot write
(the server drops a viewer's updates), so what it saw came from the server and nothing of it
can be re-sent by its reconnects: whatever it saw must be in the store.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import shutil
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from pycrdt import Doc, Map
from sqlmodel import Session

from server.db import make_engine
from server.store import load_doc
from tests.support.server import Server
from tests.support.services import unavailable
from tests.support.workshop import Setup
from tests.support.yclient import ReconnectingYClient

NODE_DIR = Path(__file__).resolve().parents[1] / "node"


class PyPeer:
    def __init__(self, url: str, name: str) -> None:
        self.name = name
        self.client = ReconnectingYClient(url)
        self.notes = self.client.doc.get("stickies", type=Map)
        self.seen: set[str] = set()
        self.notes.observe(lambda event: self.seen.update(event.keys))
        self.written = 0
        self._typing: asyncio.Task[None] | None = None

    async def start(self) -> None:
        await self.client.__aenter__()

    async def type(self, every: float) -> None:
        self._typing = asyncio.create_task(self._type(every))

    async def _type(self, every: float) -> None:
        while True:
            self.notes[f"{self.name}-{self.written}"] = "x" * 40
            self.written += 1
            await asyncio.sleep(every)

    async def stop(self) -> int:
        if self._typing is not None:
            self._typing.cancel()
            await asyncio.gather(self._typing, return_exceptions=True)
        return self.written

    async def state(self) -> dict[str, Any]:
        return {
            "keys": sorted(self.notes.keys()),
            "seen": sorted(self.seen),
            "synced": self.client.synced.is_set(),
            "closes": self.client.closes,
            "connects": self.client.connects,
        }

    async def close(self) -> None:
        await self.client.close()


class NodePeer:
    """The stock client in a node process, driven by JSON lines (see typist.mjs)."""

    def __init__(self, setup: Setup, server: Server, token: str, name: str) -> None:
        self.name = name
        self.args = [str(NODE_DIR / "typist.mjs"), server.ws_url, setup.board_id, token, name]
        self.process: asyncio.subprocess.Process | None = None

    async def start(self) -> None:
        if not shutil.which("node") or not (NODE_DIR / "node_modules" / "y-websocket").is_dir():
            unavailable("node or tests/node/node_modules missing (run ./setup.sh install)")
        self.process = await asyncio.create_subprocess_exec(
            "node",
            *self.args,
            cwd=NODE_DIR,
            stdin=asyncio.subprocess.PIPE,
            stdout=asyncio.subprocess.PIPE,
        )

    async def ask(self, op: str, **fields: object) -> dict[str, Any]:
        assert self.process is not None and self.process.stdin and self.process.stdout
        self.process.stdin.write(json.dumps({"op": op, **fields}).encode() + b"\n")
        await self.process.stdin.drain()
        line = await asyncio.wait_for(self.process.stdout.readline(), 10)
        assert line, f"node peer {self.name} exited ({self.process.returncode})"
        answer: dict[str, Any] = json.loads(line)
        return answer

    async def type(self, every: float) -> None:
        await self.ask("type", every=int(every * 1000))

    async def stop(self) -> int:
        return int((await self.ask("stop"))["written"])

    async def state(self) -> dict[str, Any]:
        return await self.ask("state")

    async def close(self) -> None:
        if self.process is None or self.process.returncode is not None:
            return
        with contextlib.suppress(AssertionError, OSError, TimeoutError):
            await self.ask("exit")
        try:
            await asyncio.wait_for(self.process.wait(), 5)
        except TimeoutError:
            self.process.kill()
            await self.process.wait()


Peer = PyPeer | NodePeer


class Crowd:
    """Writers and witnesses spread over ``servers``, all on ``setup``'s board."""

    def __init__(self, setup: Setup, servers: list[Server], *, node: bool = True) -> None:
        self.writers: list[Peer] = []
        self.witnesses: list[PyPeer] = []
        for n, server in enumerate(servers):
            editor, _ = setup.join("editor", f"py{n}")
            viewer, _ = setup.join("viewer", f"witness{n}")
            self.writers.append(PyPeer(_on(setup, server, editor), f"py{n}"))
            self.witnesses.append(PyPeer(_on(setup, server, viewer), f"witness{n}"))
            if node and n == 0:  # one stock client is enough; node processes cost CPU
                token, _ = setup.join("editor", f"node{n}")
                self.writers.append(NodePeer(setup, server, token, f"node{n}"))
        self.written: set[str] = set()

    @property
    def peers(self) -> list[Peer]:
        return [*self.writers, *self.witnesses]

    async def __aenter__(self) -> Crowd:
        for peer in self.peers:
            await peer.start()
        await self.until(lambda states: all(s["synced"] for s in states), timeout=15)
        return self

    async def __aexit__(self, *exc: object) -> None:
        for peer in self.peers:
            await peer.close()

    async def type(self, every: float = 0.05) -> None:
        for writer in self.writers:
            await writer.type(every)

    async def stop(self) -> set[str]:
        """Stop typing; every key written."""
        for writer in self.writers:
            count = await writer.stop()
            self.written |= {f"{writer.name}-{i}" for i in range(count)}
        return self.written

    async def states(self) -> list[dict[str, Any]]:
        return [await peer.state() for peer in self.peers]

    async def until(
        self, done: Callable[[list[dict[str, Any]]], bool], timeout: float
    ) -> list[dict[str, Any]]:
        deadline = time.monotonic() + timeout
        while True:
            states = await self.states()
            if done(states):
                return states
            if time.monotonic() > deadline:
                summary = [
                    {k: (len(v) if k in ("keys", "seen") else v) for k, v in s.items()}
                    for s in states
                ]
                raise AssertionError(f"peers did not get there in {timeout}s: {summary}")
            await asyncio.sleep(0.25)

    async def converged(self, timeout: float = 20) -> list[dict[str, Any]]:
        """Wait until every peer, connected and synced, holds exactly what was written."""
        expected = sorted(self.written)
        return await self.until(
            lambda states: all(s["synced"] and s["keys"] == expected for s in states), timeout
        )

    async def seen(self) -> set[str]:
        return {key for state in await self.states() for key in state["seen"]}


def _on(setup: Setup, server: Server, token: str) -> str:
    return setup.ws(token).replace(setup.server.ws_url, server.ws_url)


def stored_keys(database_url: str, board_id: str) -> set[str]:
    """The keys of ``stickies`` in the stored content document, read from the database
    itself (snapshot + log), with every server stopped."""
    engine = make_engine(database_url)
    try:
        with Session(engine) as session:
            stored = load_doc(session, f"{board_id}/content")
    finally:
        engine.dispose()
    doc: Doc = Doc()
    for update in stored.updates:
        doc.apply_update(update)
    return set(doc.get("stickies", type=Map).keys())
