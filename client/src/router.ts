// Client-side routing on location.pathname; the server renders the same shell for every route.
import { useEffect, useState } from "preact/hooks";

export type Route =
  | { name: "start" }
  | { name: "home"; workshopId: string }
  | { name: "join"; workshopId: string }
  | { name: "board"; workshopId: string; boardId: string }
  | { name: "actions"; workshopId: string }
  | { name: "pilot"; workshopId: string }
  | { name: "notfound" };

const seg = "([^/]+)";

export function parseRoute(pathname: string): Route {
  const path = pathname.replace(/\/+$/, "") || "/";
  let m: RegExpMatchArray | null;
  if (path === "/") return { name: "start" };
  if ((m = path.match(new RegExp(`^/w/${seg}$`)))) return { name: "home", workshopId: dec(m[1]) };
  if ((m = path.match(new RegExp(`^/w/${seg}/join$`)))) return { name: "join", workshopId: dec(m[1]) };
  if ((m = path.match(new RegExp(`^/w/${seg}/actions$`)))) return { name: "actions", workshopId: dec(m[1]) };
  if ((m = path.match(new RegExp(`^/w/${seg}/b/${seg}$`)))) return { name: "board", workshopId: dec(m[1]), boardId: dec(m[2]) };
  if ((m = path.match(new RegExp(`^/p/${seg}$`)))) return { name: "pilot", workshopId: dec(m[1]) };
  return { name: "notfound" };
}

function dec(s: string): string {
  try {
    return decodeURIComponent(s);
  } catch {
    return s;
  }
}

export const paths = {
  start: () => "/",
  home: (w: string) => `/w/${encodeURIComponent(w)}`,
  join: (w: string) => `/w/${encodeURIComponent(w)}/join`,
  board: (w: string, b: string) => `/w/${encodeURIComponent(w)}/b/${encodeURIComponent(b)}`,
  actions: (w: string) => `/w/${encodeURIComponent(w)}/actions`,
  pilot: (w: string) => `/p/${encodeURIComponent(w)}`,
};

const listeners = new Set<() => void>();

export function navigate(to: string, options: { replace?: boolean } = {}): void {
  if (to === location.pathname + location.hash && !options.replace) return;
  if (options.replace) history.replaceState(null, "", to);
  else history.pushState(null, "", to);
  listeners.forEach((fn) => fn());
  window.scrollTo(0, 0);
}

export function useRoute(): Route {
  const [route, setRoute] = useState(() => parseRoute(location.pathname));
  useEffect(() => {
    const update = () => setRoute(parseRoute(location.pathname));
    listeners.add(update);
    window.addEventListener("popstate", update);
    return () => {
      listeners.delete(update);
      window.removeEventListener("popstate", update);
    };
  }, []);
  return route;
}

/** Plain links that navigate without reloading; modified clicks open as usual. */
export function onLinkClick(event: MouseEvent): void {
  const anchor = (event.target as Element).closest?.("a");
  if (!anchor || anchor.target || anchor.hasAttribute("download")) return;
  if (event.defaultPrevented || event.button !== 0) return;
  if (event.metaKey || event.ctrlKey || event.shiftKey || event.altKey) return;
  const url = new URL(anchor.href, location.href);
  if (url.origin !== location.origin || url.pathname.startsWith("/api/")) return;
  if (url.pathname.startsWith("/static/")) return;
  event.preventDefault();
  navigate(url.pathname + url.hash);
}
