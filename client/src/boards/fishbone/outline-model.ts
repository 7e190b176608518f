// The outline's rows: each category, then its causes in tree order (a cause listed once even
// if the document repeats it; causes of an unknown category get a row for that category).
import type { Cause, FishboneSnapshot } from "./schema";

export type Row =
  | { key: string; kind: "cat"; id: string; label: string; count: number; known: boolean }
  | { key: string; kind: "cause"; id: string; cause: Cause };

export function outlineRows(snap: FishboneSnapshot): Row[] {
  const rows: Row[] = [];
  const seen = new Set<string>();
  const cats = [...snap.categories.map((c) => ({ ...c, known: true }))];
  for (const cause of snap.causes)
    if (!cause.known && !cats.some((c) => c.id === cause.category)) cats.push({ id: cause.category, label: cause.category, known: false });
  for (const cat of cats) {
    const mine = snap.causes.filter((c) => c.category === cat.id);
    rows.push({ key: `cat:${cat.id}`, kind: "cat", id: cat.id, label: cat.label, count: mine.length, known: cat.known });
    for (const cause of mine) {
      if (seen.has(cause.id)) continue;
      seen.add(cause.id);
      rows.push({ key: `cause:${cause.id}`, kind: "cause", id: cause.id, cause });
    }
  }
  return rows;
}
