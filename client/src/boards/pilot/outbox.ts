// The participant's outbox: every submission is first written to localStorage with its
// client-made submission_id and idempotency key, then sent; what cannot be sent now (no network,
// server unavailable) is retried with backoff, at once when the browser comes back online, and
// after a reload. The server dedups by submission_id and idempotency key, so a resend after a
// lost answer is applied once. An entry leaves the outbox only on the server's 2xx; a refusal
// stays (with its reason) until the participant fixes or discards it.
import { uuid } from "../../api";
import { postCommand, SubmitError, type Refusal } from "./api";

export type OutboxCommand = "pilot.reading" | "pilot.feedback" | "rollout.reading";

export interface OutboxEntry {
  submission_id: string;
  idempotency_key: string;
  command: OutboxCommand;
  payload: Record<string, unknown>;
  /** when the participant pressed send (ISO, this device's clock) */
  created_at: string;
  attempts: number;
  state: "pending" | "refused";
  refusal?: Refusal;
  /** earliest time of the next attempt (ms since epoch) */
  next_at: number;
}

export type SendOutcome = { kind: "sent" } | { kind: "pending" } | { kind: "refused"; refusal: Refusal };

const PREFIX = "obeya.pilot.outbox.";
const MAX_BACKOFF = 60_000;
export const backoff = (attempts: number) => Math.min(MAX_BACKOFF, 1000 * 2 ** Math.max(0, attempts - 1));

export class Outbox {
  private readonly key: string;
  private listeners = new Set<() => void>();
  private chain: Promise<unknown> = Promise.resolve();
  private timer: number | undefined;
  private sending = new Set<string>();
  private destroyed = false;

  constructor(
    readonly boardId: string,
    participantId: string,
    private readonly token: string,
    private readonly onArrived: () => void,
  ) {
    this.key = `${PREFIX}${boardId}.${participantId}`;
    window.addEventListener("online", this.onOnline);
    window.addEventListener("storage", this.onStorage);
    document.addEventListener("visibilitychange", this.onVisible);
    this.flush();
  }

  destroy(): void {
    this.destroyed = true;
    window.clearTimeout(this.timer);
    window.removeEventListener("online", this.onOnline);
    window.removeEventListener("storage", this.onStorage);
    document.removeEventListener("visibilitychange", this.onVisible);
    this.listeners.clear();
  }

  subscribe(fn: () => void): () => void {
    this.listeners.add(fn);
    return () => this.listeners.delete(fn);
  }

  entries(): OutboxEntry[] {
    try {
      const raw = localStorage.getItem(this.key);
      const list = raw ? (JSON.parse(raw) as OutboxEntry[]) : [];
      return Array.isArray(list) ? list : [];
    } catch {
      return [];
    }
  }

  private write(list: OutboxEntry[]): void {
    try {
      if (list.length) localStorage.setItem(this.key, JSON.stringify(list));
      else localStorage.removeItem(this.key);
    } catch {
      /* storage full or private mode: the in-flight send still happens */
    }
    this.listeners.forEach((fn) => fn());
  }

  private patch(id: string, fn: (e: OutboxEntry) => OutboxEntry | null): void {
    const out: OutboxEntry[] = [];
    for (const e of this.entries()) {
      if (e.submission_id !== id) out.push(e);
      else {
        const next = fn(e);
        if (next) out.push(next);
      }
    }
    this.write(out);
  }

  /** Keep a new submission and try to send it now; resolves with the first attempt's outcome. */
  submit(command: OutboxCommand, payload: Record<string, unknown>): Promise<SendOutcome & { id: string }> {
    const submission_id = uuid();
    const entry: OutboxEntry = {
      submission_id,
      idempotency_key: uuid(),
      command,
      payload: { ...payload, submission_id },
      created_at: new Date().toISOString(),
      attempts: 0,
      state: "pending",
      next_at: 0,
    };
    this.write([...this.entries(), entry]);
    if (!navigator.onLine) return Promise.resolve({ kind: "pending", id: submission_id });
    return this.enqueue(() => this.send(submission_id)).then((outcome) => ({ ...outcome, id: submission_id }));
  }

  discard(id: string): void {
    this.patch(id, () => null);
  }

  /** Drop entries the server already has (seen in my submissions, e.g. sent by another tab). */
  forgetArrived(ids: Set<string>): void {
    const list = this.entries();
    if (list.some((e) => ids.has(e.submission_id))) this.write(list.filter((e) => !ids.has(e.submission_id)));
  }

  /** Send every pending entry that is due (all of them when `now`). */
  flush(now = false): void {
    if (this.destroyed) return;
    void this.enqueue(async () => {
      for (const e of this.entries()) {
        if (this.destroyed || !navigator.onLine) break;
        if (e.state !== "pending" || (!now && e.next_at > Date.now())) continue;
        const outcome = await this.send(e.submission_id);
        if (outcome.kind === "pending") break; // the network is down again: wait for the next try
      }
      this.schedule();
    });
  }

  private enqueue<T>(fn: () => Promise<T>): Promise<T> {
    const run = this.chain.then(fn, fn);
    this.chain = run.catch(() => undefined);
    return run;
  }

  private async send(id: string): Promise<SendOutcome> {
    const entry = this.entries().find((e) => e.submission_id === id);
    if (!entry || entry.state !== "pending" || this.sending.has(id)) return { kind: "pending" };
    this.sending.add(id);
    try {
      await postCommand(this.boardId, this.token, {
        command: entry.command,
        payload: entry.payload,
        idempotency_key: entry.idempotency_key,
      });
      this.patch(id, () => null);
      this.onArrived();
      return { kind: "sent" };
    } catch (error) {
      const refusal: Refusal = error instanceof SubmitError ? error.refusal : { status: 0, code: "network", params: {} };
      if (error instanceof SubmitError && !error.retryable) {
        this.patch(id, (e) => ({ ...e, state: "refused", refusal, attempts: e.attempts + 1 }));
        return { kind: "refused", refusal };
      }
      this.patch(id, (e) => ({ ...e, attempts: e.attempts + 1, next_at: Date.now() + backoff(e.attempts + 1) }));
      this.schedule();
      return { kind: "pending" };
    } finally {
      this.sending.delete(id);
    }
  }

  private schedule(): void {
    window.clearTimeout(this.timer);
    if (this.destroyed || !navigator.onLine) return; // the "online" event sends them
    const due = this.entries()
      .filter((e) => e.state === "pending")
      .map((e) => e.next_at);
    if (!due.length) return;
    const wait = Math.max(250, Math.min(...due) - Date.now());
    this.timer = window.setTimeout(() => this.flush(), wait);
  }

  private onOnline = () => this.flush(true);
  private onVisible = () => document.visibilityState === "visible" && this.flush(true);
  private onStorage = (e: StorageEvent) => {
    if (e.key === this.key) {
      this.listeners.forEach((fn) => fn());
      this.schedule();
    }
  };
}
