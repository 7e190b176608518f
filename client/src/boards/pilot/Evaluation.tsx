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
      return p === null
        ? tp("eval.words.improvementExact")
        : tp("eval.words.significant_improvement", { p: formatP(p, lang), odds: odds(p, lang) });
    case "significant_worsening":
      return p === null
        ? tp("eval.words.worseningExact")
        : tp("eval.words.significant_worsening", { p: formatP(p, lang), odds: odds(1 - p, lang) });
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

/** A signed number: "+1.5", "−0.8" (a real minus sign). */
function signed(v: number, lang: string, digits = 1): string {
  const text = formatNumber(Math.abs(v), lang, digits);
  return v > 0 ? `+${text}` : v < 0 ? `−${text}` : text;
}

/** The unit a change is said in: percentage points for % KPIs, else the KPI's unit. */
const changeUnit = (k: KpiEvaluation) => (k.percent ? tp("eval.pp") : k.unit);

function Change({ k }: { k: KpiEvaluation }) {
  const lang = useLanguage();
  if (k.change === null) return <span class="muted">—</span>;
  const unit = changeUnit(k);
  return (
    <span class="pilot-eval-change" data-testid="eval-change">
      <span class={`delta ${k.improved === true ? "delta-ok" : k.improved === false ? "delta-bad" : ""}`}>
        {signed(k.change, lang)}
        {unit ? ` ${unit}` : ""}
      </span>
      {k.change_pct !== null && <span class="block small muted">{signed(k.change_pct, lang)} %</span>}
    </span>
  );
}

function TargetMet({ k }: { k: KpiEvaluation }) {
  if (k.target_met === null) return <span class="muted">—</span>;
  return k.target_met ? <span class="chip chip-ok">{tp("eval.met")}</span> : <span class="chip chip-warn">{tp("eval.notMet")}</span>;
}

export function trendText(k: KpiEvaluation, lang: string): string {
  if (!k.trend || k.slope_per_day === null) return tp("eval.trend.none");
  const slope = signed(k.slope_per_day, lang, 2);
  const ci =
    k.slope_ci_low !== null && k.slope_ci_high !== null
      ? tp("eval.trend.ci", { low: signed(k.slope_ci_low, lang, 2), high: signed(k.slope_ci_high, lang, 2) })
      : "";
  return tp(`eval.trend.${k.trend}`, { slope, unit: changeUnit(k), ci });
}

/** Where the baseline comes from: a reference value, a sample of n readings, counts. */
function baselineText(k: KpiEvaluation, lang: string): string {
  if (k.baseline_kind === "sample")
    return tp(k.test === "mann_whitney_u" ? "eval.baselineKind.sampleMedian" : "eval.baselineKind.sampleMean", { n: k.baseline_n ?? 0 });
  if (k.baseline_kind === "counts" && k.baseline !== null && k.baseline_n !== null) {
    // the evaluation gives the rate and the total: the count is their product, a whole number
    const events = Math.round((k.baseline / 100) * k.baseline_n);
    return tp("eval.baselineKind.counts", { events: formatNumber(events, lang), n: formatNumber(k.baseline_n, lang) });
  }
  if (k.baseline_kind === "value") return tp("eval.baselineKind.value");
  return "";
}

/** What the pilot figure is: the mean, the median, or all events over all cases. */
function estimateText(k: KpiEvaluation, lang: string): string {
  if (k.measure === "rate")
    return k.total ? tp("eval.estimateKind.counts", { events: formatNumber(k.events, lang), total: formatNumber(k.total, lang) }) : "";
  const median = k.test === "mann_whitney_u" || (k.estimate !== null && k.estimate === k.median && k.estimate !== k.mean);
  return tp(median ? "eval.estimateKind.median" : "eval.estimateKind.mean");
}

/** The test, why it was chosen and which way it looked. */
function testText(k: KpiEvaluation): string {
  if (!k.test) return "";
  const parts = [tp(`eval.test.${k.test}`)];
  if (k.test_reason) parts.push(tp(`eval.testReason.${k.test_reason}`));
  parts.push(tp(`eval.alternative.${k.alternative === "two-sided" ? "two-sided" : "better"}`));
  return parts.join(" · ");
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
            <th scope="col">{tp("eval.pilot")}</th>
            <th scope="col">{tp("eval.change")}</th>
            <th scope="col">{tp("eval.target")}</th>
            <th scope="col">{tp("eval.trendHead")}</th>
            <th scope="col">{tp("eval.significance")}</th>
          </tr>
        </thead>
        <tbody>
          {kpis.map((k) => (
            <tr key={k.kpi_id} data-kpi-id={k.kpi_id} data-verdict={k.verdict}>
              <th scope="row">
                <span class="pilot-eval-name">{k.name || k.kpi_id}</span>
                <span class="block small muted">
                  {tp("eval.readings", { count: k.readings })} · {tp(`better.${k.better}`)}
                </span>
              </th>
              <td data-label={tp("eval.baseline")} data-testid="eval-baseline">
                <span>
                  <span class="num">{n(k.baseline, k.unit)}</span>
                  <span class="block small muted">{baselineText(k, lang)}</span>
                  {k.baseline_source && (
                    <span class="block small muted pilot-eval-source" title={k.baseline_source}>
                      {tp("eval.source", { source: k.baseline_source })}
                    </span>
                  )}
                </span>
              </td>
              <td class="pilot-eval-mean" data-testid="eval-mean" data-label={tp("eval.pilot")}>
                <span>
                  <span class="num">{n(k.estimate, k.unit)}</span>
                  <span class="block small muted">{estimateText(k, lang)}</span>
                  {k.readings_without_counts > 0 && (
                    <span class="block small pilot-warn">{tp("eval.withoutCounts", { count: k.readings_without_counts })}</span>
                  )}
                </span>
              </td>
              <td data-label={tp("eval.change")}>
                <Change k={k} />
              </td>
              <td data-label={tp("eval.target")}>
                <span>
                  <span class="num">{n(k.target, k.unit)}</span>
                  <span class="block">
                    <TargetMet k={k} />
                  </span>
                  {k.attainment_pct !== null && (
                    <span class="block small muted" data-testid="eval-attainment">
                      {tp("eval.attainment", { pct: formatNumber(k.attainment_pct, lang, 0) })}
                    </span>
                  )}
                  {k.target_warning && <span class="block small chip chip-warn">{tp(`eval.targetWarning.${k.target_warning}`)}</span>}
                </span>
              </td>
              <td class="small" data-label={tp("eval.trendHead")} data-testid="eval-trend">
                {trendText(k, lang)}
              </td>
              <td class="pilot-eval-sig" data-label={tp("eval.significance")}>
                <span>
                  <VerdictChip k={k} />
                  <span class="block small pilot-eval-words" data-testid="eval-words">
                    {plainWords(k, lang)}
                  </span>
                  {k.test && (
                    <span class="block small muted" data-testid="eval-test">
                      {testText(k)}
                      {k.ci_low !== null && k.ci_high !== null && (
                        <span class="block">
                          {tp("eval.ci", { low: signed(k.ci_low, lang), high: signed(k.ci_high, lang), unit: changeUnit(k) })}
                        </span>
                      )}
                      {k.effect !== null && k.effect_name && (
                        <span class="block">
                          {tp(`eval.effect.${k.effect_name}`)} {formatNumber(k.effect, lang, 2)}
                        </span>
                      )}
                    </span>
                  )}
                </span>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
