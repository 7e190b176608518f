"""Writes the home-screen icons (server/static/icons/obeya-{192,512}.png): the favicon's blue
tile with a white ring, drawn per pixel so no image library is needed. Run once after changing
the drawing: ``python -m server.icons``; the PNGs are committed."""

from __future__ import annotations

import struct
import zlib
from pathlib import Path

BLUE = (0x36, 0x52, 0xD9)
WHITE = (0xFF, 0xFF, 0xFF)
OUT = Path(__file__).parent / "static" / "icons"


def _pixel(x: float, y: float) -> tuple[int, int, int]:
    # a ring centred on the tile, inside the maskable safe zone (radius 0.4)
    r = ((x - 0.5) ** 2 + (y - 0.5) ** 2) ** 0.5
    return WHITE if 0.17 <= r <= 0.26 else BLUE


def png(size: int) -> bytes:
    rows = b"".join(
        b"\x00" + b"".join(bytes(_pixel((i + 0.5) / size, (j + 0.5) / size)) for i in range(size))
        for j in range(size)
    )

    def chunk(kind: bytes, data: bytes) -> bytes:
        body = kind + data
        return struct.pack(">I", len(data)) + body + struct.pack(">I", zlib.crc32(body))

    header = struct.pack(">IIBBBBB", size, size, 8, 2, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", header)
        + chunk(b"IDAT", zlib.compress(rows, 9))
        + chunk(b"IEND", b"")
    )


if __name__ == "__main__":
    OUT.mkdir(parents=True, exist_ok=True)
    for size in (192, 512):
        (OUT / f"obeya-{size}.png").write_bytes(png(size))
