// Geometry of the fishbone diagram, by measuring: the head (problem) on the right, the spine,
// category bones alternately above and below, causes as labelled lines meeting their bone and
// sub-causes on branches parallel to the bone. Pure: text widths come from `measure`.
//
// Bones are parallel, so a column of bones needs only as much room as its widest row needs
// from its own bone (the texts of the next column start right of this column's bone at the
// same height): columns pack tightly however many causes a bone carries.
import type { Cause, FishboneSnapshot } from "./schema";

export type Measure = (text: string, size: number, bold?: boolean) => number;

export const SIZES = { cause: 13, sub: 12.5, label: 14, head: 15, badge: 11 } as const;
const LINE = { cause: 18, sub: 17 };
const MAX_W = { cause: 230, sub: 210 };
const MAX_LINES = 4;
const SLANT = 0.45; // horizontal run of a bone per unit of height
const INDENT = 26; // a sub-cause branch, left of its parent's rail
const GAP = 10; // text to its rail
const COL_GAP = 30; // a row's left end to the previous bone
const ROW_GAP = 8;
const LABEL_H = 30;
const LABEL_PAD = 14;
const CLEAR = 18; // between the spine and the nearest row
const MARGIN = 20;
const HEAD_W = 230;
const BADGE_H = 17;

export interface Badge {
  kind: "count" | "root" | "vital";
  text: string;
  x: number;
  w: number;
}

export interface RowGeom {
  cause: Cause;
  depth: number;
  lines: { text: string; x: number; y: number }[]; // x: right end (text-anchor end)
  size: number;
  badges: Badge[];
  badgeY: number; // centre line of the badges
  underline: { x1: number; x2: number; y: number };
  box: { x: number; y: number; w: number; h: number }; // hit area
  /** highlight: left edge straight, right edge along the bone (or branch) */
  outline: [number, number][];
}

export interface BoneGeom {
  id: string;
  label: string;
  count: number;
  top: boolean;
  known: boolean;
  x1: number; // far end (at the label)
  y1: number;
  x2: number; // at the spine
  y2: number;
  labelBox: { x: number; y: number; w: number; h: number };
}

export interface DiagramGeom {
  width: number;
  height: number;
  spine: { x1: number; x2: number; y: number };
  head: { x: number; y: number; w: number; h: number; lines: string[]; lineH: number };
  bones: BoneGeom[];
  rows: RowGeom[];
  trunks: { x1: number; y1: number; x2: number; y2: number }[];
}

const CJK = "\u2e80-\u9fff\uf900-\ufaff\uff00-\uffef\u3000-\u303f";
const TOKEN = new RegExp(`[${CJK}]|[^\\s${CJK}]+\\s*|\\s+`, "g");
// Line-breaking rules for Chinese (and Latin punctuation in Chinese text): these never start
// a line, and opening brackets never end one.
const NO_START = new Set([..."，。、：；！？）」』】〉》”’,.:;!?)%…—"]);
const NO_END = new Set([..."（「『【〈《“‘("]);

function tokens(text: string): string[] {
  const out: string[] = [];
  for (const token of text.trim().match(TOKEN) ?? []) {
    const prev = out[out.length - 1];
    if (prev !== undefined && (NO_START.has(token[0]) || NO_END.has(prev[prev.length - 1]))) out[out.length - 1] = prev + token;
    else out.push(token);
  }
  return out;
}

function greedy(parts: string[], maxW: number, width: (s: string) => number): string[] {
  const lines: string[] = [];
  let line = "";
  const push = (s: string) => {
    if (s.trim()) lines.push(s.trimEnd());
  };
  for (const token of parts) {
    if (!line.trim() || width(line + token.trimEnd()) <= maxW) {
      if (!line.trim() && width(token.trimEnd()) > maxW) {
        // a single word wider than the line: break it by characters
        for (const ch of token) {
          if (line && width(line + ch) > maxW) {
            push(line);
            line = "";
          }
          line += ch;
        }
      } else line += token;
    } else {
      push(line);
      line = token.trimStart();
    }
  }
  push(line);
  return lines;
}

/** Line breaking for labels: CJK characters break anywhere (but for punctuation), other
 * text at spaces; lines are balanced (no lone last character) and capped at `maxLines`. */
export function wrap(text: string, maxW: number, width: (s: string) => number, maxLines = MAX_LINES): string[] {
  const parts = tokens(text);
  let lines = greedy(parts, maxW, width);
  if (lines.length > 1 && lines.length <= maxLines) {
    // the narrowest width that keeps the same number of lines
    let lo = maxW / lines.length;
    let hi = maxW;
    for (let i = 0; i < 8; i++) {
      const mid = (lo + hi) / 2;
      if (greedy(parts, mid, width).length > lines.length) lo = mid;
      else hi = mid;
    }
    lines = greedy(parts, hi, width);
  }
  if (lines.length > maxLines) {
    const kept = lines.slice(0, maxLines);
    let last = kept[maxLines - 1];
    while (last && width(last + "…") > maxW) last = last.slice(0, -1);
    kept[maxLines - 1] = last + "…";
    return kept;
  }
  return lines;
}

interface Sized {
  cause: Cause;
  lines: string[];
  widths: number[];
  size: number;
  lineH: number;
  badges: { kind: Badge["kind"]; text: string; w: number }[];
  h: number;
}

export interface LayoutInput {
  snap: FishboneSnapshot;
  measure: Measure;
  labels: { root: string; empty: string; unknown: string; problem: string };
  vital: Set<string>;
  /** the font `measure` measures in: with it, causes' wrapped lines are kept between layouts */
  font?: string;
}

// A cause's lines, kept per font, size and text: the diagram is laid out again on every edit of
// the board, and wrapping (a search for the narrowest width) measures each text dozens of times.
const wrapped = new Map<string, string[]>();

export function layoutDiagram({ snap, measure, labels, vital, font }: LayoutInput): DiagramGeom {
  const wrapCause = (text: string, maxW: number, size: number, bold: boolean) => {
    if (font === undefined) return wrap(text, maxW, (s) => measure(s, size, bold));
    const key = `${font}|${size}|${bold ? 1 : 0}|${maxW}|${text}`;
    let lines = wrapped.get(key);
    if (!lines) {
      if (wrapped.size > 5000) wrapped.clear();
      lines = wrap(text, maxW, (s) => measure(s, size, bold));
      wrapped.set(key, lines);
    }
    return lines;
  };
  const groups: { id: string; label: string; known: boolean; causes: Cause[] }[] = snap.categories.map((c) => ({
    id: c.id,
    label: c.label || c.id,
    known: true,
    causes: [],
  }));
  const byCat = new Map(groups.map((g) => [g.id, g]));
  for (const cause of snap.causes) {
    let g = byCat.get(cause.category);
    if (!g) {
      g = { id: cause.category, label: `${labels.unknown}: ${cause.category}`, known: false, causes: [] };
      byCat.set(cause.category, g);
      groups.push(g);
    }
    g.causes.push(cause);
  }

  const sized = (cause: Cause): Sized => {
    const sub = cause.depth > 1;
    const size = sub ? SIZES.sub : SIZES.cause;
    const bold = cause.root;
    const lines = cause.text.trim() ? wrapCause(cause.text, sub ? MAX_W.sub : MAX_W.cause, size, bold) : [labels.empty];
    const badges: Sized["badges"] = [];
    if (cause.root) badges.push({ kind: "root", text: labels.root, w: measure(labels.root, SIZES.badge, true) + 12 });
    if (cause.count !== null)
      badges.push({
        kind: vital.has(cause.id) ? "vital" : "count",
        text: String(cause.count),
        w: Math.max(measure(String(cause.count), SIZES.badge, true) + 12, BADGE_H + 2),
      });
    const lineH = sub ? LINE.sub : LINE.cause;
    return { cause, lines, widths: lines.map((l) => measure(l, size, bold)), size, lineH, badges, h: lines.length * lineH + 6 };
  };

  const halves = [groups.filter((_, i) => i % 2 === 0), groups.filter((_, i) => i % 2 === 1)];
  const rowsOf = new Map(groups.map((g) => [g.id, g.causes.map(sized)]));
  const used = (id: string) => (rowsOf.get(id) ?? []).reduce((sum, r) => sum + r.h + ROW_GAP, 0);
  const halfH = halves.map((half) => Math.max(96, ...half.map((g) => LABEL_H + LABEL_PAD + used(g.id) + CLEAR)));

  // Head: the problem, wrapped.
  const headLines = wrap(snap.problem.trim() || labels.problem, HEAD_W - 28, (s) => measure(s, SIZES.head, true), 6);
  const headLineH = 21;
  const headH = Math.max(70, headLines.length * headLineH + 26);
  const spineY = MARGIN + Math.max(halfH[0], headH / 2 - 0);
  const height = spineY + Math.max(halfH[1], headH / 2) + MARGIN;

  // Vertical placement and each row's need for room left of its own bone.
  type Placed = Sized & { top: number; group: string; isTop: boolean };
  const placed: Placed[] = [];
  const pitchNeed = new Map<number, number>(); // column -> room needed left of its bone
  const boneDy = (y: number) => Math.abs(spineY - y) * SLANT; // run from the spine end
  groups.forEach((g, gi) => {
    const isTop = gi % 2 === 0;
    const H = halfH[isTop ? 0 : 1];
    const rows = rowsOf.get(g.id) ?? [];
    const free = H - LABEL_H - LABEL_PAD - CLEAR - used(g.id);
    const extra = rows.length ? Math.min(16, Math.max(0, free / rows.length)) : 0;
    let y = isTop ? spineY - H + LABEL_H + LABEL_PAD : spineY + CLEAR;
    const col = Math.floor(gi / 2);
    let need = measure(g.label, SIZES.label, true) / 2 + 24;
    for (const r of rows) {
      placed.push({ ...r, top: y, group: g.id, isTop });
      r.lines.forEach((_, k) => {
        const w = r.widths[k] + (k === r.lines.length - 1 ? r.badges.reduce((s, b) => s + b.w + 4, 0) : 0);
        need = Math.max(need, (r.cause.depth - 1) * INDENT + GAP + w);
      });
      y += r.h + ROW_GAP + extra;
    }
    pitchNeed.set(col, Math.max(pitchNeed.get(col) ?? 0, need));
  });

  // Columns left to right; the spine end of column j is where its two bones meet the spine.
  const cols = Math.ceil(groups.length / 2);
  const spineEnds: number[] = [];
  let x = MARGIN;
  for (let j = 0; j < cols; j++) {
    const need = pitchNeed.get(j) ?? 80;
    x += j === 0 ? need : need + COL_GAP; // the final shift fixes the left margin
    spineEnds.push(x);
  }
  if (!cols) spineEnds.push(MARGIN + 120);
  const lastEnd = spineEnds[spineEnds.length - 1];
  const headX = lastEnd + 44;
  const width = headX + HEAD_W + MARGIN;

  const bones: BoneGeom[] = groups.map((g, gi) => {
    const isTop = gi % 2 === 0;
    const H = halfH[isTop ? 0 : 1];
    const x2 = spineEnds[Math.floor(gi / 2)];
    const yFar = isTop ? spineY - H + LABEL_H : spineY + H - LABEL_H;
    const x1 = x2 - boneDy(yFar);
    const lw = measure(g.label, SIZES.label, true) + 28;
    return {
      id: g.id,
      label: g.label,
      count: g.causes.length,
      top: isTop,
      known: g.known,
      x1,
      y1: yFar,
      x2,
      y2: spineY,
      labelBox: { x: x1 - lw / 2, y: isTop ? yFar - LABEL_H : yFar, w: lw, h: LABEL_H },
    };
  });
  const boneOf = new Map(bones.map((b) => [b.id, b]));

  const rows: RowGeom[] = [];
  const railAt = (row: Placed, y: number) => boneOf.get(row.group)!.x2 - boneDy(y) - (row.cause.depth - 1) * INDENT;
  const geomOf = new Map<string, RowGeom>();
  for (const r of placed) {
    const lines = r.lines.map((text, k) => {
      const mid = r.top + k * r.lineH + r.lineH / 2;
      return { text, x: railAt(r, mid) - GAP, y: r.top + (k + 1) * r.lineH - 5 };
    });
    const underY = r.top + r.h - 3;
    const last = r.lines.length - 1;
    let bx = lines[last].x - r.widths[last] - 6;
    const badges: Badge[] = [];
    for (const b of r.badges) {
      bx -= b.w;
      badges.push({ kind: b.kind, text: b.text, x: bx, w: b.w });
      bx -= 4;
    }
    const left = Math.min(...lines.map((l, k) => l.x - r.widths[k]), badges.length ? badges[badges.length - 1].x : Infinity);
    const right = railAt(r, underY);
    const geom: RowGeom = {
      cause: r.cause,
      depth: r.cause.depth,
      lines,
      size: r.size,
      badges,
      badgeY: lines[last].y - r.size * 0.35,
      underline: { x1: left - 4, x2: right, y: underY },
      box: { x: left - 8, y: r.top - 2, w: right - left + 10, h: r.h + 2 },
      outline: [
        [left - 8, r.top - 3],
        [railAt(r, r.top - 3) + 3, r.top - 3],
        [railAt(r, r.top + r.h + 1) + 3, r.top + r.h + 1],
        [left - 8, r.top + r.h + 1],
      ],
    };
    rows.push(geom);
    geomOf.set(r.cause.id, geom);
  }

  // Sub-cause branches: from the parent's line, parallel to the bone, to the last child.
  const trunks: DiagramGeom["trunks"] = [];
  for (const r of placed) {
    const parent = r.cause.parent ? geomOf.get(r.cause.parent) : undefined;
    if (!parent) continue;
    const kids = placed.filter((p) => p.cause.parent === r.cause.parent);
    if (kids[kids.length - 1].cause.id !== r.cause.id) continue; // one trunk per parent, drawn once
    const me = geomOf.get(r.cause.id)!;
    const x2 = me.underline.x2;
    const y2 = me.underline.y;
    const y1 = parent.underline.y;
    const x1 = x2 + (r.isTop ? -1 : 1) * Math.abs(y2 - y1) * SLANT;
    trunks.push({ x1, y1, x2, y2 });
    parent.underline.x1 = Math.min(parent.underline.x1, x1 - 8);
    parent.box.x = Math.min(parent.box.x, x1 - 10);
    parent.outline[0][0] = parent.outline[3][0] = parent.box.x;
  }

  const tail = Math.min(headX - 60, ...bones.map((b) => b.x1 - 28));
  const left = Math.min(tail, ...rows.map((r) => r.box.x), ...bones.map((b) => b.labelBox.x));
  const shift = MARGIN - left;
  const geom: DiagramGeom = {
    width: width + shift,
    height,
    spine: { x1: tail, x2: headX, y: spineY },
    head: { x: headX, y: spineY - headH / 2, w: HEAD_W, h: headH, lines: headLines, lineH: headLineH },
    bones,
    rows,
    trunks,
  };
  return shift ? translate(geom, shift) : geom;
}

function translate(g: DiagramGeom, dx: number): DiagramGeom {
  g.spine.x1 += dx;
  g.spine.x2 += dx;
  g.head.x += dx;
  for (const b of g.bones) {
    b.x1 += dx;
    b.x2 += dx;
    b.labelBox.x += dx;
  }
  for (const r of g.rows) {
    r.lines.forEach((l) => (l.x += dx));
    r.badges.forEach((b) => (b.x += dx));
    r.underline.x1 += dx;
    r.underline.x2 += dx;
    r.box.x += dx;
    r.outline.forEach((p) => (p[0] += dx));
  }
  for (const t of g.trunks) {
    t.x1 += dx;
    t.x2 += dx;
  }
  return g;
}
