// Preact hooks that re-render on Yjs and connection changes.
import * as Y from "yjs";
import { useEffect, useMemo, useReducer, useRef, useState } from "preact/hooks";
import type { Awareness } from "y-protocols/awareness";
import { BoardConnection, LOCAL, type ConnectionStatus } from "./connection";

export function useForceUpdate(): () => void {
  const [, bump] = useReducer((n: number) => n + 1, 0);
  return bump as () => void;
}

// Remote edits arrive 20 a second on a busy board, each with the server's analysis behind it:
// re-rendering a large board for each one fills the main thread and delays this user's keys.
// So a change from elsewhere re-renders at the next animation frame, once however many arrived
// (or after 100 ms when frames do not run, in a hidden tab); this user's own edits re-render at
// once, as typed. Views read the documents when they render, so nothing is lost by waiting.
const FRAME_FALLBACK_MS = 100;

/** `(local) => void`: re-render now for this user's edits, at the next frame for others'. */
export function useChangeBump(): (local: boolean) => void {
  const bump = useForceUpdate();
  const pending = useRef<{ frame: number; timer: number } | null>(null);
  const cancel = () => {
    if (!pending.current) return;
    cancelAnimationFrame(pending.current.frame);
    clearTimeout(pending.current.timer);
    pending.current = null;
  };
  useEffect(() => cancel, []);
  return useMemo(() => {
    const run = () => {
      cancel();
      bump();
    };
    return (local: boolean) => {
      if (local) return run();
      if (pending.current) return;
      pending.current = { frame: requestAnimationFrame(run), timer: window.setTimeout(run, FRAME_FALLBACK_MS) };
    };
  }, []);
}

function isLocal(origin: unknown): boolean {
  return origin === LOCAL;
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
  const bump = useChangeBump();
  useEffect(() => {
    if (!type) return;
    const on = (_events: Y.YEvent<any>[], tr: Y.Transaction) => bump(isLocal(tr.origin));
    type.observeDeep(on);
    return () => type.unobserveDeep(on);
  }, [type]);
}

/** The server's analysis of a board (ledger `analysis.json`), parsed. */
export function useAnalysis(ledger: Y.Doc | null): unknown {
  const map = ledger?.getMap("analysis") ?? null;
  useY(map);
  const raw = map?.get("json");
  // parsed once per analysis the server writes, not on every render of the board (the same
  // object until then, so views can memoise on it)
  return useMemo(() => {
    if (typeof raw !== "string") return null;
    try {
      return JSON.parse(raw);
    } catch {
      return null;
    }
  }, [raw]);
}

export function useLocked(ledger: Y.Doc | null): boolean {
  const meta = ledger?.getMap("meta") ?? null;
  useY(meta);
  return Boolean(meta?.get("locked"));
}

export function useAwarenessStates(awareness: Awareness | null): Map<number, any> {
  const bump = useChangeBump();
  useEffect(() => {
    if (!awareness) return;
    const on = (_changes: unknown, origin: unknown) => bump(origin === "local");
    awareness.on("change", on);
    return () => awareness.off("change", on);
  }, [awareness]);
  return awareness ? awareness.getStates() : new Map();
}

/** A number that changes whenever anything inside the given types changes (deeply): for
 * memoising what a view derives from several shared types. */
export function useRevision(types: Y.AbstractType<any>[]): number {
  const rev = useRef(0);
  const bump = useChangeBump();
  useEffect(() => {
    const on = (_events: Y.YEvent<any>[], tr: Y.Transaction) => {
      rev.current += 1;
      bump(isLocal(tr.origin));
    };
    types.forEach((t) => t.observeDeep(on));
    return () => types.forEach((t) => t.unobserveDeep(on));
  }, types);
  return rev.current;
}

/** `value`, or the previous one while it is equal in JSON: what a view re-reads on every change
 * of its document keeps its identity when the change was elsewhere, so memoised parts that take
 * it (a chart's KPI, the sites) skip their renders. For small values: it serialises each render. */
export function useStable<T>(value: T): T {
  const last = useRef<{ json: string; value: T } | null>(null);
  const json = JSON.stringify(value);
  if (!last.current || last.current.json !== json) last.current = { json, value };
  return last.current.value;
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
  const bump = useChangeBump();
  useEffect(() => {
    const on = (_update: Uint8Array, origin: unknown) => bump(isLocal(origin));
    doc.on("update", on);
    return () => doc.off("update", on);
  }, [doc]);
}
