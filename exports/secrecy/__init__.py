"""What of a board's data a role may not take away, declared per kind: ``KindExport.secrets``
in ``exports/registry.py`` holds a :class:`Secrets` for every kind that keeps server-only
state (``tests/test_kinds_complete.py`` checks it). Each kind's module here says both halves
of its rule, so the snapshot and the re-importable documents cannot drift apart: what the
snapshot hides, the documents hide too.

``projection`` applies the snapshot half, ``redaction`` the documents half.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from pycrdt import Doc
from pydantic import BaseModel


@dataclass(frozen=True)
class Secrets:
    # (the kind's typed snapshot, exporting role) -> the snapshot as that role may see it
    snapshot: Callable[[Any, str], BaseModel]
    # (content, ledger, role): blanks, inside one transaction of both copies, whatever the
    # snapshot half hides; it works on whatever a client wrote, not only on what a reader keeps
    documents: Callable[[Doc, Doc, str], None]
