// The map panel's tools: the legend (class colours, kaizen burst) and the zoom (steps, or
// "fit": the whole map in the panel's width, for a projector).
import { useEffect, useState } from "preact/hooks";
import { tr } from "./i18n";
import { Burst } from "./Burst";
import { canvasWidth, LANE_LABEL_W } from "./MapCanvas";

const ZOOMS = [0.5, 0.67, 0.8, 1, 1.25, 1.5];
export interface Zoom {
  zoom: number;
  fit: boolean;
  setFit: (on: boolean) => void;
  step: (dir: 1 | -1) => void;
  /** a zoom chosen elsewhere (the followed facilitator's) */
  set: (zoom: number) => void;
  /** the scrolling element whose width "fit" fills */
  ref: (el: HTMLElement | null) => void;
  el: HTMLElement | null;
}

export function useZoom(steps: number): Zoom {
  const [level, setLevel] = useState<number | "fit">(1);
  const [width, setWidth] = useState(0);
  const [el, setEl] = useState<HTMLElement | null>(null);
  useEffect(() => {
    if (!el) return;
    const observer = new ResizeObserver(() => setWidth(el.clientWidth));
    observer.observe(el);
    return () => observer.disconnect();
  }, [el]);
  const fit = width ? Math.max(0.4, Math.min(1, (width - 4 - LANE_LABEL_W) / canvasWidth(steps))) : 1;
  const zoom = level === "fit" ? fit : level;
  const step = (dir: 1 | -1) => {
    const next = dir > 0 ? ZOOMS.find((z) => z > zoom + 0.001) : [...ZOOMS].reverse().find((z) => z < zoom - 0.001);
    if (next) setLevel(next);
  };
  return { zoom, fit: level === "fit", setFit: (on) => setLevel(on ? "fit" : 1), step, set: setLevel, ref: setEl, el };
}

export function MapTools({ zoom }: { zoom: Zoom }) {
  return (
    <div class="vsm-map-tools">
      <ul class="vsm-keys" aria-label={tr("map.legend")}>
        {(["va", "nnva", "waste", "wait"] as const).map((k) => (
          <li key={k}>
            <span class={`vsm-dot vsm-fill-${k}`} aria-hidden="true" />
            {tr(`share.${k}`)}
          </li>
        ))}
        <li>
          <span class="vsm-key-burst">
            <Burst size={16} />
          </span>
          {tr("kaizen.title")}
        </li>
      </ul>
      <div class="vsm-zoom" role="group" aria-label={tr("zoom.label")}>
        <button
          type="button"
          class="btn btn-icon btn-ghost btn-small"
          onClick={() => zoom.step(-1)}
          disabled={zoom.zoom <= ZOOMS[0]}
          aria-label={tr("zoom.out")}
          title={tr("zoom.out")}
        >
          <span aria-hidden="true">−</span>
        </button>
        <span class="vsm-zoom-val num" aria-live="polite">
          {Math.round(zoom.zoom * 100)}%
        </span>
        <button
          type="button"
          class="btn btn-icon btn-ghost btn-small"
          onClick={() => zoom.step(1)}
          disabled={zoom.zoom >= ZOOMS[ZOOMS.length - 1]}
          aria-label={tr("zoom.in")}
          title={tr("zoom.in")}
        >
          <span aria-hidden="true">+</span>
        </button>
        <button
          type="button"
          class={`btn btn-small${zoom.fit ? " btn-active" : " btn-ghost"}`}
          aria-pressed={zoom.fit}
          onClick={() => zoom.setFit(!zoom.fit)}
          data-testid="vsm-zoom-fit"
        >
          {tr("zoom.fit")}
        </button>
      </div>
    </div>
  );
}
