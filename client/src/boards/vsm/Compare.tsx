// Current against future state, side by side: each metric before → after with its change
// (green when better, red when worse), and both lead times drawn on one scale by class.
import { fmtMinutes, fmtPct } from "./format";
import { tr } from "./i18n";
import { changeText, CLASS_KEYS, ClassBar, DeltaChip, formatMetric, toneOf } from "./Metrics";
import type { State, Step, VsmAnalysis } from "./schema";

function Hero({ a, steps }: { a: VsmAnalysis; steps: Record<State, Step[]> }) {
  const lead = a.comparison.find((c) => c.metric === "lead_minutes");
  const card = (s: State) => {
    const x = a[s];
    const bn = steps[s].find((step) => step.id === x.bottleneck);
    return (
      <section class={`vsm-hero-card vsm-hero-${s}`} aria-labelledby={`vsm-hero-${s}`} data-testid={`vsm-hero-${s}`}>
        <h3 id={`vsm-hero-${s}`}>{tr(`state.${s}`)}</h3>
        <dl class="vsm-hero-figs">
          <div>
            <dt>{tr("kpi.lead")}</dt>
            <dd data-testid={`vsm-hero-${s}-lead`}>{x.steps ? fmtMinutes(x.lead_minutes) : "—"}</dd>
          </div>
          <div>
            <dt>{tr("short.pce")}</dt>
            <dd data-testid={`vsm-hero-${s}-pce`}>{x.steps ? fmtPct(x.pce_pct) : "—"}</dd>
          </div>
          <div>
            <dt>{tr("short.pctCa")}</dt>
            <dd>{x.steps ? fmtPct(x.rolled_pct_ca) : "—"}</dd>
          </div>
        </dl>
        <p class="vsm-hero-bn">
          {bn
            ? tr("compare.bottleneck", { name: bn.name || tr("map.unnamed"), time: fmtMinutes(x.bottleneck_minutes) })
            : tr("compare.noBottleneck")}
        </p>
      </section>
    );
  };
  return (
    <div class="vsm-hero">
      {card("current")}
      <div class="vsm-hero-arrow" aria-hidden={lead?.change === null}>
        <span class="vsm-hero-arrow-icon" aria-hidden="true">
          →
        </span>
        {lead && lead.change !== null && <DeltaChip change={lead} />}
      </div>
      {card("future")}
    </div>
  );
}

/** Lead time per department, before and after, on one scale. */
function Departments({ a }: { a: VsmAnalysis }) {
  const keys = [...new Set([...a.current.by_department, ...a.future.by_department].map((d) => d.key))];
  if (!keys.length) return null;
  const value = (s: State, k: string) => (a[s].steps ? (a[s].by_department.find((d) => d.key === k)?.minutes ?? 0) : null);
  const max = Math.max(1, ...keys.flatMap((k) => [value("current", k) ?? 0, value("future", k) ?? 0]));
  return (
    <div class="vsm-cmp-dept">
      <h3>{tr("compare.byDepartment")}</h3>
      <ul class="vsm-cmp-dept-list" data-testid="vsm-compare-departments">
        {keys.map((k) => (
          <li key={k}>
            <span class="vsm-dept-name">{k || tr("map.noDepartment")}</span>
            {(["current", "future"] as const).map((s) => {
              const v = value(s, k);
              return (
                <span key={s} class={`vsm-cmp-dept-row vsm-cmp-${s}`}>
                  <span class="sr-only">{tr(`state.${s}`)}</span>
                  <span class="vsm-cmp-track" aria-hidden="true">
                    <span class="vsm-dept-fill" style={{ width: `${((v ?? 0) / max) * 100}%` }} />
                  </span>
                  <span class="num">{v === null ? "—" : fmtMinutes(v)}</span>
                </span>
              );
            })}
          </li>
        ))}
      </ul>
      <ul class="vsm-keys" aria-hidden="true">
        <li>
          <span class="vsm-dot vsm-cmp-key-current" />
          {tr("state.current")}
        </li>
        <li>
          <span class="vsm-dot vsm-cmp-key-future" />
          {tr("state.future")}
        </li>
      </ul>
    </div>
  );
}

export function Compare({
  a,
  steps,
  onState,
}: {
  a: VsmAnalysis | null;
  steps: Record<State, Step[]>;
  onState: (s: "current" | "future") => void;
}) {
  if (!a) return <div class="panel skeleton">{tr("compare.waiting")}</div>;
  const empty = !a.current.steps || !a.future.steps;
  const longest = Math.max(a.current.lead_minutes, a.future.lead_minutes, 1);
  return (
    <div class="vsm-compare" data-testid="vsm-compare">
      {empty && (
        <div class="banner banner-follow vsm-compare-note" role="status">
          {tr(!a.future.steps ? "compare.noFuture" : "compare.noCurrent")}
          <button type="button" class="btn btn-small" onClick={() => onState(!a.future.steps ? "future" : "current")}>
            {tr(!a.future.steps ? "compare.openFuture" : "compare.openCurrent")}
          </button>
        </div>
      )}
      <Hero a={a} steps={steps} />
      <div class="vsm-compare-grid">
        <section class="panel vsm-panel vsm-compare-chart" aria-labelledby="vsm-compare-chart">
          <h2 id="vsm-compare-chart">{tr("compare.chartTitle")}</h2>
          <p class="hint">{tr("compare.chartHint")}</p>
          {(["current", "future"] as const).map((s) => (
            <div class="vsm-compare-row" key={s}>
              <span class="vsm-compare-state">{tr(`state.${s}`)}</span>
              <div class="vsm-compare-track">
                {a[s].steps ? (
                  <ClassBar shares={a[s].by_class} scale={(a[s].lead_minutes / longest) * 100} label={tr(`state.${s}`)} />
                ) : (
                  <span class="muted">{tr("compare.noSteps")}</span>
                )}
              </div>
              <span class="vsm-compare-total num">{a[s].steps ? fmtMinutes(a[s].lead_minutes) : "—"}</span>
            </div>
          ))}
          <ul class="vsm-keys" aria-hidden="true">
            {CLASS_KEYS.slice(0, 4).map((k) => (
              <li key={k}>
                <span class={`vsm-dot vsm-fill-${k}`} />
                {tr(`share.${k}`)}
              </li>
            ))}
          </ul>
          <Departments a={a} />
        </section>

        <section class="panel vsm-panel" aria-labelledby="vsm-compare-table">
          <h2 id="vsm-compare-table">{tr("compare.title")}</h2>
          <div class="table-wrap">
            <table class="vsm-compare-table" data-testid="vsm-compare-table">
              <thead>
                <tr>
                  <th scope="col">{tr("compare.metric")}</th>
                  <th scope="col" class="num">
                    {tr("state.current")}
                  </th>
                  <th scope="col" class="vsm-arrow-col" aria-hidden="true" />
                  <th scope="col" class="num">
                    {tr("state.future")}
                  </th>
                  <th scope="col">{tr("compare.change")}</th>
                </tr>
              </thead>
              <tbody>
                {a.comparison.map((c) => {
                  const tone = toneOf(c);
                  return (
                    <tr key={c.metric} data-metric={c.metric} class={c.metric === "lead_minutes" || c.metric === "pce_pct" ? "is-key" : ""}>
                      <th scope="row">
                        {tr(`metric.${c.metric}`)}
                        {c.better && <span class="vsm-better">{tr(`compare.better.${c.better}`)}</span>}
                      </th>
                      <td class="num">{formatMetric(c.metric, c.current)}</td>
                      <td class="vsm-arrow-col" aria-hidden="true">
                        →
                      </td>
                      <td class="num">{formatMetric(c.metric, c.future)}</td>
                      <td data-outcome={c.outcome ?? ""}>
                        {c.change === null ? (
                          <span class="muted">—</span>
                        ) : (
                          <span class={`vsm-delta vsm-delta-${tone}`}>
                            {c.outcome === "unchanged" ? tr("compare.outcome.unchanged") : changeText(c)}
                            {c.outcome && c.outcome !== "unchanged" ? (
                              <span class="vsm-outcome"> · {tr(`compare.outcome.${c.outcome}`)}</span>
                            ) : null}
                          </span>
                        )}
                      </td>
                    </tr>
                  );
                })}
                <tr>
                  <th scope="row">{tr("compare.overTakt")}</th>
                  <td class="num">{a.current.steps ? a.current.over_takt.length : "—"}</td>
                  <td class="vsm-arrow-col" aria-hidden="true">
                    →
                  </td>
                  <td class="num">{a.future.steps ? a.future.over_takt.length : "—"}</td>
                  <td class="muted small">
                    {a.takt_minutes !== null ? tr("compare.taktIs", { takt: fmtMinutes(a.takt_minutes) }) : tr("kpi.taktUnset")}
                  </td>
                </tr>
              </tbody>
            </table>
          </div>
          <p class="hint vsm-compare-foot" data-testid="vsm-compare-basis">
            {tr(`basisNote.${a.time_basis ?? "working"}`, { hours: a.day_hours })}
          </p>
        </section>
      </div>
    </div>
  );
}
