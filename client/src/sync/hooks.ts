// Preact hooks that re-render on Yjs and connection changes.
import * as Y from "yjs";
import { useEffect, useMemo, useReducer, useState } from "preact/hooks";
import type { Awareness } from "y-protocols/awareness";
import { BoardConnection, type ConnectionStatus } from "./connection";

export function useForceUpdate(): () => void {
  const [, bump] = useReducer((n: number) => n + 1, 0);
  return bump as () => void;
}

/** Opens the two documents of a board while the component is mounted. */
export function useBoardConnection(boardId: string | null, token: string | null) {
  const [conn, setConn] = useState<BoardConnection | null>(null);
  useEffect(() => {
    if (!boardId || !token) return;
    const c = new BoardConnection(boardId, token);
    setConn(c);
    return () => {
      setConn(null);
      c.destroy();
    };
  }, [boardId, token]);
  return conn;
}

export function useConnectionStatus(conn: BoardConnection | null): ConnectionStatus {
  const bump = useForceUpdate();
  useEffect(() => conn?.onChange(bump), [conn]);
  return conn ? conn.status : "connecting";
}

/** Re-renders when anything inside `type` (deeply) changes. */
export function useY(type: Y.AbstractType<any> | null | undefined): void {
  const bump = useForceUpdate();
  useEffect(() => {
    if (!type) return;
    const on = () => bump();
    type.observeDeep(on);
    return () => type.unobserveDeep(on);
  }, [type]);
}

/** The server's analysis of a board (ledger `analysis.json`), parsed. */
export function useAnalysis(ledger: Y.Doc | null): unknown {
  const map = ledger?.getMap("analysis") ?? null;
  useY(map);
  const raw = map?.get("json");
  if (typeof raw !== "string") return null;
  try {
    return JSON.parse(raw);
  } catch {
    return null;
  }
}

export function useLocked(ledger: Y.Doc | null): boolean {
  const meta = ledger?.getMap("meta") ?? null;
  useY(meta);
  return Boolean(meta?.get("locked"));
}

export function useAwarenessStates(awareness: Awareness | null): Map<number, any> {
  const bump = useForceUpdate();
  useEffect(() => {
    if (!awareness) return;
    awareness.on("change", bump);
    return () => awareness.off("change", bump);
  }, [awareness]);
  return awareness ? awareness.getStates() : new Map();
}

/** A number that changes whenever anything inside the given types changes (deeply): for
 * memoising what a view derives from several shared types. */
export function useRevision(types: Y.AbstractType<any>[]): number {
  const [rev, setRev] = useState(0);
  useEffect(() => {
    const on = () => setRev((n) => n + 1);
    types.forEach((t) => t.observeDeep(on));
    return () => types.forEach((t) => t.unobserveDeep(on));
  }, types);
  return rev;
}

/** A board's typed snapshot, read again whenever anything under the kind's root types changes
 * (and only then: the same object between changes, so views can memoise on it). Each kind's
 * document hook (`useFishboneDoc`, `useRaciDoc`) is this with its own roots and reader. */
export function useDocSnapshot<T>(doc: Y.Doc, roots: (doc: Y.Doc) => Y.AbstractType<any>[], read: (doc: Y.Doc) => T): T {
  const types = useMemo(() => roots(doc), [doc]);
  const rev = useRevision(types);
  return useMemo(() => read(doc), [doc, rev]);
}

/** Re-renders on every change of the document, local or remote. */
export function useDocUpdates(doc: Y.Doc): void {
  const bump = useForceUpdate();
  useEffect(() => {
    doc.on("update", bump);
    return () => doc.off("update", bump);
  }, [doc]);
}
