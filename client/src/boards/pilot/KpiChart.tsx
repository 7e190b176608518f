// One KPI over the pilot: every reading (coloured by site), the daily mean, the baseline and
// target lines, and the plan changes as markers. Hand-written SVG drawn at the real width.
import { memo } from "preact/compat";
import { useCallback, useEffect, useMemo, useRef, useState } from "preact/hooks";
import { useLanguage } from "../../i18n";
import { formatDay, formatNumber } from "./api";
import { tp } from "./i18n";
import { baselineOf, type Kpi, type PlanChange, type Reading } from "./schema";
import { formatDate } from "../../ui/intl";

export const SITE_COLORS = ["#3b5bdb", "#0c8599", "#e8590c", "#9c36b5", "#2b8a3e", "#c2255c"];
const DAY = 86_400_000;
// (thousands of readings on a few dozen days: each day parsed once)
const parsedDays = new Map<string, number>();
const dayOf = (iso: string) => {
  let t = parsedDays.get(iso);
  if (t === undefined) {
    if (parsedDays.size > 5000) parsedDays.clear();
    t = Date.parse(`${iso}T00:00:00Z`);
    parsedDays.set(iso, t);
  }
  return t;
};

export function useWidth(): [(el: HTMLDivElement | null) => void, number] {
  const [width, setWidth] = useState(0);
  const observer = useRef<ResizeObserver | null>(null);
  useEffect(() => () => observer.current?.disconnect(), []);
  // the same callback every render: a new one would be called again on each render, reading the
  // width (a forced layout) and replacing the observer every time a reading arrives
  const ref = useCallback((el: HTMLDivElement | null) => {
    observer.current?.disconnect();
    if (!el) return;
    setWidth(el.clientWidth);
    observer.current = new ResizeObserver((entries) => setWidth(Math.round(entries[0].contentRect.width)));
    observer.current.observe(el);
  }, []);
  return [ref, width];
}

/** About `count` round tick values covering [lo, hi]. */
export function niceTicks(lo: number, hi: number, count = 5): number[] {
  if (!(hi > lo)) return [lo];
  const raw = (hi - lo) / Math.max(1, count - 1);
  const mag = 10 ** Math.floor(Math.log10(raw));
  const step = [1, 2, 2.5, 5, 10].map((m) => m * mag).find((s) => s >= raw) ?? raw;
  const out: number[] = [];
  for (let v = Math.floor(lo / step) * step; v <= hi + step * 1e-9; v += step) out.push(Number(v.toFixed(10)));
  return out;
}

interface Scale {
  X: (t: number) => number;
  Y: (v: number) => number;
}

/** The chart's scale, the same object while its numbers stay (dot groups memoise on it). */
function useScale(left: number, top: number, iw: number, ih: number, x0: number, x1: number, lo: number, hi: number): Scale {
  return useMemo(
    () => ({
      X: (t: number) => left + ((t - x0) / (x1 - x0)) * iw,
      Y: (v: number) => top + ih - ((v - lo) / (hi - lo || 1)) * ih,
    }),
    [left, top, iw, ih, x0, x1, lo, hi],
  );
}

// Thousands of dots: drawn in groups that re-render only when their own readings (the same
// objects while unchanged, see readReadings) or the scale change, so a new reading redraws one
// group, not every dot of the chart.
const GROUP = 200;

function chunks<T>(items: T[]): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += GROUP) out.push(items.slice(i, i + GROUP));
  return out;
}

interface DotProps {
  readings: Reading[];
  scale: Scale;
  sites: string[];
  unit: string;
  lang: string;
}

function Dots({ readings, scale, sites, unit, lang }: DotProps) {
  const siteColor = (site: string) => {
    const i = sites.indexOf(site);
    return i >= 0 ? SITE_COLORS[i % SITE_COLORS.length] : "#868e96";
  };
  return (
    <g>
      {readings.map((r) => (
        <circle key={r.id} class="pilot-dot" cx={scale.X(dayOf(r.date))} cy={scale.Y(r.value)} r={4.5} fill={siteColor(r.site)}>
          <title>{`${formatDay(r.date, lang)} · ${r.site || "—"} · ${formatNumber(r.value, lang)}${unit}${r.display_name ? ` · ${r.display_name}` : ""}`}</title>
        </circle>
      ))}
    </g>
  );
}

const sameDots = (a: DotProps, b: DotProps) =>
  a.scale === b.scale &&
  a.sites === b.sites &&
  a.unit === b.unit &&
  a.lang === b.lang &&
  a.readings.length === b.readings.length &&
  a.readings.every((r, i) => r === b.readings[i]);

const DotGroup = memo(Dots, sameDots);

function KpiChartView(props: {
  kpi: Kpi;
  baseline?: number | null;
  readings: Reading[];
  start: string;
  end: string;
  changes: PlanChange[];
  sites: string[];
}) {
  const lang = useLanguage();
  const [ref, width] = useWidth();
  const { kpi, readings } = props;
  // the evaluation's baseline (what its test compares) when there is one
  const baseline = props.baseline ?? baselineOf(kpi);
  const height = 230;
  const m = { l: 44, r: 86, t: 16, b: 28 };
  const w = Math.max(260, width);
  const iw = w - m.l - m.r;
  const ih = height - m.t - m.b;

  const days = readings.map((r) => dayOf(r.date)).filter(Number.isFinite);
  const s = props.start ? dayOf(props.start) : NaN;
  const e = props.end ? dayOf(props.end) : NaN;
  let x0 = Math.min(...days, ...(Number.isFinite(s) ? [s] : []));
  let x1 = Math.max(...days, ...(Number.isFinite(e) ? [e] : []));
  if (!Number.isFinite(x0) || !Number.isFinite(x1)) {
    x0 = Date.now() - 7 * DAY;
    x1 = Date.now();
  }
  if (x1 - x0 < DAY) {
    x0 -= DAY;
    x1 += DAY;
  }
  const values = [...readings.map((r) => r.value), ...(baseline !== null ? [baseline] : []), ...(kpi.target !== null ? [kpi.target] : [])];
  let lo = values.length ? Math.min(...values) : 0;
  let hi = values.length ? Math.max(...values) : 1;
  const pad = (hi - lo || Math.abs(hi) || 1) * 0.12;
  lo = lo >= 0 && lo - pad < 0 ? 0 : lo - pad;
  hi += pad;
  const ticks = niceTicks(lo, hi, 5);
  lo = Math.min(lo, ticks[0]);
  hi = Math.max(hi, ticks[ticks.length - 1]);
  const scale = useScale(m.l, m.t, iw, ih, x0, x1, lo, hi);
  const { X, Y } = scale;

  const byDay = new Map<number, { sum: number; n: number }>();
  for (const r of readings) {
    const d = dayOf(r.date);
    const day = byDay.get(d);
    if (day) {
      day.sum += r.value;
      day.n += 1;
    } else byDay.set(d, { sum: r.value, n: 1 });
  }
  const means = [...byDay].sort((a, b) => a[0] - b[0]).map(([d, { sum, n }]) => [d, sum / n] as const);
  const meanPath = means.map(([d, v], i) => `${i ? "L" : "M"}${X(d).toFixed(1)},${Y(v).toFixed(1)}`).join("");
  const xTickCount = Math.max(2, Math.min(6, Math.floor(iw / 90)));
  const xTicks = Array.from({ length: xTickCount }, (_, i) => x0 + Math.round(((x1 - x0) / DAY) * (i / (xTickCount - 1))) * DAY);
  const unit = kpi.unit ? ` ${kpi.unit}` : "";
  const changes = props.changes
    .map((c, i) => ({ ...c, i, t: dayOf(c.date) }))
    .filter((c) => Number.isFinite(c.t) && c.t >= x0 && c.t <= x1);
  const line = (v: number | null, cls: string, label: string) =>
    v === null ? null : (
      <g class={cls}>
        <line x1={m.l} x2={m.l + iw} y1={Y(v)} y2={Y(v)} />
        <text x={m.l + iw + 6} y={Y(v) + 4}>
          {label}
        </text>
      </g>
    );
  const summary = tp("chart.label", {
    kpi: kpi.name,
    count: readings.length,
    baseline: baseline === null ? "—" : `${formatNumber(baseline, lang)}${unit}`,
    target: kpi.target === null ? "—" : `${formatNumber(kpi.target, lang)}${unit}`,
  });
  return (
    <div class="pilot-chart" ref={ref}>
      {width > 0 && (
        <svg width={w} height={height} viewBox={`0 0 ${w} ${height}`} role="img" aria-label={summary}>
          <title>{summary}</title>
          <ChartAxes class="pilot-grid" ticks={ticks} xTicks={xTicks} X={X} Y={Y} left={m.l} right={m.l + iw} height={height} />
          {Number.isFinite(s) && Number.isFinite(e) && (
            <rect class="pilot-period-band" x={X(s)} y={m.t} width={Math.max(0, X(e) - X(s))} height={ih} />
          )}
          {changes.map((c) => (
            <g key={c.i} class="pilot-change-mark">
              <line x1={X(c.t)} x2={X(c.t)} y1={m.t} y2={m.t + ih} />
              <circle cx={X(c.t)} cy={m.t + 2} r={8} />
              <text x={X(c.t)} y={m.t + 6} text-anchor="middle">
                {c.i + 1}
              </text>
              <title>{`${formatDay(c.date, lang)}: ${c.text}`}</title>
            </g>
          ))}
          {line(baseline, "pilot-line-baseline", tp("chart.baseline", { value: formatNumber(baseline, lang) }))}
          {line(kpi.target, "pilot-line-target", tp("chart.target", { value: formatNumber(kpi.target, lang) }))}
          {meanPath && <path class="pilot-mean" d={meanPath} />}
          {chunks(readings).map((part, i) => (
            <DotGroup key={i} readings={part} scale={scale} sites={props.sites} unit={unit} lang={lang} />
          ))}
        </svg>
      )}
      {readings.length === 0 && <p class="pilot-chart-empty muted small">{tp("chart.empty")}</p>}
    </div>
  );
}

/** Redrawn only when its own props change: the pilot view passes the same arrays between
 * changes of the readings, so typing in the definition leaves thousands of dots alone. */
export const KpiChart = memo(KpiChartView);

/** A time chart's grid: value gridlines with their labels on the left, day labels below. */
export function ChartAxes(props: {
  class: string;
  ticks: number[];
  xTicks: number[];
  X: (t: number) => number;
  Y: (v: number) => number;
  left: number;
  right: number;
  height: number;
}) {
  const lang = useLanguage();
  const { ticks, xTicks, X, Y } = props;
  const short = (t: number) => formatDate(t, lang, { month: "numeric", day: "numeric", timeZone: "UTC" });
  return (
    <g class={props.class}>
      {ticks.map((t) => (
        <g key={t}>
          <line x1={props.left} x2={props.right} y1={Y(t)} y2={Y(t)} />
          <text x={props.left - 8} y={Y(t) + 4} text-anchor="end">
            {formatNumber(t, lang)}
          </text>
        </g>
      ))}
      {xTicks.map((t, i) => (
        <text key={t} x={X(t)} y={props.height - 8} text-anchor={i === 0 ? "start" : i === xTicks.length - 1 ? "end" : "middle"}>
          {short(t)}
        </text>
      ))}
    </g>
  );
}
