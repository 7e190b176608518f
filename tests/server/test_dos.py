"""Cheap denial of service: crafted frames, reconnect storms and oversized messages cost their
sender the connection and nobody else anything."""

from __future__ import annotations

import time
from pathlib import Path

import anyio
import pytest
import websockets
from pycrdt import Doc, Text

from server import protocol as p
from tests.support.server import Server
from tests.support.workshop import make_workshop
from tests.support.yclient import YClient

pytestmark = pytest.mark.anyio

# 5 bytes of state vector declaring 2^28 entries: pycrdt pre-allocated 256 MB for it.
HUGE_STATE_VECTOR = p.sync_frame(p.STEP1, p.varuint(1 << 28))
# The same trick on an update's client-block count (500 MB, 0.7 s in pycrdt).
HUGE_UPDATE = p.update_frame(p.varuint(1 << 28))


async def _round_trip(client: YClient, n: int) -> float:
    """Seconds for the client's own presence change to come back from the server."""
    await client.set_awareness(client.doc.client_id, n, {"n": n})
    started = time.perf_counter()
    await client.wait_for(lambda: client.awareness.get(client.doc.client_id) == {"n": n})
    return time.perf_counter() - started


async def _raw(url: str, frames: list[bytes]) -> tuple[int | None, str]:
    async with websockets.connect(url, max_size=None, compression=None) as ws:
        for frame in frames:
            try:
                await ws.send(frame)
            except websockets.ConnectionClosed:
                break
        try:
            async for _ in ws:
                pass
        except websockets.ConnectionClosed:
            pass
        return ws.close_code, ws.close_reason or ""


async def _refused_with(url: str) -> int | None:
    """The close code if the server refuses the connection at once, else None."""
    async with websockets.connect(url, max_size=None, compression=None) as ws:
        with anyio.move_on_after(0.5):
            try:
                async for _ in ws:
                    pass
            except websockets.ConnectionClosed:
                pass
        return ws.close_code


async def test_crafted_counts_do_not_stall_other_peers(server: Server) -> None:
    setup = make_workshop(server)
    viewer, _ = setup.join("viewer", "看客")
    editor, _ = setup.join("editor", "编辑")
    async with YClient(setup.ws(setup.facilitator)) as peer:
        await peer.synced.wait()
        baseline = [await _round_trip(peer, n) for n in range(1, 4)]
        codes: list[tuple[int | None, str]] = []
        worst = 0.0

        async def attack() -> None:
            for i in range(25):  # 50 crafted frames, two per connection
                token = viewer if i % 2 else editor
                frame = HUGE_STATE_VECTOR if i % 2 else HUGE_UPDATE
                codes.append(await _raw(setup.ws(token), [frame, frame]))

        async def measure() -> None:
            nonlocal worst
            n = 10
            while len(codes) < 25:
                n += 1
                worst = max(worst, await _round_trip(peer, n))
                await anyio.sleep(0.05)  # within the presence change rate (5/s, burst 20)

        async with anyio.create_task_group() as tg:
            tg.start_soon(attack)
            tg.start_soon(measure)
        assert {code for code, _ in codes} == {4400}, codes
        assert "state vector with 268435456 entries" in codes[1][1]
        assert "update declares 268435456 client blocks" in codes[0][1]
        assert worst < 0.2, (worst, baseline)
        assert peer.close_code is None


async def test_sync_requests_and_reconnects_are_rate_limited(tmp_path: Path) -> None:
    srv = Server(
        tmp_path / "data",
        env={"OBEYA_MAX_CONNECT_BURST": "6", "OBEYA_MAX_CONNECTS_PER_SECOND": "0.01"},
    ).start()
    try:
        setup = make_workshop(srv)
        other = setup.invite("editor")
        async with YClient(setup.ws(setup.facilitator)) as c:  # 1st connection of this token
            await c.synced.wait()
            for _ in range(10):  # a client needs one step 1 per connection; 5 are allowed
                await c.send_raw(p.sync_frame(p.STEP1, b"\x00"))
            assert await c.wait_closed() == 4429
            assert "sync requests" in c.close_reason
        codes = [await _refused_with(setup.ws(setup.facilitator)) for _ in range(6)]
        assert codes == [None] * 5 + [4429], codes
        async with YClient(setup.ws(other)) as fresh:  # another token is not affected
            await fresh.synced.wait()
            assert fresh.close_code is None
    finally:
        srv.stop()


async def test_oversized_message_closes_with_4413(tmp_path: Path) -> None:
    srv = Server(tmp_path / "data", env={"OBEYA_MAX_MESSAGE_BYTES": "65536"}).start()
    try:
        setup = make_workshop(srv)
        async with YClient(setup.ws(setup.facilitator)) as c:
            await c.synced.wait()
            big: Doc = Doc()
            big.get("text", type=Text).insert(0, "大" * 40_000)
            await c.send_raw(p.update_frame(big.get_update()))
            assert await c.wait_closed() == 4413
        async with YClient(setup.ws(setup.facilitator)) as after:
            await after.synced.wait()
            assert str(after.doc.get("text", type=Text)) == ""
    finally:
        srv.stop()
