// Mirror of boards/pilot/layout.py and evaluate.py (schema 1), name for name.
//
// Content document (editors co-edit):
//   pilot    Map{name, start, end (ISO dates, inclusive; "" = open)}
//   sites    Array of str: the pilot sites (readings must name one when there are any)
//   teams    Array of str: the teams taking part
//   kpis     Map: KPI id -> Map{name, unit, better ("lower" | "higher"), baseline, target, min, max
//            (numbers or absent; min/max is the plausible range a reading must fall in),
//            measure ("value" | "rate": counted, each reading numerator out of denominator, in %),
//            baseline_source (str), baseline_sample (Array of numbers: pre-pilot readings),
//            baseline_events/baseline_total (a rate's pre-pilot counts), alternative
//            ("two-sided" | "better"), shape ("auto" | "normal" | "skewed")}
//   changes  Array of Map{date (ISO), text, reason (Y.Text)}: the plan-change log
// Ledger document (server only; written by pilot.reading and pilot.feedback):
//   readings  Map: submission id -> Map{kpi_id, date, value, site, participant_id, display_name,
//             submitted_at; a rate's numerator, denominator; withdrawn / corrected Map{by,
//             by_name, at, reason} once a facilitator withdrew or corrected it}
//   corrections Array of Map{reading_id, action (correct|withdraw), before, after, reason, by,
//             by_name, at}: every facilitator correction, in order
//   feedback  Map: submission id -> Map{kind (problem|suggestion|praise), satisfaction, ease
//             (1-5 or null), text, anonymous, participant_id, display_name ("" when anonymous),
//             submitted_at}
import * as Y from "yjs";
import { ItemCache } from "../../sync/item-cache";

export const KIND = "pilot";
export const SCHEMA_VERSION = 1;
export const FEEDBACK_KINDS = ["problem", "suggestion", "praise"] as const;
export type FeedbackKind = (typeof FEEDBACK_KINDS)[number];
export type Better = "lower" | "higher";
export const MIN_READINGS = 3;
export const ALPHA = 0.05;
export const MAX_TEXT = 2000;

export const COMMANDS = {
  reading: "pilot.reading",
  feedback: "pilot.feedback",
  withdraw: "pilot.reading_withdraw",
  correct: "pilot.reading_correct",
} as const;
export type Measure = "value" | "rate";
export type Alternative = "two-sided" | "better";
export type Shape = "auto" | "normal" | "skewed";
export const MAX_SAMPLE = 10_000;

export interface Kpi {
  id: string;
  name: string;
  unit: string;
  better: Better;
  baseline: number | null;
  target: number | null;
  min: number | null;
  max: number | null;
  measure: Measure;
  baseline_source: string;
  baseline_sample: number[];
  baseline_events: number | null;
  baseline_total: number | null;
  alternative: Alternative;
  shape: Shape;
  /** the workshop goal it was taken from ("" = none) */
  goal: string;
}

/** A KPI measured in % (or counted as a rate): its change is said in percentage points. */
export const isPercent = (k: { measure: Measure; unit: string }) => k.measure === "rate" || ["%", "％"].includes(k.unit.trim());

function median(values: number[]): number | null {
  if (!values.length) return null;
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

/** The level before the pilot, for hints and charts: a rate's pre-pilot counts in %, the
 *  median of a baseline sample, else the single reference value. The evaluation's own
 *  baseline (mean or median, as its test compares) is in KpiEvaluation.baseline. */
export function baselineOf(k: Kpi): number | null {
  if (k.measure === "rate" && k.baseline_total) return (Math.min(k.baseline_events ?? 0, k.baseline_total) / k.baseline_total) * 100;
  if (k.measure !== "rate" && k.baseline_sample.length) return median(k.baseline_sample);
  return k.baseline;
}

export interface PilotDefinition {
  name: string;
  start: string;
  end: string;
  sites: string[];
  teams: string[];
}

export interface PlanChange {
  date: string;
  text: string;
  reason: string;
}

/** Who withdrew or corrected a reading, when and why. */
export interface Mark {
  by: string;
  by_name: string;
  at: string;
  reason: string;
}

export interface Reading {
  id: string;
  kpi_id: string;
  date: string;
  value: number;
  numerator: number | null;
  denominator: number | null;
  site: string;
  participant_id: string;
  display_name: string;
  submitted_at: string;
  withdrawn: Mark | null;
  corrected: Mark | null;
}

export interface Correction extends Mark {
  reading_id: string;
  action: "correct" | "withdraw";
  before: Record<string, number>;
  after: Record<string, number>;
}

export interface Feedback {
  id: string;
  kind: FeedbackKind;
  satisfaction: number | null;
  ease: number | null;
  text: string;
  anonymous: boolean;
  participant_id: string;
  display_name: string;
  submitted_at: string;
}

// --- analysis (PilotAnalysis) -------------------------------------------------------------

export type Verdict = "significant_improvement" | "no_significant_change" | "significant_worsening" | "not_testable" | "no_baseline";
export type Trend = "improving" | "worsening" | "flat";

export interface KpiEvaluation {
  kpi_id: string;
  name: string;
  unit: string;
  better: Better;
  measure: Measure;
  baseline_kind: "value" | "sample" | "counts" | null;
  baseline_n: number | null;
  baseline_source: string;
  estimate: number | null;
  events: number | null;
  total: number | null;
  test_reason: string | null;
  alternative: "two-sided" | "less" | "greater";
  slope_ci_low: number | null;
  slope_ci_high: number | null;
  readings_without_counts: number;
  baseline: number | null;
  target: number | null;
  readings: number;
  mean: number | null;
  median: number | null;
  change_pct: number | null;
  improved: boolean | null;
  target_met: boolean | null;
  slope_per_day: number | null;
  trend: Trend | null;
  p_value: number | null;
  verdict: Verdict;
  untestable: string | null;
  test: string | null;
  ci_low: number | null;
  ci_high: number | null;
  change: number | null;
  percent: boolean;
  effect_name: string | null;
  effect: number | null;
  attainment_pct: number | null;
  target_warning: string | null;
  by_site: Record<string, { readings: number; mean: number }>;
}

export interface FeedbackSummary {
  total: number;
  by_kind: Record<string, number>;
  avg_satisfaction: number | null;
  avg_ease: number | null;
  rated_satisfaction: number;
  rated_ease: number;
}

export interface PilotAnalysis {
  kpis: KpiEvaluation[];
  feedback: FeedbackSummary;
  readings: number;
  unknown_kpi_readings: number;
  targets_met: number;
  plan_changes: number;
  period_days: number | null;
  status?: "interim" | "final";
}

/** The server's snapshot (layout.py PilotSnapshot); the view reads its parts one by one. */
export interface PilotSnapshot {
  definition: PilotDefinition;
  kpis: Kpi[];
  changes: PlanChange[];
  readings: Reading[];
  feedback: Feedback[];
}

/** GET /api/boards/{id}/private for this kind (PilotKind.private_view): mine, oldest first. */
export type MySubmission =
  ({ id: string; type: "reading" } & Omit<Reading, "id">) | ({ id: string; type: "feedback" } & Omit<Feedback, "id">);

// --- root types ---------------------------------------------------------------------------

export const pilotMap = (content: Y.Doc) => content.getMap<unknown>("pilot");
export const sitesArray = (content: Y.Doc) => content.getArray<string>("sites");
export const teamsArray = (content: Y.Doc) => content.getArray<string>("teams");
export const kpisMap = (content: Y.Doc) => content.getMap<Y.Map<unknown>>("kpis");
export const changesArray = (content: Y.Doc) => content.getArray<Y.Map<unknown>>("changes");
export const readingsMap = (ledger: Y.Doc) => ledger.getMap<Y.Map<unknown>>("readings");
export const feedbackMap = (ledger: Y.Doc) => ledger.getMap<Y.Map<unknown>>("feedback");
export const correctionsArray = (ledger: Y.Doc) => ledger.getArray<Y.Map<unknown>>("corrections");

// --- reading ------------------------------------------------------------------------------

// a collaborative text field reads as its text (older documents hold a plain string there)
const str = (v: unknown): string => (typeof v === "string" ? v : v instanceof Y.Text ? v.toString() : "");

function plain(value: unknown): Record<string, unknown> {
  if (value instanceof Y.Map) return value.toJSON() as Record<string, unknown>;
  return value && typeof value === "object" ? (value as Record<string, unknown>) : {};
}

/** A number as clients type it (int, float, numeric string); anything else is unset. */
export function number(value: unknown): number | null {
  if (typeof value === "boolean") return null;
  let n = value;
  if (typeof n === "string") n = n.trim() === "" ? NaN : Number(n.trim());
  return typeof n === "number" && Number.isFinite(n) ? n : null;
}

/** A whole, non-negative count; anything else is unset. */
export function count(value: unknown): number | null {
  const n = number(value);
  return n !== null && n >= 0 && Number.isSafeInteger(n) ? n : null;
}

function numbers(value: unknown): number[] {
  const items = value instanceof Y.Array ? value.toArray() : value;
  if (!Array.isArray(items)) return [];
  return items
    .slice(0, MAX_SAMPLE)
    .map(number)
    .filter((n): n is number => n !== null);
}

function mark(value: unknown): Mark | null {
  const raw = plain(value);
  if (!value || typeof value !== "object") return null;
  return { by: str(raw.by), by_name: str(raw.by_name), at: str(raw.at), reason: str(raw.reason) };
}

const pick = <T extends string>(value: unknown, allowed: readonly T[], fallback: T): T =>
  allowed.includes(value as T) ? (value as T) : fallback;

export function isoDate(text: unknown): string | null {
  if (typeof text !== "string" || !/^\d{4}-\d{2}-\d{2}$/.test(text)) return null;
  const d = new Date(`${text}T00:00:00Z`);
  return Number.isNaN(d.getTime()) || d.toISOString().slice(0, 10) !== text ? null : text;
}

const strings = (arr: Y.Array<string>) =>
  arr
    .toArray()
    .filter((s): s is string => typeof s === "string" && s.trim() !== "")
    .map((s) => s.trim());

export function readDefinition(content: Y.Doc): PilotDefinition {
  const raw = pilotMap(content).toJSON() as Record<string, unknown>;
  return {
    name: str(raw.name),
    start: str(raw.start),
    end: str(raw.end),
    sites: strings(sitesArray(content)),
    teams: strings(teamsArray(content)),
  };
}

export function readKpis(content: Y.Doc): Kpi[] {
  const out: Kpi[] = [];
  kpisMap(content).forEach((value, id) => {
    const raw = plain(value);
    out.push({
      id,
      name: str(raw.name),
      unit: str(raw.unit),
      better: raw.better === "higher" ? "higher" : "lower",
      baseline: number(raw.baseline),
      target: number(raw.target),
      min: number(raw.min),
      max: number(raw.max),
      measure: pick(raw.measure, ["value", "rate"], "value"),
      baseline_source: str(raw.baseline_source),
      baseline_sample: numbers(raw.baseline_sample),
      baseline_events: count(raw.baseline_events),
      baseline_total: count(raw.baseline_total),
      alternative: pick(raw.alternative, ["two-sided", "better"], "two-sided"),
      shape: pick(raw.shape, ["auto", "normal", "skewed"], "auto"),
      goal: str(raw.goal),
    });
  });
  return out.sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
}

export function readChanges(content: Y.Doc): PlanChange[] {
  return changesArray(content)
    .toArray()
    .map((m) => {
      const raw = plain(m);
      return { date: str(raw.date), text: str(raw.text), reason: str(raw.reason) };
    });
}

// Each reading read once: kept per its Y.Map until something inside it changes (a correction,
// a withdrawal), so a board of thousands reads only what changed, and the views get the same
// objects back (memoised parts compare them by identity).
const readingCache = new ItemCache<Reading | null>();

function readReading(id: string, value: unknown): Reading | null {
  const raw = plain(value);
  const v = number(raw.value);
  if (v === null) return null;
  return {
    id,
    kpi_id: str(raw.kpi_id),
    date: str(raw.date),
    value: v,
    numerator: count(raw.numerator),
    denominator: count(raw.denominator),
    site: str(raw.site),
    participant_id: str(raw.participant_id),
    display_name: str(raw.display_name),
    submitted_at: str(raw.submitted_at),
    withdrawn: mark(raw.withdrawn),
    corrected: mark(raw.corrected),
  };
}

/** Forgets the kept readings that these changes (deep, under the readings map) touched. */
export function forgetReadings(ledger: Y.Doc, events: Y.YEvent<any>[]): void {
  readingCache.forget(readingsMap(ledger), events);
}

const byText = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

// ISO dates and times, ids: compared by code point (localeCompare is slower and means the same here)
const inOrder = (a: Reading, b: Reading) => byText(a.date, b.date) || byText(a.submitted_at, b.submitted_at) || byText(a.id, b.id);

// The last sorted list per ledger: the next read keeps its order and places only the new ones.
const sortedCache = new WeakMap<Y.Doc, Reading[]>();

export function readReadings(ledger: Y.Doc): Reading[] {
  const now = new Set<Reading>();
  readingsMap(ledger).forEach((value, id) => {
    const r = readingCache.get(value, () => readReading(id, value));
    if (r) now.add(r);
  });
  const before = sortedCache.get(ledger) ?? [];
  const out = before.filter((r) => now.has(r));
  const kept = new Set(out);
  const added = [...now].filter((r) => !kept.has(r));
  if (added.length > 64) {
    out.push(...added);
    out.sort(inOrder);
  } else {
    for (const r of added) {
      let lo = 0;
      let hi = out.length;
      while (lo < hi) {
        const mid = (lo + hi) >> 1;
        if (inOrder(out[mid], r) <= 0) lo = mid + 1;
        else hi = mid;
      }
      out.splice(lo, 0, r);
    }
  }
  sortedCache.set(ledger, out);
  return out.slice();
}

/** The readings the evaluation counts: all but the withdrawn ones. */
export const counted = (readings: Reading[]) => readings.filter((r) => !r.withdrawn);

const numbersOf = (v: unknown): Record<string, number> =>
  Object.fromEntries(Object.entries(plain(v)).filter((e): e is [string, number] => number(e[1]) !== null));

export function readCorrections(ledger: Y.Doc): Correction[] {
  return correctionsArray(ledger)
    .toArray()
    .map((m) => {
      const raw = plain(m);
      return {
        reading_id: str(raw.reading_id),
        action: raw.action === "withdraw" ? ("withdraw" as const) : ("correct" as const),
        before: numbersOf(raw.before),
        after: numbersOf(raw.after),
        ...(mark(raw) as Mark),
      };
    });
}

const rating = (v: unknown): number | null => (typeof v === "number" && Number.isInteger(v) && v >= 1 && v <= 5 ? v : null);

export function readFeedback(ledger: Y.Doc): Feedback[] {
  const out: Feedback[] = [];
  feedbackMap(ledger).forEach((value, id) => {
    const raw = plain(value);
    const kind = FEEDBACK_KINDS.includes(raw.kind as FeedbackKind) ? (raw.kind as FeedbackKind) : null;
    if (!kind) return;
    out.push({
      id,
      kind,
      satisfaction: rating(raw.satisfaction),
      ease: rating(raw.ease),
      text: str(raw.text),
      anonymous: raw.anonymous === true,
      participant_id: str(raw.participant_id),
      display_name: str(raw.display_name),
      submitted_at: str(raw.submitted_at),
    });
  });
  return out.sort((a, b) => a.submitted_at.localeCompare(b.submitted_at) || a.id.localeCompare(b.id));
}

/** Today in the participant's own calendar (what "today" means to a person on site). */
export function today(): string {
  const d = new Date();
  return `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, "0")}-${String(d.getDate()).padStart(2, "0")}`;
}

export function newKpiId(): string {
  return `k${Date.now().toString(36)}${Math.random().toString(36).slice(2, 6)}`;
}
