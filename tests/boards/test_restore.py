"""Version history on the content document, for any layout: summaries of what changed, items
lost since a checkpoint, and restores that bring them back as forward edits while keeping what
was created since."""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from pycrdt import Array, Doc, Map, Text

from boards import history, restore
from boards.fishbone import layout as fishbone
from boards.registry import KINDS
from tests.support import junk


def _sync(a: Doc, b: Doc) -> None:
    b.apply_update(a.get_update(b.get_state()))
    a.apply_update(b.get_update(a.get_state()))


def _board() -> Doc:
    doc: Doc = Doc()
    doc["text"] = Text("好的开始")
    doc["stickies"] = Map({f"s{i}": Map({"text": f"便签 {i}", "x": float(i)}) for i in range(6)})
    doc["order"] = Array([f"s{i}" for i in range(6)])
    return doc


def test_summary_counts_items_added_removed_and_changed_per_root() -> None:
    doc = _board()
    before = doc.get_update()
    stickies = doc.get("stickies", type=Map)
    with doc.transaction():
        del stickies["s0"]
        stickies["s1"]["text"] = "改了"
        stickies["new"] = Map({"text": "新"})
        doc.get("order", type=Array).append("new")
        doc.get("text", type=Text).insert(0, "x")
    assert history.summary(before, doc.get_update()) == {
        "stickies": {"added": 1, "removed": 1, "changed": 1},
        "order": {"added": 1},
        "text": {"changed": 1},
    }


def test_restore_brings_back_deleted_items_reverts_fields_and_keeps_new_ones() -> None:
    doc = _board()
    checkpoint = doc.get_update()
    other: Doc = Doc()
    _sync(doc, other)
    stickies, order = doc.get("stickies", type=Map), doc.get("order", type=Array)
    with doc.transaction():
        for key in ("s0", "s1", "s2"):
            del stickies[key]
        del order[0:3]
        stickies["s3"]["text"] = "改了"
        doc.get("text", type=Text).insert(len("好的开始".encode()), "——后来")
    # Someone else keeps working meanwhile, concurrently with the restore.
    theirs_s, theirs_o = other.get("stickies", type=Map), other.get("order", type=Array)
    with other.transaction():
        theirs_s["c1"] = Map({"text": "C 的"})
        theirs_o.append("c1")
    assert [i["id"] for i in history.deleted_items(checkpoint, doc)] == ["s0", "s1", "s2"]
    with doc.transaction():
        counts, brought = restore.restore_board(doc, checkpoint)
    assert counts == {"restored": 6, "reverted": 2}
    assert sorted(brought) == sorted(
        [["stickies", f"s{i}"] for i in range(3)] + [["order", "", f'"s{i}"'] for i in range(3)]
    )
    _sync(doc, other)
    for replica in (doc, other):
        s = replica.get("stickies", type=Map)
        assert sorted(s.keys()) == ["c1", "s0", "s1", "s2", "s3", "s4", "s5"]
        assert s["s3"]["text"] == "便签 3"
        assert list(replica.get("order", type=Array)) == [f"s{i}" for i in range(6)] + ["c1"]
        assert str(replica.get("text", type=Text)) == "好的开始"


def test_restore_one_item_puts_it_back_in_its_place() -> None:
    doc = _board()
    checkpoint = doc.get_update()
    with doc.transaction():
        del doc.get("stickies", type=Map)["s2"]
        del doc.get("order", type=Array)[2]
        del doc.get("stickies", type=Map)["s4"]
    with doc.transaction():
        restore.restore_item(doc, checkpoint, "stickies", "s2")
    assert "s2" in doc.get("stickies", type=Map) and "s4" not in doc.get("stickies", type=Map)
    assert list(doc.get("order", type=Array)) == ["s0", "s1", "s2", "s3", "s4", "s5"]
    with pytest.raises(restore.NotRestorable) as still:
        restore.restore_item(doc, checkpoint, "stickies", "s2")
    assert still.value.code == "not_deleted"
    with pytest.raises(restore.NotRestorable) as unknown:
        restore.restore_item(doc, checkpoint, "stickies", "nope")
    assert unknown.value.code == "not_in_checkpoint"
    for root in ("order", "text", "nowhere"):  # not a Map of items: refused, nothing changed
        with pytest.raises(restore.NotRestorable):
            restore.restore_item(doc, checkpoint, root, "s4")
    retyped = history.load(checkpoint)
    retyped.get("stickies", type=Array)  # typed otherwise in this document
    with pytest.raises(restore.NotRestorable):
        restore.restore_item(retyped, checkpoint, "stickies", "s4")


def test_restoring_the_before_restore_checkpoint_undoes_a_restore() -> None:
    doc = _board()
    checkpoint = doc.get_update()
    with doc.transaction():
        del doc.get("stickies", type=Map)["s1"]
        del doc.get("order", type=Array)[1]
        doc.get("stickies", type=Map)["s2"]["text"] = "新的"
    before_restore = doc.get_update()
    with doc.transaction():
        _, brought = restore.restore_board(doc, checkpoint)
    assert doc.get("stickies", type=Map)["s2"]["text"] == "便签 2"
    assert "s1" in doc.get("stickies", type=Map)
    with doc.transaction():
        restore.restore_board(doc, before_restore)
        assert restore.take_back(doc, brought) == 2  # the sticky and its place in the order
    assert doc.get("stickies", type=Map)["s2"]["text"] == "新的"
    assert "s1" not in doc.get("stickies", type=Map)
    assert list(doc.get("order", type=Array)) == ["s0", "s2", "s3", "s4", "s5"]


def test_fishbone_causes_restore_with_their_sibling_lists() -> None:
    doc: Doc = Doc()
    fishbone.use_preset(doc, "6m", "en")
    fishbone.add_cause(doc, "c1", text="Slow lookup", category="methods", whys=["why 1"])
    fishbone.add_cause(doc, "c2", text="Sub", category="methods", parent="c1")
    checkpoint = doc.get_update()
    fishbone.remove_cause(doc, "c1")
    assert "c1" not in doc.get("causes", type=Map)
    with doc.transaction():
        restore.restore_board(doc, checkpoint)
    assert (
        KINDS["fishbone"].read(doc, Doc()).model_dump()
        == KINDS["fishbone"].read(history.load(checkpoint), Doc()).model_dump()
    )


def test_a_fishbone_cause_restored_alone_brings_its_list_of_sub_causes() -> None:
    doc: Doc = Doc()
    fishbone.use_preset(doc, "6m", "en")
    fishbone.add_cause(doc, "c1", text="Slow lookup", category="methods")
    fishbone.add_cause(doc, "c2", text="Sub", category="methods", parent="c1")
    checkpoint = doc.get_update()
    fishbone.remove_cause(doc, "c1")
    belonging = KINDS["fishbone"].restores_with("causes", "c1")
    with doc.transaction():
        restore.restore_item(doc, checkpoint, "causes", "c1", belonging)
    order = doc.get("order", type=Map)
    assert list(order["cat:methods"]) == ["c1"]
    assert "cause:c1" in order and "c2" not in doc.get("causes", type=Map)
    with doc.transaction():  # and the sub-cause, restored next, finds its place
        restore.restore_item(doc, checkpoint, "causes", "c2")
    assert list(order["cause:c1"]) == ["c2"]


@pytest.mark.parametrize("name", sorted(KINDS))
def test_every_kinds_demo_board_restores_to_its_checkpoint_after_a_wipe(name: str) -> None:
    kind = KINDS[name]
    content, ledger = Doc(), Doc()
    kind.seed(content, ledger, language="en", demo=True)
    checkpoint = content.get_update()
    expected = kind.read(history.load(checkpoint), ledger).model_dump()
    types = history.root_types(checkpoint)
    with content.transaction():  # a mass delete: every item and element gone
        for root in history.roots(content, types).values():
            if isinstance(root, Map):
                for key in list(root.keys()):
                    del root[key]
            elif isinstance(root, Array):
                del root[0 : len(root)]
    with content.transaction():
        restore.restore_board(content, checkpoint)
    assert kind.read(content, ledger).model_dump() == expected


@pytest.mark.parametrize("kind", sorted(junk.ROOTS))
@settings(
    max_examples=25,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
@given(data=st.data())
def test_any_content_summarises_and_restores_to_what_it_was(kind: str, data: st.DataObject) -> None:
    """Whatever a client wrote (wrong root types, junk values, nesting): summaries and
    restores never fail, and a restore after a wipe reads as the version did."""
    then = data.draw(junk.documents(kind), label="checkpoint")
    later = data.draw(junk.documents(kind), label="later")
    client: Doc = Doc()
    junk.write(client, then)
    checkpoint = client.get_update()
    other: Doc = Doc()  # another client, writing the later junk concurrently
    junk.write(other, later)
    live = history.load(checkpoint)
    live.apply_update(other.get_update())
    history.summary(checkpoint, live.get_update())
    history.deleted_items(checkpoint, live)
    with live.transaction():
        restore.restore_board(live, checkpoint)
    restored = history.roots(live, history.root_types(checkpoint))
    original = history.roots(history.load(checkpoint), history.root_types(checkpoint))
    for name, root in original.items():  # everything of the version is back
        if isinstance(root, Map):
            assert set(root.keys()) <= set(restored[name].keys())  # type: ignore[union-attr]
