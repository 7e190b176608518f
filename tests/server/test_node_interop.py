"""The stock npm ``yjs`` + ``y-websocket`` client against a real server, beside pycrdt peers."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
from pathlib import Path

import anyio
import pytest
from pycrdt import Text

from tests.support.server import Server
from tests.support.workshop import Setup, make_workshop
from tests.support.yclient import YClient

NODE_DIR = Path(__file__).resolve().parents[1] / "node"
pytestmark = [pytest.mark.anyio, pytest.mark.node]

SHARED_SERVER = True  # each test makes its own workshop: one server start


def _require_node() -> None:
    if shutil.which("node") and (NODE_DIR / "node_modules" / "y-websocket").is_dir():
        return
    reason = (
        "node or tests/node/node_modules missing (run ./setup.sh test, which runs npm ci there)"
    )
    if os.environ.get("CI"):
        pytest.fail(reason)
    pytest.skip(reason)


def start_peer(setup: Setup, token: str, script: list[dict[str, object]]) -> subprocess.Popen[str]:
    _require_node()
    return subprocess.Popen(
        [
            "node",
            str(NODE_DIR / "peer.mjs"),
            setup.server.ws_url,
            setup.board_id,
            token,
            json.dumps(script),
        ],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        cwd=NODE_DIR,
    )


def results(proc: subprocess.Popen[str], timeout: float = 60) -> dict[str, dict[str, object]]:
    out, err = proc.communicate(timeout=timeout)
    assert proc.returncode == 0, err
    return {step["op"]: step for step in map(json.loads, out.splitlines())}


async def test_stock_clients_and_pycrdt_edit_together_in_chinese(server: Server) -> None:
    setup = make_workshop(server)
    a_token, _ = setup.join("editor", "李伟")
    b_token, _ = setup.join("editor", "Ann")
    a = start_peer(
        setup,
        a_token,
        [
            {"op": "synced"},
            {"op": "presence", "user": {"name": "李伟"}},
            {"op": "insert", "text": "节点甲:"},
            {"op": "waitText", "text": "python 乙"},
            {"op": "waitPeers", "count": 2},
            {"op": "text"},
            {"op": "idle", "ms": 1000},
        ],
    )
    b = start_peer(
        setup,
        b_token,
        [
            {"op": "synced"},
            {"op": "presence", "user": {"name": "Ann"}},
            {"op": "waitText", "text": "节点甲"},
            {"op": "waitText", "text": "python 乙"},
            {"op": "waitPeers", "count": 2},
            {"op": "text"},
            {"op": "idle", "ms": 1000},
        ],
    )
    async with YClient(setup.ws(a_token)) as py:
        await py.wait_for(lambda: "节点甲" in str(py.doc.get("text", type=Text)), timeout=20)
        py.doc.get("text", type=Text).insert(0, "python 乙 ")
        ra = await anyio.to_thread.run_sync(results, a)
        rb = await anyio.to_thread.run_sync(results, b)
        final = str(py.doc.get("text", type=Text))
    for r in (ra, rb):
        assert r["synced"]["ok"] and r["waitText"]["ok"]
        assert r["waitPeers"]["names"] == ["Ann", "李伟"], (ra, rb)
        assert r["text"]["text"] == final


@pytest.mark.skipif(
    os.environ.get("OBEYA_FAST_TESTS") == "1", reason="OBEYA_FAST_TESTS=1 skips the 35 s idle test"
)
async def test_idle_stock_client_stays_connected_past_30_seconds(server: Server) -> None:
    setup = make_workshop(server)
    token, _ = setup.join("viewer", "Quiet")
    proc = start_peer(setup, token, [{"op": "synced"}, {"op": "idle", "ms": 35_000}])
    r = await anyio.to_thread.run_sync(results, proc)
    assert r["synced"]["ok"]
    assert r["idle"]["reconnects"] == 0 and r["idle"]["connected"] is True


async def test_viewer_stock_client_edits_are_dropped(server: Server) -> None:
    setup = make_workshop(server)
    viewer, _ = setup.join("viewer", "Vi")
    proc = start_peer(
        setup,
        viewer,
        [{"op": "synced"}, {"op": "insert", "text": "viewer edit"}, {"op": "idle", "ms": 500}],
    )
    assert (await anyio.to_thread.run_sync(results, proc))["synced"]["ok"]
    async with YClient(setup.ws(setup.facilitator)) as check:
        await check.synced.wait()
        assert "viewer edit" not in str(check.doc.get("text", type=Text))


async def test_a_stock_client_too_slow_to_keep_up_reconnects_and_catches_up(
    tmp_path: Path,
) -> None:
    """A peer that stops reading is dropped once its queue passes OBEYA_MAX_UNSENT_BYTES, with
    1013 ("try again later"): the stock client gives up for good on 4400-4499, so a close in
    that range would have left it offline. It reconnects and resyncs everything it missed."""
    server = Server(tmp_path / "data", env={"OBEYA_MAX_UNSENT_BYTES": "65536"}).start()
    try:
        setup = make_workshop(server)
        token, _ = setup.join("viewer", "Slow")
        proc = start_peer(
            setup,
            token,
            [
                {"op": "synced"},
                {"op": "waitText", "text": "READY", "ms": 20_000},
                {"op": "stall", "ms": 1_500},  # under the server's 2 s for a close handshake
                {"op": "waitText", "text": "END", "ms": 60_000},
                {"op": "closes"},
            ],
        )
        async with YClient(setup.ws(setup.facilitator)) as writer:
            await writer.wait_for(lambda: writer.synced.is_set(), timeout=20)
            text = writer.doc.get("text", type=Text)
            text.insert(0, "READY ")
            await anyio.sleep(0.3)  # the peer reads READY, then stops reading for a while
            chunk = "x" * 524_288
            for _ in range(20):  # ~10 MB at once: past the kernel's socket buffers, then the queue
                text.insert(len(text), chunk)
            text.insert(len(text), " END")
            r = await anyio.to_thread.run_sync(lambda: results(proc, timeout=120))
            assert r["synced"]["ok"] and r["stall"]
            assert 1013 in r["closes"]["closes"], r
            assert r["waitText"]["ok"] and r["closes"]["connected"] is True, r
    finally:
        server.stop()
