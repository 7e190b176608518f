// Geometry of the fishbone diagram, by measuring: the head (problem) on the right, the spine,
// category bones alternately above and below, causes as labelled lines meeting their bone and
// sub-causes on branches parallel to the bone. Pure: text widths come from `measure`.
//
// Bones are parallel, so a column of bones needs only as much room as its widest row needs
// from its own bone (the texts of the next column start right of this column's bone at the
// same height): columns pack tightly however many causes a bone carries.
//
// Each bone is laid out in its own frame (origin where it meets the spine) and kept between
// layouts while its causes, their sizes and its half's height stay (`BoneCache`): a key typed
// into one cause lays out and redraws that bone only; the others just move along the spine.
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

/** A bone, its causes and their branches, in the bone's frame: (0, 0) is where it meets the spine. */
export interface BoneGeom {
  id: string;
  label: string;
  count: number;
  top: boolean;
  known: boolean;
  x1: number; // far end (at the label)
  y1: number;
  labelBox: { x: number; y: number; w: number; h: number };
  rows: RowGeom[];
  trunks: { x1: number; y1: number; x2: number; y2: number }[];
  /** room its column needs left of the bone */
  need: number;
  /** its leftmost point */
  left: number;
}

export interface DiagramGeom {
  width: number;
  height: number;
  spine: { x1: number; x2: number; y: number };
  head: { x: number; y: number; w: number; h: number; lines: string[]; lineH: number };
  /** each bone with the x where it meets the spine (at `spine.y`) */
  bones: { x: number; bone: BoneGeom }[];
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

interface KeptBone {
  causes: Cause[];
  /** what else the sizes depend on: font, labels, which of its causes are vital */
  sizedBy: string;
  rows: Sized[];
  used: number;
  laidBy?: string;
  geom?: BoneGeom;
}

/** Per bone id, what its last layout was made from and made: owned by one diagram. */
export type BoneCache = Map<string, KeptBone>;

export interface LayoutInput {
  snap: FishboneSnapshot;
  measure: Measure;
  labels: { root: string; empty: string; unknown: string; problem: string };
  vital: Set<string>;
  /** the font `measure` measures in: with it, causes' wrapped lines are kept between layouts */
  font?: string;
  /** bones kept from the last layout (with `font`): those whose causes did not change are reused */
  kept?: BoneCache;
}

// A cause's lines, kept per font, size and text: the diagram is laid out again on every edit of
// the board, and wrapping (a search for the narrowest width) measures each text dozens of times.
const wrapped = new Map<string, string[]>();

const sameList = <T>(a: readonly T[], b: readonly T[]) => a.length === b.length && a.every((x, i) => x === b[i]);

export function layoutDiagram({ snap, measure, labels, vital, font, kept }: LayoutInput): DiagramGeom {
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

  // Each bone's rows sized: kept while its causes (by identity) and what else sizes them stay.
  const memo: BoneCache = new Map();
  for (const g of groups) {
    const sizedBy = [font, labels.root, labels.empty, ...g.causes.filter((c) => vital.has(c.id)).map((c) => c.id)].join("\u0000");
    const last = font !== undefined ? kept?.get(g.id) : undefined;
    if (last && last.sizedBy === sizedBy && sameList(last.causes, g.causes)) memo.set(g.id, last);
    else {
      const rows = g.causes.map(sized);
      memo.set(g.id, { causes: g.causes, sizedBy, rows, used: rows.reduce((sum, r) => sum + r.h + ROW_GAP, 0) });
    }
  }
  if (kept) {
    kept.clear();
    for (const [id, bone] of memo) kept.set(id, bone);
  }

  const halves = [groups.filter((_, i) => i % 2 === 0), groups.filter((_, i) => i % 2 === 1)];
  const halfH = halves.map((half) => Math.max(96, ...half.map((g) => LABEL_H + LABEL_PAD + memo.get(g.id)!.used + CLEAR)));

  // Head: the problem, wrapped.
  const headLines = wrap(snap.problem.trim() || labels.problem, HEAD_W - 28, (s) => measure(s, SIZES.head, true), 6);
  const headLineH = 21;
  const headH = Math.max(70, headLines.length * headLineH + 26);
  const spineY = MARGIN + Math.max(halfH[0], headH / 2 - 0);
  const height = spineY + Math.max(halfH[1], headH / 2) + MARGIN;

  // Each bone in its own frame, kept while its rows and its half's height stay.
  const bones = groups.map((g, gi) => {
    const isTop = gi % 2 === 0;
    const H = halfH[isTop ? 0 : 1];
    const entry = memo.get(g.id)!;
    const laidBy = `${H}|${isTop}|${g.known}|${g.label}`;
    if (!entry.geom || entry.laidBy !== laidBy) {
      entry.geom = layBone(g, entry, H, isTop, measure);
      entry.laidBy = laidBy;
    }
    return entry.geom;
  });

  // Columns left to right; the spine end of column j is where its two bones meet the spine.
  const pitchNeed = new Map<number, number>(); // column -> room needed left of its bone
  bones.forEach((b, gi) => {
    const col = Math.floor(gi / 2);
    pitchNeed.set(col, Math.max(pitchNeed.get(col) ?? 0, b.need));
  });
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

  const placed = bones.map((bone, gi) => ({ x: spineEnds[Math.floor(gi / 2)], bone }));
  const tail = Math.min(headX - 60, ...placed.map((p) => p.x + p.bone.x1 - 28));
  const shift = MARGIN - Math.min(tail, ...placed.map((p) => p.x + p.bone.left));
  return {
    width: width + shift,
    height,
    spine: { x1: tail + shift, x2: headX + shift, y: spineY },
    head: { x: headX + shift, y: spineY - headH / 2, w: HEAD_W, h: headH, lines: headLines, lineH: headLineH },
    bones: placed.map((p) => ({ x: p.x + shift, bone: p.bone })),
  };
}

/** One bone in its frame: its label at the far end, its rows stacked from the label (above the
 * spine) or from the spine (below), each along the bone or its parent's branch. */
function layBone(
  g: { id: string; label: string; known: boolean; causes: Cause[] },
  sizedRows: { rows: Sized[]; used: number },
  H: number,
  isTop: boolean,
  measure: Measure,
): BoneGeom {
  const { rows, used } = sizedRows;
  const boneDy = (y: number) => Math.abs(y) * SLANT; // run from the spine end
  const free = H - LABEL_H - LABEL_PAD - CLEAR - used;
  const extra = rows.length ? Math.min(16, Math.max(0, free / rows.length)) : 0;
  let y = isTop ? -H + LABEL_H + LABEL_PAD : CLEAR;
  let need = measure(g.label, SIZES.label, true) / 2 + 24;
  type Placed = Sized & { top: number };
  const placed: Placed[] = [];
  for (const r of rows) {
    placed.push({ ...r, top: y });
    r.lines.forEach((_, k) => {
      const w = r.widths[k] + (k === r.lines.length - 1 ? r.badges.reduce((s, b) => s + b.w + 4, 0) : 0);
      need = Math.max(need, (r.cause.depth - 1) * INDENT + GAP + w);
    });
    y += r.h + ROW_GAP + extra;
  }

  const yFar = isTop ? -H + LABEL_H : H - LABEL_H;
  const x1 = -boneDy(yFar);
  const lw = measure(g.label, SIZES.label, true) + 28;
  const labelBox = { x: x1 - lw / 2, y: isTop ? yFar - LABEL_H : yFar, w: lw, h: LABEL_H };

  const out: RowGeom[] = [];
  const railAt = (row: Placed, y: number) => -boneDy(y) - (row.cause.depth - 1) * INDENT;
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
    out.push(geom);
    geomOf.set(r.cause.id, geom);
  }

  // Sub-cause branches: from the parent's line, parallel to the bone, to the last child.
  const trunks: BoneGeom["trunks"] = [];
  const lastChild = new Map<string, string>();
  for (const r of placed) if (r.cause.parent) lastChild.set(r.cause.parent, r.cause.id);
  for (const r of placed) {
    const parent = r.cause.parent ? geomOf.get(r.cause.parent) : undefined;
    if (!parent || lastChild.get(r.cause.parent) !== r.cause.id) continue; // one trunk per parent, drawn once
    const me = geomOf.get(r.cause.id)!;
    const x2 = me.underline.x2;
    const y2 = me.underline.y;
    const y1 = parent.underline.y;
    const tx1 = x2 + (isTop ? -1 : 1) * Math.abs(y2 - y1) * SLANT;
    trunks.push({ x1: tx1, y1, x2, y2 });
    parent.underline.x1 = Math.min(parent.underline.x1, tx1 - 8);
    parent.box.x = Math.min(parent.box.x, tx1 - 10);
    parent.outline[0][0] = parent.outline[3][0] = parent.box.x;
  }

  return {
    id: g.id,
    label: g.label,
    count: g.causes.length,
    top: isTop,
    known: g.known,
    x1,
    y1: yFar,
    labelBox,
    rows: out,
    trunks,
    need,
    left: Math.min(x1 - 28, labelBox.x, ...out.map((r) => r.box.x)),
  };
}
