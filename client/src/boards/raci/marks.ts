// Where the analysis' findings show on the grid: cells (the worst severity and the messages),
// rows (activity rules) and columns (role rules).
import { findingText } from "./Findings";
import type { Finding, RaciAnalysis, RaciSnapshot, Severity } from "./schema";

const RANK: Record<Severity, number> = { error: 3, warning: 2, info: 1 };
const ROW_CODES = new Set(["orphaned", "no_a", "multiple_a", "no_r", "too_many_c"]);

export interface Marks {
  cell: Map<string, { severity: Severity; texts: string[] }>;
  row: Map<string, Finding[]>;
  col: Map<string, Finding[]>;
}

export function marksOf(analysis: RaciAnalysis | null, snap: RaciSnapshot): Marks {
  const marks: Marks = { cell: new Map(), row: new Map(), col: new Map() };
  for (const f of analysis?.findings ?? []) {
    const text = findingText(f, snap);
    for (const key of f.cells) {
      const m = marks.cell.get(key);
      if (!m) marks.cell.set(key, { severity: f.severity, texts: [text] });
      else {
        m.texts.push(text);
        if (RANK[f.severity] > RANK[m.severity]) m.severity = f.severity;
      }
    }
    if (ROW_CODES.has(f.code)) for (const a of f.activity_ids) marks.row.set(a, [...(marks.row.get(a) ?? []), f]);
    else if (f.role_ids.length) for (const r of f.role_ids) marks.col.set(r, [...(marks.col.get(r) ?? []), f]);
  }
  return marks;
}

export const worst = (fs: Finding[]): Severity => fs.reduce<Severity>((w, f) => (RANK[f.severity] > RANK[w] ? f.severity : w), "info");
