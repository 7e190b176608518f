// HTTP client for docs/api.md: bearer tokens, RFC 9457 problem JSON, idempotent commands.

export type Role = "facilitator" | "editor" | "viewer" | "pilot";
export type Language = "zh-CN" | "en";

/** Something a board raises for the home (`BoardKind.alerts`); catalog key `alerts.<code>`. */
export interface BoardAlert {
  code: string;
  params: Record<string, unknown>;
}

export interface BoardSummary {
  id: string;
  kind: string;
  title: string;
  position: number;
  locked: boolean;
  /** only in the team's workshop view, from the board's stored analysis */
  alerts?: BoardAlert[];
  /** only in the pilot view, for a board the pilot link reaches by commands only (roll-out):
   *  the narrow data its phone view shows (`BoardKind.phone_view`) */
  phone?: unknown;
}

export interface Participant {
  participant_id: string;
  display_name: string;
  role: Role;
}

export interface WorkshopInfo {
  id: string;
  title: string;
  process: string;
  boundary: string;
  language: Language;
  status: "live" | "finished";
  /** the phase the server last recorded (the workshop board's ledger is the live one) */
  phase?: string;
  created_at: string;
  /** the latest command, state change or compaction the server recorded (not every edit) */
  last_activity?: string;
  boards: BoardSummary[];
  /** per phase, the kinds of board that serve it (`BoardKind.phases`); absent in the pilot view */
  phase_kinds?: Record<string, string[]>;
  /** a board keeps taking readings once the workshop is finished (roll-out sustain) */
  sustain?: boolean;
  workshop_board_id: string;
  /** board_kinds: the kinds of board this role may open (server/access.py) */
  me: { participant_id: string | null; role: Role; display_name: string | null; board_kinds?: string[] };
  participants: Participant[];
}

/** What the pilot phone page may know of its workshop (`GET /api/workshops/{id}/pilot`): the
 * server leaves out goals, every other board and every other participant. */
export interface PilotInfo {
  id: string;
  title: string;
  language: Language;
  status: "live" | "finished";
  phase: string;
  boards: BoardSummary[];
  sustain?: boolean;
  me: WorkshopInfo["me"];
}

/** The pilot view in the shape the pages read; what it leaves out stays empty. */
export const fromPilot = (p: PilotInfo): WorkshopInfo => ({
  id: p.id,
  title: p.title,
  process: "",
  boundary: "",
  language: p.language,
  status: p.status,
  phase: p.phase,
  created_at: "",
  boards: p.boards,
  sustain: p.sustain,
  workshop_board_id: "",
  me: p.me,
  participants: [],
});

/** Whether a role that may open `kinds` (absent: every kind) opens boards of `kind`. */
export const opens = (kinds: string[] | undefined, kind: string) => !kinds || kinds.includes(kind);

export interface InviteParticipant {
  participant_id: string;
  display_name: string;
  joined_at: string;
  removed: boolean;
}

export interface Invite {
  id: string;
  role: Role;
  label: string;
  created_at: string;
  expires_at: string | null;
  revoked: boolean;
  expired: boolean;
  /** Shown again to facilitators while the link works (null when revoked or expired). */
  link: string | null;
  uses: number;
  participants: InviteParticipant[];
}

export interface KindInfo {
  name: string;
  commands: string[];
  schema_version?: number;
  /** false for the workshop's own board, which cannot be added by hand */
  user_kind?: boolean;
}

export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    readonly title: string,
    readonly detail: string,
    /** the refusal's parameters (budget left, allowed range ...), for saying it in words */
    readonly params: Record<string, unknown> = {},
  ) {
    super(`${status} ${code}: ${detail || title}`);
  }
  /** The network failed (no HTTP answer at all). */
  get offline(): boolean {
    return this.status === 0;
  }
}

/** Server clock minus local clock, in ms, estimated from the Date header of answers. */
let clockSkew = 0;
export const serverNow = (): number => Date.now() + clockSkew;

function noteServerDate(response: Response): void {
  const header = response.headers.get("date");
  const at = header ? Date.parse(header) : NaN;
  // The header has one-second resolution: only trust it when the skew is clearly larger.
  if (!Number.isNaN(at) && Math.abs(at - Date.now()) > 1500) clockSkew = at - Date.now();
}

async function problem(response: Response): Promise<ApiError> {
  let body: Record<string, unknown> = {};
  try {
    body = await response.json();
  } catch {
    /* not JSON: keep the status line */
  }
  const str = (v: unknown) => (typeof v === "string" ? v : "");
  return new ApiError(
    response.status,
    str(body.code) || `http_${response.status}`,
    str(body.title) || response.statusText,
    str(body.detail),
    body.params && typeof body.params === "object" ? (body.params as Record<string, unknown>) : {},
  );
}

export async function request<T>(method: string, path: string, options: { token?: string | null; body?: unknown } = {}): Promise<T> {
  const headers: Record<string, string> = { Accept: "application/json" };
  if (options.token) headers.Authorization = `Bearer ${options.token}`;
  if (options.body !== undefined) headers["Content-Type"] = "application/json";
  let response: Response;
  try {
    response = await fetch(path, {
      method,
      headers,
      body: options.body === undefined ? undefined : JSON.stringify(options.body),
    });
  } catch (error) {
    throw new ApiError(0, "network", "Network error", String(error));
  }
  noteServerDate(response);
  if (!response.ok) throw await problem(response);
  if (response.status === 204) return undefined as T;
  return (await response.json()) as T;
}

/** crypto.randomUUID exists only in secure contexts; intranet installs often run plain http. */
export function uuid(): string {
  if (typeof crypto.randomUUID === "function" && window.isSecureContext) return crypto.randomUUID();
  const b = crypto.getRandomValues(new Uint8Array(16));
  b[6] = (b[6] & 0x0f) | 0x40;
  b[8] = (b[8] & 0x3f) | 0x80;
  const h = Array.from(b, (x) => x.toString(16).padStart(2, "0")).join("");
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** One POST of a board command with the caller's idempotency key; no retries. */
export async function postCommand<T = Record<string, unknown>>(
  boardId: string,
  body: { command: string; payload: unknown; idempotency_key: string },
  token: string,
): Promise<T> {
  const answer = await request<{ result: T; replayed: boolean }>("POST", `/api/boards/${encodeURIComponent(boardId)}/commands`, {
    token,
    body,
  });
  return answer.result;
}

/** Sends a board command; retries network failures and 5xx with the same idempotency key,
 * so a retried command is applied once. */
export async function sendCommand<T = Record<string, unknown>>(
  boardId: string,
  command: string,
  payload: Record<string, unknown>,
  token: string,
): Promise<T> {
  const body = { command, payload, idempotency_key: uuid() };
  for (let attempt = 0; ; attempt++) {
    try {
      return await postCommand<T>(boardId, body, token);
    } catch (error) {
      const retry = error instanceof ApiError && (error.offline || error.status >= 500);
      if (!retry || attempt >= 4) throw error;
      await sleep(400 * 2 ** attempt);
    }
  }
}

const enc = encodeURIComponent;

/** The pilot page's view; null when it has not changed since `etag` (a bodiless 304). */
export async function pilotPage(id: string, token: string, etag: string): Promise<{ info: PilotInfo; etag: string } | null> {
  const headers: Record<string, string> = { Accept: "application/json", Authorization: `Bearer ${token}` };
  if (etag) headers["If-None-Match"] = etag;
  let response: Response;
  try {
    // no-store: the ETag is compared here, not by the browser's cache, so a 304 reaches us
    response = await fetch(`/api/workshops/${enc(id)}/pilot`, { headers, cache: "no-store" });
  } catch (error) {
    throw new ApiError(0, "network", "Network error", String(error));
  }
  noteServerDate(response);
  if (response.status === 304) return null;
  if (!response.ok) throw await problem(response);
  return { info: (await response.json()) as PilotInfo, etag: response.headers.get("etag") ?? "" };
}

/** The workshop as `token` may read it: the whole one, or for a pilot link (403 on the whole
 * one) the pilot view. `pilotFirst` (the /p/ address) saves the refused request. */
export async function readWorkshop(id: string, token: string, pilotFirst: boolean): Promise<WorkshopInfo> {
  if (!pilotFirst) {
    try {
      return await api.workshop(id, token);
    } catch (error) {
      if (!(error instanceof ApiError && error.status === 403)) throw error;
    }
  }
  const page = await pilotPage(id, token, "");
  const info = fromPilot(page!.info);
  // A team link opened at a /p/ address: it reads the whole workshop.
  return pilotFirst && info.me.role !== "pilot" ? api.workshop(id, token) : info;
}

/** A template to start a workshop from (GET /api/templates). */
export interface TemplateInfo {
  id: string;
  title: string;
  description: string;
  language: Language;
  saved: boolean;
  boards: { kind: string; title: string }[];
  goals: number;
}

export const api = {
  templates: (language: Language) =>
    request<{ templates: TemplateInfo[] }>("GET", `/api/templates?language=${enc(language)}`).then((r) => r.templates),
  saveTemplate: (id: string, title: string, description: string, token: string) =>
    request<TemplateInfo>("POST", `/api/workshops/${enc(id)}/template`, { token, body: { title, description } }),
  createWorkshop: (body: { title: string; process: string; boundary: string; language: Language; demo?: boolean; template?: string }) =>
    request<{
      id: string;
      token: string;
      link: string;
      workshop_board_id: string;
      co_facilitator: { id: string; token: string; link: string };
    }>("POST", "/api/workshops", { body }),
  join: (token: string, display_name: string) =>
    request<{
      participant_id: string;
      token: string;
      role: Role;
      workshop_id: string;
      display_name: string;
    }>("POST", "/api/join", { body: { token, display_name } }),
  workshop: (id: string, token: string) => request<WorkshopInfo>("GET", `/api/workshops/${enc(id)}`, { token }),
  invites: (id: string, token: string) => request<Invite[]>("GET", `/api/workshops/${enc(id)}/invites`, { token }),
  createInvite: (id: string, role: Role, token: string, options: { label?: string; expires_at?: string | null } = {}) =>
    request<Invite & { token: string; link: string }>("POST", `/api/workshops/${enc(id)}/invites`, {
      token,
      body: { role, ...options },
    }),
  removeParticipant: (id: string, participantId: string, token: string) =>
    request<void>("DELETE", `/api/workshops/${enc(id)}/participants/${enc(participantId)}`, { token }),
  deleteWorkshop: (id: string, confirm: string, token: string) =>
    request<void>("DELETE", `/api/workshops/${enc(id)}`, { token, body: { confirm } }),
  revokeInvite: (id: string, inviteId: string, token: string) =>
    request<void>("DELETE", `/api/workshops/${enc(id)}/invites/${enc(inviteId)}`, { token }),
  addBoard: (id: string, kind: string, title: string, token: string) =>
    request<BoardSummary>("POST", `/api/workshops/${enc(id)}/boards`, {
      token,
      body: { kind, title },
    }),
  kinds: () => request<KindInfo[]>("GET", "/api/kinds"),
};
