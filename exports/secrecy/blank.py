"""Overwriting fields of records in a copy of a board's documents. A record is a shared Map or
plain JSON (which readers take as a record just the same, so a client may have written one);
overwritten values are garbage-collected, so their text is in no byte of the encoded update."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Any

from pycrdt import Map

# what a viewer never gets, on top of what nobody gets: who voted or submitted what
WHO = ("display_name", "by_name")


def maps(values: Iterable[Any]) -> list[Map]:
    return [value for value in values if isinstance(value, Map)]


def blank(target: Map, fields: Iterable[str]) -> None:
    for field in fields:
        if field in target and target[field] not in ("", None):
            target[field] = ""


def blank_entries(parent: Map, fields: Callable[[Any], tuple[str, ...]]) -> None:
    """Blank ``fields(entry)`` of every entry of ``parent``."""
    for key, entry in list(parent.items()):
        if isinstance(entry, Map):
            blank(entry, fields(entry))
        elif isinstance(entry, dict):
            names = [f for f in fields(entry) if entry.get(f) not in ("", None)]
            if names:
                parent[key] = {**entry, **dict.fromkeys(names, "")}
