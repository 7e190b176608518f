"""The re-importable copy of a board's documents (``documents`` in the JSON export), cleaned
for the role that exports it.

A CRDT document carries whatever any client wrote into it, so the raw bytes the server stores
are not what may leave it: an editor's client may put an author on a card it marks anonymous,
the ledger names who submitted each pilot reading. The copy is the stored state with those
fields overwritten in one transaction (each kind's ``Secrets.documents``,
``exports/secrecy/``); the overwritten values are garbage-collected, so their text is in no
byte of the encoded update. Only what re-import needs survives: participant ids mean nothing in
the copy (participants are not copied), and votes of a round still open are not carried (they
live in server-only state, which never leaves).
"""

from __future__ import annotations

import base64

from pycrdt import Doc

from .registry import KINDS


def clean_documents(kind: str, documents: dict[str, str], role: str) -> dict[str, str]:
    """``documents`` ({content, ledger}: base64 updates) as ``role`` may take them away."""
    export = KINDS.get(kind)
    if export is None or export.secrets is None:
        return dict(documents)
    docs = []
    for room in ("content", "ledger"):
        doc: Doc = Doc()
        doc.apply_update(base64.b64decode(documents[room]))
        docs.append(doc)
    content, ledger = docs
    with content.transaction(), ledger.transaction():
        export.secrets.documents(content, ledger, role)
    return {
        "content": base64.b64encode(content.get_update()).decode(),
        "ledger": base64.b64encode(ledger.get_update()).decode(),
    }
