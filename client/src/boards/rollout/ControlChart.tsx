// One KPI after go-live as an individuals (XmR) control chart from the server's analysis: centre
// line, UCL/LCL, the 1σ/2σ zones the run rules use, and every reading coloured by the signals it
// takes part in (worse for the KPI, better, none). Hand-written SVG at the real width, like the
// pilot's KpiChart.
import * as Y from "yjs";
import { useLanguage } from "../../i18n";
import { formatDay, formatNumber } from "../pilot/api";
import { ChartAxes, niceTicks, useWidth } from "../pilot/KpiChart";
import { tr, trMaybe } from "./i18n";
import { LIMITS_FROM, sustainMap, type ControlChart as Chart, type LimitsFrom, type Wave } from "./schema";

const DAY = 86_400_000;
const dayOf = (iso: string) => Date.parse(`${iso}T00:00:00Z`);
type Edit = (fn: () => void) => void;

/** How a point reads: part of a signal in the worse direction, the better one, or none. */
function pointTone(chart: Chart, date: string, rules: string[]): "worse" | "better" | "none" {
  if (!rules.length) return "none";
  const hits = chart.signals.filter((s) => rules.includes(s.rule) && s.first_date <= date && date <= s.last_date);
  if (hits.some((s) => s.direction === "worse")) return "worse";
  return hits.length ? "better" : chart.relapse ? "worse" : "better";
}

export const ruleText = (rule: string) => trMaybe(`rules.${rule}`) ?? rule;

function Plot({ chart, waves }: { chart: Chart; waves: Wave[] }) {
  const lang = useLanguage();
  const [ref, width] = useWidth();
  const height = 240;
  const m = { l: 48, r: 64, t: 14, b: 28 };
  const w = Math.max(280, width);
  const iw = w - m.l - m.r;
  const ih = height - m.t - m.b;
  const pts = chart.points.filter((p) => Number.isFinite(dayOf(p.date)));
  const days = pts.map((p) => dayOf(p.date));
  let x0 = days.length ? Math.min(...days) : Date.now() - 7 * DAY;
  let x1 = days.length ? Math.max(...days) : Date.now();
  if (x1 - x0 < 2 * DAY) {
    x0 -= DAY;
    x1 += DAY;
  }
  const padX = (x1 - x0) * 0.03;
  x0 -= padX;
  x1 += padX;
  const lines = [chart.centre, chart.ucl, chart.lcl].filter((v): v is number => v !== null);
  const values = [...pts.map((p) => p.value), ...lines];
  let lo = values.length ? Math.min(...values) : 0;
  let hi = values.length ? Math.max(...values) : 1;
  const pad = (hi - lo || Math.abs(hi) || 1) * 0.1;
  lo -= pad;
  hi += pad;
  const ticks = niceTicks(lo, hi, 5);
  lo = Math.min(lo, ticks[0]);
  hi = Math.max(hi, ticks[ticks.length - 1]);
  const X = (t: number) => m.l + ((t - x0) / (x1 - x0 || 1)) * iw;
  const Y = (v: number) => m.t + ih - ((v - lo) / (hi - lo || 1)) * ih;
  const unit = chart.unit ? ` ${chart.unit}` : "";
  const path = pts.map((p, i) => `${i ? "L" : "M"}${X(dayOf(p.date)).toFixed(1)},${Y(p.value).toFixed(1)}`).join("");
  const xTickCount = Math.max(2, Math.min(7, Math.floor(iw / 80)));
  const xTicks = Array.from({ length: xTickCount }, (_, i) => x0 + ((x1 - x0) * i) / (xTickCount - 1));
  const waveName = (id: string) => waves.find((x) => x.id === id)?.name ?? "";
  const sigma = chart.sigma;
  const zone = (k: number) =>
    chart.centre !== null && sigma !== null ? (
      <rect
        class={`rollout-zone rollout-zone-${k}`}
        x={m.l}
        width={iw}
        y={Y(chart.centre + k * sigma)}
        height={Math.max(0, Y(chart.centre - k * sigma) - Y(chart.centre + k * sigma))}
      />
    ) : null;
  const hline = (v: number | null, cls: string, text: string) =>
    v === null ? null : (
      <g class={cls}>
        <line x1={m.l} x2={m.l + iw} y1={Y(v)} y2={Y(v)} />
        <text x={m.l + iw + 6} y={Y(v) + 4}>
          {text}
        </text>
      </g>
    );
  const summary = tr("chart.label", {
    kpi: chart.name,
    count: pts.length,
    centre: formatNumber(chart.centre, lang),
    ucl: formatNumber(chart.ucl, lang),
    lcl: formatNumber(chart.lcl, lang),
  });
  return (
    <div class="rollout-chart" ref={ref}>
      {width > 0 && (
        <svg width={w} height={height} viewBox={`0 0 ${w} ${height}`} role="img" aria-label={summary}>
          <title>{summary}</title>
          {zone(2)}
          {zone(1)}
          <ChartAxes class="rollout-chart-grid" ticks={ticks} xTicks={xTicks} X={X} Y={Y} left={m.l} right={m.l + iw} height={height} />
          {hline(chart.ucl, "rollout-limit", tr("chart.ucl", { value: formatNumber(chart.ucl, lang, 1) }))}
          {hline(chart.lcl, "rollout-limit", tr("chart.lcl", { value: formatNumber(chart.lcl, lang, 1) }))}
          {hline(chart.centre, "rollout-centre", tr("chart.centre", { value: formatNumber(chart.centre, lang, 1) }))}
          {path && <path class="rollout-run" d={path} />}
          {pts.map((p, i) => {
            const tone = pointTone(chart, p.date, p.signals);
            return (
              <circle
                key={i}
                class={`rollout-point rollout-point-${tone}`}
                cx={X(dayOf(p.date))}
                cy={Y(p.value)}
                r={tone === "none" ? 4 : 5.5}
                data-tone={tone}
                data-date={p.date}
                data-testid="chart-point"
              >
                <title>
                  {`${formatDay(p.date, lang)} · ${formatNumber(p.value, lang)}${unit}${waveName(p.wave_id) ? ` · ${waveName(p.wave_id)}` : ""}${
                    p.signals.length ? ` · ${p.signals.map(ruleText).join("; ")}` : ""
                  }`}
                </title>
              </circle>
            );
          })}
        </svg>
      )}
      {pts.length === 0 && <p class="rollout-chart-empty muted small">{tr("chart.empty")}</p>}
    </div>
  );
}

function SignalItems({ signals }: { signals: Chart["signals"] }) {
  const lang = useLanguage();
  return (
    <ul class="rollout-signals">
      {signals.map((s, i) => (
        <li key={i} class={`rollout-signal-${s.direction}`}>
          <strong>{ruleText(s.rule)}</strong> · {formatDay(s.first_date, lang)}
          {s.last_date !== s.first_date && <> – {formatDay(s.last_date, lang)}</>}
        </li>
      ))}
    </ul>
  );
}

/** The worse signals in full (a relapse needs reading); the better ones folded away. */
function SignalList({ chart }: { chart: Chart }) {
  const worse = chart.signals.filter((s) => s.direction === "worse");
  const better = chart.signals.filter((s) => s.direction === "better");
  return (
    <div data-testid="signals">
      {worse.length > 0 && (
        <>
          <p class="rollout-sub rollout-signal-worse">{tr("chart.worseSignals", { count: worse.length })}</p>
          <SignalItems signals={worse} />
        </>
      )}
      {better.length > 0 && (
        <details class="rollout-signals-better">
          <summary>{tr("chart.betterSignals", { count: better.length })}</summary>
          <SignalItems signals={better} />
        </details>
      )}
    </div>
  );
}

export function ControlChartPanel(props: { chart: Chart; waves: Wave[]; content: Y.Doc; canEdit: boolean; edit: Edit }) {
  const lang = useLanguage();
  const { chart } = props;
  const setLimits = (v: LimitsFrom) =>
    props.edit(() => {
      const map = sustainMap(props.content);
      const m = map.get(chart.kpi_id);
      if (m instanceof Y.Map) m.set("limits_from", v);
      else map.set(chart.kpi_id, new Y.Map<unknown>([["limits_from", v]]));
    });
  const state = chart.relapse ? "relapse" : chart.holding ? "holding" : chart.points.length ? "watch" : "none";
  return (
    <section
      class={`panel rollout-chart-panel${chart.relapse ? " is-relapse" : ""}`}
      aria-labelledby={`rc-${chart.kpi_id}`}
      data-kpi-id={chart.kpi_id}
      data-testid="control-chart"
    >
      <div class="panel-head">
        <h2 id={`rc-${chart.kpi_id}`}>
          {chart.name || chart.kpi_id}
          {chart.unit && <span class="muted rollout-unit"> ({chart.unit})</span>}
        </h2>
        <span class={`chip rollout-hold rollout-hold-${state}`} data-testid="chart-state" data-state={state}>
          {tr(`chart.state.${state}`)}
        </span>
      </div>
      <p class="small muted rollout-chart-sub">
        {tr(`chart.better.${chart.better}`)} · {tr("chart.points", { count: chart.points.length })}
        {chart.mr_bar !== null && <> · {tr("chart.mrBar", { value: formatNumber(chart.mr_bar, lang) })}</>}
      </p>
      <Plot chart={chart} waves={props.waves} />
      <div class="rollout-legend small">
        <span>
          <span class="rollout-key rollout-key-centre" aria-hidden="true" /> {tr("chart.centreKey")}
        </span>
        <span>
          <span class="rollout-key rollout-key-limit" aria-hidden="true" /> {tr("chart.limitsKey")}
        </span>
        <span>
          <span class="rollout-key-dot rollout-point-worse" aria-hidden="true" /> {tr("chart.worseKey")}
        </span>
        <span>
          <span class="rollout-key-dot rollout-point-better" aria-hidden="true" /> {tr("chart.betterKey")}
        </span>
      </div>
      <div class="rollout-limits">
        <label for={`limits-${chart.kpi_id}`} class="small">
          {tr("chart.limitsFrom")}
        </label>
        <select
          id={`limits-${chart.kpi_id}`}
          value={chart.limits_from}
          disabled={!props.canEdit}
          onChange={(e) => setLimits((e.currentTarget as HTMLSelectElement).value as LimitsFrom)}
        >
          {LIMITS_FROM.map((v) => (
            <option key={v} value={v}>
              {tr(`chart.from.${v}`)}
            </option>
          ))}
        </select>
        <span class="small muted">
          {tr("chart.limitPoints", { count: chart.limit_points })}
          {chart.provisional && <> · {tr("chart.provisional")}</>}
          {chart.limits_fallback && <> · {tr("chart.fallback")}</>}
        </span>
      </div>
      <SignalList chart={chart} />
    </section>
  );
}
