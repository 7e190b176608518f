// Mirror of boards/pilot/layout.py and evaluate.py (schema 1), name for name.
//
// Content document (editors co-edit):
//   pilot    Map{name, start, end (ISO dates, inclusive; "" = open)}
//   sites    Array of str: the pilot sites (readings must name one when there are any)
//   teams    Array of str: the teams taking part
//   kpis     Map: KPI id -> Map{name, unit, better ("lower" | "higher"), baseline, target, min, max
//            (numbers or absent; min/max is the plausible range a reading must fall in)}
//   changes  Array of Map{date (ISO), text, reason}: the plan-change log
// Ledger document (server only; written by pilot.reading and pilot.feedback):
//   readings  Map: submission id -> Map{kpi_id, date, value, site, participant_id, display_name,
//             submitted_at}
//   feedback  Map: submission id -> Map{kind (problem|suggestion|praise), satisfaction, ease
//             (1-5 or null), text, anonymous, participant_id, display_name ("" when anonymous),
//             submitted_at}
import * as Y from "yjs";

export const KIND = "pilot";
export const SCHEMA_VERSION = 1;
export const FEEDBACK_KINDS = ["problem", "suggestion", "praise"] as const;
export type FeedbackKind = (typeof FEEDBACK_KINDS)[number];
export type Better = "lower" | "higher";
export const MIN_READINGS = 3;
export const ALPHA = 0.05;
export const MAX_TEXT = 2000;

export const COMMANDS = { reading: "pilot.reading", feedback: "pilot.feedback" } as const;

export interface Kpi {
  id: string;
  name: string;
  unit: string;
  better: Better;
  baseline: number | null;
  target: number | null;
  min: number | null;
  max: number | null;
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

export interface Reading {
  id: string;
  kpi_id: string;
  date: string;
  value: number;
  site: string;
  participant_id: string;
  display_name: string;
  submitted_at: string;
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

/** GET /api/boards/{id}/private for this kind (PilotKind.private_view): mine, oldest first. */
export type MySubmission =
  | ({ id: string; type: "reading" } & Omit<Reading, "id">)
  | ({ id: string; type: "feedback" } & Omit<Feedback, "id">);

// --- root types ---------------------------------------------------------------------------

export const pilotMap = (content: Y.Doc) => content.getMap<unknown>("pilot");
export const sitesArray = (content: Y.Doc) => content.getArray<string>("sites");
export const teamsArray = (content: Y.Doc) => content.getArray<string>("teams");
export const kpisMap = (content: Y.Doc) => content.getMap<Y.Map<unknown>>("kpis");
export const changesArray = (content: Y.Doc) => content.getArray<Y.Map<unknown>>("changes");
export const readingsMap = (ledger: Y.Doc) => ledger.getMap<Y.Map<unknown>>("readings");
export const feedbackMap = (ledger: Y.Doc) => ledger.getMap<Y.Map<unknown>>("feedback");

// --- reading ------------------------------------------------------------------------------

const str = (v: unknown): string => (typeof v === "string" ? v : "");

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

export function isoDate(text: unknown): string | null {
  if (typeof text !== "string" || !/^\d{4}-\d{2}-\d{2}$/.test(text)) return null;
  const d = new Date(`${text}T00:00:00Z`);
  return Number.isNaN(d.getTime()) || d.toISOString().slice(0, 10) !== text ? null : text;
}

const strings = (arr: Y.Array<string>) =>
  arr.toArray().filter((s): s is string => typeof s === "string" && s.trim() !== "").map((s) => s.trim());

export function readDefinition(content: Y.Doc): PilotDefinition {
  const raw = pilotMap(content).toJSON() as Record<string, unknown>;
  return { name: str(raw.name), start: str(raw.start), end: str(raw.end), sites: strings(sitesArray(content)), teams: strings(teamsArray(content)) };
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

export function readReadings(ledger: Y.Doc): Reading[] {
  const out: Reading[] = [];
  readingsMap(ledger).forEach((value, id) => {
    const raw = plain(value);
    const v = number(raw.value);
    if (v === null) return;
    out.push({
      id,
      kpi_id: str(raw.kpi_id),
      date: str(raw.date),
      value: v,
      site: str(raw.site),
      participant_id: str(raw.participant_id),
      display_name: str(raw.display_name),
      submitted_at: str(raw.submitted_at),
    });
  });
  return out.sort((a, b) => a.date.localeCompare(b.date) || a.submitted_at.localeCompare(b.submitted_at) || a.id.localeCompare(b.id));
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
