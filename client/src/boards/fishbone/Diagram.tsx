// The fishbone diagram in SVG: laid out by measuring text (diagram-layout.ts), scaled to fit
// the panel or zoomed, a click on a cause selects it (the outline is the keyboard path).
import { memo } from "preact/compat";
import { useMemo, useRef, useState } from "preact/hooks";
import { pageFontFamily, useWidth } from "../../ui/size";
import { Icon } from "../../ui/icons";
import { ft } from "./i18n";
import { layoutDiagram, SIZES, type BoneCache, type BoneGeom, type Measure } from "./diagram-layout";
import type { FishboneSnapshot } from "./schema";

const widths = new Map<string, number>();
let canvas: CanvasRenderingContext2D | null = null;

function measurer(family: string): Measure {
  return (text, size, bold = false) => {
    const font = `${bold ? 650 : 400} ${size}px ${family}`;
    const key = `${font}|${text}`;
    let w = widths.get(key);
    if (w === undefined) {
      canvas ??= document.createElement("canvas").getContext("2d");
      if (!canvas) return text.length * size * 0.6;
      canvas.font = font;
      w = canvas.measureText(text).width;
      if (widths.size > 20000) widths.clear();
      widths.set(key, w);
    }
    return w;
  };
}

const ZOOMS = [0.5, 0.67, 0.8, 1, 1.25, 1.5];

// A bone's line and label, and its rows, drawn in its frame (the caller moves it into place):
// kept (memo) while the layout keeps the bone, so a key typed into one cause redraws one bone.
const BoneLine = memo(function BoneLine({ bone, onSelect }: { bone: BoneGeom; onSelect: (id: string) => void }) {
  return (
    <g class={`fb-bone${bone.known ? "" : " fb-bone-unknown"}`}>
      <line x1={bone.x1} y1={bone.y1} x2={0} y2={0} />
      <g class="fb-label" onClick={() => onSelect(bone.id)}>
        <rect x={bone.labelBox.x} y={bone.labelBox.y} width={bone.labelBox.w} height={bone.labelBox.h} rx={bone.labelBox.h / 2} />
        <text
          x={bone.labelBox.x + bone.labelBox.w / 2}
          y={bone.labelBox.y + bone.labelBox.h / 2 + SIZES.label * 0.36}
          text-anchor="middle"
          font-size={SIZES.label}
        >
          {bone.label}
        </text>
      </g>
    </g>
  );
});

const BoneRows = memo(function BoneRows({
  bone,
  selected,
  onSelect,
}: {
  bone: BoneGeom;
  /** the selected cause if it is on this bone */
  selected: string | null;
  onSelect: (id: string) => void;
}) {
  return (
    <>
      {bone.trunks.map((t, i) => (
        <line key={i} class="fb-trunk" x1={t.x1} y1={t.y1} x2={t.x2} y2={t.y2} />
      ))}
      {bone.rows.map((r) => (
        <g
          key={r.cause.id}
          class={`fb-row${r.cause.root ? " fb-row-root" : ""}${r.depth > 1 ? " fb-row-sub" : ""}${selected === r.cause.id ? " fb-row-selected" : ""}${r.cause.text.trim() ? "" : " fb-row-empty"}`}
          data-cause-id={r.cause.id}
          onClick={() => onSelect(r.cause.id)}
        >
          <polygon class="fb-row-hit" points={r.outline.map((p) => p.join(",")).join(" ")} />
          <line class="fb-row-line" x1={r.underline.x1} y1={r.underline.y} x2={r.underline.x2} y2={r.underline.y} />
          {r.lines.map((l, k) => (
            <text key={k} x={l.x} y={l.y} text-anchor="end" font-size={r.size}>
              {l.text}
            </text>
          ))}
          {r.badges.map((b) => (
            <g key={b.kind} class={`fb-badge fb-badge-${b.kind}`}>
              <rect x={b.x} y={r.badgeY - 8.5} width={b.w} height="17" rx="8.5" />
              <text x={b.x + b.w / 2} y={r.badgeY + 3.8} text-anchor="middle" font-size={SIZES.badge}>
                {b.text}
              </text>
            </g>
          ))}
        </g>
      ))}
    </>
  );
});

interface Props {
  snap: FishboneSnapshot;
  vital: Set<string>;
  selected: string | null;
  onSelect: (id: string) => void;
  onSelectCategory: (id: string) => void;
}

export function Diagram({ snap, vital, selected, onSelect, onSelectCategory }: Props) {
  const [box, setBox] = useState<HTMLDivElement | null>(null);
  const available = useWidth(box);
  // "auto" fits the panel unless that makes text too small to read (phones): then it scrolls
  const [zoom, setZoom] = useState<number | "fit" | "auto">("auto");
  const family = pageFontFamily();
  const labels = {
    root: ft("diagram.rootBadge"),
    empty: ft("diagram.emptyCause"),
    unknown: ft("diagram.unknownCategory"),
    problem: ft("diagram.noProblem"),
  };
  const kept = useMemo<BoneCache>(() => new Map(), []);
  const geom = useMemo(
    () => layoutDiagram({ snap, measure: measurer(family), labels, vital, font: family, kept }),
    [snap, family, vital, labels.root, labels.empty],
  );
  // the bones' handlers, the same on every render (memoised bones keep them), calling the latest
  const latest = useRef({ onSelect, onSelectCategory });
  latest.current = { onSelect, onSelectCategory };
  const on = useMemo(
    () => ({
      cause: (id: string) => latest.current.onSelect(id),
      category: (id: string) => latest.current.onSelectCategory(id),
    }),
    [],
  );
  const selectedBone = selected ? snap.byId.get(selected)?.category : undefined;
  const fit = available ? Math.min(1.15, (available - 2) / geom.width) : 1;
  const scale = zoom === "fit" ? Math.max(0.3, fit) : zoom === "auto" ? (fit >= 0.62 ? fit : 0.8) : zoom;
  const step = (dir: 1 | -1) => {
    const now = scale;
    const next = dir > 0 ? ZOOMS.find((z) => z > now + 0.01) : [...ZOOMS].reverse().find((z) => z < now - 0.01);
    if (next) setZoom(next);
  };
  const summary = ft("diagram.summary", {
    problem: snap.problem || ft("diagram.noProblem"),
    causes: snap.causes.length,
    categories: snap.categories.length,
  });

  return (
    <div class="fishbone-diagram">
      <div class="fishbone-zoom" role="group" aria-label={ft("diagram.zoom")}>
        <button
          type="button"
          class="btn btn-icon btn-ghost btn-small"
          onClick={() => step(-1)}
          aria-label={ft("diagram.zoomOut")}
          title={ft("diagram.zoomOut")}
        >
          <span aria-hidden="true" class="fishbone-zoom-sign">
            −
          </span>
        </button>
        <button
          type="button"
          class={`btn btn-small ${zoom === "fit" || (zoom === "auto" && fit >= 0.62) ? "btn-active" : "btn-ghost"}`}
          aria-pressed={zoom === "fit" || (zoom === "auto" && fit >= 0.62)}
          onClick={() => setZoom("fit")}
        >
          {ft("diagram.fit")}
        </button>
        <button
          type="button"
          class="btn btn-icon btn-ghost btn-small"
          onClick={() => step(1)}
          aria-label={ft("diagram.zoomIn")}
          title={ft("diagram.zoomIn")}
        >
          <Icon name="plus" size={16} />
        </button>
        <span class="fishbone-zoom-value" aria-live="polite">
          {Math.round(scale * 100)} %
        </span>
      </div>
      <div class="fishbone-diagram-scroll" ref={setBox}>
        <svg
          class="fishbone-svg"
          width={Math.round(geom.width * scale)}
          height={Math.round(geom.height * scale)}
          viewBox={`0 0 ${geom.width} ${geom.height}`}
          role="img"
          aria-label={summary}
          font-family={family}
          data-testid="fishbone-svg"
        >
          <defs>
            <marker id="fb-arrow" viewBox="0 0 10 10" refX="8" refY="5" markerWidth="7" markerHeight="7" orient="auto">
              <path class="fb-arrow-head" d="M0 0 10 5 0 10z" />
            </marker>
          </defs>
          <line
            class="fb-spine"
            x1={geom.spine.x1}
            y1={geom.spine.y}
            x2={geom.spine.x2 - 4}
            y2={geom.spine.y}
            marker-end="url(#fb-arrow)"
          />
          {geom.bones.map(({ x, bone }) => (
            <g key={bone.id} transform={`translate(${x} ${geom.spine.y})`}>
              <BoneLine bone={bone} onSelect={on.category} />
            </g>
          ))}
          {geom.bones.map(({ x, bone }) => (
            <g key={bone.id} transform={`translate(${x} ${geom.spine.y})`}>
              <BoneRows bone={bone} selected={selectedBone === bone.id ? selected : null} onSelect={on.cause} />
            </g>
          ))}
          <g class="fb-head">
            <rect x={geom.head.x} y={geom.head.y} width={geom.head.w} height={geom.head.h} rx="12" />
            {geom.head.lines.map((line, k) => (
              <text
                key={k}
                x={geom.head.x + 14}
                y={geom.head.y + (geom.head.h - geom.head.lines.length * geom.head.lineH) / 2 + (k + 1) * geom.head.lineH - 5}
                font-size={SIZES.head}
              >
                {line}
              </text>
            ))}
          </g>
        </svg>
      </div>
    </div>
  );
}
