// Mirror of boards/raci (schema 1), name for name: layout.py (root names, letters, writers),
// read.py (tolerant reading), model.py (analysis JSON); plus the rows imported from a
// value-stream map (client-only). docs/boards/raci.md.
//
// Content document:
//   activities      Map: activity id -> Map{name: str, step_id: str}
//   activity_order  Array[str]: activity ids, top to bottom
//   roles           Map: role id -> Map{name: str, kind: "role" | "department"}
//   role_order      Array[str]: role ids, left to right
//   cells           Map: "<activity id>:<role id>" -> str of letters among R, A, C, I
// Every cell is its own key: people filling different cells never conflict.
import * as Y from "yjs";

export const KIND = "raci";
export const SCHEMA_VERSION = 1;

export const ACTIVITIES = "activities";
export const ACTIVITY_ORDER = "activity_order";
export const ROLES = "roles";
export const ROLE_ORDER = "role_order";
export const CELLS = "cells";

export type RoleKind = "role" | "department";
export const ROLE_KINDS: RoleKind[] = ["role", "department"];

export const LETTERS = "RACI"; // canonical order of a cell's letters
const SEPARATORS = new Set([..." \t,/+;&|、\uff0c"]);

export interface Activity {
  id: string;
  name: string;
  step_id: string;
}

export interface RaciRole {
  id: string;
  name: string;
  kind: RoleKind;
}

/** One filled cell of the server's snapshot (read.py Cell); the client keys them in `cells`. */
export interface Cell {
  activity: string;
  role: string;
  letters: string;
}

export interface RaciSnapshot {
  activities: Activity[];
  roles: RaciRole[];
  /** cell key -> canonical letters (non-empty cells of existing rows and columns) */
  cells: Map<string, string>;
}

// ---------- analysis (model.py RaciAnalysis) ----------

export type Severity = "error" | "warning" | "info";
export const SEVERITIES: Severity[] = ["error", "warning", "info"];

export interface Finding {
  code: string;
  severity: Severity;
  activity_ids: string[];
  role_ids: string[];
  cells: string[];
  params: Record<string, string | number>;
}

export interface RoleLoad {
  role: string;
  r: number;
  a: number;
  c: number;
  i: number;
}

export interface RaciAnalysis {
  activities: number;
  roles: number;
  findings: Finding[];
  counts: Record<Severity, number>;
  load: RoleLoad[];
}

export function asAnalysis(raw: unknown): RaciAnalysis | null {
  const a = raw as RaciAnalysis | null;
  return a && typeof a === "object" && Array.isArray(a.findings) && Array.isArray(a.load) ? a : null;
}

// ---------- reading ----------

export const activitiesOf = (d: Y.Doc) => d.getMap<unknown>(ACTIVITIES);
export const activityOrderOf = (d: Y.Doc) => d.getArray<unknown>(ACTIVITY_ORDER);
export const rolesOf = (d: Y.Doc) => d.getMap<unknown>(ROLES);
export const roleOrderOf = (d: Y.Doc) => d.getArray<unknown>(ROLE_ORDER);
export const cellsOf = (d: Y.Doc) => d.getMap<unknown>(CELLS);

export const rootTypes = (d: Y.Doc): Y.AbstractType<any>[] => [activitiesOf(d), activityOrderOf(d), rolesOf(d), roleOrderOf(d), cellsOf(d)];

export const cellKey = (activityId: string, roleId: string) => `${activityId}:${roleId}`;

/** layout.normalise_letters: [letters in canonical order, clean]. */
export function normaliseLetters(raw: string): [string, boolean] {
  const found = new Set([...raw].map((ch) => ch.toUpperCase()).filter((ch) => LETTERS.includes(ch)));
  const clean = [...raw].every((ch) => LETTERS.includes(ch.toUpperCase()) || SEPARATORS.has(ch));
  return [[...LETTERS].filter((l) => found.has(l)).join(""), clean];
}

const textOf = (v: unknown) => (v instanceof Y.Text ? v.toString() : typeof v === "string" ? v : "");
const byId = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

function rows(map: Y.Map<unknown>, order: Y.Array<unknown>): [string, Y.Map<unknown>][] {
  const items = new Map<string, Y.Map<unknown>>();
  map.forEach((v, k) => v instanceof Y.Map && items.set(k, v));
  const listed = order.toArray().filter((k): k is string => typeof k === "string" && items.has(k));
  return [...new Set([...listed, ...[...items.keys()].sort(byId)])].map((k) => [k, items.get(k)!]);
}

export function readSnapshot(d: Y.Doc): RaciSnapshot {
  const activities = rows(activitiesOf(d), activityOrderOf(d)).map(([id, m]) => ({
    id,
    name: textOf(m.get("name")),
    step_id: textOf(m.get("step_id")),
  }));
  const roles = rows(rolesOf(d), roleOrderOf(d)).map(([id, m]) => ({
    id,
    name: textOf(m.get("name")),
    kind: (m.get("kind") === "department" ? "department" : "role") as RoleKind,
  }));
  const a = new Set(activities.map((x) => x.id));
  const r = new Set(roles.map((x) => x.id));
  const cells = new Map<string, string>();
  cellsOf(d).forEach((raw, key) => {
    const parts = key.split(":");
    if (parts.length !== 2 || !a.has(parts[0]) || !r.has(parts[1]) || typeof raw !== "string") return;
    const [letters] = normaliseLetters(raw);
    if (letters) cells.set(key, letters);
  });
  return { activities, roles, cells };
}

// ---------- writers (layout.py), to be run inside edit() ----------

export function newId(prefix: string): string {
  return `${prefix}${Date.now().toString(36)}${Math.random().toString(36).slice(2, 6)}`;
}

export function addActivity(d: Y.Doc, id: string, name: string, stepId = "", index?: number): void {
  activitiesOf(d).set(
    id,
    new Y.Map<unknown>([
      ["name", name],
      ["step_id", stepId],
    ]),
  );
  const order = activityOrderOf(d);
  order.insert(index === undefined ? order.length : Math.max(0, Math.min(index, order.length)), [id]);
}

export function addRole(d: Y.Doc, id: string, name: string, kind: RoleKind = "role"): void {
  rolesOf(d).set(
    id,
    new Y.Map<unknown>([
      ["name", name],
      ["kind", kind],
    ]),
  );
  roleOrderOf(d).push([id]);
}

/** Write a cell in canonical form; no letters clears it (the key is deleted). */
export function setCell(d: Y.Doc, activityId: string, roleId: string, letters: string): void {
  const [value] = normaliseLetters(letters);
  const key = cellKey(activityId, roleId);
  const cells = cellsOf(d);
  if (value) {
    if (cells.get(key) !== value) cells.set(key, value);
  } else if (cells.has(key)) cells.delete(key);
}

export function setField(map: Y.Map<unknown>, id: string, field: string, value: string): void {
  const item = map.get(id);
  if (item instanceof Y.Map && item.get(field) !== value) item.set(field, value);
}

/** Delete a row or column: its entry and its place in the order (its cells are skipped on read;
 * they are removed too, so the document does not keep them). */
export function removeItem(d: Y.Doc, kind: "activity" | "role", id: string): void {
  const [map, order] = kind === "activity" ? [activitiesOf(d), activityOrderOf(d)] : [rolesOf(d), roleOrderOf(d)];
  map.delete(id);
  for (let i = order.length - 1; i >= 0; i--) if (order.get(i) === id) order.delete(i, 1);
  const cells = cellsOf(d);
  for (const key of [...cells.keys()]) {
    const [a, r] = key.split(":");
    if ((kind === "activity" ? a : r) === id) cells.delete(key);
  }
}

/** Move a row or column by `delta` places (the order array is rewritten in display order). */
export function moveItem(d: Y.Doc, ids: string[], kind: "activity" | "role", id: string, delta: number): boolean {
  const at = ids.indexOf(id);
  const to = at + delta;
  if (at < 0 || to < 0 || to >= ids.length) return false;
  const next = [...ids];
  next.splice(at, 1);
  next.splice(to, 0, id);
  const order = kind === "activity" ? activityOrderOf(d) : roleOrderOf(d);
  order.delete(0, order.length);
  order.insert(0, next);
  return true;
}

// ---------- letters: click cycle and typing ----------

export const CYCLE = ["R", "A", "C", "I", ""];

/** Click: R -> A -> C -> I -> empty -> R; a combination goes to empty. */
export function nextInCycle(letters: string): string {
  const at = CYCLE.indexOf(letters);
  return at < 0 ? "" : CYCLE[(at + 1) % CYCLE.length];
}

/** Shift+click: keep the first letter, cycle a second one through the others (R -> RA -> RC -> RI -> R). */
export function nextCombination(letters: string): string {
  if (!letters) return "R";
  const base = letters[0];
  const others = [...LETTERS].filter((l) => l !== base);
  const second = [...letters].find((l) => l !== base) ?? "";
  const at = second ? others.indexOf(second) : -1;
  const next = at + 1 < others.length ? others[at + 1] : "";
  return normaliseLetters(base + next)[0];
}

export function toggleLetter(letters: string, letter: string): string {
  return normaliseLetters(letters.includes(letter) ? letters.replace(letter, "") : letters + letter)[0];
}

/** "RA" is what practitioners write as "A/R": accountable first. */
export function display(letters: string): string {
  return letters.length > 1 && letters.includes("A") ? ["A", ...[...letters].filter((l) => l !== "A")].join("/") : [...letters].join("/");
}

// ---------- rows from a value-stream map (client-only: content edits) ----------

export type VsmState = "current" | "future";
export interface VsmRow {
  step_id: string;
  name: string;
  department: string;
}

type Json = Record<string, unknown>;
const str = (v: unknown) => (typeof v === "string" ? v : "");

export function vsmSteps(vsm: Json, state: VsmState | null): Json[] {
  if (state === null) {
    const future = vsmSteps(vsm, "future");
    return future.length ? future : vsmSteps(vsm, "current");
  }
  const side = vsm[state] as Json | undefined;
  const steps = side && typeof side === "object" ? side.steps : null;
  return Array.isArray(steps) ? steps.filter((s): s is Json => !!s && typeof s === "object") : [];
}

/** Rows in process order, steps already linked left out. */
export function activitiesFromVsm(vsm: Json, state: VsmState | null, skip: Iterable<string> = []): VsmRow[] {
  const seen = new Set(skip);
  const out: VsmRow[] = [];
  for (const step of vsmSteps(vsm, state)) {
    const id = str(step.id);
    if (!id || seen.has(id)) continue;
    seen.add(id);
    out.push({ step_id: id, name: str(step.name), department: str(step.department) });
  }
  return out;
}

/** The swimlanes, once each, in order of first appearance. */
export function departmentsFromVsm(vsm: Json, state: VsmState | null): string[] {
  const names = vsmSteps(vsm, state)
    .map((s) => str(s.department).trim())
    .filter(Boolean);
  return [...new Set(names)];
}

// ---------- export ----------

/** The matrix as CSV (RFC 4180, UTF-8 with BOM so spreadsheet tools read Chinese). */
export function toCsv(snap: RaciSnapshot, header: string): string {
  const q = (s: string) => (/[",\n\r]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s);
  const lines = [[header, ...snap.roles.map((r) => r.name)].map(q).join(",")];
  for (const a of snap.activities)
    lines.push([a.name, ...snap.roles.map((r) => display(snap.cells.get(cellKey(a.id, r.id)) ?? ""))].map(q).join(","));
  return "\ufeff" + lines.join("\r\n") + "\r\n";
}
