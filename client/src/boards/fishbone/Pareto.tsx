// The Pareto chart of counted causes from the live analysis: bars sorted by count (vital few
// highlighted), the cumulative % line, the 80 % cut-off; the numbers in a table below.
import { memo } from "preact/compat";
import { useCallback, useMemo, useRef, useState } from "preact/hooks";
import { useLanguage } from "../../i18n";
import { ft } from "./i18n";
import { pageFontFamily, useWidth } from "../../ui/size";
import { wrap } from "./diagram-layout";
import type { FishboneAnalysis, FishboneSnapshot, ParetoBar } from "./schema";
import { formatNumber } from "../../ui/intl";

let ctx: CanvasRenderingContext2D | null = null;
const measure = (text: string, size: number, family: string) => {
  ctx ??= document.createElement("canvas").getContext("2d");
  if (!ctx) return text.length * size * 0.6;
  ctx.font = `400 ${size}px ${family}`;
  return ctx.measureText(text).width;
};

// A bar's label lines, kept per font, width and text: a label is wrapped (measured dozens of
// times) once, not again each time another cause's text or a count changes.
const wrappedLabels = new Map<string, string[]>();

function labelLines(text: string, width: number, family: string): string[] {
  const key = `${family}|${width}|${text}`;
  let lines = wrappedLabels.get(key);
  if (!lines) {
    if (wrappedLabels.size > 2000) wrappedLabels.clear();
    lines = wrap(text, width, (s) => measure(s, LABEL_SIZE, family), 3);
    wrappedLabels.set(key, lines);
  }
  return lines;
}

// Too narrow for names, a bar shows its place: the same lines each time, as the names are.
const numbers: string[][] = [];
const numberLabel = (n: number) => (numbers[n] ??= [String(n)]);

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
    () => props.texts.map((text, i) => (named ? labelLines(text, band - 8, family) : numberLabel(i + 1))),
    [props.texts, band, named, family],
  );
  const [tableOpen, setTableOpen] = useState(false);

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
        {bars.map((b, i) => (
          <BarMemo
            key={b.id}
            bar={b}
            text={textOf(b.id)}
            lines={labels[i]}
            cx={cx(i)}
            band={band}
            barW={barW}
            plotH={plotH}
            labelH={labelH}
            selected={props.selected === b.id}
            onSelect={props.onSelect}
            lang={lang}
          />
        ))}
        <line class="fb-p-cutoff" x1={PAD.left} x2={width - PAD.right} y1={y(cutoff)} y2={y(cutoff)} />
        <text class="fb-p-cutoff-label" x={PAD.left + 6} y={y(cutoff) - 6}>
          {ft("pareto.cutoff", { pct: cutoff })}
        </text>
        <path class="fb-p-line" d={line} />
        {bars.map((b, i) => (
          <PointMemo
            key={b.id}
            cx={cx(i)}
            cy={y(b.cumulative_pct)}
            r={b.vital && !bars[i + 1]?.vital ? 5 : 3.5}
            pct={b.cumulative_pct}
            lang={lang}
          />
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
      <details class="fb-p-table" onToggle={(e) => setTableOpen((e.currentTarget as HTMLDetailsElement).open)}>
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
              {/* (its rows only while open: a closed table is not read, and the chart redraws on every count) */}
              {tableOpen &&
                bars.map((b, i) => (
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

// The chart redraws whenever the analysis changes (a count anywhere, 20 edits a second on a busy
// board): bars and points whose drawing did not change are not built and diffed again.
interface BarProps {
  bar: ParetoBar;
  text: string;
  lines: string[];
  cx: number;
  band: number;
  barW: number;
  plotH: number;
  labelH: number;
  selected: boolean;
  onSelect: (id: string) => void;
  lang: string;
}

function Bar({ bar: b, text, lines, cx, band, barW, plotH, labelH, selected, onSelect, lang }: BarProps) {
  const fmt = (n: number) => formatNumber(n, lang, { maximumFractionDigits: 1 });
  const top = PAD.top + plotH * (1 - b.share_pct / 100);
  const h = PAD.top + plotH - top;
  const inside = h > 22;
  return (
    <g class={`fb-p-bar${b.vital ? " vital" : ""}${selected ? " selected" : ""}`} onClick={() => onSelect(b.id)} data-cause-id={b.id}>
      <title>{`${text}: ${b.count} (${fmt(b.share_pct)} %, ${ft("pareto.cumulative")} ${fmt(b.cumulative_pct)} %)`}</title>
      <rect class="fb-p-hit" x={cx - band / 2} y={PAD.top} width={band} height={plotH + labelH} />
      <rect class="fb-p-rect" x={cx - barW / 2} y={top} width={barW} height={Math.max(1, h)} rx="3" />
      <text class={`fb-p-count${inside ? " inside" : ""}`} x={cx} y={inside ? top + 15 : top - 5} text-anchor="middle">
        {b.count}
      </text>
      {lines.map((l, k) => (
        <text key={k} class="fb-p-label" x={cx} y={PAD.top + plotH + 16 + k * LABEL_LINE} text-anchor="middle" font-size={LABEL_SIZE}>
          {l}
        </text>
      ))}
    </g>
  );
}

const sameBar = (a: BarProps, b: BarProps) =>
  a.bar.id === b.bar.id &&
  a.bar.count === b.bar.count &&
  a.bar.share_pct === b.bar.share_pct &&
  a.bar.cumulative_pct === b.bar.cumulative_pct &&
  a.bar.vital === b.bar.vital &&
  a.text === b.text &&
  a.lines === b.lines &&
  a.cx === b.cx &&
  a.band === b.band &&
  a.barW === b.barW &&
  a.plotH === b.plotH &&
  a.labelH === b.labelH &&
  a.selected === b.selected &&
  a.onSelect === b.onSelect &&
  a.lang === b.lang;

const BarMemo = memo(Bar, sameBar);

const PointMemo = memo(function Point({ cx, cy, r, pct, lang }: { cx: number; cy: number; r: number; pct: number; lang: string }) {
  return (
    <g class="fb-p-point">
      <circle cx={cx} cy={cy} r={r} />
      <text x={cx} y={cy - 9} text-anchor="middle">
        {formatNumber(pct, lang, { maximumFractionDigits: 1 })} %
      </text>
    </g>
  );
});
