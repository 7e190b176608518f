"""Reading what clients wrote: a CRDT Map (or a plain dict) as a plain dict."""

from __future__ import annotations

from typing import Any

from pycrdt import Map


def plain(value: Any) -> dict[str, Any]:
    """A Map's or dict's contents; anything else (a client wrote junk) reads as empty."""
    if isinstance(value, Map):
        data = value.to_py()
        return dict(data) if isinstance(data, dict) else {}
    return dict(value) if isinstance(value, dict) else {}
