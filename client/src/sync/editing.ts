// Who is editing which field: each peer's awareness state holds `editing: {board, item, field}`
// while its focus is in a field, and null after blur (a departed peer's whole state goes). One
// listener per board turns the states into "field -> peers editing it", and each field
// re-renders only when its own peers change.
import type { Awareness } from "y-protocols/awareness";
import { readUser, type PeerUser } from "./presence";

export interface EditingTarget {
  board: string;
  item: string;
  field: string;
}

const short = (v: unknown): v is string => typeof v === "string" && v.length <= 200;

/** A peer's `editing` entry as we may use it, or null: any client may send anything there. */
export function readEditing(raw: unknown): EditingTarget | null {
  if (!raw || typeof raw !== "object") return null;
  const e = raw as Record<string, unknown>;
  return short(e.board) && short(e.item) && short(e.field) && e.field ? { board: e.board, item: e.item, field: e.field } : null;
}

export const editingKey = (item: string, field: string): string => `${item}\u0000${field}`;

export class EditingPeers {
  private byKey = new Map<string, PeerUser[]>();
  private listeners = new Map<string, Set<() => void>>();
  private mine: string | null = null;

  constructor(
    private awareness: Awareness,
    readonly board: string,
  ) {
    awareness.on("change", this.update);
    this.update();
  }

  destroy(): void {
    this.awareness.off("change", this.update);
  }

  peersOn(item: string, field: string): PeerUser[] {
    return this.byKey.get(editingKey(item, field)) ?? [];
  }

  subscribe(item: string, field: string, listener: () => void): () => void {
    const key = editingKey(item, field);
    const set = this.listeners.get(key) ?? new Set();
    set.add(listener);
    this.listeners.set(key, set);
    return () => set.delete(listener);
  }

  focus(item: string, field: string): void {
    this.mine = editingKey(item, field);
    this.awareness.setLocalStateField("editing", { board: this.board, item, field });
  }

  /** Clears our entry if it is still this field's (focus may already have moved on). */
  blur(item: string, field: string): void {
    if (this.mine !== editingKey(item, field)) return;
    this.mine = null;
    if (this.awareness.getLocalState()) this.awareness.setLocalStateField("editing", null);
  }

  private update = (): void => {
    const next = new Map<string, PeerUser[]>();
    const seen = new Set<string>();
    for (const [clientId, state] of this.awareness.getStates()) {
      if (clientId === this.awareness.clientID) continue;
      const user = readUser(state?.user);
      const at = readEditing(state?.editing);
      if (!user || !at || at.board !== this.board) continue;
      const key = editingKey(at.item, at.field);
      if (seen.has(`${user.id}\u0000${key}`)) continue; // one participant in two tabs
      seen.add(`${user.id}\u0000${key}`);
      next.set(key, [...(next.get(key) ?? []), user]);
    }
    const changed = new Set([...this.byKey.keys(), ...next.keys()]);
    const before = this.byKey;
    this.byKey = next;
    for (const key of changed) {
      const a = (before.get(key) ?? []).map((u) => u.id).join(",");
      const b = (next.get(key) ?? []).map((u) => u.id).join(",");
      if (a !== b) this.listeners.get(key)?.forEach((l) => l());
    }
  };
}
