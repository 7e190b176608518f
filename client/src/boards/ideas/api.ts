// Commands and the private part of an ideas board over HTTP (docs/api.md). Unlike the frame's
// sendCommand this keeps the refusal's `params`, so the reason can be said in the user's words.
import { request, uuid } from "../../api";
import { errorText } from "../../ui/toast";
import { t } from "../../i18n";
import { tkMaybe } from "./i18n";
import type { IdeasPrivate } from "./schema";

export class CommandRefused extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    readonly params: Record<string, unknown>,
    readonly detail: string,
  ) {
    super(`${status} ${code}: ${detail}`);
  }
  get offline(): boolean {
    return this.status === 0;
  }
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

async function post(boardId: string, body: unknown, token: string): Promise<unknown> {
  let response: Response;
  try {
    response = await fetch(`/api/boards/${encodeURIComponent(boardId)}/commands`, {
      method: "POST",
      headers: { Accept: "application/json", "Content-Type": "application/json", Authorization: `Bearer ${token}` },
      body: JSON.stringify(body),
    });
  } catch (error) {
    throw new CommandRefused(0, "network", {}, String(error));
  }
  let answer: Record<string, unknown> = {};
  try {
    answer = await response.json();
  } catch {
    /* not JSON: keep the status */
  }
  if (!response.ok) {
    const params = (answer.params && typeof answer.params === "object" ? answer.params : {}) as Record<string, unknown>;
    throw new CommandRefused(response.status, String(answer.code ?? `http_${response.status}`), params, String(answer.detail ?? ""));
  }
  return answer.result;
}

/** One command; network failures and 5xx are retried with the same idempotency key. */
export async function runCommand<T = Record<string, unknown>>(
  boardId: string,
  command: string,
  payload: Record<string, unknown>,
  token: string,
): Promise<T> {
  const body = { command, payload, idempotency_key: uuid() };
  for (let attempt = 0; ; attempt++) {
    try {
      return (await post(boardId, body, token)) as T;
    } catch (error) {
      const retry = error instanceof CommandRefused && (error.offline || error.status >= 500);
      if (!retry || attempt >= 3) throw error;
      await sleep(400 * 2 ** attempt);
    }
  }
}

export const fetchPrivate = (boardId: string, token: string) =>
  request<IdeasPrivate>("GET", `/api/boards/${encodeURIComponent(boardId)}/private`, { token });

/** The refusal in the user's words: the kind's own codes first, then the frame's. */
export function refusalText(error: unknown): string {
  if (error instanceof CommandRefused) {
    if (error.offline) return t("errors.offline");
    const own = tkMaybe(`errors.${error.code}`, error.params);
    if (own) return own;
    if (error.status === 403) return t("errors.forbidden");
    if (error.status === 409) return t("errors.conflict");
    return tkMaybe("errors.generic") ?? t("errors.generic");
  }
  return errorText(error);
}
