// Where the grid's keyboard focus is and how it moves: one tabbable header or cell (roving
// tabindex), arrows/Home/End/PageUp/PageDown, and focus that waits for the next render when an
// edit (move, rename, delete) changes which element holds the position.
import { useEffect, useLayoutEffect, useRef } from "preact/hooks";
import type { Pos } from "./gridMenu";
import type { Activity, RaciRole } from "./schema";

const selector = (p: Pos) => `[data-a="${p.a ?? ""}"][data-r="${p.r ?? ""}"]`;

export function useGridFocus(props: {
  activities: Activity[];
  roles: RaciRole[];
  pos: Pos | null;
  onPos: (p: Pos) => void;
  focusRequest: { pos: Pos; n: number } | null;
}) {
  const { activities, roles } = props;
  const scroller = useRef<HTMLDivElement>(null);
  const pendingFocus = useRef<Pos | null>(null);

  const validPos = (p: Pos) =>
    (p.a === null || activities.some((a) => a.id === p.a)) &&
    (p.r === null || roles.some((r) => r.id === p.r)) &&
    !(p.a === null && p.r === null);
  const pos: Pos = props.pos && validPos(props.pos) ? props.pos : { a: activities[0]?.id ?? null, r: roles[0]?.id ?? null };
  const focusPos = (p: Pos) => {
    props.onPos(p);
    const el = scroller.current?.querySelector<HTMLElement>(selector(p));
    if (el) {
      el.focus({ preventScroll: false });
      el.scrollIntoView({ block: "nearest", inline: "nearest" });
    } else pendingFocus.current = p;
  };
  useLayoutEffect(() => {
    const p = pendingFocus.current;
    if (!p) return;
    const el = scroller.current?.querySelector<HTMLElement>(selector(p));
    if (el) {
      pendingFocus.current = null;
      el.focus();
      el.scrollIntoView({ block: "nearest", inline: "nearest" });
    }
  });
  useEffect(() => {
    if (props.focusRequest) focusPos(props.focusRequest.pos);
  }, [props.focusRequest?.n]);

  /** Arrow keys and friends, from a header or cell; the corner is skipped. */
  const move = (p: Pos, dRow: number, dCol: number, e: KeyboardEvent) => {
    const rowIds: (string | null)[] = [null, ...activities.map((a) => a.id)];
    const colIds: (string | null)[] = [null, ...roles.map((r) => r.id)];
    let ri = rowIds.indexOf(p.a) + dRow;
    let ci = colIds.indexOf(p.r) + dCol;
    if (e.key === "Home") ci = e.ctrlKey ? 1 : 0;
    if (e.key === "End") ci = colIds.length - 1;
    if (e.key === "Home" && e.ctrlKey) ri = 1;
    if (e.key === "End" && e.ctrlKey) ri = rowIds.length - 1;
    ri = Math.max(0, Math.min(rowIds.length - 1, ri));
    ci = Math.max(0, Math.min(colIds.length - 1, ci));
    if (ri === 0 && ci === 0) ci = 1;
    focusPos({ a: rowIds[ri] ?? null, r: colIds[ci] ?? null });
  };

  return {
    scroller,
    pos,
    move,
    /** Focus this position after the next render (an edit is about to move its element). */
    focusAfter: (p: Pos) => {
      pendingFocus.current = p;
    },
    focusPending: () => pendingFocus.current !== null,
  };
}
