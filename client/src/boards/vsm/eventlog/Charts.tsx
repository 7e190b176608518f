// The analysis's two charts, drawn as SVG like the other boards' charts (the client has no
// chart library): throughput time per case over time (median and p90 lines) and the share of
// lead time per step as a Pareto (bars sorted by share, cumulative line).
import { useState } from "preact/hooks";
import { useWidth } from "../../../ui/size";
import { fmtMinutes, fmtNum } from "../format";
import { tr } from "../i18n";
import type { ActivityStats, PeriodPoint } from "./model";

const PAD = { left: 64, right: 48, top: 18, bottom: 40 };

export function ThroughputChart({ points }: { points: PeriodPoint[] }) {
  const [box, setBox] = useState<HTMLDivElement | null>(null);
  const width = Math.max(280, useWidth(box) || 560);
  if (points.length < 2) return <p class="hint">{tr("eventlog.chart.fewPoints")}</p>;
  const height = 220;
  const plotW = width - PAD.left - PAD.right;
  const plotH = height - PAD.top - PAD.bottom;
  const max = Math.max(...points.map((p) => p.p90), 1);
  const x = (i: number) => PAD.left + (plotW * i) / (points.length - 1);
  const y = (v: number) => PAD.top + plotH * (1 - v / max);
  const path = (f: (p: PeriodPoint) => number) =>
    points.map((p, i) => `${i ? "L" : "M"}${x(i).toFixed(1)} ${y(f(p)).toFixed(1)}`).join(" ");
  const every = Math.ceil(points.length / Math.max(2, Math.floor(plotW / 80)));
  const summary = tr("eventlog.chart.throughputSummary", {
    n: points.length,
    first: fmtMinutes(points[0].median),
    last: fmtMinutes(points[points.length - 1].median),
  });
  return (
    <div class="vsm-el-chart" ref={setBox}>
      <svg width={width} height={height} role="img" aria-label={summary} data-testid="eventlog-throughput-chart">
        {[0, 0.5, 1].map((t) => (
          <g key={t} class="vsm-el-grid">
            <line x1={PAD.left} x2={width - PAD.right} y1={y(max * t)} y2={y(max * t)} />
            <text x={PAD.left - 6} y={y(max * t) + 4} text-anchor="end">
              {fmtMinutes(max * t)}
            </text>
          </g>
        ))}
        {points.map((p, i) =>
          i % every === 0 ? (
            <text key={i} class="vsm-el-tick" x={x(i)} y={height - PAD.bottom + 16} text-anchor="middle">
              {p.period_start.slice(5)}
            </text>
          ) : null,
        )}
        <path class="vsm-el-line p90" d={path((p) => p.p90)} />
        <path class="vsm-el-line median" d={path((p) => p.median)} />
        {points.map((p, i) => (
          <circle key={i} class="vsm-el-dot" cx={x(i)} cy={y(p.median)} r={3}>
            <title>{`${p.period_start}: ${tr("eventlog.median")} ${fmtMinutes(p.median)}, p90 ${fmtMinutes(p.p90)}, ${tr("eventlog.casesN", { n: p.cases })}`}</title>
          </circle>
        ))}
      </svg>
      <div class="vsm-el-legend" aria-hidden="true">
        <span>
          <i class="vsm-el-key median" />
          {tr("eventlog.median")}
        </span>
        <span>
          <i class="vsm-el-key p90" />
          p90
        </span>
        <span>{tr(`eventlog.granularity.${points[0].granularity}`)}</span>
      </div>
    </div>
  );
}

export function ShareParetoChart({ activities }: { activities: ActivityStats[] }) {
  const [box, setBox] = useState<HTMLDivElement | null>(null);
  const width = Math.max(280, useWidth(box) || 560);
  const bars = [...activities].filter((a) => a.share_of_lead_time > 0).sort((a, b) => b.share_of_lead_time - a.share_of_lead_time);
  if (!bars.length) return <p class="hint">{tr("eventlog.chart.noShares")}</p>;
  const height = 240;
  const plotW = width - PAD.left - PAD.right;
  const plotH = height - PAD.top - PAD.bottom - 20;
  const band = plotW / bars.length;
  const barW = Math.min(56, band * 0.64);
  const cx = (i: number) => PAD.left + band * (i + 0.5);
  const y = (share: number) => PAD.top + plotH * (1 - share);
  let cum = 0;
  const cumulative = bars.map((b) => (cum += b.share_of_lead_time));
  const line = cumulative.map((c, i) => `${i ? "L" : "M"}${cx(i).toFixed(1)} ${y(c).toFixed(1)}`).join(" ");
  const named = band >= 60;
  const label = (s: string) => (s.length > 10 ? `${s.slice(0, 9)}…` : s);
  return (
    <div class="vsm-el-chart" ref={setBox}>
      <svg
        width={width}
        height={height}
        role="img"
        aria-label={tr("eventlog.chart.paretoSummary", { name: bars[0].name, share: fmtNum(bars[0].share_of_lead_time * 100, 0) })}
        data-testid="eventlog-pareto-chart"
      >
        {[0, 0.25, 0.5, 0.75, 1].map((t) => (
          <g key={t} class="vsm-el-grid">
            <line x1={PAD.left} x2={width - PAD.right} y1={y(t)} y2={y(t)} />
            <text x={PAD.left - 6} y={y(t) + 4} text-anchor="end">
              {fmtNum(t * 100, 0)}%
            </text>
          </g>
        ))}
        {bars.map((b, i) => (
          <g key={b.name} class="vsm-el-bar" data-activity={b.name}>
            <title>{`${b.name}: ${fmtNum(b.share_of_lead_time * 100, 1)}%`}</title>
            <rect
              x={cx(i) - barW / 2}
              y={y(b.share_of_lead_time)}
              width={barW}
              height={Math.max(1, PAD.top + plotH - y(b.share_of_lead_time))}
              rx="3"
            />
            <text class="vsm-el-count" x={cx(i)} y={y(b.share_of_lead_time) - 5} text-anchor="middle">
              {fmtNum(b.share_of_lead_time * 100, 0)}%
            </text>
            <text class="vsm-el-tick" x={cx(i)} y={PAD.top + plotH + 16} text-anchor="middle">
              {named ? label(b.name) : String(i + 1)}
            </text>
          </g>
        ))}
        <path class="vsm-el-line cumulative" d={line} />
        {cumulative.map((c, i) => (
          <circle key={i} class="vsm-el-dot cumulative" cx={cx(i)} cy={y(c)} r={3} />
        ))}
      </svg>
      <div class="vsm-el-legend" aria-hidden="true">
        <span>
          <i class="vsm-el-key bar" />
          {tr("eventlog.shareOfLead")}
        </span>
        <span>
          <i class="vsm-el-key cumulative" />
          {tr("eventlog.cumulative")}
        </span>
      </div>
    </div>
  );
}
