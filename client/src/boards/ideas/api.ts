// Commands and the private part of an ideas board over HTTP (docs/api.md); refusals said in
// the user's words from their code and params.
import { ApiError, request } from "../../api";
import { errorText } from "../../ui/toast";
import { t } from "../../i18n";
import { tkMaybe } from "./i18n";
import type { IdeasPrivate } from "./schema";

/** Commands with retries under one idempotency key; refusals are ApiErrors with params. */
export { sendCommand as runCommand } from "../../api";

export const fetchPrivate = (boardId: string, token: string) =>
  request<IdeasPrivate>("GET", `/api/boards/${encodeURIComponent(boardId)}/private`, { token });

/** The refusal in the user's words: the kind's own codes first, then the frame's. */
export function refusalText(error: unknown): string {
  if (error instanceof ApiError) {
    if (error.offline) return t("errors.offline");
    const own = tkMaybe(`errors.${error.code}`, error.params);
    if (own) return own;
    if (error.status === 403) return t("errors.forbidden");
    if (error.status === 409) return t("errors.conflict");
    return tkMaybe("errors.generic") ?? t("errors.generic");
  }
  return errorText(error);
}
