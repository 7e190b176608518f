// Board-view registry: board kind name -> view. The server finds kinds by name and so does the
// client; a kind without a view yet gets the placeholder, which shows its live analysis.
//
// To add a view for a kind: create client/src/boards/<kind>/ (mirroring boards/<kind>),
// export a BoardViewDef from it and list it in boards/index.ts (a lazy import, its CSS eager).
// Catalog keys for the kind's name and description live under `kinds.<kind>` in both i18n
// catalogs. docs/adding-a-board-kind.md walks through all of it; tests/test_kinds_complete.py
// checks it.
import type { ComponentType } from "preact";
import { useEffect, useState } from "preact/hooks";
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
  /** instead, for a kind the pilot link reaches by commands only (`pilot_access` "commands"):
   *  a phone view drawn from the pilot page's narrow `phone` data, without syncing the board */
  PhoneView?: ComponentType<PhoneViewProps>;
}

export interface PhoneViewProps {
  board: BoardSummary;
  /** the board's `phone` entry of GET /api/workshops/{id}/pilot, as the server sent it */
  phone: unknown;
  workshop: WorkshopCtx;
}

/** What the client knows of a kind before its view's code is loaded: views are separate
 *  chunks, so a phone on the pilot link downloads the pilot view only. */
export interface BoardViewEntry {
  kind: string;
  /** icon name from ui/icons, shown in board lists before the view's code loads */
  icon: string;
  /** the kind has a ParticipantView or PhoneView (the pilot page connects, for a ParticipantView,
   *  while the code loads) */
  participant?: boolean;
  load: () => Promise<BoardViewDef>;
}

const views = new Map<string, BoardViewEntry>();
const loaded = new Map<string, BoardViewDef>();
const loading = new Map<string, Promise<BoardViewDef>>();
let placeholder: BoardViewDef | null = null;

export function registerBoardView(entry: BoardViewEntry): void {
  if (views.has(entry.kind)) throw new Error(`a view for board kind ${entry.kind} is already registered`);
  views.set(entry.kind, entry);
}

export function registerPlaceholder(def: BoardViewDef): void {
  placeholder = def;
}

function load(kind: string): Promise<BoardViewDef> {
  let pending = loading.get(kind);
  if (!pending) {
    const entry = views.get(kind)!;
    pending = entry.load().then((def) => {
      loaded.set(kind, def);
      return def;
    });
    pending.catch(() => loading.delete(kind)); // a failed chunk download is retried next time
    loading.set(kind, pending);
  }
  return pending;
}

/** The view of a kind (the placeholder for kinds without one), null while its code loads, or
 *  "failed" when the chunk could not be fetched (typically: the app was redeployed meanwhile). */
export function useBoardView(kind: string): BoardViewDef | null | "failed" {
  const known = views.has(kind);
  const [failed, setFailed] = useState<string | null>(null);
  const [, setLoaded] = useState(0);
  useEffect(() => {
    if (known && !loaded.has(kind)) {
      let live = true;
      void load(kind).then(
        () => live && setLoaded((n) => n + 1),
        () => live && setFailed(kind),
      );
      return () => {
        live = false;
      };
    }
  }, [kind, known]);
  if (!known) {
    if (!placeholder) throw new Error("boards/index.ts registers the placeholder view before use");
    return placeholder;
  }
  return loaded.get(kind) ?? (failed === kind ? "failed" : null);
}

export function hasParticipantView(kind: string): boolean {
  return Boolean(views.get(kind)?.participant);
}

/** The one kind -> icon map is the registration in boards/index.ts; "board" for kinds without a view. */
export function kindIcon(kind: string): string {
  return views.get(kind)?.icon ?? "board";
}

export function hasView(kind: string): boolean {
  return views.has(kind);
}

export function registeredKinds(): string[] {
  return [...views.keys()];
}
