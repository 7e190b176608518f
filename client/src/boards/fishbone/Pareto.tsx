// The Pareto chart of counted causes from the live analysis: bars sorted by count (vital few
// highlighted), the cumulative % line, the 80 % cut-off; the numbers in a table below.
import { memo } from "preact/compat";
import { useCallback, useMemo, useRef, useState } from "preact/hooks";
import { useLanguage } from "../../i18n";
import { ft } from "./i18n";
import { pageFontFamily, useWidth } from "../../ui/size";
import { wrap } from "./diagram-layout";
import type { FishboneAnalysis, FishboneSnapshot } from "./schema";
import { formatNumber } from "../../ui/intl";

let ctx: CanvasRenderingContext2D | null = null;
const measure = (text: string, size: number, family: string) => {
  ctx ??= document.createElement("canvas").getContext("2d");
  if (!ctx) return text.length * size * 0.6;
  ctx.font = `400 ${size}px ${family}`;
  return ctx.measureText(text).width;
};

const PAD = { left: 46, right: 52, top: 26 };
const LABEL_SIZE = 11.5;
const LABEL_LINE = 14;

interface ChartProps {
  analysis: FishboneAnalysis;
  /** the bars' cause texts, in the analysis's order (the same array while they stay) */
  texts: string[];
  selected: string | null;
  onSelect: (id: string) => void;
}

/** The chart, redrawn only when the analysis, the bars' texts or the selection change (the
 * board's view renders on every edit and each redraw measures every label); its click goes
 * through the latest props. */
export function Pareto(props: {
  analysis: FishboneAnalysis;
  snap: FishboneSnapshot;
  selected: string | null;
  onSelect: (id: string) => void;
}) {
  const latest = useRef(props.onSelect);
  latest.current = props.onSelect;
  const onSelect = useCallback((id: string) => latest.current(id), []);
  const all = props.analysis.pareto.bars.map((b) => props.snap.byId.get(b.id)?.text.trim() || ft("diagram.emptyCause"));
  const key = all.join("\u0000");
  const texts = useMemo(() => all, [key]);
  return <ParetoMemo analysis={props.analysis} texts={texts} selected={props.selected} onSelect={onSelect} />;
}

function ParetoChart(props: ChartProps) {
  const lang = useLanguage();
  const [box, setBox] = useState<HTMLDivElement | null>(null);
  const width = Math.max(300, useWidth(box) || 640);
  const { pareto } = props.analysis;
  const bars = pareto.bars;
  const family = pageFontFamily();
  const fmt = (n: number) => formatNumber(n, lang, { maximumFractionDigits: 1 });
  const texts = new Map(bars.map((b, i) => [b.id, props.texts[i]]));
  const textOf = (id: string) => texts.get(id) ?? "";

  const plotW = width - PAD.left - PAD.right;
  const band = plotW / Math.max(1, bars.length);
  const named = band >= 56;
  // (measured text: kept while the texts and the band width stay, e.g. when only counts change)
  const labels = useMemo(
    () => props.texts.map((text, i) => (named ? wrap(text, band - 8, (s) => measure(s, LABEL_SIZE, family), 3) : [String(i + 1)])),
    [props.texts, band, named, family],
  );

  if (!bars.length)
    return (
      <div class="empty-state fb-pareto-empty">
        <p>{ft("pareto.empty")}</p>
      </div>
    );

  const labelH = Math.max(...labels.map((l) => l.length)) * LABEL_LINE + 10;
  const plotH = Math.max(160, Math.min(260, width * 0.32));
  const height = PAD.top + plotH + labelH + 4;
  const y = (pct: number) => PAD.top + plotH * (1 - pct / 100);
  const cx = (i: number) => PAD.left + band * (i + 0.5);
  const barW = Math.min(64, band * 0.64);
  const total = pareto.total;
  const cutoff = pareto.cutoff_pct;
  const line = bars.map((b, i) => `${i ? "L" : "M"}${cx(i).toFixed(1)} ${y(b.cumulative_pct).toFixed(1)}`).join(" ");
  const ticks = [0, 25, 50, 75, 100];
  const vitalN = bars.filter((b) => b.vital).length;
  const summary = ft("pareto.summary", {
    count: bars.length,
    total,
    vital: vitalN,
    share: bars.filter((b) => b.vital).slice(-1)[0]?.cumulative_pct ?? 0,
    cutoff,
  });

  return (
    <div class="fishbone-pareto" ref={setBox}>
      <svg
        width={width}
        height={height}
        viewBox={`0 0 ${width} ${height}`}
        role="img"
        aria-label={summary}
        font-family={family}
        data-testid="fishbone-pareto"
      >
        {ticks.map((t) => (
          <g key={t} class="fb-p-grid">
            <line x1={PAD.left} x2={width - PAD.right} y1={y(t)} y2={y(t)} />
            <text x={PAD.left - 8} y={y(t) + 4} text-anchor="end">
              {fmt((total * t) / 100)}
            </text>
            <text x={width - PAD.right + 8} y={y(t) + 4}>
              {t} %
            </text>
          </g>
        ))}
        {bars.map((b, i) => {
          const top = y(b.share_pct);
          const h = PAD.top + plotH - top;
          const inside = h > 22;
          return (
            <g
              key={b.id}
              class={`fb-p-bar${b.vital ? " vital" : ""}${props.selected === b.id ? " selected" : ""}`}
              onClick={() => props.onSelect(b.id)}
              data-cause-id={b.id}
            >
              <title>{`${textOf(b.id)}: ${b.count} (${fmt(b.share_pct)} %, ${ft("pareto.cumulative")} ${fmt(b.cumulative_pct)} %)`}</title>
              <rect class="fb-p-hit" x={cx(i) - band / 2} y={PAD.top} width={band} height={plotH + labelH} />
              <rect class="fb-p-rect" x={cx(i) - barW / 2} y={top} width={barW} height={Math.max(1, h)} rx="3" />
              <text class={`fb-p-count${inside ? " inside" : ""}`} x={cx(i)} y={inside ? top + 15 : top - 5} text-anchor="middle">
                {b.count}
              </text>
              {labels[i].map((l, k) => (
                <text
                  key={k}
                  class="fb-p-label"
                  x={cx(i)}
                  y={PAD.top + plotH + 16 + k * LABEL_LINE}
                  text-anchor="middle"
                  font-size={LABEL_SIZE}
                >
                  {l}
                </text>
              ))}
            </g>
          );
        })}
        <line class="fb-p-cutoff" x1={PAD.left} x2={width - PAD.right} y1={y(cutoff)} y2={y(cutoff)} />
        <text class="fb-p-cutoff-label" x={PAD.left + 6} y={y(cutoff) - 6}>
          {ft("pareto.cutoff", { pct: cutoff })}
        </text>
        <path class="fb-p-line" d={line} />
        {bars.map((b, i) => (
          <g key={b.id} class="fb-p-point">
            <circle cx={cx(i)} cy={y(b.cumulative_pct)} r={b.vital && !bars[i + 1]?.vital ? 5 : 3.5} />
            <text x={cx(i)} y={y(b.cumulative_pct) - 9} text-anchor="middle">
              {fmt(b.cumulative_pct)} %
            </text>
          </g>
        ))}
        <line class="fb-p-axis" x1={PAD.left} x2={width - PAD.right} y1={PAD.top + plotH} y2={PAD.top + plotH} />
      </svg>
      <div class="fb-p-legend" aria-hidden="true">
        <span>
          <i class="fb-key fb-key-vital" />
          {ft("pareto.vital")}
        </span>
        <span>
          <i class="fb-key fb-key-other" />
          {ft("pareto.trivial")}
        </span>
        <span>
          <i class="fb-key fb-key-line" />
          {ft("pareto.cumulative")}
        </span>
        <span>
          <i class="fb-key fb-key-cutoff" />
          {ft("pareto.cutoff", { pct: cutoff })}
        </span>
      </div>
      <details class="fb-p-table">
        <summary>{ft("pareto.table")}</summary>
        <div class="table-wrap">
          <table class="data-table">
            <thead>
              <tr>
                <th scope="col">#</th>
                <th scope="col">{ft("pareto.cause")}</th>
                <th scope="col" class="num-col">
                  {ft("detail.count")}
                </th>
                <th scope="col" class="num-col">
                  {ft("pareto.share")}
                </th>
                <th scope="col" class="num-col">
                  {ft("pareto.cumulative")}
                </th>
              </tr>
            </thead>
            <tbody>
              {bars.map((b, i) => (
                <tr key={b.id} class={b.vital ? "fb-vital-row" : ""}>
                  <td>{i + 1}</td>
                  <td>
                    {textOf(b.id)}
                    {b.vital && <span class="chip chip-accent fb-vital-chip">{ft("pareto.vital")}</span>}
                  </td>
                  <td class="num-col">{b.count}</td>
                  <td class="num-col">{fmt(b.share_pct)} %</td>
                  <td class="num-col">{fmt(b.cumulative_pct)} %</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      </details>
    </div>
  );
}

const ParetoMemo = memo(ParetoChart);
