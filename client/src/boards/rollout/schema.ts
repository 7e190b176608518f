// Mirror of boards/rollout (schema 1), name for name: docs/boards/rollout.md.
//
// Content document (editors co-edit):
//   waves      Map: wave id -> Map{name, scope ("department" | "site" | "region"), start, golive
//              (planned go-live; ISO dates or ""), owner, status ("planned" | "preparing" |
//              "paused"; live is not content, see the ledger's golive), order (number)}
//   readiness  Map: item id -> Map{wave_id, std ("training" | "sop" | "systems" | "informed", or
//              "" for a custom item), label (a custom item's text), done (bool), owner}
//   resources  Map: id -> Map{category ("budget" | "people" | "technology" | "interface" |
//              "compliance"), text, detail (Y.Text)}
//   risks      Map: id -> Map{text, likelihood 1-5, impact 1-5, mitigation (Y.Text), owner, status
//              ("open" | "mitigating" | "closed")}
//   sustain    Map: KPI id -> Map{limits_from ("baseline" | "pilot")}
// Ledger document (server only):
//   decisions  Array of Map{verdict, rationale, decided_by, participant_id, decided_at,
//              pilot_board_id, pilot_json (the pilot as decided on, frozen)}; the last is current
//   golive     Map: wave id -> Map{at, date, by, participant_id, override, open_items (JSON list),
//              reason}
//   golive_log Array of Map{wave_id, action ("live" | "reopen"), at, by, override, reason}
//   readings   Map: submission id -> Map{kpi_id, wave_id, date, value, numerator, denominator,
//              participant_id, display_name, submitted_at}
import * as Y from "yjs";
import { plainNumberText } from "../../ui/numtext";
import type { Kpi } from "../pilot/schema";

export const KIND = "rollout";
export const SCHEMA_VERSION = 1;
export const MAX_RATIONALE = 2000;

export const COMMANDS = {
  decide: "rollout.decide",
  waveLive: "rollout.wave_live",
  waveReopen: "rollout.wave_reopen",
  reading: "rollout.reading",
} as const;

export const VERDICTS = ["go", "go_with_changes", "stop"] as const;
export type DecisionVerdict = (typeof VERDICTS)[number];
export const SCOPES = ["department", "site", "region"] as const;
export type Scope = (typeof SCOPES)[number];
export const WAVE_STATUSES = ["planned", "preparing", "paused"] as const;
export type WaveStatus = (typeof WAVE_STATUSES)[number];
export const STANDARD_ITEMS = ["training", "sop", "systems", "informed"] as const;
export type StandardItem = (typeof STANDARD_ITEMS)[number];
export const CATEGORIES = ["budget", "people", "technology", "interface", "compliance"] as const;
export type Category = (typeof CATEGORIES)[number];
export const RISK_STATUSES = ["open", "mitigating", "closed"] as const;
export type RiskStatus = (typeof RISK_STATUSES)[number];
export const LIMITS_FROM = ["baseline", "pilot"] as const;
export type LimitsFrom = (typeof LIMITS_FROM)[number];

export interface Wave {
  id: string;
  name: string;
  scope: Scope;
  start: string;
  golive: string;
  owner: string;
  status: WaveStatus;
  order: number;
}

export interface ReadinessItem {
  id: string;
  wave_id: string;
  std: StandardItem | "";
  label: string;
  done: boolean;
  owner: string;
}

export interface Resource {
  id: string;
  category: Category;
  text: string;
  detail: string;
}

export interface Risk {
  id: string;
  text: string;
  /** 1-5, or null when not (validly) rated: left out of the heat map */
  likelihood: number | null;
  impact: number | null;
  mitigation: string;
  owner: string;
  status: RiskStatus;
}

export interface Sustain {
  kpi_id: string;
  limits_from: LimitsFrom;
}

/** One KPI of the pilot as decided on (a decision's frozen `pilot_json`). */
export interface PilotKpi {
  id: string;
  name: string;
  unit: string;
  better: "lower" | "higher";
  measure: "value" | "rate";
  percent: boolean;
  baseline: number | null;
  baseline_sample: number[];
  target: number | null;
  min: number | null;
  max: number | null;
  readings: [string, number][];
  verdict: string;
  change: number | null;
}

export interface PilotSummary {
  name: string;
  start: string;
  end: string;
  kpis: PilotKpi[];
  changes: { date: string; text: string; reason: string }[];
}

export interface Decision {
  verdict: DecisionVerdict;
  rationale: string;
  decided_by: string;
  participant_id: string;
  decided_at: string;
  pilot_board_id: string;
  pilot_json: string;
  /** pilot_json, parsed tolerantly */
  pilot: PilotSummary;
}

export interface GoLive {
  wave_id: string;
  at: string;
  date: string;
  by: string;
  participant_id: string;
  override: boolean;
  open_items: string[];
  reason: string;
}

export interface GoLiveLogEntry {
  wave_id: string;
  action: "live" | "reopen";
  at: string;
  by: string;
  override: boolean;
  reason: string;
}

export interface RolloutReading {
  id: string;
  kpi_id: string;
  wave_id: string;
  date: string;
  value: number;
  numerator: number | null;
  denominator: number | null;
  participant_id: string;
  display_name: string;
  submitted_at: string;
}

/** The server's snapshot (boards/rollout RolloutSnapshot); the view reads its parts one by one. */
export interface RolloutSnapshot {
  waves: Wave[];
  readiness: ReadinessItem[];
  resources: Resource[];
  risks: Risk[];
  sustain: Sustain[];
  decision: Decision | null;
  decision_history: Decision[];
  /** wave id -> its go-live record (live waves only) */
  golive: Record<string, GoLive>;
  golive_log: GoLiveLogEntry[];
  readings: RolloutReading[];
}

// --- analysis (RolloutAnalysis) -----------------------------------------------------------

export interface WaveSummary {
  id: string;
  name: string;
  scope: Scope;
  start: string;
  golive_planned: string;
  golive_actual: string;
  status: WaveStatus | "live";
  readiness_done: number;
  readiness_total: number;
  open_items: string[];
  overridden: boolean;
  late: boolean;
}

export type RiskLevel = "low" | "medium" | "high";
export interface RiskSummary extends Risk {
  score: number | null;
  level: RiskLevel | null;
}

export interface ChartPoint {
  date: string;
  value: number;
  wave_id: string;
  signals: RuleId[];
}

export interface ChartSignal {
  rule: RuleId;
  first_date: string;
  last_date: string;
  direction: "better" | "worse";
}

export type RuleId = "beyond_3s" | "two_of_three" | "four_of_five" | "eight_side" | "trend_six";

export interface ControlChart {
  kpi_id: string;
  name: string;
  unit: string;
  better: "lower" | "higher";
  percent: boolean;
  /** where the limits came from in the end */
  limits_from: LimitsFrom;
  /** baseline asked for but too short: the pilot's readings instead */
  limits_fallback: boolean;
  centre: number | null;
  ucl: number | null;
  lcl: number | null;
  mr_bar: number | null;
  sigma: number | null;
  limit_points: number;
  provisional: boolean;
  points: ChartPoint[];
  signals: ChartSignal[];
  relapse: boolean;
  holding: boolean;
}

export interface Finding {
  code: string;
  params: Record<string, unknown>;
}

export interface DecisionSummary {
  verdict: DecisionVerdict;
  rationale: string;
  decided_by: string;
  decided_at: string;
  pilot_board_id: string;
  pilot_name: string;
  kpis: number;
  plan_changes: number;
  /** decisions taken before this one */
  revisions: number;
}

export interface RolloutAnalysis {
  decision: DecisionSummary | null;
  waves: WaveSummary[];
  live_waves: number;
  /** first and last date of any wave ("" when none) */
  timeline: { start: string; end: string };
  /** [likelihood - 1][impact - 1]: risks still open or mitigating */
  risk_matrix: number[][];
  risks: RiskSummary[];
  resources: Record<string, Resource[]>;
  charts: ControlChart[];
  relapse: boolean;
  readings: number;
  findings: Finding[];
  as_of: string;
}

// --- root types ---------------------------------------------------------------------------

export const wavesMap = (content: Y.Doc) => content.getMap<Y.Map<unknown>>("waves");
export const readinessMap = (content: Y.Doc) => content.getMap<Y.Map<unknown>>("readiness");
export const resourcesMap = (content: Y.Doc) => content.getMap<Y.Map<unknown>>("resources");
export const risksMap = (content: Y.Doc) => content.getMap<Y.Map<unknown>>("risks");
export const sustainMap = (content: Y.Doc) => content.getMap<Y.Map<unknown>>("sustain");
export const decisionsArray = (ledger: Y.Doc) => ledger.getArray<Y.Map<unknown>>("decisions");
export const goliveMap = (ledger: Y.Doc) => ledger.getMap<Y.Map<unknown>>("golive");
export const goliveLogArray = (ledger: Y.Doc) => ledger.getArray<Y.Map<unknown>>("golive_log");
export const readingsMap = (ledger: Y.Doc) => ledger.getMap<Y.Map<unknown>>("readings");

// --- reading (tolerant: any JSON a client wrote reads as defaults) -------------------------

// a collaborative text field reads as its text (older documents hold a plain string there)
const str = (v: unknown): string => (typeof v === "string" ? v : v instanceof Y.Text ? v.toString() : "");

function plain(value: unknown): Record<string, unknown> {
  if (value instanceof Y.Map) return value.toJSON() as Record<string, unknown>;
  return value && typeof value === "object" && !Array.isArray(value) ? (value as Record<string, unknown>) : {};
}

export function num(value: unknown): number | null {
  if (typeof value === "boolean") return null;
  let n = value;
  if (typeof n === "string") n = n.trim() === "" ? NaN : Number(plainNumberText(n));
  return typeof n === "number" && Number.isFinite(n) ? n : null;
}

const count = (v: unknown): number | null => {
  const n = num(v);
  return n !== null && n >= 0 && Number.isSafeInteger(n) ? n : null;
};

const pick = <T extends string>(value: unknown, allowed: readonly T[], fallback: T): T =>
  allowed.includes(value as T) ? (value as T) : fallback;

/** A 1-5 rating, or null (unrated: kept in the register, left out of the heat map). */
export const rating = (v: unknown): number | null => {
  const n = num(v);
  return n !== null && Number.isInteger(n) && n >= 1 && n <= 5 ? n : null;
};

export function isoDate(text: unknown): string | null {
  if (typeof text !== "string" || !/^\d{4}-\d{2}-\d{2}$/.test(text)) return null;
  const d = new Date(`${text}T00:00:00Z`);
  return Number.isNaN(d.getTime()) || d.toISOString().slice(0, 10) !== text ? null : text;
}

export function readWaves(content: Y.Doc): Wave[] {
  const out: Wave[] = [];
  wavesMap(content).forEach((value, id) => {
    const raw = plain(value);
    out.push({
      id,
      name: str(raw.name),
      scope: pick(raw.scope, SCOPES, "department"),
      start: isoDate(raw.start) ?? "",
      golive: isoDate(raw.golive) ?? "",
      owner: str(raw.owner),
      status: pick(raw.status, WAVE_STATUSES, "planned"),
      order: num(raw.order) ?? 0,
    });
  });
  return out.sort((a, b) => a.order - b.order || a.id.localeCompare(b.id));
}

export function readReadiness(content: Y.Doc): ReadinessItem[] {
  const out: ReadinessItem[] = [];
  readinessMap(content).forEach((value, id) => {
    const raw = plain(value);
    const std = STANDARD_ITEMS.includes(raw.std as StandardItem) ? (raw.std as StandardItem) : "";
    out.push({ id, wave_id: str(raw.wave_id), std, label: str(raw.label), done: raw.done === true, owner: str(raw.owner) });
  });
  // the four standard items first, in their fixed order, then custom ones by id (creation time)
  const rank = (i: ReadinessItem) => (i.std ? STANDARD_ITEMS.indexOf(i.std) : STANDARD_ITEMS.length);
  return out.sort((a, b) => rank(a) - rank(b) || a.id.localeCompare(b.id));
}

export function readResources(content: Y.Doc): Resource[] {
  const out: Resource[] = [];
  resourcesMap(content).forEach((value, id) => {
    const raw = plain(value);
    out.push({ id, category: pick(raw.category, CATEGORIES, "budget"), text: str(raw.text), detail: str(raw.detail) });
  });
  return out.sort((a, b) => CATEGORIES.indexOf(a.category) - CATEGORIES.indexOf(b.category) || a.id.localeCompare(b.id));
}

export function readRisks(content: Y.Doc): Risk[] {
  const out: Risk[] = [];
  risksMap(content).forEach((value, id) => {
    const raw = plain(value);
    out.push({
      id,
      text: str(raw.text),
      likelihood: rating(raw.likelihood),
      impact: rating(raw.impact),
      mitigation: str(raw.mitigation),
      owner: str(raw.owner),
      status: pick(raw.status, RISK_STATUSES, "open"),
    });
  });
  const score = (r: Risk) => (r.likelihood ?? 0) * (r.impact ?? 0);
  // as the analysis sorts them: closed last, then by score
  return out.sort(
    (a, b) => Number(a.status === "closed") - Number(b.status === "closed") || score(b) - score(a) || a.id.localeCompare(b.id),
  );
}

export function readSustain(content: Y.Doc): Sustain[] {
  const out: Sustain[] = [];
  sustainMap(content).forEach((value, kpi_id) => {
    out.push({ kpi_id, limits_from: pick(plain(value).limits_from, LIMITS_FROM, "pilot") });
  });
  return out;
}

function parseJson(text: unknown): unknown {
  if (typeof text !== "string") return text;
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return null;
  }
}

const list = (v: unknown): unknown[] => (v instanceof Y.Array ? v.toArray() : Array.isArray(v) ? v : []);

function readPilotKpi(v: unknown): PilotKpi | null {
  const raw = plain(v);
  const id = str(raw.id) || str(raw.kpi_id);
  if (!id) return null;
  const measure = pick(raw.measure, ["value", "rate"] as const, "value");
  const evaluation = plain(raw.evaluation);
  return {
    id,
    name: str(raw.name),
    unit: str(raw.unit),
    better: raw.better === "higher" ? "higher" : "lower",
    measure,
    percent: raw.percent === true || measure === "rate",
    baseline: num(raw.baseline),
    baseline_sample: list(raw.baseline_sample)
      .map(num)
      .filter((n): n is number => n !== null),
    target: num(raw.target),
    min: num(raw.min),
    max: num(raw.max),
    readings: list(raw.readings)
      .map((p) => list(p))
      .filter((p) => typeof p[0] === "string" && num(p[1]) !== null)
      .map((p) => [p[0] as string, num(p[1]) as number]),
    verdict: str(raw.verdict) || str(evaluation.verdict),
    change: num(raw.change) ?? num(evaluation.change),
  };
}

export function readPilotSummary(json: unknown): PilotSummary {
  const raw = plain(parseJson(json));
  const period = plain(raw.period);
  return {
    name: str(raw.name) || str(period.name),
    start: str(raw.start) || str(period.start),
    end: str(raw.end) || str(period.end),
    kpis: list(raw.kpis)
      .map(readPilotKpi)
      .filter((k): k is PilotKpi => k !== null),
    changes: list(raw.changes ?? raw.plan_changes).map((c) => {
      const m = plain(c);
      return { date: str(m.date), text: str(m.text), reason: str(m.reason) };
    }),
  };
}

function readDecision(value: unknown): Decision | null {
  const raw = plain(value);
  if (!VERDICTS.includes(raw.verdict as DecisionVerdict)) return null;
  return {
    verdict: raw.verdict as DecisionVerdict,
    rationale: str(raw.rationale),
    decided_by: str(raw.decided_by),
    participant_id: str(raw.participant_id),
    decided_at: str(raw.decided_at),
    pilot_board_id: str(raw.pilot_board_id),
    pilot_json: str(raw.pilot_json),
    pilot: readPilotSummary(raw.pilot_json),
  };
}

/** Every decision, oldest first; the last is the current one. */
export function readDecisions(ledger: Y.Doc): Decision[] {
  return decisionsArray(ledger)
    .toArray()
    .map(readDecision)
    .filter((d): d is Decision => d !== null);
}

export function readGolive(ledger: Y.Doc): Map<string, GoLive> {
  const out = new Map<string, GoLive>();
  goliveMap(ledger).forEach((value, wave_id) => {
    const raw = plain(value);
    const items = list(parseJson(raw.open_items)).filter((s): s is string => typeof s === "string");
    out.set(wave_id, {
      wave_id,
      at: str(raw.at),
      date: isoDate(raw.date) ?? "",
      by: str(raw.by),
      participant_id: str(raw.participant_id),
      override: raw.override === true,
      open_items: items,
      reason: str(raw.reason),
    });
  });
  return out;
}

export function readGoliveLog(ledger: Y.Doc): GoLiveLogEntry[] {
  return goliveLogArray(ledger)
    .toArray()
    .map((m) => {
      const raw = plain(m);
      return {
        wave_id: str(raw.wave_id),
        action: raw.action === "reopen" ? ("reopen" as const) : ("live" as const),
        at: str(raw.at),
        by: str(raw.by),
        override: raw.override === true,
        reason: str(raw.reason),
      };
    });
}

export function readReadings(ledger: Y.Doc): RolloutReading[] {
  const out: RolloutReading[] = [];
  readingsMap(ledger).forEach((value, id) => {
    const raw = plain(value);
    const v = num(raw.value);
    if (v === null) return;
    out.push({
      id,
      kpi_id: str(raw.kpi_id),
      wave_id: str(raw.wave_id),
      date: str(raw.date),
      value: v,
      numerator: count(raw.numerator),
      denominator: count(raw.denominator),
      participant_id: str(raw.participant_id),
      display_name: str(raw.display_name),
      submitted_at: str(raw.submitted_at),
    });
  });
  return out.sort((a, b) => a.date.localeCompare(b.date) || a.submitted_at.localeCompare(b.submitted_at) || a.id.localeCompare(b.id));
}

/** A decided pilot KPI in the pilot's own Kpi shape, so the pilot's reading form can take it. */
export function asPilotKpi(k: PilotKpi): Kpi {
  return {
    id: k.id,
    name: k.name,
    unit: k.unit,
    better: k.better,
    baseline: k.baseline,
    target: k.target,
    min: k.min,
    max: k.max,
    measure: k.measure,
    baseline_source: "",
    baseline_sample: k.baseline_sample,
    baseline_events: null,
    baseline_total: null,
    alternative: "two-sided",
    shape: "auto",
    goal: "",
  };
}

/** An open item's label as the server records it: a standard item is its catalog key
 *  `readiness.<std>`, a custom one its text. */
export const standardOf = (label: string): StandardItem | null => {
  const std = label.startsWith("readiness.") ? label.slice("readiness.".length) : "";
  return STANDARD_ITEMS.includes(std as StandardItem) ? (std as StandardItem) : null;
};

export const newId = (prefix: string) => `${prefix}${Date.now().toString(36)}${Math.random().toString(36).slice(2, 6)}`;

/** A new wave with the four standard readiness items (the spec: a new wave gets them). */
export function addWave(content: Y.Doc, fields: { name: string; scope: Scope; start: string; golive: string; owner: string }): string {
  const id = newId("w");
  const order = Math.max(0, ...readWaves(content).map((w) => w.order)) + 1;
  wavesMap(content).set(
    id,
    new Y.Map<unknown>([
      ["name", fields.name],
      ["scope", fields.scope],
      ["start", fields.start],
      ["golive", fields.golive],
      ["owner", fields.owner],
      ["status", "planned"],
      ["order", order],
    ]),
  );
  STANDARD_ITEMS.forEach((std, i) => addReadiness(content, id, std, "", `${id}-${i}`));
  return id;
}

export function addReadiness(content: Y.Doc, waveId: string, std: StandardItem | "", label: string, id = newId("r")): void {
  readinessMap(content).set(
    id,
    new Y.Map<unknown>([
      ["wave_id", waveId],
      ["std", std],
      ["label", label],
      ["done", false],
      ["owner", ""],
    ]),
  );
}

/** Remove a wave and its readiness items (one transaction, one undo step). */
export function removeWave(content: Y.Doc, waveId: string): void {
  wavesMap(content).delete(waveId);
  const items = readinessMap(content);
  for (const [id, m] of [...items.entries()]) if (plain(m).wave_id === waveId) items.delete(id);
}

/** Today in this device's own calendar. */
export function today(): string {
  const d = new Date();
  return `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, "0")}-${String(d.getDate()).padStart(2, "0")}`;
}

// --- the pilot link's phone view (GET /api/workshops/{id}/pilot, boards/rollout/phone.py) -----
// The phone never syncs a roll-out board: the server sends it only this narrow view.

export interface PhoneKpi {
  id: string;
  name: string;
  unit: string;
  better: "lower" | "higher";
  measure: "value" | "rate";
  percent: boolean;
  min: number | null;
  max: number | null;
}

export interface PhoneWave {
  id: string;
  name: string;
  /** actual go-live date */
  golive: string;
}

export interface PhoneReading {
  id: string;
  kpi_id: string;
  wave_id: string;
  date: string;
  value: number;
  numerator: number | null;
  denominator: number | null;
  submitted_at: string;
}

export interface PhoneView {
  /** "none": no decision yet; "stop": no readings are taken; "go": readings are taken */
  decision: "none" | "stop" | "go";
  kpis: PhoneKpi[];
  waves: PhoneWave[];
  /** this participant's own readings only */
  mine: PhoneReading[];
}

const records = (v: unknown): Record<string, unknown>[] => (Array.isArray(v) ? v.map(plain) : []);

/** The phone view as the server sent it, read defensively (an older server, a bad value). */
export function readPhone(raw: unknown): PhoneView {
  const r = raw && typeof raw === "object" ? (raw as Record<string, unknown>) : {};
  const decision = r.decision === "go" || r.decision === "stop" ? r.decision : "none";
  return {
    decision,
    kpis: records(r.kpis)
      .filter((k) => str(k.id))
      .map((k) => ({
        id: str(k.id),
        name: str(k.name),
        unit: str(k.unit),
        better: k.better === "higher" ? "higher" : "lower",
        measure: k.measure === "rate" ? "rate" : "value",
        percent: k.percent === true,
        min: num(k.min),
        max: num(k.max),
      })),
    waves: records(r.waves)
      .filter((w) => str(w.id))
      .map((w) => ({ id: str(w.id), name: str(w.name), golive: str(w.golive) })),
    mine: records(r.mine)
      .filter((m) => str(m.id) && num(m.value) !== null)
      .map((m) => ({
        id: str(m.id),
        kpi_id: str(m.kpi_id),
        wave_id: str(m.wave_id),
        date: str(m.date),
        value: num(m.value) ?? 0,
        numerator: num(m.numerator),
        denominator: num(m.denominator),
        submitted_at: str(m.submitted_at),
      })),
  };
}

/** A phone KPI in the pilot's Kpi shape, for the pilot's reading form (no baseline or target
 *  on the phone: the form leaves them out). */
export function phoneKpi(k: PhoneKpi): Kpi {
  return asPilotKpi({ ...k, baseline: null, target: null, baseline_sample: [], readings: [], verdict: "", change: null });
}
