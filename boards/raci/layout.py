"""Key names, letter rules and the writers of the RACI content document (schema 1)."""

from __future__ import annotations

from typing import Literal

from pycrdt import Array, Doc, Map

SCHEMA_VERSION = 1

# Root names in the content document (mirrored in client/src/boards/raci).
ACTIVITIES = "activities"
ACTIVITY_ORDER = "activity_order"
ROLES = "roles"
ROLE_ORDER = "role_order"
CELLS = "cells"

RoleKind = Literal["role", "department"]
ROLE_KINDS: tuple[RoleKind, ...] = ("role", "department")

LETTERS = "RACI"  # canonical order of a cell's letters
# Typed between letters ("R/A", "R, A", "R+A") and dropped silently; anything else is junk.
SEPARATORS = frozenset(" \t,/+;&|、\uff0c")  # \uff0c: the full-width comma


def cell_key(activity_id: str, role_id: str) -> str:
    return f"{activity_id}:{role_id}"


def normalise_letters(raw: str) -> tuple[str, bool]:
    """``(letters, clean)``: the R/A/C/I in ``raw`` in canonical order, upper case, once
    each; ``clean`` is False when ``raw`` held anything but those letters and separators."""
    found = {ch.upper() for ch in raw if ch.upper() in LETTERS}
    clean = all(ch.upper() in LETTERS or ch in SEPARATORS for ch in raw)
    return "".join(letter for letter in LETTERS if letter in found), clean


def add_activity(content: Doc, activity_id: str, name: str, step_id: str = "") -> None:
    _check_id(activity_id)
    with content.transaction():
        content.get(ACTIVITIES, type=Map)[activity_id] = Map({"name": name, "step_id": step_id})
        content.get(ACTIVITY_ORDER, type=Array).append(activity_id)


def add_role(content: Doc, role_id: str, name: str, kind: RoleKind = "role") -> None:
    _check_id(role_id)
    if kind not in ROLE_KINDS:
        raise ValueError(f"expected a role kind among {ROLE_KINDS}, got {kind!r}")
    with content.transaction():
        content.get(ROLES, type=Map)[role_id] = Map({"name": name, "kind": kind})
        content.get(ROLE_ORDER, type=Array).append(role_id)


def set_cell(content: Doc, activity_id: str, role_id: str, letters: str) -> None:
    """Write a cell in canonical form; no letters clears it."""
    value, clean = normalise_letters(letters)
    if not clean:
        raise ValueError(f"expected letters among R, A, C, I, got {letters!r}")
    cells = content.get(CELLS, type=Map)
    key = cell_key(activity_id, role_id)
    if value:
        cells[key] = value
    elif key in cells:
        del cells[key]


def _check_id(value: str) -> None:
    if not value or ":" in value:
        raise ValueError(f"expected a non-empty id without ':', got {value!r}")
