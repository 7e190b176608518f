// Mirror of boards/fishbone (schema 1), name for name: layout.py (root names, presets; its
// writers are in write.ts), read.py (tolerant reading), model.py (analysis JSON).
// docs/boards/fishbone.md.
//
// Content document:
//   problem         Text: the problem statement (the effect at the head)
//   categories      Map: category id -> Map{label: str}
//   category_order  Array[str]: category ids, in bone order
//   causes          Map: cause id -> Map{text: Text, category: str, parent: str,
//                   count?: number, evidence: Map{figure: str, source: Y.Text}, root: bool,
//                   weight?: number, votes?: number, whys: Array[Text]}
//   order           Map: "cat:<category id>" | "cause:<cause id>" -> Array[str] (sibling order)
//   five_w_one_h    Map{what, why, when, where, who, how}: Text each
import * as Y from "yjs";
import type { ItemCache } from "../../sync/item-cache";

export const KIND = "fishbone";
export const SCHEMA_VERSION = 1;

export const PROBLEM = "problem";
export const CATEGORIES = "categories";
export const CATEGORY_ORDER = "category_order";
export const CAUSES = "causes";
export const ORDER = "order";
export const FIVE_W_ONE_H = "five_w_one_h";

export const FIVE_W_ONE_H_KEYS = ["what", "why", "when", "where", "who", "how"] as const;
export type FiveWKey = (typeof FIVE_W_ONE_H_KEYS)[number];

export const PRESETS: Record<string, readonly string[]> = {
  "6m": ["people", "machines", "materials", "methods", "environment", "measurement"],
  service: ["policies", "procedures", "people", "place", "systems"],
};
export const DEFAULT_PRESET = "6m";
/** layout.NEAREST: where a standard bone's causes go when the other standard set replaces it. */
export const NEAREST: Record<string, string> = {
  machines: "systems",
  materials: "place",
  methods: "procedures",
  environment: "place",
  measurement: "systems",
  policies: "methods",
  procedures: "methods",
  place: "environment",
  systems: "machines",
};

// ---------- snapshot (what read.py returns), read on the client for instant rendering ----------

export interface Category {
  id: string;
  label: string;
}

export interface Cause {
  id: string;
  text: string;
  category: string; // effective: a sub-cause sits on its top-level ancestor's bone
  parent: string; // effective: "" on the bone (a missing parent or a cut loop reads as "")
  depth: number; // 1 on the bone
  count: number | null;
  figure: string;
  source: string;
  root: boolean;
  weight: number | null;
  votes: number | null;
  whys: string[]; // non-blank whys, in order
  known: boolean; // its category exists
}

export interface FishboneSnapshot {
  problem: string;
  categories: Category[];
  /** display order: bone by bone, each bone depth-first in sibling order; unknown bones last */
  causes: Cause[];
  byId: Map<string, Cause>;
  /** order key -> child ids in display order */
  children: Map<string, string[]>;
}

// ---------- analysis (model.py FishboneAnalysis) ----------

export interface ParetoBar {
  id: string;
  count: number;
  share_pct: number;
  cumulative_pct: number;
  vital: boolean;
}

export interface FishboneWarning {
  code: string;
  causes: string[];
  categories: string[];
  params: Record<string, string | number | string[]>;
}

export interface FishboneAnalysis {
  causes: number;
  categories: { id: string; causes: number; top_level: number; counted: number }[];
  max_depth: number;
  without_whys: string[];
  chains: { cause: string; length: number; root: string }[];
  root_causes: string[];
  top_weighted: { id: string; weight: number | null; votes: number | null }[];
  pareto: { total: number; cutoff_pct: number; bars: ParetoBar[]; vital_few: string[] };
  warnings: FishboneWarning[];
}

export function asAnalysis(raw: unknown): FishboneAnalysis | null {
  const a = raw as FishboneAnalysis | null;
  return a && typeof a === "object" && Array.isArray(a.warnings) && a.pareto ? a : null;
}

// ---------- root types ----------

export const problemOf = (d: Y.Doc) => d.getText(PROBLEM);
export const categoriesOf = (d: Y.Doc) => d.getMap<unknown>(CATEGORIES);
export const categoryOrderOf = (d: Y.Doc) => d.getArray<unknown>(CATEGORY_ORDER);
export const causesOf = (d: Y.Doc) => d.getMap<unknown>(CAUSES);
export const orderOf = (d: Y.Doc) => d.getMap<unknown>(ORDER);
export const fiveWOf = (d: Y.Doc) => d.getMap<unknown>(FIVE_W_ONE_H);

export const rootTypes = (d: Y.Doc): Y.AbstractType<any>[] => [
  problemOf(d),
  categoriesOf(d),
  categoryOrderOf(d),
  causesOf(d),
  orderOf(d),
  fiveWOf(d),
];

/** Key in `order` of the sibling list a cause belongs to. */
export const orderKey = (category: string, parent = ""): string => (parent ? `cause:${parent}` : `cat:${category}`);

export function textOf(value: unknown): string {
  if (value instanceof Y.Text) return value.toString();
  return typeof value === "string" ? value : "";
}

function number(raw: unknown): number | null {
  if (raw === null || raw === undefined || raw === "") return null;
  const value = typeof raw === "number" ? raw : typeof raw === "string" ? Number(raw) : NaN;
  return Number.isFinite(value) && value >= 0 ? value : null;
}

function whole(raw: unknown): number | null {
  const value = number(raw);
  return value !== null && Number.isInteger(value) ? value : null;
}

function ids(value: unknown): string[] {
  return value instanceof Y.Array ? value.toArray().filter((x): x is string => typeof x === "string") : [];
}

const byId = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

export function readCategories(d: Y.Doc): Category[] {
  const labels = new Map<string, string>();
  categoriesOf(d).forEach((value, key) => {
    labels.set(key, textOf(value instanceof Y.Map ? value.get("label") : value));
  });
  const listed = ids(categoryOrderOf(d)).filter((k) => labels.has(k));
  const all = [...new Set([...listed, ...[...labels.keys()].sort(byId)])];
  return all.map((id) => ({ id, label: labels.get(id) ?? "" }));
}

/** A cause as stored: its own category and parent, before the tree is settled. */
export type StoredCause = Omit<Cause, "depth" | "known">;

function readCause(id: string, value: Y.Map<unknown>): StoredCause {
  const evidence = value.get("evidence");
  const whys = value.get("whys");
  return {
    id,
    text: textOf(value.get("text")),
    category: textOf(value.get("category")),
    parent: textOf(value.get("parent")),
    count: whole(value.get("count")),
    figure: evidence instanceof Y.Map ? textOf(evidence.get("figure")) : "",
    source: evidence instanceof Y.Map ? textOf(evidence.get("source")) : "",
    root: value.get("root") === true,
    weight: number(value.get("weight")),
    votes: whole(value.get("votes")),
    whys:
      whys instanceof Y.Array
        ? whys
            .toArray()
            .map(textOf)
            .filter((w) => w.trim())
        : [],
  };
}

// The Cause last made from each stored cause: given back while its place in the tree is the
// same, so a cause nobody touched keeps its identity from one snapshot to the next (the
// diagram's bones, the outline's rows and the Pareto skip their work by comparing identities).
const placed = new WeakMap<StoredCause, Cause>();

function place(stored: StoredCause, category: string, parent: string, depth: number, known: boolean): Cause {
  const last = placed.get(stored);
  if (last && last.category === category && last.parent === parent && last.depth === depth && last.known === known) return last;
  const cause = { ...stored, category, parent, depth, known };
  placed.set(stored, cause);
  return cause;
}

/** read.py's read_snapshot: the causes' own parent/category are the truth, `order` sorts.
 * With `kept` (per cause Y.Map, forgotten when it changes) only the causes an edit touched
 * are read again. */
export function readSnapshot(d: Y.Doc, kept?: ItemCache<StoredCause>): FishboneSnapshot {
  const categories = readCategories(d);
  const known = new Set(categories.map((c) => c.id));
  const causes = new Map<string, StoredCause>();
  causesOf(d).forEach((value, key) => {
    if (!(value instanceof Y.Map)) return;
    causes.set(key, kept ? kept.get(value, () => readCause(key, value)) : readCause(key, value));
  });
  const parents = new Map([...causes.values()].map((c) => [c.id, c.parent]));
  repairParents(parents);
  const order = orderOf(d);
  const children = new Map<string, string[]>();
  for (const cause of causes.values()) {
    const key = orderKey(cause.category, parents.get(cause.id));
    if (!children.has(key)) children.set(key, []);
    children.get(key)!.push(cause.id);
  }
  for (const [key, list] of children) {
    const rank = new Map<string, number>();
    ids(order.get(key)).forEach((id) => rank.has(id) || rank.set(id, rank.size));
    list.sort((a, b) => (rank.get(a) ?? rank.size) - (rank.get(b) ?? rank.size) || byId(a, b));
  }
  const unknown = [
    ...new Set([...causes.values()].filter((c) => !parents.get(c.id) && !known.has(c.category)).map((c) => c.category)),
  ].sort(byId);
  const out: Cause[] = [];
  const stack: [string, string, number][] = [];
  for (const category of [...categories.map((c) => c.id), ...unknown].reverse())
    for (const id of [...(children.get(orderKey(category)) ?? [])].reverse()) stack.push([id, category, 1]);
  while (stack.length) {
    const [id, category, depth] = stack.pop()!;
    out.push(place(causes.get(id)!, category, parents.get(id)!, depth, known.has(category)));
    for (const child of [...(children.get(orderKey(category, id)) ?? [])].reverse()) stack.push([child, category, depth + 1]);
  }
  // children keys for sub-causes must not depend on the (possibly stale) stored category
  const effective = new Map<string, string[]>();
  for (const cause of out) {
    const key = orderKey(cause.category, cause.parent);
    if (!effective.has(key)) effective.set(key, []);
    effective.get(key)!.push(cause.id);
  }
  return { problem: problemOf(d).toString(), categories, causes: out, byId: new Map(out.map((c) => [c.id, c])), children: effective };
}

/** Cuts what the tree cannot hold: a parent that does not exist, and each parent loop at its
 * smallest id (ids are the map's keys, parents its values). */
function repairParents(parents: Map<string, string>): void {
  for (const [id, parent] of parents) if (parent && !parents.has(parent)) parents.set(id, "");
  const settled = new Set<string>();
  for (const start of [...parents.keys()].sort(byId)) {
    const path: string[] = [];
    const onPath = new Set<string>();
    let node = start;
    while (node && !settled.has(node) && !onPath.has(node)) {
      path.push(node);
      onPath.add(node);
      node = parents.get(node)!;
    }
    if (node && onPath.has(node)) {
      const loop = path.slice(path.indexOf(node)).sort(byId);
      parents.set(loop[0], "");
    }
    path.forEach((p) => settled.add(p));
  }
}

/** The ids of a cause and all its sub-causes (display order). */
export function subtree(snap: FishboneSnapshot, id: string): string[] {
  const out = [id];
  for (let i = 0; i < out.length; i++) {
    const cause = snap.byId.get(out[i]);
    if (cause) out.push(...(snap.children.get(orderKey(cause.category, cause.id)) ?? []));
  }
  return out;
}

export function siblingsOf(snap: FishboneSnapshot, cause: Cause): string[] {
  return snap.children.get(orderKey(cause.category, cause.parent)) ?? [];
}
