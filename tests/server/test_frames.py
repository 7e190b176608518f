"""Frames from a client, on the wire: whole binary frames take the server's short way to the
room (``FanOutProtocol.data_received``), everything else websockets' parser; either way every
update arrives, in order, and the protocol's rules hold."""

from __future__ import annotations

import asyncio
import base64
import os
import socket

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from pycrdt import Doc, Map

from server import protocol as p
from server.framing import whole_binary_frames
from tests.support.server import Server
from tests.support.workshop import Setup, make_workshop
from tests.support.yclient import YClient

pytestmark = pytest.mark.anyio

SHARED_SERVER = True


def _frame(payload: bytes, *, opcode: int = 0x2, fin: bool = True, masked: bool = True) -> bytes:
    size = len(payload)
    head = bytes(((0x80 if fin else 0) | opcode,))
    bit = 0x80 if masked else 0
    if size < 126:
        head += bytes((bit | size,))
    elif size < 1 << 16:
        head += bytes((bit | 126,)) + size.to_bytes(2, "big")
    else:
        head += bytes((bit | 127,)) + size.to_bytes(8, "big")
    if not masked:
        return head + payload
    mask = os.urandom(4)
    return head + mask + bytes(b ^ mask[i % 4] for i, b in enumerate(payload))


class Wire:
    """A raw websocket: the upgrade by hand, then bytes exactly as the test writes them."""

    def __init__(self, setup: Setup) -> None:
        self.sock = socket.create_connection(("127.0.0.1", setup.server.port), timeout=5)
        key = base64.b64encode(os.urandom(16)).decode()
        self.sock.sendall(
            (
                f"GET /ws/{setup.board_id}/content?token={setup.facilitator} HTTP/1.1\r\n"
                f"Host: 127.0.0.1:{setup.server.port}\r\nUpgrade: websocket\r\n"
                f"Connection: Upgrade\r\nSec-WebSocket-Key: {key}\r\n"
                "Sec-WebSocket-Version: 13\r\n\r\n"
            ).encode()
        )
        self.received = b""
        while b"\r\n\r\n" not in self.received:
            self.received += self.sock.recv(65536)
        head, _, self.received = self.received.partition(b"\r\n\r\n")
        assert head.startswith(b"HTTP/1.1 101")

    def read_frame(self) -> tuple[int, bytes]:
        """The next frame from the server (unmasked): opcode and payload."""
        while True:
            if len(self.received) >= 2:
                size, start = self.received[1] & 0x7F, 2
                if size == 126 and len(self.received) >= 4:
                    size, start = int.from_bytes(self.received[2:4], "big"), 4
                elif size == 127 and len(self.received) >= 10:
                    size, start = int.from_bytes(self.received[2:10], "big"), 10
                if size < 126 and len(self.received) >= start + size:
                    opcode = self.received[0] & 0x0F
                    payload = self.received[start : start + size]
                    self.received = self.received[start + size :]
                    return opcode, payload
            chunk = self.sock.recv(65536)
            if not chunk:
                raise EOFError
            self.received += chunk

    def close_code(self) -> int:
        while True:
            opcode, payload = self.read_frame()
            if opcode == 0x8:
                return int.from_bytes(payload[:2], "big")


def _updates(n: int) -> list[bytes]:
    """``n`` y-websocket update messages, each adding item ``i`` to the stickies map."""
    doc: Doc = Doc()
    stickies = doc.get("stickies", type=Map)
    messages = []
    for i in range(n):
        before = doc.get_state()
        stickies[f"n{i}"] = f"便签 {i}"
        messages.append(p.update_frame(doc.get_update(before)))
    return messages


async def _arrives(setup: Setup, wire_bytes: list[bytes], n: int) -> None:
    async with YClient(setup.ws(setup.facilitator)) as watcher:
        await watcher.synced.wait()
        wire = Wire(setup)
        try:
            for chunk in wire_bytes:
                wire.sock.sendall(chunk)
                await asyncio.sleep(0.02)  # separate TCP segments
            seen = watcher.doc.get("stickies", type=Map)
            await watcher.wait_for(lambda: len(seen) == n, timeout=10)
            assert dict(seen.items()) == {f"n{i}": f"便签 {i}" for i in range(n)}
        finally:
            wire.sock.close()


async def test_several_whole_frames_in_one_segment(server: Server) -> None:
    messages = _updates(3)
    await _arrives(make_workshop(server), [b"".join(_frame(m) for m in messages)], 3)


async def test_a_frame_split_across_segments_then_a_frame_and_a_half(server: Server) -> None:
    one, two, three = (_frame(m) for m in _updates(3))
    chunks = [one[:3], one[3:] + two + three[:5], three[5:]]
    await _arrives(make_workshop(server), chunks, 3)


async def test_a_fragmented_message_between_whole_frames(server: Server) -> None:
    one, two, three = _updates(3)
    chunks = [
        _frame(one),
        _frame(two[:4], fin=False) + _frame(two[4:], opcode=0x0),  # binary, then continuation
        _frame(three),
    ]
    await _arrives(make_workshop(server), chunks, 3)


async def test_a_ping_is_answered_between_updates(server: Server) -> None:
    setup = make_workshop(server)
    one, two = _updates(2)
    async with YClient(setup.ws(setup.facilitator)) as watcher:
        await watcher.synced.wait()
        wire = Wire(setup)
        try:
            wire.sock.sendall(_frame(one) + _frame(b"are you there", opcode=0x9) + _frame(two))
            while (frame := wire.read_frame())[0] != 0xA:
                pass
            assert frame[1] == b"are you there"
            seen = watcher.doc.get("stickies", type=Map)
            await watcher.wait_for(lambda: len(seen) == 2, timeout=10)
        finally:
            wire.sock.close()


async def test_an_unmasked_frame_is_a_protocol_error(server: Server) -> None:
    wire = Wire(make_workshop(server))
    try:
        wire.sock.sendall(_frame(_updates(1)[0], masked=False))
        assert await asyncio.to_thread(wire.close_code) == 1002
    finally:
        wire.sock.close()


@settings(max_examples=300, deadline=None)
@given(
    st.lists(st.binary(max_size=300), min_size=1, max_size=4),
    st.integers(min_value=0, max_value=2000),
)
def test_whole_frames_are_read_exactly_and_anything_less_is_left_to_the_parser(
    payloads: list[bytes], cut: int
) -> None:
    frames = [_frame(payload) for payload in payloads]
    data = b"".join(frames)
    assert whole_binary_frames(data, None) == payloads
    assert whole_binary_frames(data, max(map(len, payloads))) == payloads
    ends = [sum(map(len, frames[: i + 1])) for i in range(len(frames))]
    if cut in ends:  # whole frames only
        assert whole_binary_frames(data[:cut], None) == payloads[: ends.index(cut) + 1]
    elif cut < len(data):  # a partial frame at the end: the parser's, with the rest
        assert whole_binary_frames(data[:cut], None) == ([] if cut == 0 else None)
    limit = max(map(len, payloads)) - 1
    if limit >= 0:  # a frame over the limit: the parser fails it (4413)
        assert whole_binary_frames(data, limit) is None
    assert whole_binary_frames(_frame(payloads[0], masked=False), None) is None
    assert whole_binary_frames(_frame(payloads[0], opcode=0x1), None) is None
    assert whole_binary_frames(_frame(payloads[0], fin=False), None) is None
