// Mirror of boards/workshop.py (schema 1), name for name.
//
// Content document:
//   goals  Map: goal id -> Map{metric, unit, baseline (number|null), target (number|null),
//               deadline (a date as typed: "2027-03-31", "Q1 2027", "2027年3月"),
//               better ("lower"|"higher"), horizon, link (KPI, pilot or VSM step it moves)}
//   a3     Map{background, problem, next_steps, decision_needed} of str ("" = the report's
//          generated sentence; boards/a3.py)
//   actions Map: action id -> Map{what, owner, owner_participant, owner_department, due (ISO date
//               or ""), status, source_board, source_kind, source_type, source_item,
//               source_label, created_by, created_at, done_at} (boards/actions.py)
// Ledger document (server-written):
//   state  Map{phase, timer_ends_at (ISO or ""), timer_seconds, follow (board id or ""), finished,
//              viewer_export (viewers may download exports)}
import * as Y from "yjs";
import { numberText } from "../../ui/numtext";

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
  link: string;
}

export const ACTION_STATUSES = ["open", "doing", "done", "dropped"] as const;
export type ActionStatus = (typeof ACTION_STATUSES)[number];
export const ACTION_SOURCE_TYPES = ["root_cause", "why", "idea", "vsm_marker", "raci_finding", "risk", "readiness", ""] as const;
export type ActionSourceType = (typeof ACTION_SOURCE_TYPES)[number];

export interface Action {
  id: string;
  what: string;
  owner: string;
  owner_participant: string;
  owner_department: string;
  due: string;
  status: ActionStatus;
  source_board: string;
  source_kind: string;
  source_type: ActionSourceType;
  source_item: string;
  source_label: string;
  created_by: string;
  created_at: string;
  done_at: string;
}

/** What a board's analysis says needs an action (fishbone root causes, chosen ideas). */
export interface Commitment {
  source_type: ActionSourceType;
  item_id: string;
  label: string;
}

export interface ActionCounts {
  open: number;
  doing: number;
  done: number;
  dropped: number;
  overdue: number;
  by_owner: Record<string, number>;
}

export interface ActionWarning {
  code: "action_no_owner" | "action_no_due" | "action_overdue";
  params: { action: string; what: string };
}

export interface WorkshopState {
  phase: Phase;
  timer_ends_at: string;
  timer_seconds: number;
  follow: string;
  finished: boolean;
  viewer_export: boolean;
}

export const SMART_LETTERS = ["S", "M", "A", "R", "T"] as const;

/** One letter of the server's SMART check (boards/smart.py): pass/fail and a reason code. */
export interface SmartLetter {
  letter: (typeof SMART_LETTERS)[number];
  ok: boolean;
  code: string;
  params: Record<string, string | number>;
}

export interface GoalCheck {
  id: string;
  smart: boolean;
  missing: string[];
  letters?: SmartLetter[];
  deadline_date?: string;
}

/** Server analysis (WorkshopAnalysis): each goal's SMART check, letter by letter. */
export interface WorkshopAnalysis {
  goals: GoalCheck[];
  phase_index: number;
  actions?: ActionCounts;
  action_warnings?: ActionWarning[];
}

export const COMMANDS = {
  phase: "workshop.phase",
  timer: "workshop.timer",
  follow: "workshop.follow",
  finish: "workshop.finish",
  viewerExport: "workshop.viewer_export",
} as const;

export const goalsMap = (content: Y.Doc) => content.getMap<Y.Map<unknown>>("goals");
export const actionsMap = (content: Y.Doc) => content.getMap<Y.Map<unknown>>("actions");
export const stateMap = (ledger: Y.Doc) => ledger.getMap<unknown>("state");
export const a3Map = (content: Y.Doc) => content.getMap<unknown>("a3");

export const A3_FIELDS = ["background", "problem", "decision_needed", "next_steps"] as const;
export type A3Field = (typeof A3_FIELDS)[number];

/** The A3's free text; anything but a string reads as empty (the generated sentence). */
export function readA3(map: Y.Map<unknown>): Record<A3Field, string> {
  const out = {} as Record<A3Field, string>;
  for (const field of A3_FIELDS) {
    const v = map.get(field);
    out[field] = typeof v === "string" ? v : v instanceof Y.Text ? v.toString() : "";
  }
  return out;
}

const num = (v: unknown): number | null => {
  if (typeof v === "number" && Number.isFinite(v)) return v;
  if (typeof v === "string" && v.trim() && Number.isFinite(Number(numberText(v)))) return Number(numberText(v));
  return null;
};
const str = (v: unknown): string => (typeof v === "string" ? v : "");

/** A number as typed in a goal ("12%", "3.5 days", "1,200", "3,5"); mirrors
 *  boards/smart.py parse_number: a comma before exactly three digits groups thousands, else it
 *  is a decimal comma; a range or prose is not one number. */
export function parseNumber(raw: string): number | null {
  let text = numberText(raw.normalize("NFKC"));
  if (!text || text.length > 40) return null;
  text = text.replace(/(?<=\d)[ \u00a0'](?=\d{3}\b)/g, "");
  const m = /^[^\d+\-.]*?([+\-]?(?:\d{1,3}(?:,\d{3})+|\d+)?(?:[.,]\d+)?)\s*[^\d]*$/.exec(text);
  if (!m || !/\d/.test(m[1])) return null;
  let num = m[1];
  if (/^[+\-]?\d{1,3}(?:,\d{3})+(?:\.\d+)?$/.test(num)) num = num.replace(/,/g, "");
  const value = Number(num.replace(",", "."));
  return Number.isFinite(value) && Math.abs(value) < 1e15 ? value : null;
}

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
      link: str(value.get("link")),
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
