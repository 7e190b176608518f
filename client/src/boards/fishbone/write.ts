// The writers of layout.py for the client, to be run inside edit(): each change sets the one
// field that changed, or inserts into a list, so concurrent editors never clobber each other.
import * as Y from "yjs";
import { sharedTextIn } from "../../sync/text-binding";
import {
  categoriesOf,
  categoryOrderOf,
  causesOf,
  orderKey,
  NEAREST,
  orderOf,
  PRESETS,
  siblingsOf,
  subtree,
  type Category,
  type FishboneSnapshot,
} from "./schema";

export function newId(prefix: string): string {
  return `${prefix}${Date.now().toString(36)}${Math.random().toString(36).slice(2, 6)}`;
}

function siblingList(d: Y.Doc, key: string): Y.Array<string> {
  const order = orderOf(d);
  const found = order.get(key);
  if (found instanceof Y.Array) return found as Y.Array<string>;
  const list = new Y.Array<string>();
  order.set(key, list);
  return list;
}

/** Add a bone at the end; an existing id keeps its label and place. */
export function addCategory(d: Y.Doc, id: string, label: string): void {
  if (categoriesOf(d).has(id)) return;
  categoriesOf(d).set(id, new Y.Map<unknown>([["label", label]]));
  categoryOrderOf(d).push([id]);
  siblingList(d, orderKey(id));
}

export function setCategoryLabel(d: Y.Doc, id: string, label: string): void {
  const cat = categoriesOf(d).get(id);
  if (cat instanceof Y.Map) cat.set("label", label);
  else categoriesOf(d).set(id, new Y.Map<unknown>([["label", label]]));
}

/** Remove an empty bone (its causes, if any arrive concurrently, show as "unknown category"). */
export function removeCategory(d: Y.Doc, id: string): void {
  categoriesOf(d).delete(id);
  deleteFrom(categoryOrderOf(d), id);
  const list = orderOf(d).get(orderKey(id));
  if (list instanceof Y.Array && list.length === 0) orderOf(d).delete(orderKey(id));
}

/** Switch to a standard set (layout.NEAREST): the other set's bones give way — their causes,
 * with their sub-causes, move to the nearest bone of this set, then the emptied bone goes. The
 * team's own bones and a standard bone with no counterpart here stay; no cause is ever dropped.
 * Returns how many top-level causes moved. */
export function applyPreset(d: Y.Doc, snap: FishboneSnapshot, preset: string, label: (id: string) => string): number {
  const target = PRESETS[preset] ?? [];
  for (const id of target) addCategory(d, id, label(id));
  let moved = 0;
  for (const cat of snap.categories) {
    const to = NEAREST[cat.id];
    if (target.includes(cat.id) || !to || !target.includes(to)) continue;
    for (const id of snap.children.get(orderKey(cat.id)) ?? []) {
      moveCause(d, snap, id, { category: to, parent: "" });
      moved += 1;
    }
    removeCategory(d, cat.id);
  }
  return moved;
}

/** The standard bones choosing `preset` would add or replace (none: the set is in place). */
export function presetChanges(snap: FishboneSnapshot, preset: string): number {
  const target = PRESETS[preset] ?? [];
  const have = new Set(snap.categories.map((c) => c.id));
  const missing = target.filter((id) => !have.has(id)).length;
  const replaced = snap.categories.filter((c) => !target.includes(c.id) && target.includes(NEAREST[c.id] ?? "")).length;
  return missing + replaced;
}

export function moveCategory(d: Y.Doc, categories: Category[], id: string, delta: -1 | 1): void {
  const ids = categories.map((c) => c.id);
  const at = ids.indexOf(id);
  const to = at + delta;
  if (at < 0 || to < 0 || to >= ids.length) return;
  ids.splice(at, 1);
  ids.splice(to, 0, id);
  rewrite(categoryOrderOf(d) as Y.Array<unknown>, ids);
}

export interface NewCause {
  text?: string;
  category: string;
  parent?: string;
  /** position among the siblings (default: last) */
  index?: number;
}

/** layout.add_cause: the cause with every nested type, its place among its siblings and the
 * (empty) list its sub-causes will be ordered in, in one go. */
export function addCause(d: Y.Doc, id: string, { text = "", category, parent = "", index }: NewCause): void {
  causesOf(d).set(
    id,
    new Y.Map<unknown>([
      ["text", new Y.Text(text)],
      ["category", category],
      ["parent", parent],
      ["root", false],
      [
        "evidence",
        new Y.Map<unknown>([
          ["figure", ""],
          ["source", new Y.Text()],
        ]),
      ],
      ["whys", new Y.Array<Y.Text>()],
    ]),
  );
  insertInto(siblingList(d, orderKey(category, parent)), id, index);
  orderOf(d).set(orderKey(category, id), new Y.Array<string>());
}

/** layout.remove_cause: the cause, its sub-causes, their order entries and lists. */
export function removeCause(d: Y.Doc, snap: FishboneSnapshot, id: string): string[] {
  const doomed = subtree(snap, id);
  const gone = new Set(doomed);
  const order = orderOf(d);
  order.forEach((list) => {
    if (!(list instanceof Y.Array)) return;
    for (let i = list.length - 1; i >= 0; i--) if (gone.has(list.get(i) as string)) list.delete(i, 1);
  });
  for (const node of doomed) {
    causesOf(d).delete(node);
    order.delete(orderKey("", node));
  }
  return doomed;
}

/** Move a cause under another parent (or onto a bone) at a sibling position. */
export function moveCause(d: Y.Doc, snap: FishboneSnapshot, id: string, to: { category: string; parent: string; index?: number }): void {
  const cause = snap.byId.get(id);
  const map = causesOf(d).get(id);
  if (!cause || !(map instanceof Y.Map)) return;
  const from = orderOf(d).get(orderKey(cause.category, cause.parent));
  if (from instanceof Y.Array) deleteFrom(from, id);
  if (map.get("parent") !== to.parent) map.set("parent", to.parent);
  if (map.get("category") !== to.category) map.set("category", to.category);
  insertInto(siblingList(d, orderKey(to.category, to.parent)), id, to.index);
  // sub-causes follow their ancestor's bone; their stored category is kept in step
  for (const sub of subtree(snap, id).slice(1)) {
    const m = causesOf(d).get(sub);
    if (m instanceof Y.Map && m.get("category") !== to.category) m.set("category", to.category);
  }
  if (!(orderOf(d).get(orderKey(to.category, id)) instanceof Y.Array)) siblingList(d, orderKey(to.category, id));
}

/** Reorder among siblings: the list is rewritten in display order (stale ids dropped). */
export function moveAmongSiblings(d: Y.Doc, snap: FishboneSnapshot, id: string, delta: -1 | 1): boolean {
  const cause = snap.byId.get(id);
  if (!cause) return false;
  const list = [...siblingsOf(snap, cause)];
  const at = list.indexOf(id);
  const to = at + delta;
  if (at < 0 || to < 0 || to >= list.length) return false;
  list.splice(at, 1);
  list.splice(to, 0, id);
  rewrite(siblingList(d, orderKey(cause.category, cause.parent)) as Y.Array<unknown>, list);
  return true;
}

export function causeMap(d: Y.Doc, id: string): Y.Map<unknown> | null {
  const m = causesOf(d).get(id);
  return m instanceof Y.Map ? m : null;
}

export function causeText(d: Y.Doc, id: string): Y.Text | null {
  const t = causeMap(d, id)?.get("text");
  return t instanceof Y.Text ? t : null;
}

/** The cause's `whys` Array (created when a peer's client wrote a plain value instead). */
export function whysOf(d: Y.Doc, id: string): Y.Array<unknown> | null {
  const w = causeMap(d, id)?.get("whys");
  return w instanceof Y.Array ? w : null;
}

export function evidenceOf(d: Y.Doc, id: string): Y.Map<unknown> | null {
  const e = causeMap(d, id)?.get("evidence");
  return e instanceof Y.Map ? e : null;
}

/** Set (or, with null, remove) one optional number field. */
export function setNumber(d: Y.Doc, id: string, field: "count" | "votes" | "weight", value: number | null): void {
  const m = causeMap(d, id);
  if (!m) return;
  if (value === null) m.delete(field);
  else if (m.get(field) !== value) m.set(field, value);
}

export function setEvidence(d: Y.Doc, id: string, field: "figure" | "source", value: string): void {
  const m = causeMap(d, id);
  if (!m) return;
  const e = m.get("evidence");
  if (e instanceof Y.Map) e.set(field, value);
  else
    m.set(
      "evidence",
      new Y.Map<unknown>([
        ["figure", ""],
        ["source", new Y.Text()],
        [field, value],
      ]),
    );
}

/** A cause's evidence source: a Y.Text, or a plain string in documents from before it was one. */
export function evidenceSource(d: Y.Doc, id: string): unknown {
  const e = causeMap(d, id)?.get("evidence");
  return e instanceof Y.Map ? e.get("source") : "";
}

/** The source as a Y.Text holding `text` (the first edit of an older string; in an edit). */
export function sourceText(d: Y.Doc, id: string, text: string): Y.Text | null {
  const m = causeMap(d, id);
  if (!m) return null;
  if (!(m.get("evidence") instanceof Y.Map)) m.set("evidence", new Y.Map<unknown>([["figure", ""]]));
  return sharedTextIn(m.get("evidence") as Y.Map<unknown>, "source", text);
}

function deleteFrom(list: Y.Array<unknown>, id: string): void {
  for (let i = list.length - 1; i >= 0; i--) if (list.get(i) === id) list.delete(i, 1);
}

function insertInto(list: Y.Array<string>, id: string, index?: number): void {
  const at = index === undefined ? list.length : Math.max(0, Math.min(index, list.length));
  list.insert(at, [id]);
}

/** The array's position of a display index: display lists skip stale ids the array holds. */
export function arrayIndexAfter(d: Y.Doc, key: string, afterId: string): number | undefined {
  const list = orderOf(d).get(key);
  if (!(list instanceof Y.Array)) return undefined;
  const at = list.toArray().lastIndexOf(afterId);
  return at < 0 ? undefined : at + 1;
}

function rewrite(list: Y.Array<unknown>, items: string[]): void {
  const now = list.toArray();
  if (now.length === items.length && now.every((x, i) => x === items[i])) return;
  list.delete(0, list.length);
  list.insert(0, items);
}
