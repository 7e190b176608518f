// "Follow me" inside a board: the facilitator shares where they look (page scroll, and a
// board's own scrolling canvas and zoom) through awareness; followers' views go along.
import { createContext } from "preact";
import { useContext, useEffect } from "preact/hooks";
import type { Peer } from "./presence";

/** Where a board is looked at: the page's scroll, the centre of a canvas in unzoomed
 * content pixels (so screens of other widths show the same middle), and the zoom. */
export interface Viewport {
  page: number;
  cx?: number;
  cy?: number;
  zoom?: number;
}

const LIMIT = 1e6;
const coordinate = (v: unknown): number | undefined =>
  typeof v === "number" && Number.isFinite(v) && Math.abs(v) <= LIMIT ? v : undefined;

/** A peer's viewport as we may apply it, or null: awareness comes from any client. */
export function readViewport(raw: unknown): Viewport | null {
  if (!raw || typeof raw !== "object") return null;
  const v = raw as Record<string, unknown>;
  const page = coordinate(v.page);
  if (page === undefined) return null;
  const zoom = coordinate(v.zoom);
  return { page, cx: coordinate(v.cx), cy: coordinate(v.cy), zoom: zoom && zoom >= 0.1 && zoom <= 10 ? zoom : undefined };
}

/** The facilitator's shared viewport among this board's peers (the first one who shares one). */
export function leaderViewport(peers: Peer[], states: Map<number, any>): Viewport | null {
  for (const peer of peers) {
    if (peer.self || peer.user.role !== "facilitator") continue;
    const view = readViewport(states.get(peer.clientId)?.view);
    if (view) return view;
  }
  return null;
}

export interface ViewportShare {
  /** this page leads: its viewport is published */
  leads: boolean;
  /** this page follows: the leader's viewport, or null */
  followed: Viewport | null;
  publish: (part: Partial<Viewport>) => void;
}

export const ViewportContext = createContext<ViewportShare>({ leads: false, followed: null, publish: () => {} });

export const THROTTLE_MS = 150;

/** A trailing throttle: many scroll events, one awareness update per interval with the latest. */
export function throttled<T>(send: (value: T) => void, ms = THROTTLE_MS): (value: T) => void {
  let timer: ReturnType<typeof setTimeout> | null = null;
  let latest: T;
  return (value: T) => {
    latest = value;
    if (timer) return;
    timer = setTimeout(() => {
      timer = null;
      send(latest);
    }, ms);
  };
}

/** For a board's scrolling canvas with a zoom: share it when leading, follow it when following. */
export function useCanvasViewport(el: HTMLElement | null, zoom: number, setZoom: (zoom: number) => void): void {
  const share = useContext(ViewportContext);
  const centre = () =>
    el ? { cx: (el.scrollLeft + el.clientWidth / 2) / zoom, cy: (el.scrollTop + el.clientHeight / 2) / zoom, zoom } : {};
  useEffect(() => {
    if (!el || !share.leads) return;
    share.publish(centre());
    const on = () => share.publish(centre());
    el.addEventListener("scroll", on, { passive: true });
    return () => el.removeEventListener("scroll", on);
  }, [el, share.leads, zoom]);

  const wanted = share.followed;
  useEffect(() => {
    if (!el || !wanted || wanted.cx === undefined) return;
    if (wanted.zoom && Math.abs(wanted.zoom - zoom) > 0.001) return setZoom(wanted.zoom); // scroll once it renders
    el.scrollLeft = wanted.cx * zoom - el.clientWidth / 2;
    if (wanted.cy !== undefined) el.scrollTop = wanted.cy * zoom - el.clientHeight / 2;
  }, [el, wanted, zoom]);
}
