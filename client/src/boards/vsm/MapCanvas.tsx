// The map as practitioners draw it: one swimlane per department, process boxes in flow order
// with their data, a queue triangle (wait time) before each box, the timeline ladder below
// (wait up, cycle time down) ending in the totals. Boxes are HTML (text wraps, focus rings,
// screen readers read them as an ordered list); lines, triangles and the ladder are SVG.
// A box is dragged sideways to reorder it; Shift+Left/Right moves it from the keyboard and
// Left/Right walk from box to box.
import { useEffect, useRef, useState } from "preact/hooks";
import type { Peer } from "../../sync/presence";
import { fmtEntered, fmtMinutes, fmtNum, fmtPct } from "./format";
import { tr } from "./i18n";
import { Burst } from "./Burst";
import type { Marker, StateAnalysis, Step, TimeBasis } from "./schema";

export const LANE_LABEL_W = 44;
export const GEO = {
  LABEL_W: 0, // lane labels live outside the canvas (LANE_LABEL_W)
  GAP_W: 88, // the queue before each box
  BOX_W: 184,
  BOX_H: 162,
  LANE_PAD: 16,
  LADDER_H: 128,
  END_W: 196,
};
const COL = GEO.GAP_W + GEO.BOX_W;
const LANE_H = GEO.BOX_H + 2 * GEO.LANE_PAD;
const boxLeft = (i: number) => GEO.LABEL_W + i * COL + GEO.GAP_W;
const gapLeft = (i: number) => GEO.LABEL_W + i * COL;

interface Props {
  steps: Step[];
  markers: Marker[];
  stats: StateAnalysis | null;
  takt: number | null;
  /** the map's clock: lead time and converted step times count in it */
  basis: TimeBasis;
  selected: string | null;
  readOnly: boolean;
  peersOn: Map<string, Peer[]>;
  onSelect: (id: string, keyboard: boolean) => void;
  onMove: (id: string, toIndex: number) => void;
  /** CSS zoom of the canvas: pointer movements are divided by it */
  zoom: number;
}

interface Drag {
  id: string;
  pointer: number;
  x0: number;
  y0: number;
  dx: number;
  dy: number;
  moved: boolean;
  target: number;
}

export function canvasWidth(steps: number): number {
  return GEO.LABEL_W + steps * COL + 24 + GEO.END_W;
}

/** The length the CSS sizes a box's number by, so it shrinks rather than being cut. */
function chars(text: string): Record<string, string> {
  return { "--chars": String(Math.max(1, text.length)) };
}

export function lanesOf(steps: Step[]): string[] {
  return [...new Set(steps.map((s) => s.department))];
}

export function MapCanvas(p: Props) {
  const { steps } = p;
  const lanes = lanesOf(steps);
  const lanesH = lanes.length * LANE_H;
  const width = canvasWidth(steps.length);
  const height = lanesH + GEO.LADDER_H;
  const laneOf = (s: Step) => lanes.indexOf(s.department);
  const boxTop = (s: Step) => laneOf(s) * LANE_H + GEO.LANE_PAD;
  const flowY = (s: Step) => boxTop(s) + 34;
  const metrics = new Map((p.stats?.step_metrics ?? []).map((m) => [m.id, m]));
  const known = new Set(steps.map((s) => s.id));
  const bottleneck = p.stats?.bottleneck && known.has(p.stats.bottleneck) ? p.stats.bottleneck : null;

  const [drag, setDrag] = useState<Drag | null>(null);
  const suppressClick = useRef(false); // the click that ends a drag is not a selection
  const refocus = useRef<string | null>(null);
  const listRef = useRef<HTMLOListElement>(null);
  useEffect(() => {
    if (!refocus.current) return;
    const el = listRef.current?.querySelector<HTMLElement>(`[data-step-id="${CSS.escape(refocus.current)}"]`);
    refocus.current = null;
    el?.focus();
  });

  const targetFor = (index: number, dx: number) => {
    const centre = boxLeft(index) + GEO.BOX_W / 2 + dx;
    const at = Math.floor((centre - GEO.LABEL_W) / COL);
    return Math.max(0, Math.min(steps.length - 1, at));
  };

  const onPointerDown = (e: PointerEvent, index: number, id: string) => {
    // Touch swipes scroll the map; on touch screens the editor's move buttons reorder.
    if (p.readOnly || e.button !== 0 || e.pointerType === "touch" || steps.length < 2) return;
    (e.currentTarget as HTMLElement).setPointerCapture(e.pointerId);
    setDrag({ id, pointer: e.pointerId, x0: e.clientX, y0: e.clientY, dx: 0, dy: 0, moved: false, target: index });
  };
  const onPointerMove = (e: PointerEvent, index: number) => {
    if (!drag || drag.pointer !== e.pointerId) return;
    const dx = (e.clientX - drag.x0) / p.zoom;
    const dy = (e.clientY - drag.y0) / p.zoom;
    const moved = drag.moved || Math.hypot(dx, dy) > 6;
    setDrag({ ...drag, dx, dy, moved, target: moved ? targetFor(index, dx) : index });
  };
  const onPointerUp = (e: PointerEvent, index: number) => {
    if (!drag || drag.pointer !== e.pointerId) return;
    if (drag.moved) {
      suppressClick.current = true;
      setTimeout(() => (suppressClick.current = false), 0); // that click, if any, comes first
      if (drag.target !== index) p.onMove(drag.id, drag.target);
    }
    setDrag(null);
  };
  const focusBox = (index: number) => listRef.current?.querySelectorAll<HTMLElement>("[data-step-id]")[index]?.focus();
  const onKeyDown = (e: KeyboardEvent, index: number, id: string) => {
    if (e.key !== "ArrowLeft" && e.key !== "ArrowRight") return;
    const to = index + (e.key === "ArrowLeft" ? -1 : 1);
    e.preventDefault();
    if (to < 0 || to >= steps.length) return;
    if (!e.shiftKey) return focusBox(to); // arrows walk along the flow
    if (p.readOnly) return;
    refocus.current = id; // Shift+arrows carry the step along
    p.onMove(id, to);
  };

  const dragIndex = drag?.moved ? steps.findIndex((s) => s.id === drag.id) : -1;
  const dropX =
    drag?.moved && drag.target !== dragIndex
      ? drag.target < dragIndex
        ? gapLeft(drag.target) + 8
        : boxLeft(drag.target) + GEO.BOX_W + 8
      : null;
  const waitY = lanesH + 44;
  const cycleY = lanesH + 88;
  const endX = GEO.LABEL_W + steps.length * COL + 24;

  return (
    <div class="vsm-canvas-wrap">
      {/* Lane names stay put while the map scrolls sideways, and keep their size when it zooms. */}
      <div class="vsm-lane-labels" aria-hidden="true">
        {lanes.map((lane, i) => (
          <div
            key={lane || "-"}
            class={`vsm-lane-label${i % 2 ? " vsm-lane-alt" : ""}`}
            style={{ height: `${LANE_H * p.zoom}px` }}
            title={lane || tr("map.noDepartment")}
          >
            <span>{lane || tr("map.noDepartment")}</span>
          </div>
        ))}
        <div class="vsm-lane-label vsm-lane-label-ladder" style={{ height: `${GEO.LADDER_H * p.zoom}px` }}>
          <span>{tr("map.timeline")}</span>
        </div>
      </div>
      <div
        class="vsm-canvas"
        style={{ width: `${width}px`, height: `${height}px`, zoom: p.zoom === 1 ? undefined : String(p.zoom) }}
        data-testid="vsm-canvas"
      >
        <div class="vsm-lanes" aria-hidden="true">
          {lanes.map((lane, i) => (
            <div key={lane || "-"} class={`vsm-lane${i % 2 ? " vsm-lane-alt" : ""}`} style={{ height: `${LANE_H}px` }} />
          ))}
          <div class="vsm-lane vsm-lane-ladder" style={{ height: `${GEO.LADDER_H}px` }} />
        </div>

        <svg class="vsm-svg" width={width} height={height} viewBox={`0 0 ${width} ${height}`} aria-hidden="true">
          <defs>
            <marker id="vsm-arrow" viewBox="0 0 10 10" refX="9" refY="5" markerWidth="7" markerHeight="7" orient="auto-start-reverse">
              <path class="vsm-arrow-head" d="M0 0 10 5 0 10z" />
            </marker>
          </defs>
          {steps.map((s, i) => {
            const y = flowY(s);
            const top = boxTop(s);
            const gx = gapLeft(i);
            const path =
              i === 0 ? `M${gx + 14} ${y} H${boxLeft(i) - 3}` : `M${gx} ${flowY(steps[i - 1])} H${gx + 16} V${y} H${boxLeft(i) - 3}`;
            const tx = gx + GEO.GAP_W / 2 + 8;
            const ty = top + 78;
            return (
              <g key={s.id}>
                {i === 0 && <circle cx={gx + 12} cy={y} r={5} class="vsm-start" />}
                <path d={path} class="vsm-flow" marker-end="url(#vsm-arrow)" />
                <path d={`M${tx} ${ty - 16} L${tx + 17} ${ty + 13} L${tx - 17} ${ty + 13} Z`} class="vsm-tri" />
                <text x={tx} y={ty + 8} class="vsm-tri-i">
                  I
                </text>
                <text x={tx} y={ty + 34} class="vsm-tri-label">
                  {fmtEntered(s.wait_time, s.wait_unit)}
                </text>
              </g>
            );
          })}
          {/* the ladder: wait up, cycle time down */}
          {steps.map((s, i) => {
            const gx = gapLeft(i);
            const bx = boxLeft(i);
            return (
              <g key={`l-${s.id}`}>
                <path d={`M${gx} ${waitY} H${bx}`} class="vsm-ladder-wait" />
                <path d={`M${bx} ${waitY} V${cycleY} M${bx + GEO.BOX_W} ${cycleY} V${waitY}`} class="vsm-ladder-riser" />
                <path d={`M${bx} ${cycleY} H${bx + GEO.BOX_W}`} class={`vsm-ladder-cycle vsm-stroke-${s.klass ?? "none"}`} />
                <text x={gx + GEO.GAP_W / 2} y={waitY - 9} class="vsm-ladder-label">
                  {fmtEntered(s.wait_time, s.wait_unit)}
                </text>
                <text x={bx + GEO.BOX_W / 2} y={cycleY + 21} class="vsm-ladder-label">
                  {fmtEntered(s.cycle_time, s.cycle_unit)}
                </text>
              </g>
            );
          })}
          {steps.length > 0 && <path d={`M${endX - 24} ${waitY} H${endX - 4}`} class="vsm-ladder-end" />}
          {dropX !== null && <path d={`M${dropX + 32} 6 V${lanesH - 6}`} class="vsm-drop" />}
        </svg>

        <ol class="vsm-boxes" ref={listRef} aria-label={tr("map.stepsLabel")} data-testid="vsm-steps">
          {steps.map((s, i) => {
            const m = metrics.get(s.id);
            const mine = p.markers.filter((k) => k.step === s.id);
            const isDrag = drag?.moved && drag.id === s.id;
            const peers = p.peersOn.get(s.id) ?? [];
            const over = m?.over_takt ?? false;
            const classLabel =
              (s.klass ? tr(`class.${s.klass}`) : tr("class.none")) +
              (s.klass === "waste" && s.waste_type ? ` · ${tr(`waste.${s.waste_type}`)}` : "");
            const flags = [s.id === bottleneck ? tr("map.bottleneck") : "", over ? tr("map.overTakt") : ""].filter(Boolean);
            const routed = s.routing_pct < 100;
            // a step on its own clock says so; the rest follow the map's, named at the totals
            const ownBasis = s.time_basis !== null && s.time_basis !== p.basis ? s.time_basis : null;
            const notes = [
              routed ? tr("map.routing", { pct: fmtPct(s.routing_pct, 0) }) : "",
              ownBasis ? tr(`basis.${ownBasis}`) : "",
              s.pct_ca_fraction ? tr("map.fractionNote", { pct: fmtPct(s.pct_ca, 0) }) : "",
            ].filter(Boolean);
            const label = tr("map.boxLabel", {
              n: i + 1,
              total: steps.length,
              name: s.name || tr("map.unnamed"),
              klass: classLabel,
              cycle: fmtEntered(s.cycle_time, s.cycle_unit),
              wait: fmtEntered(s.wait_time, s.wait_unit),
            });
            return (
              <li
                key={s.id}
                class="vsm-box-slot"
                style={{
                  left: `${boxLeft(i)}px`,
                  top: `${boxTop(s)}px`,
                  transform: isDrag ? `translate(${drag!.dx}px, ${drag!.dy}px)` : undefined,
                  zIndex: isDrag ? 5 : undefined,
                  ...(peers[0] ? { "--peer": peers[0].user.color } : {}),
                }}
              >
                <button
                  type="button"
                  class={[
                    "vsm-box",
                    `vsm-k-${s.klass ?? "none"}`,
                    s.id === p.selected ? "is-selected" : "",
                    s.id === bottleneck ? "is-bottleneck" : "",
                    over ? "is-over" : "",
                    isDrag ? "is-dragging" : "",
                    peers.length ? "is-peer" : "",
                    p.readOnly ? "" : "is-movable",
                  ].join(" ")}
                  data-step-id={s.id}
                  data-testid="vsm-box"
                  aria-pressed={s.id === p.selected}
                  aria-label={[
                    label,
                    ...notes,
                    ...flags,
                    ...(s.data_activity ? [tr("fromData.source", { source: s.data_source })] : []),
                  ].join(", ")}
                  aria-keyshortcuts={p.readOnly ? "ArrowLeft ArrowRight" : "ArrowLeft ArrowRight Shift+ArrowLeft Shift+ArrowRight"}
                  title={p.readOnly ? undefined : tr("map.dragHint")}
                  onPointerDown={(e) => onPointerDown(e, i, s.id)}
                  onPointerMove={(e) => onPointerMove(e, i)}
                  onPointerUp={(e) => onPointerUp(e, i)}
                  onPointerCancel={() => setDrag(null)}
                  onKeyDown={(e) => onKeyDown(e, i, s.id)}
                  onClick={(e) => {
                    if (suppressClick.current) return;
                    p.onSelect(s.id, e.detail === 0);
                  }}
                >
                  {flags.length > 0 && <span class="vsm-flag">{flags.join(" · ")}</span>}
                  <span class="vsm-box-head">
                    <span class="vsm-box-num">{i + 1}</span>
                    <span class={`vsm-box-name${s.name ? "" : " is-empty"}`}>{s.name || tr("map.unnamed")}</span>
                  </span>
                  <span class="vsm-box-class">
                    <span class={`vsm-chip vsm-chip-${s.klass ?? "none"}`} title={classLabel}>
                      {classLabel}
                    </span>
                  </span>
                  <span class="vsm-box-data">
                    <span class="vsm-stat">
                      <span class="vsm-stat-k">{tr("short.cycle")}</span>
                      <span class="vsm-stat-v" style={chars(fmtEntered(s.cycle_time, s.cycle_unit))}>
                        {fmtEntered(s.cycle_time, s.cycle_unit)}
                      </span>
                    </span>
                    <span class="vsm-stat">
                      <span class="vsm-stat-k">{tr("short.operators")}</span>
                      <span class="vsm-stat-v" style={chars(s.operators === null ? "—" : fmtNum(s.operators))}>
                        {s.operators === null ? "—" : fmtNum(s.operators)}
                      </span>
                    </span>
                    <span class="vsm-stat">
                      <span class="vsm-stat-k">{tr("short.pctCa")}</span>
                      <span
                        class="vsm-stat-v"
                        style={chars(fmtPct(s.pct_ca, 0) + (s.pct_ca_fraction ? "*" : ""))}
                        title={s.pct_ca_fraction ? tr("map.fractionNote", { pct: fmtPct(s.pct_ca, 0) }) : undefined}
                      >
                        {fmtPct(s.pct_ca, 0)}
                        {s.pct_ca_fraction && (
                          <sup class="vsm-fraction-mark" data-testid="vsm-box-fraction">
                            {tr("map.fractionMark")}
                          </sup>
                        )}
                      </span>
                    </span>
                  </span>
                  <span class="vsm-box-systems" title={s.systems.join(", ")}>
                    {s.systems.length ? s.systems.join(" · ") : tr("map.noSystems")}
                  </span>
                  {mine.length > 0 && (
                    <span
                      class="vsm-burst"
                      title={mine
                        .map((k) => k.text)
                        .filter(Boolean)
                        .join("\n")}
                      data-testid="vsm-burst"
                    >
                      <Burst size={34} />
                      <span>{mine.length}</span>
                    </span>
                  )}
                  {(routed || ownBasis || s.data_activity) && (
                    <span class="vsm-box-badges">
                      {s.data_activity && (
                        <span
                          class="vsm-badge vsm-badge-data"
                          title={tr("fromData.source", { source: s.data_source })}
                          data-testid="vsm-from-data"
                        >
                          {tr("fromData.badgeShort")}
                        </span>
                      )}
                      {routed && (
                        <span class="vsm-badge vsm-badge-routing" data-testid="vsm-routing">
                          {tr("map.routing", { pct: fmtPct(s.routing_pct, 0) })}
                        </span>
                      )}
                      {ownBasis && (
                        <span class="vsm-badge" data-testid="vsm-step-basis">
                          {tr(`basis.${ownBasis}`)}
                        </span>
                      )}
                    </span>
                  )}
                  {peers[0] && <span class="vsm-peer">{peers.map((x) => x.user.name).join(", ")}</span>}
                </button>
              </li>
            );
          })}
        </ol>

        {steps.length > 0 && (
          <div class="vsm-totals" style={{ left: `${endX}px`, top: `${waitY - 34}px` }} data-testid="vsm-ladder-totals">
            <div class="vsm-total">
              <span data-testid="vsm-totals-lead-label">{tr(p.basis === "calendar" ? "totals.leadCalendar" : "totals.leadWorking")}</span>
              <strong>{fmtMinutes(p.stats?.lead_minutes)}</strong>
            </div>
            <div class="vsm-total vsm-total-va">
              <span>{tr(p.basis === "calendar" ? "totals.vaCalendar" : "totals.vaWorking")}</span>
              <strong>{fmtMinutes(p.stats?.va_minutes)}</strong>
            </div>
            <div class="vsm-total-pce">
              {tr("short.pce")} <strong>{fmtPct(p.stats?.pce_pct)}</strong>
              {p.takt !== null && (
                <>
                  {" · "}
                  {tr("short.takt")} <strong>{fmtMinutes(p.takt)}</strong>
                </>
              )}
            </div>
          </div>
        )}
      </div>
    </div>
  );
}
