"""Whatever a client wrote into an ideas board's content, the cleaned copy of its documents
goes out, reads back as the projected snapshot, and names no author of an anonymous card."""

from __future__ import annotations

import base64
from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from pycrdt import Doc, Map

from boards.registry import KINDS
from exports.projection import project
from exports.redaction import clean_documents
from tests.support.junk import ROOTS, root, write

# the roots the cleaning touches (the readers' robustness on the rest is tested elsewhere)
CONTENT = st.fixed_dictionaries(
    {}, optional={name: root(ROOTS["ideas"][name]) for name in ("cards", "order")}
)


def encoded(doc: Doc) -> str:
    return base64.b64encode(doc.get_update()).decode()


def decoded(text: str) -> Doc:
    doc: Doc = Doc()
    doc.apply_update(base64.b64decode(text))
    return doc


@settings(
    max_examples=60,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
@given(data=st.data())
def test_any_ideas_content_leaves_cleaned_and_consistent(data: st.DataObject) -> None:
    client: Doc = Doc()
    write(client, data.draw(CONTENT, label="content"))
    ledger: Doc = Doc()
    KINDS["ideas"].seed(Doc(), ledger, language="en", demo=False)
    content = decoded(encoded(client))  # as the server receives it
    snapshot = KINDS["ideas"].read(content, ledger).model_dump(mode="json")
    entry: dict[str, Any] = {
        "id": "b",
        "kind": "ideas",
        "snapshot": snapshot,
        "documents": {"content": encoded(content), "ledger": encoded(ledger)},
    }
    for role in ("facilitator", "viewer"):
        board = project({"participants": [], "boards": [entry]}, role)["boards"][0]
        docs = board["documents"]
        again = KINDS["ideas"].read(decoded(docs["content"]), decoded(docs["ledger"]))
        cards = again.model_dump(mode="json")["cards"]
        assert cards == board["snapshot"]["cards"]
        assert all(not c["author_id"] for c in cards)
        assert all(not c["author_name"] for c in cards if c["anonymous"])


def test_cards_written_as_plain_json_lose_their_anonymous_author_too() -> None:
    content: Doc = Doc()
    cards = content.get("cards", type=Map)
    secret = {"author_id": "JSON-ID-55", "author_name": "JSON-AUTHOR-QP"}
    cards["plain"] = {"title": "plain", "anonymous": True, **secret}
    cards["shared"] = Map({"title": "shared", "anonymous": True, **secret})
    cards["named"] = {"title": "named", "author_id": "JSON-ID-55", "author_name": "Named"}
    ledger: Doc = Doc()
    KINDS["ideas"].seed(Doc(), ledger, language="en", demo=False)
    docs = clean_documents(
        "ideas", {"content": encoded(content), "ledger": encoded(ledger)}, "facilitator"
    )
    raw = base64.b64decode(docs["content"])
    assert b"JSON-ID-55" not in raw and b"JSON-AUTHOR-QP" not in raw
    read = KINDS["ideas"].read(decoded(docs["content"]), decoded(docs["ledger"]))
    assert {c.id: (c.title, c.author_name) for c in read.cards} == {
        "plain": ("plain", ""),
        "shared": ("shared", ""),
        "named": ("named", "Named"),
    }
