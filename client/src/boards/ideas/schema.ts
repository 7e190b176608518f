// Mirror of boards/ideas/layout.py and analysis.py (schema 1), name for name.
//
// Content document (editors co-edit):
//   cards   Map: card id -> Map{title, description (Y.Text), category (technology | model |
//           organisational | any custom label), author_id, author_name, anonymous (bool; then
//           author fields are ""), cause_id (fishbone cause), step_id (value-stream step),
//           future_step_id (a future-state step: where it lands), impact (1-5 or absent), effort (1-5 or absent), group (group id or "")}
//   groups  Map: group id -> Map{title, color}
//   order   Array of card ids (display order; cards missing from it follow, by id)
// Ledger document (server only):
//   writing         Map{private (bool), pending (int)}
//   revealed_cards  Map: card id -> Map{card fields, seq, created_at, revealed_at}
//   round           Map{number, status (none|open|closed), title, budget, cap, hidden,
//                   anonymous, facilitator_votes, revealed, opened_at, closed_at, voters, dots_cast}
//   tallies         Map: idea id -> dots (empty while hidden and unrevealed)
//   voters          Map: idea id -> [{name, dots}] (empty for anonymous rounds / while hidden)
//   history         Map: round number (str) -> {number, title, closed_at, tallies}
// The board's cards: the content cards, then revealed cards whose id is not in content (by seq).
// To edit a revealed card, copy it into content under the same id (the content copy wins).
import * as Y from "yjs";
import type { ItemCache } from "../../sync/item-cache";

export const KIND = "ideas";
export const SCHEMA_VERSION = 1;
export const CATEGORIES = ["technology", "model", "organisational"] as const;
export const UNCATEGORISED = "uncategorised";
export const CARD_FIELDS = [
  "title",
  "description",
  "category",
  "author_id",
  "author_name",
  "anonymous",
  "cause_id",
  "step_id",
  "future_step_id",
  "impact",
  "effort",
  "group",
] as const;
export const SCORE_MIN = 1;
export const SCORE_MAX = 5;
export const HIGH_ABOVE = 3;
export const MAX_BUDGET = 100;
/** Colours for new groups (and for groups saved without one), in turn. */
export const GROUP_COLORS = ["#4c6ef5", "#12b886", "#f59f00", "#e64980", "#15aabf", "#82c91e", "#7950f2"];

export const COMMANDS = {
  privateWriting: "ideas.private_writing",
  addPrivate: "ideas.add_private",
  withdrawPrivate: "ideas.withdraw_private",
  removePrivate: "ideas.remove_private",
  revealCards: "ideas.reveal_cards",
  removeRevealed: "ideas.remove_revealed",
  openRound: "ideas.open_round",
  vote: "ideas.vote",
  unvote: "ideas.unvote",
  reveal: "ideas.reveal",
  close: "ideas.close",
} as const;

export interface IdeaCard {
  id: string;
  title: string;
  description: string;
  category: string;
  author_id: string;
  author_name: string;
  anonymous: boolean;
  cause_id: string;
  step_id: string;
  /** a future-state step: where the idea lands (its RACI activity owns it) */
  future_step_id: string;
  impact: number | null;
  effort: number | null;
  group: string;
  source: "content" | "revealed";
}

export interface Group {
  id: string;
  title: string;
  color: string;
}

export type RoundStatus = "none" | "open" | "closed";

export interface Round {
  number: number;
  status: RoundStatus;
  title: string;
  budget: number;
  cap: number;
  hidden: boolean;
  anonymous: boolean;
  facilitator_votes: boolean;
  revealed: boolean;
  opened_at: string;
  closed_at: string;
  voters: number;
  dots_cast: number;
}

export interface Voter {
  name: string;
  dots: number;
}

export type PrivateMode = "moderated" | "blind";

/** How pending private cards are kept: `moderated` (the facilitator sees them with their
 * author), `blind` (nobody does; at the reveal authors show only if `show_authors`). */
export interface Writing {
  private: boolean;
  pending: number;
  mode: PrivateMode;
  show_authors: boolean;
}

// --- analysis (IdeasAnalysis) -------------------------------------------------------------

export type Quadrant = "quick_win" | "major_project" | "fill_in" | "thankless";
export const QUADRANTS: Quadrant[] = ["quick_win", "major_project", "fill_in", "thankless"];

export interface RankEntry {
  idea_id: string;
  title: string;
  category: string;
  dots: number;
  rank: number;
}

export interface CardPlacement {
  idea_id: string;
  impact: number | null;
  effort: number | null;
  quadrant: Quadrant | null;
}

export interface GroupSummary {
  id: string;
  title: string;
  cards: number;
  dots: number;
}

export interface RoundSummary {
  number: number;
  status: RoundStatus;
  hidden: boolean;
  revealed: boolean;
  anonymous: boolean;
  budget: number;
  cap: number;
  voters: number;
  dots_cast: number;
}

export interface PastRanking {
  number: number;
  title: string;
  ranking: RankEntry[];
}

export interface IdeasAnalysis {
  cards: number;
  by_category: Record<string, number>;
  placements: CardPlacement[];
  quadrant_counts: Record<string, number>;
  round: RoundSummary;
  results_visible: boolean;
  ranking: RankEntry[];
  groups: GroupSummary[];
  history: PastRanking[];
  pending_private_cards: number;
}

/** GET /api/boards/{id}/private for this kind (IdeasKind.private_view). */
export interface IdeasPrivate {
  cards: (Partial<IdeaCard> & { id: string; created_at?: string; seq?: number; blind?: boolean })[];
  /** A facilitator's view of everyone else's unrevealed cards (empty for others). */
  moderation: (Partial<IdeaCard> & { id: string; seq?: number })[];
  round: number;
  votes: Record<string, number>;
  used: number;
  remaining: number;
  budget: number;
  cap: number;
}

// --- root types ---------------------------------------------------------------------------

export const cardsMap = (content: Y.Doc) => content.getMap<Y.Map<unknown>>("cards");
export const groupsMap = (content: Y.Doc) => content.getMap<Y.Map<unknown>>("groups");
export const orderArray = (content: Y.Doc) => content.getArray<string>("order");
export const writingMap = (ledger: Y.Doc) => ledger.getMap<unknown>("writing");
export const revealedMap = (ledger: Y.Doc) => ledger.getMap<Y.Map<unknown>>("revealed_cards");
export const roundMap = (ledger: Y.Doc) => ledger.getMap<unknown>("round");
export const talliesMap = (ledger: Y.Doc) => ledger.getMap<unknown>("tallies");
export const votersMap = (ledger: Y.Doc) => ledger.getMap<unknown>("voters");
export const historyMap = (ledger: Y.Doc) => ledger.getMap<unknown>("history");

// --- reading ------------------------------------------------------------------------------

// a collaborative text field reads as its text (older documents hold a plain string there)
const str = (v: unknown): string => (typeof v === "string" ? v : v instanceof Y.Text ? v.toString() : "");
const int = (v: unknown): number => (typeof v === "number" && Number.isFinite(v) ? Math.trunc(v) : 0);

function plain(value: unknown): Record<string, unknown> {
  if (value instanceof Y.Map) return value.toJSON() as Record<string, unknown>;
  return value && typeof value === "object" ? (value as Record<string, unknown>) : {};
}

/** A 1-5 score as clients type it (int, float, numeric string); anything else is unset. */
export function score(value: unknown): number | null {
  if (typeof value === "boolean") return null;
  let n = value;
  if (typeof n === "string") n = n.trim() === "" ? NaN : Number(n.trim());
  if (typeof n === "number" && Number.isInteger(n) && n >= SCORE_MIN && n <= SCORE_MAX) return n;
  return null;
}

export function coerceCard(id: string, raw: Record<string, unknown>, source: IdeaCard["source"]): IdeaCard {
  return {
    id,
    title: str(raw.title),
    description: str(raw.description),
    category: str(raw.category),
    author_id: str(raw.author_id),
    author_name: str(raw.author_name),
    anonymous: raw.anonymous === true,
    cause_id: str(raw.cause_id),
    step_id: str(raw.step_id),
    future_step_id: str(raw.future_step_id),
    impact: score(raw.impact),
    effort: score(raw.effort),
    group: str(raw.group),
    source,
  };
}

/** The wall's cards in order. With `kept` (cards of the content document kept per Y.Map, see
 * sync/item-cache.ts) only the cards an edit changed are read again. */
export function readCards(content: Y.Doc, ledger: Y.Doc, kept?: ItemCache<IdeaCard>): IdeaCard[] {
  const own = new Map<string, IdeaCard>();
  cardsMap(content).forEach((value, key) => {
    const read = () => coerceCard(key, plain(value), "content");
    own.set(key, kept ? kept.get(value, read) : read());
  });
  const placed = new Set<string>();
  for (const item of orderArray(content).toArray()) if (typeof item === "string" && own.has(item)) placed.add(item);
  const order = [...placed, ...[...own.keys()].filter((k) => !placed.has(k)).sort()];
  const cards = order.map((k) => own.get(k)!);
  const revealed: [string, Record<string, unknown>][] = [];
  revealedMap(ledger).forEach((value, key) => {
    if (!own.has(key)) revealed.push([key, plain(value)]);
  });
  revealed.sort((a, b) => int(a[1].seq) - int(b[1].seq) || (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0));
  cards.push(...revealed.map(([k, raw]) => coerceCard(k, raw, "revealed")));
  return cards;
}

export function revealedIds(ledger: Y.Doc): Set<string> {
  return new Set(revealedMap(ledger).keys());
}

export function readGroups(content: Y.Doc): Group[] {
  const out: Group[] = [];
  groupsMap(content).forEach((value, id) => {
    const raw = plain(value);
    out.push({ id, title: str(raw.title), color: str(raw.color) });
  });
  return out.sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
}

export function readRound(ledger: Y.Doc): Round {
  const raw = roundMap(ledger).toJSON() as Record<string, unknown>;
  const status = raw.status === "open" || raw.status === "closed" ? raw.status : "none";
  return {
    number: int(raw.number),
    status,
    title: str(raw.title),
    budget: int(raw.budget),
    cap: int(raw.cap),
    hidden: raw.hidden !== false,
    anonymous: raw.anonymous === true,
    facilitator_votes: raw.facilitator_votes !== false,
    revealed: raw.revealed === true,
    opened_at: str(raw.opened_at),
    closed_at: str(raw.closed_at),
    voters: int(raw.voters),
    dots_cast: int(raw.dots_cast),
  };
}

export const talliesVisible = (r: Round) => r.number > 0 && (r.revealed || !r.hidden);

export function readTallies(ledger: Y.Doc): Map<string, number> {
  const out = new Map<string, number>();
  talliesMap(ledger).forEach((v, k) => out.set(k, int(v)));
  return out;
}

export function readVoters(ledger: Y.Doc): Map<string, Voter[]> {
  const out = new Map<string, Voter[]>();
  votersMap(ledger).forEach((v, k) => {
    if (!Array.isArray(v)) return;
    out.set(
      k,
      v.filter((x) => x && typeof x === "object").map((x) => ({ name: str((x as Voter).name), dots: int((x as Voter).dots) })),
    );
  });
  return out;
}

export function readWriting(ledger: Y.Doc): Writing {
  const raw = writingMap(ledger).toJSON() as Record<string, unknown>;
  return {
    private: raw.private === true,
    pending: int(raw.pending),
    mode: raw.mode === "blind" ? "blind" : "moderated",
    show_authors: raw.show_authors === true,
  };
}

export function quadrant(impact: number | null, effort: number | null): Quadrant | null {
  if (impact === null || effort === null) return null;
  const highImpact = impact > HIGH_ABOVE;
  const highEffort = effort > HIGH_ABOVE;
  if (highImpact) return highEffort ? "major_project" : "quick_win";
  return highEffort ? "thankless" : "fill_in";
}

/** The category key a card is shown under: a seed category, a custom label, or uncategorised. */
export const categoryKey = (card: IdeaCard) => card.category.trim() || UNCATEGORISED;

export function newId(prefix: string): string {
  const rand = crypto.getRandomValues(new Uint8Array(6));
  return `${prefix}${Date.now().toString(36)}${Array.from(rand, (b) => (b % 36).toString(36)).join("")}`;
}
