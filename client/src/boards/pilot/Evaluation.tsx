// The evaluation table from the server's live analysis: baseline vs pilot, target, trend and
// whether the change is more than noise, with the p-value said in plain words.
import { useLanguage } from "../../i18n";
import { formatNumber } from "./api";
import { tp } from "./i18n";
import { ALPHA, MIN_READINGS, type KpiEvaluation } from "./schema";

/** "less than 1 in 1,000" / "about 1 in 20": how often chance alone would give this result. */
function odds(p: number, lang: string): string {
  if (p <= 0.001) return tp("eval.odds.tiny");
  if (p >= 0.5) return tp("eval.odds.even");
  return tp("eval.odds.oneIn", { n: Math.round(1 / p).toLocaleString(lang) });
}

/** "= 0.021" or "< 0.0001", to follow a "p". */
export function formatP(p: number, lang: string): string {
  const exact = { maximumFractionDigits: 4 };
  if (p < 0.0001) return `< ${(0.0001).toLocaleString(lang, exact)}`;
  if (p > 0.9999) return `> ${(0.9999).toLocaleString(lang, exact)}`;
  return `= ${p.toLocaleString(lang, { maximumSignificantDigits: 2 })}`;
}

export function plainWords(k: KpiEvaluation, lang: string): string {
  const p = k.p_value;
  switch (k.verdict) {
    case "no_baseline":
      return tp("eval.words.no_baseline");
    case "not_testable":
      return tp(`eval.untestable.${k.untestable ?? "too_few_readings"}`, { count: k.readings, min: MIN_READINGS });
    case "significant_improvement":
      return p === null ? tp("eval.words.improvementExact") : tp("eval.words.significant_improvement", { p: formatP(p, lang), odds: odds(p, lang) });
    case "significant_worsening":
      return p === null ? tp("eval.words.worseningExact") : tp("eval.words.significant_worsening", { p: formatP(p, lang), odds: odds(1 - p, lang) });
    default:
      if (p === null) return tp("eval.words.sameAsBaseline");
      return tp("eval.words.no_significant_change", { p: formatP(p, lang), odds: odds(Math.min(p, 1 - p), lang), alpha: ALPHA });
  }
}

const VERDICT_CLASS: Record<string, string> = {
  significant_improvement: "chip-ok",
  significant_worsening: "pilot-chip-bad",
  no_significant_change: "",
  not_testable: "",
  no_baseline: "",
};

export function VerdictChip({ k }: { k: KpiEvaluation }) {
  return <span class={`chip ${VERDICT_CLASS[k.verdict] ?? ""}`}>{tp(`eval.verdict.${k.verdict}`)}</span>;
}

function Change({ k }: { k: KpiEvaluation }) {
  const lang = useLanguage();
  if (k.change_pct === null) return <span class="muted">—</span>;
  const good = k.improved === true;
  const sign = k.change_pct > 0 ? "+" : "";
  return <span class={`delta ${good ? "delta-ok" : k.improved === false ? "delta-bad" : ""}`}>{sign}{formatNumber(k.change_pct, lang, 1)}%</span>;
}

function TargetMet({ k }: { k: KpiEvaluation }) {
  if (k.target_met === null) return <span class="muted">—</span>;
  return k.target_met ? <span class="chip chip-ok">{tp("eval.met")}</span> : <span class="chip chip-warn">{tp("eval.notMet")}</span>;
}

export function trendText(k: KpiEvaluation, lang: string): string {
  if (!k.trend || k.slope_per_day === null) return tp("eval.trend.none");
  const slope = `${k.slope_per_day > 0 ? "+" : ""}${formatNumber(k.slope_per_day, lang, 2)}`;
  return tp(`eval.trend.${k.trend}`, { slope, unit: k.unit });
}

export function EvaluationTable({ kpis }: { kpis: KpiEvaluation[] }) {
  const lang = useLanguage();
  const n = (v: number | null, unit: string) => (v === null ? "—" : `${formatNumber(v, lang)}${unit ? ` ${unit}` : ""}`);
  return (
    <div class="table-wrap">
      <table class="data-table pilot-eval" data-testid="evaluation">
        <thead>
          <tr>
            <th scope="col">{tp("eval.kpi")}</th>
            <th scope="col">{tp("eval.baseline")}</th>
            <th scope="col">{tp("eval.mean")}</th>
            <th scope="col">{tp("eval.median")}</th>
            <th scope="col">{tp("eval.change")}</th>
            <th scope="col">{tp("eval.target")}</th>
            <th scope="col">{tp("eval.trendHead")}</th>
            <th scope="col">{tp("eval.significance")}</th>
          </tr>
        </thead>
        <tbody>
          {kpis.map((k) => (
            <tr key={k.kpi_id} data-kpi-id={k.kpi_id}>
              <th scope="row">
                <span class="pilot-eval-name">{k.name || k.kpi_id}</span>
                <span class="block small muted">
                  {tp("eval.readings", { count: k.readings })} · {tp(`better.${k.better}`)}
                </span>
              </th>
              <td class="num" data-label={tp("eval.baseline")}>{n(k.baseline, k.unit)}</td>
              <td class="num pilot-eval-mean" data-testid="eval-mean" data-label={tp("eval.mean")}>{n(k.mean, k.unit)}</td>
              <td class="num" data-label={tp("eval.median")}>{n(k.median, k.unit)}</td>
              <td data-label={tp("eval.change")}><Change k={k} /></td>
              <td data-label={tp("eval.target")}>
                <span>
                  <span class="num">{n(k.target, k.unit)}</span>
                  <span class="block"><TargetMet k={k} /></span>
                </span>
              </td>
              <td class="small" data-label={tp("eval.trendHead")}>{trendText(k, lang)}</td>
              <td class="pilot-eval-sig" data-label={tp("eval.significance")}>
                <span>
                  <VerdictChip k={k} />
                  <span class="block small pilot-eval-words">{plainWords(k, lang)}</span>
                  {k.test && (
                    <span class="block small muted" data-testid="eval-test">
                      {tp(`eval.test.${k.test}`)}
                      {k.ci_low !== null && k.ci_high !== null && ` · ${tp("eval.ci", { low: formatNumber(k.ci_low, lang, 1), high: formatNumber(k.ci_high, lang, 1), unit: k.percent ? tp("eval.pp") : k.unit })}`}
                      {k.effect !== null && k.effect_name && ` · ${tp(`eval.effect.${k.effect_name}`)} ${formatNumber(k.effect, lang, 2)}`}
                    </span>
                  )}
                  {k.attainment_pct !== null && <span class="block small muted">{tp("eval.attainment", { pct: formatNumber(k.attainment_pct, lang, 0) })}</span>}
                  {k.target_warning && <span class="block small chip chip-warn">{tp(`eval.targetWarning.${k.target_warning}`)}</span>}
                </span>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
