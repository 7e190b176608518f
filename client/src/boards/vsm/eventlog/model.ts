// The event-log analysis the server writes into the board's ledger (root `eventlog`, `json`),
// read defensively: the ledger is server-written, but an old or odd document must never stop
// the board, so every field is checked and anything unusable reads as absent.
export interface Stat {
  median: number;
  p90: number;
  mean: number;
  n: number;
}
export interface ActivityStats {
  name: string;
  department: string | null;
  cases: number;
  events: number;
  processing: Stat | null;
  waiting: Stat | null;
  share_of_lead_time: number;
  rework_cases: number;
}
export interface Variant {
  activities: string[];
  cases: number;
  share: number;
}
export interface PeriodPoint {
  period_start: string;
  granularity: string;
  cases: number;
  median: number;
  p90: number;
}
export interface LogWarning {
  code: string;
  params: Record<string, unknown>;
}
export interface EventLogAnalysis {
  source: {
    name: string;
    size: number;
    sha256: string;
    format: string;
    imported_at: string;
    imported_by: string;
    events: number;
    cases: number;
  };
  period: { start: string; end: string };
  activities: ActivityStats[];
  variants: Variant[];
  variants_total: number;
  variants_other_cases: number;
  rework: { cases: number; share: number; loops: { activities: string[]; cases: number }[] };
  throughput: { median: number; p90: number; by_period: PeriodPoint[] };
  warnings: LogWarning[];
}

type Obj = Record<string, unknown>;
const obj = (v: unknown): Obj => (v && typeof v === "object" && !Array.isArray(v) ? (v as Obj) : {});
const arr = (v: unknown): unknown[] => (Array.isArray(v) ? v : []);
const num = (v: unknown): number => (typeof v === "number" && Number.isFinite(v) ? v : 0);
const str = (v: unknown): string => (typeof v === "string" ? v : "");

function stat(v: unknown): Stat | null {
  if (!v || typeof v !== "object") return null;
  const s = obj(v);
  return { median: num(s.median), p90: num(s.p90), mean: num(s.mean), n: num(s.n) };
}

/** The analysis from its JSON text, or null when there is none or it is unreadable. */
export function parseAnalysis(json: unknown): EventLogAnalysis | null {
  if (typeof json !== "string" || !json) return null;
  let raw: Obj;
  try {
    raw = obj(JSON.parse(json));
  } catch {
    return null;
  }
  const source = obj(raw.source);
  if (!str(source.name) && !num(source.events)) return null;
  const rework = obj(raw.rework);
  const throughput = obj(raw.throughput);
  const period = obj(raw.period);
  return {
    source: {
      name: str(source.name),
      size: num(source.size),
      sha256: str(source.sha256),
      format: str(source.format),
      imported_at: str(source.imported_at),
      imported_by: str(source.imported_by),
      events: num(source.events),
      cases: num(source.cases),
    },
    period: { start: str(period.start), end: str(period.end) },
    activities: arr(raw.activities).map((x) => {
      const a = obj(x);
      return {
        name: str(a.name),
        department: typeof a.department === "string" ? a.department : null,
        cases: num(a.cases),
        events: num(a.events),
        processing: stat(a.processing),
        waiting: stat(a.waiting),
        share_of_lead_time: num(a.share_of_lead_time),
        rework_cases: num(a.rework_cases),
      };
    }),
    variants: arr(raw.variants).map((x) => {
      const v = obj(x);
      return { activities: arr(v.activities).map(str), cases: num(v.cases), share: num(v.share) };
    }),
    variants_total: num(raw.variants_total),
    variants_other_cases: num(raw.variants_other_cases),
    rework: {
      cases: num(rework.cases),
      share: num(rework.share),
      loops: arr(rework.loops).map((x) => {
        const l = obj(x);
        return { activities: arr(l.activities).map(str), cases: num(l.cases) };
      }),
    },
    throughput: {
      median: num(throughput.median),
      p90: num(throughput.p90),
      by_period: arr(throughput.by_period).map((x) => {
        const p = obj(x);
        return {
          period_start: str(p.period_start),
          granularity: str(p.granularity),
          cases: num(p.cases),
          median: num(p.median),
          p90: num(p.p90),
        };
      }),
    },
    warnings: arr(raw.warnings).map((x) => {
      const w = obj(x);
      return { code: str(w.code), params: obj(w.params) };
    }),
  };
}

/** The step that takes the largest share of the lead time, split into its wait and its work,
 *  for the headline: only what the figures say (a share of the summed lead time). */
export function headline(a: EventLogAnalysis): { activity: string; part: "waiting" | "processing" | "both"; share: number } | null {
  let best: ActivityStats | null = null;
  for (const x of a.activities) if (!best || x.share_of_lead_time > best.share_of_lead_time) best = x;
  if (!best || best.share_of_lead_time <= 0) return null;
  const wait = best.waiting ? best.waiting.mean * best.waiting.n : 0;
  const work = best.processing ? best.processing.mean * best.processing.n : 0;
  const part = wait > 0 && wait >= 2 * work ? "waiting" : work > 0 && work >= 2 * wait ? "processing" : "both";
  return { activity: best.name, part, share: best.share_of_lead_time };
}

/** A problem's or warning's parameters for a catalog string: a list (of rows, or of
 *  {row, value} objects) becomes "12, 15, 40" (the first ten). */
export function flatParams(params: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(params)) {
    if (!Array.isArray(v)) {
      out[k] = v;
      continue;
    }
    out[k] = v
      .slice(0, 10)
      .map((x) => (x && typeof x === "object" ? String((x as Obj).row ?? JSON.stringify(x)) : String(x)))
      .join(", ");
  }
  return out;
}

/** The step's `data_source` the map-from-data command writes for this analysis
 *  (`boards/vsm/fromdata.py` source_label): a step with another one is from an older import. */
export const sourceLabel = (a: EventLogAnalysis): string => `${a.source.name} · ${a.source.sha256.slice(0, 8)} · ${a.source.imported_at}`;
