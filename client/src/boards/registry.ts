// Board-view registry: board kind name -> view. The server finds kinds by name and so does the
// client; a kind without a view yet gets the placeholder, which shows its live analysis.
//
// To add a view for a kind: create client/src/boards/<kind>/ (mirroring boards/<kind>.py),
// export a BoardViewDef from it and list it in boards/index.ts. Catalog keys for the kind's
// name and description live under `kinds.<kind>` in both i18n catalogs.
import type { ComponentType } from "preact";
import type * as Y from "yjs";
import type { BoardSummary } from "../api";
import type { BoardConnection } from "../sync/connection";
import type { PeerUser } from "../sync/presence";
import type { WorkshopCtx } from "./workshop/context";

export interface BoardViewProps {
  board: BoardSummary;
  conn: BoardConnection;
  /** nothing may be changed: role, board lock or finished workshop (the frame says why) */
  readOnly: boolean;
  /** the server's live analysis of this board (ledger `analysis.json`), parsed, or null */
  analysis: unknown;
  me: PeerUser;
  workshop: WorkshopCtx;
  /** run an edit of this user: one transaction with the LOCAL origin, so undo/redo track it */
  edit: (fn: () => void) => void;
}

export interface BoardViewDef {
  kind: string;
  /** the board's main view, inside the board frame (title, toolbar, presence, undo) */
  View: ComponentType<BoardViewProps>;
  /** root types of the content document that undo/redo covers */
  undoScope?: (content: Y.Doc) => Y.AbstractType<any>[];
  /** a phone-first view for pilot participants on /p/{workshop} (optional) */
  ParticipantView?: ComponentType<BoardViewProps>;
  /** icon name from ui/icons */
  icon?: string;
}

const views = new Map<string, BoardViewDef>();
let placeholder: BoardViewDef | null = null;

export function registerBoardView(def: BoardViewDef): void {
  if (views.has(def.kind)) throw new Error(`a view for board kind ${def.kind} is already registered`);
  views.set(def.kind, def);
}

export function registerPlaceholder(def: BoardViewDef): void {
  placeholder = def;
}

// Icons for kinds that have no view yet, so the boards list still tells them apart.
const KIND_ICONS: Record<string, string> = {
  vsm: "flow",
  fishbone: "fishbone",
  raci: "grid",
  ideas: "bulb",
  pilot: "chart",
};

export function kindIcon(kind: string): string {
  return views.get(kind)?.icon ?? KIND_ICONS[kind] ?? "board";
}

export function hasView(kind: string): boolean {
  return views.has(kind);
}

export function boardView(kind: string): BoardViewDef {
  const def = views.get(kind) ?? placeholder;
  if (!def) throw new Error("boards/index.ts registers the placeholder view before use");
  return def;
}

export function registeredKinds(): string[] {
  return [...views.keys()];
}
