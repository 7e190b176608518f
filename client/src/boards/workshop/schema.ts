// Mirror of boards/workshop.py (schema 1), name for name.
//
// Content document:
//   goals  Map: goal id -> Map{metric, unit, baseline (number|null), target (number|null),
//               deadline (ISO date), better ("lower"|"higher"), horizon}
// Ledger document (server-written):
//   state  Map{phase, timer_ends_at (ISO or ""), timer_seconds, follow (board id or ""), finished,
//              viewer_export (viewers may download exports)}
import * as Y from "yjs";

export const KIND = "workshop";
export const SCHEMA_VERSION = 1;

export const PHASES = ["diagnose", "analyse", "design", "pilot", "rollout"] as const;
export type Phase = (typeof PHASES)[number];

export interface Goal {
  id: string;
  metric: string;
  unit: string;
  baseline: number | null;
  target: number | null;
  deadline: string;
  better: "lower" | "higher";
  horizon: string;
}

export interface WorkshopState {
  phase: Phase;
  timer_ends_at: string;
  timer_seconds: number;
  follow: string;
  finished: boolean;
  viewer_export: boolean;
}

/** Server analysis (WorkshopAnalysis): which goals are SMART and what each one lacks. */
export interface WorkshopAnalysis {
  goals: { id: string; smart: boolean; missing: string[] }[];
  phase_index: number;
}

export const COMMANDS = {
  phase: "workshop.phase",
  timer: "workshop.timer",
  follow: "workshop.follow",
  finish: "workshop.finish",
  viewerExport: "workshop.viewer_export",
} as const;

export const goalsMap = (content: Y.Doc) => content.getMap<Y.Map<unknown>>("goals");
export const stateMap = (ledger: Y.Doc) => ledger.getMap<unknown>("state");

const num = (v: unknown): number | null => {
  if (typeof v === "number" && Number.isFinite(v)) return v;
  if (typeof v === "string" && v.trim() && Number.isFinite(Number(v))) return Number(v);
  return null;
};
const str = (v: unknown): string => (typeof v === "string" ? v : "");

export function readGoals(content: Y.Doc): Goal[] {
  const goals: Goal[] = [];
  goalsMap(content).forEach((value, id) => {
    if (!(value instanceof Y.Map)) return;
    goals.push({
      id,
      metric: str(value.get("metric")),
      unit: str(value.get("unit")),
      baseline: num(value.get("baseline")),
      target: num(value.get("target")),
      deadline: str(value.get("deadline")),
      better: value.get("better") === "higher" ? "higher" : "lower",
      horizon: str(value.get("horizon")),
    });
  });
  return goals.sort((a, b) => a.id.localeCompare(b.id, "en", { numeric: true }));
}

export function readState(ledger: Y.Doc): WorkshopState {
  const s = stateMap(ledger);
  const phase = s.get("phase");
  return {
    phase: PHASES.includes(phase as Phase) ? (phase as Phase) : "diagnose",
    timer_ends_at: str(s.get("timer_ends_at")),
    timer_seconds: num(s.get("timer_seconds")) ?? 0,
    follow: str(s.get("follow")),
    finished: s.get("finished") === true,
    viewer_export: s.get("viewer_export") === true,
  };
}

/** Time-ordered and random: two people adding a goal at once never pick the same id. */
export function newGoalId(): string {
  return `g${Date.now().toString(36)}${Math.random().toString(36).slice(2, 6)}`;
}
