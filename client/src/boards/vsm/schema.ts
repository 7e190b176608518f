// Mirror of boards/vsm/ (schema 2), name for name; see docs/boards/vsm.md.
//
// Content document (every root top-level; {state} is "current" or "future"):
//   settings         Map{day_hours, time_basis, demand, available_time, available_unit}
//   {state}_steps    Map: step id -> Map{one key per STEP_FIELDS entry}
//   {state}_order    Array of step ids (reorder = delete + insert in one transaction)
//   {state}_markers  Map: marker id -> Map{step, text, link_kind, link_id, link_board}
// Ledger: the common `meta` and `analysis`; the analysis is VsmAnalysis below.
//
// Reading mirrors boards/vsm/read.py: unknown ids in the order are skipped, the first of
// duplicates wins, steps missing from the order follow by id; numbers may be numeric strings.
// Schema 1 had no time_basis / routing_pct: absent, they mean working time and 100 %.
import * as Y from "yjs";
import { numberText, plainNumberText } from "../../ui/numtext";

export const KIND = "vsm";
export const VSM_SCHEMA = 2;
export const STATES = ["current", "future"] as const;
export type State = (typeof STATES)[number];
export const SETTINGS = "settings";
export const stepsRoot = (s: State) => `${s}_steps`;
export const orderRoot = (s: State) => `${s}_order`;
export const markersRoot = (s: State) => `${s}_markers`;
export const STEP_FIELDS = [
  "name",
  "department",
  "cycle_time",
  "cycle_unit",
  "wait_time",
  "wait_unit",
  "operators",
  "pct_ca",
  "routing_pct",
  "time_basis",
  "systems",
  "klass",
  "waste_type",
  "notes",
] as const;
// A step drawn from an event log (boards/vsm/fromdata.py): the activity, the log, and
// field -> the value the last import wrote (a re-import updates only fields still equal).
export const DATA_FIELDS = ["data_activity", "data_source", "data_values"] as const;
export const MARKER_FIELDS = ["step", "text", "link_kind", "link_id", "link_board"] as const;
export const SETTINGS_FIELDS = ["day_hours", "time_basis", "demand", "available_time", "available_unit"] as const;
export const TIME_BASES = ["working", "calendar"] as const;
export const UNITS = ["min", "h", "d"] as const;
export const CLASSES = ["va", "nnva", "waste"] as const;
export const WASTE_TYPES = [
  "defects",
  "overproduction",
  "waiting",
  "non_utilised_talent",
  "transport",
  "inventory",
  "motion",
  "extra_processing",
] as const;
export const LINK_KINDS = ["idea", "goal"] as const;
export const DEFAULT_DAY_HOURS = 8;

export type StepField = (typeof STEP_FIELDS)[number];
export type MarkerField = (typeof MARKER_FIELDS)[number];
export type SettingsField = (typeof SETTINGS_FIELDS)[number];
export type Unit = (typeof UNITS)[number];
export type Klass = (typeof CLASSES)[number];
export type WasteType = (typeof WASTE_TYPES)[number];
export type LinkKind = (typeof LINK_KINDS)[number];
export type TimeBasis = (typeof TIME_BASES)[number];

export const settingsOf = (content: Y.Doc) => content.getMap<unknown>(SETTINGS);
export const stepsOf = (content: Y.Doc, s: State) => content.getMap<Y.Map<unknown>>(stepsRoot(s));
export const orderOf = (content: Y.Doc, s: State) => content.getArray<string>(orderRoot(s));
export const markersOf = (content: Y.Doc, s: State) => content.getMap<Y.Map<unknown>>(markersRoot(s));

/** Every root, for undo/redo and for observing. */
export const allRoots = (content: Y.Doc): Y.AbstractType<any>[] => [
  settingsOf(content),
  ...STATES.flatMap((s) => [stepsOf(content, s), orderOf(content, s), markersOf(content, s)]),
];

export interface Step {
  id: string;
  name: string;
  department: string;
  cycle_time: number | null;
  cycle_unit: Unit | null;
  wait_time: number | null;
  wait_unit: Unit | null;
  operators: number | null;
  pct_ca: number | null;
  /** %C&A was entered as a spreadsheet fraction (0.95) and is read as 95 % */
  pct_ca_fraction: boolean;
  routing_pct: number;
  time_basis: TimeBasis | null;
  systems: string[];
  klass: Klass | null;
  waste_type: WasteType | null;
  notes: string;
  /** "" unless the step was drawn from an event log */
  data_activity: string;
  data_source: string;
  data_values: Record<string, string | number | null>;
}

export interface Marker {
  id: string;
  step: string;
  text: string;
  link_kind: LinkKind | null;
  link_id: string;
  link_board: string;
}

export interface VsmMap {
  steps: Step[];
  markers: Marker[];
}

export interface Settings {
  day_hours: number;
  time_basis: TimeBasis;
  demand: number | null;
  available_time: number | null;
  available_unit: Unit | null;
}

// ---- analysis (boards/vsm/analysis.py), written by the server into the ledger ----
export interface Share {
  key: string;
  minutes: number;
  share_pct: number | null;
}
export interface StepMetrics {
  id: string;
  time_basis: TimeBasis;
  cycle_minutes: number | null;
  wait_minutes: number | null;
  routing_pct: number;
  lead_minutes: number;
  lead_share_pct: number | null;
  effective_cycle_minutes: number | null;
  step_takt_minutes: number | null;
  over_takt: boolean;
  markers: number;
}
export interface StateAnalysis {
  steps: number;
  lead_minutes: number;
  cycle_minutes: number;
  wait_minutes: number;
  va_minutes: number;
  nnva_minutes: number;
  waste_minutes: number;
  pce_pct: number | null;
  rolled_pct_ca: number | null;
  pct_ca_skipped: string[];
  by_class: Share[];
  by_department: Share[];
  bottleneck: string | null;
  bottleneck_minutes: number | null;
  over_takt: string[];
  step_metrics: StepMetrics[];
}
export type Metric =
  | "lead_minutes"
  | "va_minutes"
  | "pce_pct"
  | "rolled_pct_ca"
  | "wait_minutes"
  | "cycle_minutes"
  | "nnva_minutes"
  | "waste_minutes"
  | "bottleneck_minutes"
  | "steps";
export interface MetricChange {
  metric: Metric;
  better: "lower" | "higher" | null;
  current: number | null;
  future: number | null;
  change: number | null;
  change_pct: number | null;
  outcome: "improved" | "worse" | "unchanged" | null;
  improved: boolean | null;
}
export type ParamValue = string | number | null;
export interface DataWarning {
  code: string;
  params: Record<string, ParamValue>;
}
export interface VsmAnalysis {
  schema_version: number;
  day_hours: number;
  time_basis: TimeBasis;
  takt_minutes: number | null;
  current: StateAnalysis;
  future: StateAnalysis;
  comparison: MetricChange[];
  warnings: DataWarning[];
}

export function asAnalysis(value: unknown): VsmAnalysis | null {
  if (!value || typeof value !== "object") return null;
  const a = value as Partial<VsmAnalysis>;
  if (!a.current || !a.future || !Array.isArray(a.comparison)) return null;
  return { ...a, warnings: Array.isArray(a.warnings) ? a.warnings : [] } as VsmAnalysis;
}

// ---- tolerant reading, as read.py does ----
const UNIT_ALIASES: Record<string, Unit> = {
  ...Object.fromEntries(["m", "mins", "minute", "minutes", "\u5206", "\u5206\u949f"].map((a) => [a, "min"])),
  ...Object.fromEntries(["hr", "hrs", "hour", "hours", "\u65f6", "\u5c0f\u65f6"].map((a) => [a, "h"])),
  ...Object.fromEntries(["day", "days", "\u5929", "\u65e5", "\u5de5\u4f5c\u65e5"].map((a) => [a, "d"])),
  min: "min",
  h: "h",
  d: "d",
};
// Han aliases spelled as escapes: user-facing Chinese lives only in the catalogs.
const CLASS_ALIASES: Record<string, Klass> = {
  "\u589e\u503c": "va",
  "\u5fc5\u8981\u975e\u589e\u503c": "nnva",
  "\u975e\u589e\u503c": "nnva",
  "\u6d6a\u8d39": "waste",
  va: "va",
  nnva: "nnva",
  waste: "waste",
};
const WASTE_ALIASES: Record<string, WasteType> = {
  non_utilized_talent: "non_utilised_talent",
  talent: "non_utilised_talent",
  over_processing: "extra_processing",
  overprocessing: "extra_processing",
  defect: "defects",
  waste_of_waiting: "waiting",
  ...(Object.fromEntries(WASTE_TYPES.map((w) => [w, w])) as Record<string, WasteType>),
};
const BASIS_ALIASES: Record<string, TimeBasis> = {
  work: "working",
  working_time: "working",
  elapsed: "calendar",
  elapsed_time: "calendar",
  calendar_time: "calendar",
  "\u5de5\u4f5c\u65f6\u95f4": "working",
  "\u5de5\u65f6": "working",
  "\u81ea\u7136\u65f6\u95f4": "calendar",
  "\u65e5\u5386\u65f6\u95f4": "calendar",
  working: "working",
  calendar: "calendar",
};
const SEPARATORS = /[,，、;；\n]/;

/** null for absent/blank/unreadable, as read.py's parse_number (which warns instead). */
export function parseNumber(value: unknown): number | null {
  if (typeof value === "number") return Number.isFinite(value) ? value : null;
  if (typeof value !== "string") return null;
  const s = plainNumberText(value).replace(/%$/, "").trim();
  if (!s || !/^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/.test(s)) return null;
  const n = Number(s);
  return Number.isFinite(n) ? n : null;
}

/** A percentage 0-100, as read.py's parse_percent: a value in (0, 1] without a % sign is a
 * spreadsheet fraction (0.95 = 95 %), flagged as such; "0.95%" means 0.95 %. */
export function parsePercent(value: unknown): { pct: number | null; fraction: boolean } {
  const n = parseNumber(value);
  const explicit = typeof value === "string" && numberText(value).endsWith("%");
  if (n === null || explicit || !(n > 0 && n <= 1)) return { pct: n, fraction: false };
  return { pct: Math.round(n * 100 * 1e9) / 1e9, fraction: true };
}

const key = (v: string) =>
  v
    .trim()
    .toLowerCase()
    .replace(/[\s-]+/g, "_");

function choice<T extends string>(value: unknown, aliases: Record<string, T>): T | null {
  return typeof value === "string" && value.trim() ? (aliases[key(value)] ?? null) : null;
}

function unit(value: unknown, fallback: Unit): Unit | null {
  if (value === undefined || value === null || (typeof value === "string" && !value.trim())) return fallback;
  return choice(value, UNIT_ALIASES);
}

const text = (v: unknown): string =>
  typeof v === "string" ? v : v instanceof Y.Text ? v.toString() : typeof v === "number" && Number.isFinite(v) ? String(v) : "";

function inRange(n: number | null, low: number, high?: number): number | null {
  return n === null || n < low || (high !== undefined && n > high) ? null : n;
}

export function systemsOf(value: unknown): string[] {
  const items = value instanceof Y.Array ? value.toArray() : typeof value === "string" ? value.split(SEPARATORS) : [];
  const names = items
    .filter((x): x is string => typeof x === "string")
    .map((x) => x.trim())
    .filter(Boolean);
  return [...new Set(names)];
}

export function readStep(id: string, m: Y.Map<unknown>): Step {
  const pctCa = parsePercent(m.get("pct_ca"));
  return {
    id,
    name: text(m.get("name")),
    department: text(m.get("department")).trim(),
    cycle_time: inRange(parseNumber(m.get("cycle_time")), 0),
    cycle_unit: unit(m.get("cycle_unit"), "min"),
    wait_time: inRange(parseNumber(m.get("wait_time")), 0),
    wait_unit: unit(m.get("wait_unit"), "min"),
    operators: inRange(parseNumber(m.get("operators")), 0),
    pct_ca: inRange(pctCa.pct, 0, 100),
    pct_ca_fraction: pctCa.fraction,
    routing_pct: inRange(parsePercent(m.get("routing_pct")).pct, 0, 100) ?? 100,
    time_basis: choice(m.get("time_basis"), BASIS_ALIASES),
    systems: systemsOf(m.get("systems")),
    klass: choice(m.get("klass"), CLASS_ALIASES),
    waste_type: choice(m.get("waste_type"), WASTE_ALIASES),
    notes: text(m.get("notes")),
    data_activity: text(m.get("data_activity")),
    data_source: text(m.get("data_source")),
    data_values: dataValues(m.get("data_values")),
  };
}

function dataValues(value: unknown): Record<string, string | number | null> {
  const out: Record<string, string | number | null> = {};
  if (!(value instanceof Y.Map)) return out;
  value.forEach((v, k) => {
    if (v === null || typeof v === "string" || (typeof v === "number" && Number.isFinite(v))) out[k] = v;
  });
  return out;
}

export function readMap(content: Y.Doc, state: State): VsmMap {
  const byId = new Map<string, Step>();
  stepsOf(content, state).forEach((m, id) => {
    if (m instanceof Y.Map) byId.set(id, readStep(id, m));
  });
  const listed = [
    ...new Set(
      orderOf(content, state)
        .toArray()
        .filter((i) => typeof i === "string"),
    ),
  ];
  const steps = listed.filter((i) => byId.has(i)).map((i) => byId.get(i)!);
  const seen = new Set(steps.map((s) => s.id));
  const rest = [...byId.keys()].filter((i) => !seen.has(i)).sort();
  steps.push(...rest.map((i) => byId.get(i)!));
  const markers: Marker[] = [];
  markersOf(content, state).forEach((m, id) => {
    if (!(m instanceof Y.Map)) return;
    markers.push({
      id,
      step: text(m.get("step")),
      text: text(m.get("text")),
      link_kind: choice(m.get("link_kind"), { idea: "idea", goal: "goal" } as Record<string, LinkKind>),
      link_id: text(m.get("link_id")),
      link_board: text(m.get("link_board")),
    });
  });
  markers.sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  return { steps, markers };
}

export function readSettings(content: Y.Doc): Settings {
  const s = settingsOf(content);
  const positive = (v: unknown) => {
    const n = parseNumber(v);
    return n !== null && n > 0 ? n : null;
  };
  const day = positive(s.get("day_hours"));
  return {
    day_hours: day !== null && day <= 24 ? day : DEFAULT_DAY_HOURS,
    time_basis: choice(s.get("time_basis"), BASIS_ALIASES) ?? "working",
    demand: positive(s.get("demand")),
    available_time: positive(s.get("available_time")),
    available_unit: unit(s.get("available_unit"), "h"),
  };
}

/** The raw value of a field as an editor shows it (a number as typed, text as is). */
/** Step fields that are collaborative text (layout.LONG_FIELDS): a Y.Text, a string in older maps. */
export const LONG_FIELDS: readonly string[] = ["notes"];

export function rawText(m: Y.Map<unknown> | undefined, field: string): string {
  const v = m?.get(field);
  if (v instanceof Y.Array)
    return v
      .toArray()
      .filter((x) => typeof x === "string")
      .join(", ");
  return text(v);
}

// ---- writes (each inside the caller's edit(), so one transaction with the local origin) ----
export function newId(prefix: string): string {
  return `${prefix}${Date.now().toString(36)}${Math.random().toString(36).slice(2, 7)}`;
}

export type FieldValue = string | number | string[] | null;

/** Set one field of a step, marker or the settings; null deletes the key. Never the whole Map. */
export function setField(m: Y.Map<unknown>, field: string, value: FieldValue): void {
  if (value === null) {
    if (m.has(field)) m.delete(field);
  } else if (Array.isArray(value)) {
    m.set(field, Y.Array.from(value));
  } else if (m.get(field) !== value) {
    m.set(field, value);
  }
}

export function addStep(content: Y.Doc, state: State, id: string, fields: Partial<Record<StepField, FieldValue>>, index?: number): void {
  const entries = Object.entries(fields)
    .filter(([, v]) => v !== null && v !== undefined)
    .map(
      ([k, v]) =>
        [k, Array.isArray(v) ? Y.Array.from(v) : LONG_FIELDS.includes(k) && typeof v === "string" ? new Y.Text(v) : v] as [string, unknown],
    );
  stepsOf(content, state).set(id, new Y.Map<unknown>(entries));
  const order = orderOf(content, state);
  order.insert(index === undefined ? order.length : Math.min(index, order.length), [id]);
}

/** Reorder: the step lands just before `beforeId` (or last): delete + insert, as layout.move_step. */
export function moveStep(content: Y.Doc, state: State, id: string, beforeId: string | null): void {
  const order = orderOf(content, state);
  const ids = order.toArray();
  for (let i = ids.length - 1; i >= 0; i--) if (ids[i] === id) order.delete(i, 1);
  const at = beforeId === null ? -1 : order.toArray().indexOf(beforeId);
  order.insert(at < 0 ? order.length : at, [id]);
}

/** Delete a step, every occurrence of its id in the order and its markers (layout.remove_step). */
export function removeStep(content: Y.Doc, state: State, id: string): void {
  const order = orderOf(content, state);
  const ids = order.toArray();
  for (let i = ids.length - 1; i >= 0; i--) if (ids[i] === id) order.delete(i, 1);
  stepsOf(content, state).delete(id);
  const marks = markersOf(content, state);
  for (const [mid, m] of [...marks.entries()]) if (m instanceof Y.Map && m.get("step") === id) marks.delete(mid);
}

export function addMarker(content: Y.Doc, state: State, id: string, step: string, markerText = ""): void {
  markersOf(content, state).set(
    id,
    new Y.Map<unknown>(Object.entries({ step, text: markerText, link_kind: "", link_id: "", link_board: "" })),
  );
}

/** The current state's steps and markers as a starting point for the future state. */
export function copyCurrentToFuture(content: Y.Doc): void {
  const from = stepsOf(content, "current");
  const ids = new Map<string, string>();
  for (const step of readMap(content, "current").steps) {
    const m = from.get(step.id);
    if (!(m instanceof Y.Map)) continue;
    const fields: Partial<Record<StepField, FieldValue>> = {};
    for (const f of STEP_FIELDS) {
      const v = m.get(f);
      if (v instanceof Y.Array) fields[f] = v.toArray().filter((x): x is string => typeof x === "string");
      else if (typeof v === "string" || typeof v === "number") fields[f] = v;
      else if (v instanceof Y.Text) fields[f] = v.toString();
    }
    const id = newId("f");
    ids.set(step.id, id);
    addStep(content, "future", id, fields);
  }
  for (const mk of readMap(content, "current").markers) {
    const step = ids.get(mk.step);
    if (step) addMarker(content, "future", newId("k"), step, mk.text);
  }
}
