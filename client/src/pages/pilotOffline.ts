// The pilot page opened with no network (from the home screen): the service worker (/sw.js,
// scope /p/) serves the shell, the bundle and the pilot view last seen; the board's shared
// content (KPIs, sites, period) last seen live is kept here, so the reading form can render
// and readings go to the outbox until the network is back.
import { useEffect } from "preact/hooks";
import * as Y from "yjs";
import type { BoardConnection } from "../sync/connection";

const PREFIX = "obeya.pilot.content.";
/** Not LOCAL: the kept state is the server's own, never an edit of this user to undo or send. */
const KEPT = { kept: true } as const;

export function registerPilotWorker(): void {
  if (!("serviceWorker" in navigator) || !location.pathname.startsWith("/p/")) return;
  // The worker precaches the shell only: it is told which chunks this page already loaded (its
  // board views), and caches what loads once it controls the page.
  const tell = () => {
    const cache = performance.getEntriesByType("resource").map((e) => e.name);
    navigator.serviceWorker.controller?.postMessage({ cache });
  };
  navigator.serviceWorker.addEventListener("controllerchange", tell);
  navigator.serviceWorker
    .register("/sw.js", { scope: "/p/" })
    .then(() => navigator.serviceWorker.ready)
    .then(tell)
    .catch(() => undefined);
}

function toBase64(bytes: Uint8Array): string {
  let s = "";
  for (let i = 0; i < bytes.length; i += 0x8000) s += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return btoa(s);
}

function fromBase64(text: string): Uint8Array {
  return Uint8Array.from(atob(text), (c) => c.charCodeAt(0));
}

/** Keeps `conn`'s content as last synced, and puts it back while the network is gone. */
export function useKeptContent(conn: BoardConnection | null, keep: boolean): void {
  useEffect(() => {
    if (!conn || !keep) return;
    const key = PREFIX + conn.boardId;
    if (!navigator.onLine && !conn.synced) {
      try {
        const kept = localStorage.getItem(key);
        if (kept) Y.applyUpdate(conn.content, fromBase64(kept), KEPT);
      } catch {
        localStorage.removeItem(key); // unreadable: the next live sync writes it again
      }
    }
    const save = () => {
      if (conn.status === "denied") localStorage.removeItem(key);
      else if (conn.status === "live") {
        try {
          localStorage.setItem(key, toBase64(Y.encodeStateAsUpdate(conn.content)));
        } catch {
          // storage full: the page still works online
        }
      }
    };
    save();
    const off = conn.onChange(save);
    conn.content.on("update", save);
    return () => {
      off();
      conn.content.off("update", save);
    };
  }, [conn, keep]);
}
