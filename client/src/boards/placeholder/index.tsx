// The view for kinds without their own view yet: the board's live analysis, laid out readably
// (objects as definition lists, lists of records as tables), updating as the server recomputes.
import type { BoardViewDef, BoardViewProps } from "../registry";
import { t, useLanguage } from "../../i18n";

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

const WORDS: Record<string, string> = { pct: "%", va: "VA", nnva: "NNVA", pce: "PCE", ca: "C&A", id: "ID", kpi: "KPI", raci: "RACI" };
/** "rolled_pct_ca" -> "Rolled % C&A": analysis keys are snake_case English. */
const humanise = (key: string) =>
  key
    .split("_")
    .map((w, i) => WORDS[w.toLowerCase()] ?? (i === 0 ? w.charAt(0).toUpperCase() + w.slice(1) : w))
    .join(" ");

const isRecord = (v: Json): v is { [key: string]: Json } => typeof v === "object" && v !== null && !Array.isArray(v);
const isPlain = (v: Json) => v === null || typeof v !== "object";

function Value({ value, lang }: { value: Json; lang: string }) {
  if (value === null) return <span class="muted">—</span>;
  if (typeof value === "boolean")
    return <span class={`chip ${value ? "chip-ok" : "chip-warn"}`}>{value ? t("placeholder.yes") : t("placeholder.no")}</span>;
  if (typeof value === "number") return <span class="num">{value.toLocaleString(lang, { maximumFractionDigits: 2 })}</span>;
  if (typeof value === "string") return <span>{value || "—"}</span>;
  if (Array.isArray(value)) {
    if (!value.length) return <span class="muted">{t("placeholder.empty")}</span>;
    if (value.every((v) => isRecord(v) && Object.values(v).every(isPlain))) {
      const cols = [...new Set(value.flatMap((v) => Object.keys(v as object)))];
      return (
        <div class="table-wrap">
          <table class="data-table">
            <thead>
              <tr>
                {cols.map((c) => (
                  <th key={c} scope="col">
                    {humanise(c)}
                  </th>
                ))}
              </tr>
            </thead>
            <tbody>
              {value.map((row, i) => (
                <tr key={i}>
                  {cols.map((c) => (
                    <td key={c}>
                      <Value value={(row as Record<string, Json>)[c] ?? null} lang={lang} />
                    </td>
                  ))}
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      );
    }
    return (
      <ul class="plain-list">
        {value.map((v, i) => (
          <li key={i}>
            <Value value={v} lang={lang} />
          </li>
        ))}
      </ul>
    );
  }
  return (
    <dl class="kv">
      {Object.entries(value).map(([k, v]) => (
        <div key={k} class="kv-row">
          <dt>{humanise(k)}</dt>
          <dd>
            <Value value={v} lang={lang} />
          </dd>
        </div>
      ))}
    </dl>
  );
}

function PlaceholderView({ analysis, board }: BoardViewProps) {
  const lang = useLanguage();
  return (
    <section class="panel placeholder-view" aria-labelledby="analysis-title">
      <h2 id="analysis-title">{t("placeholder.title")}</h2>
      <p class="muted">{t("placeholder.intro", { kind: t(`kinds.${board.kind}.name`, { defaultValue: board.kind }) })}</p>
      {analysis === null ? <p class="muted">{t("placeholder.waiting")}</p> : <Value value={analysis as Json} lang={lang} />}
    </section>
  );
}

export const placeholderView: BoardViewDef = { kind: "*", View: PlaceholderView };
