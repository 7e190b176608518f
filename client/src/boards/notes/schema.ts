// Mirror of boards/notes.py (schema 1), name for name.
//
// Content document:
//   text      Text: free text
//   stickies  Map: sticky id -> Map{text: str, color: str, x: float, y: float, author: str}
// Analysis (NotesAnalysis): {stickies: int, words: int, characters: int}
import * as Y from "yjs";

export const KIND = "notes";
export const SCHEMA_VERSION = 1;

export const COLORS = ["yellow", "orange", "pink", "blue", "green"] as const;
export type StickyColor = (typeof COLORS)[number];

export interface Sticky {
  id: string;
  text: string;
  color: StickyColor;
  x: number;
  y: number;
  author: string;
}

export interface NotesAnalysis {
  stickies: number;
  words: number;
  characters?: number;
}

export const STICKY_W = 200;
export const STICKY_H = 150;

export const textOf = (content: Y.Doc) => content.getText("text");
export const stickiesOf = (content: Y.Doc) => content.getMap<Y.Map<unknown>>("stickies");

const num = (v: unknown) => (typeof v === "number" && Number.isFinite(v) ? v : 0);

export function readStickies(content: Y.Doc): Sticky[] {
  const out: Sticky[] = [];
  stickiesOf(content).forEach((m, id) => {
    if (!(m instanceof Y.Map)) return;
    const color = m.get("color");
    out.push({
      id,
      text: typeof m.get("text") === "string" ? (m.get("text") as string) : "",
      color: COLORS.includes(color as StickyColor) ? (color as StickyColor) : "yellow",
      x: Math.max(0, num(m.get("x"))),
      y: Math.max(0, num(m.get("y"))),
      author: typeof m.get("author") === "string" ? (m.get("author") as string) : "",
    });
  });
  // Stable creation order (ids are time-ordered), not position: a note being dragged must not
  // move in the DOM, or it would lose focus and pointer capture.
  return out.sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
}

export function newStickyId(): string {
  return `s${Date.now().toString(36)}${Math.random().toString(36).slice(2, 6)}`;
}

/** A free spot on the canvas, scanning rows left to right. */
export function freeSpot(stickies: Sticky[], columns = 4): { x: number; y: number } {
  for (let row = 0; row < 50; row++)
    for (let col = 0; col < columns; col++) {
      const x = 40 + col * (STICKY_W + 20);
      const y = 40 + row * (STICKY_H + 30);
      const taken = stickies.some((s) => Math.abs(s.x - x) < STICKY_W * 0.75 && Math.abs(s.y - y) < STICKY_H * 0.75);
      if (!taken) return { x, y };
    }
  return { x: 40, y: 40 };
}
