// Pilot submissions over HTTP (docs/api.md): one POST of a command with a given idempotency key
// (the outbox owns retries), the participant's own submissions, and refusals in plain words.
import { ApiError, postCommand as sendOnce, request } from "../../api";
import { t } from "../../i18n";
import { tp, tpMaybe } from "./i18n";
import type { Kpi, MySubmission } from "./schema";
import { formatDate, formatNumber as formatNumberIn } from "../../ui/intl";

export interface Refusal {
  status: number;
  code: string;
  params: Record<string, unknown>;
}

export class SubmitError extends Error {
  constructor(readonly refusal: Refusal) {
    super(`${refusal.status} ${refusal.code}`);
  }
  /** no answer at all, or an answer that says "try again later" */
  get retryable(): boolean {
    const s = this.refusal.status;
    return s === 0 || s >= 500 || s === 408 || s === 429;
  }
}

/** One POST with the outbox's own idempotency key (the outbox owns retries). */
export async function postCommand(
  boardId: string,
  token: string,
  body: { command: string; payload: unknown; idempotency_key: string },
): Promise<Record<string, unknown>> {
  try {
    return (await sendOnce(boardId, body, token)) ?? {};
  } catch (error) {
    // No answer, or one cut off mid-way: the outbox tries again.
    if (!(error instanceof ApiError)) throw new SubmitError({ status: 0, code: "network", params: {} });
    throw new SubmitError({ status: error.status, code: error.offline ? "network" : error.code, params: error.params });
  }
}

export const fetchMine = (boardId: string, token: string) =>
  request<{ submissions: MySubmission[] }>("GET", `/api/boards/${encodeURIComponent(boardId)}/private`, { token });

// A pilot's thousands of readings fall on a few dozen days: each day is formatted once.
const days = new Map<string, string>();

export function formatDay(iso: string, lang: string): string {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(iso)) return iso;
  const key = `${lang}|${iso}`;
  let text = days.get(key);
  if (text === undefined) {
    if (days.size > 5000) days.clear();
    text = formatDate(new Date(`${iso}T12:00:00`), lang, { year: "numeric", month: "short", day: "numeric" });
    days.set(key, text);
  }
  return text;
}

// A broken client's 1e308 would otherwise print as 309 digits and push the table apart.
export const formatNumber = (v: number | null | undefined, lang: string, digits = 2) =>
  v === null || v === undefined
    ? "—"
    : Math.abs(v) >= 1e15
      ? v.toExponential(2)
      : formatNumberIn(v, lang, { maximumFractionDigits: digits });

/** The server's refusal in the participant's words, with KPI names, units and dates filled in. */
export function refusalText(refusal: Refusal, kpis: Kpi[], lang: string): string {
  const p = refusal.params;
  const kpi = kpis.find((k) => k.id === p.kpi_id);
  const num = (v: unknown) => (typeof v === "number" ? formatNumber(v, lang) : "");
  const day = (v: unknown) => (typeof v === "string" && v ? formatDay(v, lang) : "");
  const params: Record<string, unknown> = {
    ...p,
    kpi: kpi?.name || String(p.kpi_id ?? ""),
    unit: kpi?.unit ?? "",
    value: num(p.value),
    min: num(p.min),
    max: num(p.max),
    date: day(p.date),
    start: day(p.start),
    end: day(p.end),
    latest: day(p.latest),
    sites: Array.isArray(p.sites) ? p.sites.join(tp("sep")) : "",
  };
  let key = refusal.code;
  if (key === "value_out_of_range")
    key += p.min === null || p.min === undefined ? "_max" : p.max === null || p.max === undefined ? "_min" : "";
  if (key === "date_outside_period") key += !p.start ? "_end" : !p.end ? "_start" : "";
  if (refusal.status === 0) return t("errors.offline");
  return (
    tpMaybe(`errors.${key}`, params) ??
    tpMaybe(`errors.${refusal.code}`, params) ??
    (refusal.status === 403 ? t("errors.forbidden") : tp("errors.generic"))
  );
}
