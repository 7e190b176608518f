// One board = two Yjs documents over the standard y-websocket protocol (docs/api.md):
// `content` (co-edited) and `ledger` (server-written, read by everyone).
import * as Y from "yjs";
import { WebsocketProvider } from "y-websocket";
import type { Awareness } from "y-protocols/awareness";

/** Origin of every edit made by this user in this tab; Y.UndoManager tracks only these. */
export const LOCAL = { local: true } as const;

export type ConnectionStatus =
  | "connecting" // first connection, not yet synced
  | "live" // connected and synced
  | "reconnecting" // lost the connection, trying again; edits are kept locally
  | "offline" // the browser says there is no network
  | "denied" // the server refused for good (revoked link, unknown board, deleted workshop)
  | "too_large"; // an edit was over the server's size limit (4413): not sent, kept in this tab

/** The server refused a message or document over its size limit: re-sending it would fail the
 * same way forever, so we stop, and the edit stays in this tab's document for the user to copy. */
const TOO_LARGE = 4413;

// Close codes the server uses for refusals that a retry cannot fix. 4429 (rate limit) is in
// the 44xx range too, but reconnecting is the right answer there; 1013 (too slow) as well.
// 4410: the workshop was deleted.
const PERMANENT = new Set([4400, 4401, 4403, 4404, 4410, TOO_LARGE]);

export function wsBase(): string {
  const scheme = location.protocol === "https:" ? "wss" : "ws";
  return `${scheme}://${location.host}/ws`;
}

export class BoardConnection {
  readonly content = new Y.Doc();
  readonly ledger = new Y.Doc();
  readonly contentProvider: WebsocketProvider;
  readonly ledgerProvider: WebsocketProvider;
  status: ConnectionStatus = "connecting";
  closeCode = 0;
  private wasLive = false;
  private listeners = new Set<() => void>();

  constructor(
    readonly boardId: string,
    token: string,
  ) {
    const url = `${wsBase()}/${encodeURIComponent(boardId)}`;
    const options = {
      params: { token },
      disableBc: true, // the server is the only path between peers: roles hold for every tab
      maxBackoffTime: 3000,
      shouldReconnect: (event: CloseEvent) => !PERMANENT.has(event.code),
    };
    this.contentProvider = new WebsocketProvider(url, "content", this.content, options);
    this.ledgerProvider = new WebsocketProvider(url, "ledger", this.ledger, options);
    for (const provider of [this.contentProvider, this.ledgerProvider]) {
      provider.on("status", () => this.update());
      provider.on("sync", () => this.update());
      provider.on("closed", (event: { code: number }) => {
        if (PERMANENT.has(event.code)) {
          this.closeCode = event.code;
          this.update();
        }
      });
    }
    window.addEventListener("online", this.update);
    window.addEventListener("offline", this.update);
  }

  get awareness(): Awareness {
    return this.contentProvider.awareness;
  }

  get synced(): boolean {
    return this.contentProvider.synced && this.ledgerProvider.synced;
  }

  private update = (): void => {
    const next = this.computeStatus();
    if (next === "live") this.wasLive = true;
    if (next !== this.status) {
      this.status = next;
      this.listeners.forEach((fn) => fn());
    }
  };

  private computeStatus(): ConnectionStatus {
    if (this.closeCode === TOO_LARGE) return "too_large";
    if (this.closeCode) return "denied";
    // The browser knows it is offline before the socket notices (that takes up to 30 s): say
    // so at once, so nobody types believing others see it live.
    if (!navigator.onLine) return "offline";
    const connected = this.contentProvider.wsconnected && this.ledgerProvider.wsconnected;
    if (connected && this.synced) return "live";
    return this.wasLive ? "reconnecting" : "connecting";
  }

  onChange(fn: () => void): () => void {
    this.listeners.add(fn);
    return () => this.listeners.delete(fn);
  }

  destroy(): void {
    window.removeEventListener("online", this.update);
    window.removeEventListener("offline", this.update);
    this.contentProvider.awareness.setLocalState(null);
    this.contentProvider.destroy();
    this.ledgerProvider.destroy();
    this.content.destroy();
    this.ledger.destroy();
    this.listeners.clear();
  }
}
