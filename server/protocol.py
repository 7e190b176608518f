"""The y-websocket wire protocol (y-protocols sync + awareness), decoded strictly.

One binary websocket message = one protocol message::

    message   = varuint type, body
    type 0    sync:      varuint subtype (0 step1 | 1 step2 | 2 update), varbytes payload
    type 1    awareness: varbytes (varuint count, count × (varuint client, varuint clock,
                         varstring JSON state))
    type 2    auth (ignored), type 3 query awareness (no body)

Strings are length-prefixed by their UTF-8 byte count (pycrdt's ``Encoder.write_var_string``
writes the character count, which breaks on Chinese: we encode ourselves).
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any

SYNC, AWARENESS, AUTH, QUERY_AWARENESS = 0, 1, 2, 3
STEP1, STEP2, UPDATE = 0, 1, 2

# A state vector names every client that ever wrote to the document. Boards see thousands at
# most; CRDT libraries pre-allocate for the declared count, so a 5-byte vector declaring 2^28
# entries cost 256 MB and half a second of a blocked event loop before we checked it.
MAX_STATE_VECTOR_ENTRIES = 100_000


class ProtocolError(ValueError):
    pass


class Reader:
    __slots__ = ("data", "pos")

    def __init__(self, data: bytes) -> None:
        self.data = data
        self.pos = 0

    def varuint(self) -> int:
        value = shift = 0
        data, pos = self.data, self.pos
        while True:
            if pos >= len(data):
                raise ProtocolError("truncated varuint")
            byte = data[pos]
            pos += 1
            value |= (byte & 0x7F) << shift
            if byte < 0x80:
                self.pos = pos
                return value
            shift += 7
            if shift > 63:
                raise ProtocolError("varuint longer than 64 bits")

    def varbytes(self) -> bytes:
        length = self.varuint()
        end = self.pos + length
        if end > len(self.data):
            raise ProtocolError(f"declared {length} bytes, only {len(self.data) - self.pos} left")
        chunk = self.data[self.pos : end]
        self.pos = end
        return chunk

    def varstring(self) -> str:
        try:
            return self.varbytes().decode("utf-8")
        except UnicodeDecodeError as exc:
            raise ProtocolError("string is not UTF-8") from exc

    def done(self) -> bool:
        return self.pos == len(self.data)


def check_state_vector(payload: bytes) -> None:
    """Raise ProtocolError unless the entry count a state vector declares (varuint count, then
    count x (varuint client, varuint clock)) fits its bytes and the limit. The entries are
    left to the CRDT library: decoding 100,000 of them in Python takes 0.24 s, pycrdt 6 ms,
    and with the count bounded by the bytes it can no longer over-allocate."""
    reader = Reader(payload)
    count = reader.varuint()
    if count > MAX_STATE_VECTOR_ENTRIES:
        raise ProtocolError(f"state vector with {count} entries")
    if count * 2 > len(payload) - reader.pos:  # every entry takes at least two bytes
        raise ProtocolError(f"state vector declares {count} entries in {len(payload)} bytes")


def check_update(payload: bytes) -> None:
    """The same guard for an update, whose first varuint counts client blocks (pycrdt
    pre-allocates for it too: 5 bytes declaring 2^28 blocks cost 0.7 s and 500 MB)."""
    reader = Reader(payload)
    count = reader.varuint()
    if count > len(payload) - reader.pos:  # every block takes at least one byte
        raise ProtocolError(f"update declares {count} client blocks in {len(payload)} bytes")


def varuint(value: int) -> bytes:
    out = bytearray()
    while value > 0x7F:
        out.append(0x80 | (value & 0x7F))
        value >>= 7
    out.append(value)
    return bytes(out)


def varbytes(data: bytes) -> bytes:
    return varuint(len(data)) + data


def sync_frame(subtype: int, payload: bytes) -> bytes:
    return bytes((SYNC, subtype)) + varbytes(payload)


def update_frame(update: bytes) -> bytes:
    return sync_frame(UPDATE, update)


@dataclass(frozen=True, slots=True)
class AwarenessEntry:
    client: int
    clock: int
    state: bytes  # the JSON text as received ("null" = removed), forwarded verbatim

    @property
    def removed(self) -> bool:
        return self.state == b"null"


def parse_awareness(body: bytes) -> list[AwarenessEntry]:
    reader = Reader(body)
    count = reader.varuint()
    if count > 10_000:
        raise ProtocolError(f"awareness update with {count} entries")
    entries = []
    for _ in range(count):
        client, clock = reader.varuint(), reader.varuint()
        entries.append(AwarenessEntry(client, clock, reader.varbytes()))
    if not reader.done():
        raise ProtocolError("trailing bytes after awareness update")
    return entries


def check_state(entry: AwarenessEntry) -> None:
    """Validate a state's JSON -- only for states the server accepts and forwards: the stock
    client re-sends every state it hears, and parsing those N x N echoes would be waste."""
    try:
        json.loads(entry.state)
    except ValueError as exc:
        raise ProtocolError(f"awareness state of client {entry.client} is not JSON") from exc


def awareness_frame(entries: list[AwarenessEntry]) -> bytes:
    body = bytearray(varuint(len(entries)))
    for entry in entries:
        body += varuint(entry.client) + varuint(entry.clock) + varbytes(entry.state)
    return bytes((AWARENESS,)) + varbytes(bytes(body))


KEEPALIVE = awareness_frame([])


@dataclass(frozen=True, slots=True)
class Message:
    type: int
    subtype: int = -1
    payload: bytes = b""
    awareness: tuple[AwarenessEntry, ...] = ()


def parse(frame: bytes) -> Message:
    reader = Reader(frame)
    kind = reader.varuint()
    if kind == SYNC:
        subtype = reader.varuint()
        if subtype not in (STEP1, STEP2, UPDATE):
            raise ProtocolError(f"unknown sync message type {subtype}")
        payload = reader.varbytes()
        if not reader.done():
            raise ProtocolError("trailing bytes after sync message")
        if subtype == STEP1:
            check_state_vector(payload)
        else:
            check_update(payload)
        return Message(SYNC, subtype, payload)
    if kind == AWARENESS:
        return Message(AWARENESS, awareness=tuple(parse_awareness(reader.varbytes())))
    if kind in (AUTH, QUERY_AWARENESS):
        return Message(kind)
    raise ProtocolError(f"unknown message type {kind}")


def state_json(value: Any) -> bytes:
    return json.dumps(value, ensure_ascii=False, separators=(",", ":")).encode()
