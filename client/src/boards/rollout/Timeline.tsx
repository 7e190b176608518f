// The waves on a calendar (Gantt-style): a bar from start to planned go-live, the actual go-live
// as a marker, and a line for today. Hand-written SVG at the real width, like the pilot's charts.
import { useLanguage } from "../../i18n";
import { formatDay } from "../pilot/api";
import { useWidth } from "../pilot/KpiChart";
import { tr } from "./i18n";
import { today, type GoLive, type Wave } from "./schema";

const DAY = 86_400_000;
const dayOf = (iso: string) => Date.parse(`${iso}T00:00:00Z`);

export function Timeline({ waves, golive }: { waves: Wave[]; golive: Map<string, GoLive> }) {
  const lang = useLanguage();
  const [ref, width] = useWidth();
  const now = dayOf(today());
  const dated = waves.filter((w) => w.start || w.golive || golive.get(w.id)?.date);
  const times = dated
    .flatMap((w) => [w.start, w.golive, golive.get(w.id)?.date ?? ""])
    .filter(Boolean)
    .map(dayOf);
  if (!dated.length) {
    return (
      <section class="panel rollout-timeline" aria-labelledby="rollout-timeline-title">
        <div class="panel-head">
          <h2 id="rollout-timeline-title">{tr("timeline.title")}</h2>
        </div>
        <p class="empty-inline">{tr("timeline.empty")}</p>
      </section>
    );
  }
  let x0 = Math.min(...times, now);
  let x1 = Math.max(...times, now);
  const pad = Math.max(2 * DAY, (x1 - x0) * 0.04);
  x0 -= pad;
  x1 += pad;
  const labelW = Math.min(220, Math.max(110, width * 0.2));
  const m = { l: labelW, r: 16, t: 28, b: 22 };
  const row = 34;
  const w = Math.max(320, width);
  const iw = w - m.l - m.r;
  const height = m.t + m.b + row * waves.length;
  const X = (t: number) => m.l + ((t - x0) / (x1 - x0)) * iw;
  const ticks = Math.max(2, Math.min(8, Math.floor(iw / 90)));
  const tickTimes = Array.from({ length: ticks }, (_, i) => x0 + Math.round(((x1 - x0) / DAY) * (i / (ticks - 1))) * DAY);
  const short = (t: number) => new Date(t).toLocaleDateString(lang, { month: "numeric", day: "numeric", timeZone: "UTC" });
  const label = tr("timeline.label", { count: waves.length });
  return (
    <section class="panel rollout-timeline" aria-labelledby="rollout-timeline-title">
      <div class="panel-head">
        <h2 id="rollout-timeline-title">{tr("timeline.title")}</h2>
      </div>
      <div class="rollout-gantt" ref={ref} data-testid="timeline">
        {width > 0 && (
          <svg width={w} height={height} viewBox={`0 0 ${w} ${height}`} role="img" aria-label={label}>
            <title>{label}</title>
            <g class="rollout-gantt-grid">
              {tickTimes.map((t, i) => (
                <g key={t}>
                  <line x1={X(t)} x2={X(t)} y1={m.t - 6} y2={height - m.b} />
                  <text x={X(t)} y={m.t - 12} text-anchor={i === 0 ? "start" : i === tickTimes.length - 1 ? "end" : "middle"}>
                    {short(t)}
                  </text>
                </g>
              ))}
            </g>
            {waves.map((wave, i) => {
              const g = golive.get(wave.id);
              const y = m.t + i * row;
              const s = wave.start ? dayOf(wave.start) : null;
              const e = wave.golive ? dayOf(wave.golive) : null;
              const status = g ? "live" : wave.status;
              const late = !g && e !== null && e < now;
              return (
                <g key={wave.id} class={`rollout-gantt-row rollout-row-${status}${late ? " is-late" : ""}`} data-wave-id={wave.id}>
                  <text class="rollout-gantt-label" x={8} y={y + row / 2 + 4}>
                    {`${i + 1}. ${wave.name || tr("waves.untitled")}`.slice(0, Math.floor(labelW / 7.5))}
                  </text>
                  {s !== null && e !== null && e >= s ? (
                    <rect class="rollout-gantt-bar" x={X(s)} y={y + 8} width={Math.max(3, X(e) - X(s))} height={row - 16} rx={4}>
                      <title>{`${wave.name}: ${formatDay(wave.start, lang)} → ${formatDay(wave.golive, lang)}`}</title>
                    </rect>
                  ) : (
                    (s ?? e) !== null && <circle class="rollout-gantt-dot" cx={X((s ?? e) as number)} cy={y + row / 2} r={5} />
                  )}
                  {e !== null && <line class="rollout-gantt-planned" x1={X(e)} x2={X(e)} y1={y + 5} y2={y + row - 5} />}
                  {g?.date && (
                    <path
                      class={`rollout-gantt-live${g.override ? " is-override" : ""}`}
                      d={`M${X(dayOf(g.date))},${y + row / 2 - 8}l8,8l-8,8l-8,-8z`}
                      data-testid="timeline-live"
                    >
                      <title>{`${tr("timeline.actual")}: ${formatDay(g.date, lang)}${g.override ? ` (${tr("timeline.override")})` : ""}`}</title>
                    </path>
                  )}
                </g>
              );
            })}
            <g class="rollout-gantt-today">
              <line x1={X(now)} x2={X(now)} y1={m.t - 4} y2={height - m.b + 4} />
              <text x={X(now)} y={height - 4} text-anchor="middle">
                {tr("timeline.today")}
              </text>
            </g>
          </svg>
        )}
      </div>
      <div class="rollout-legend small">
        {(["planned", "preparing", "live"] as const).map((st) => (
          <span key={st}>
            <span class={`rollout-key rollout-key-bar rollout-key-${st}`} aria-hidden="true" /> {tr(`status.${st}`)}
          </span>
        ))}
        <span>
          <span class="rollout-key rollout-key-tick" aria-hidden="true" /> {tr("timeline.planned")}
        </span>
        <span>
          <span class="rollout-key rollout-key-live" aria-hidden="true" /> {tr("timeline.actual")}
        </span>
        <span>
          <span class="rollout-key rollout-key-override" aria-hidden="true" /> {tr("timeline.override")}
        </span>
        <span>
          <span class="rollout-key rollout-key-today" aria-hidden="true" /> {tr("timeline.today")}
        </span>
      </div>
    </section>
  );
}
