// The live figures the server computes (ledger analysis): the headline cards, where the lead
// time goes (by class, by department), the kaizen bursts and the data warnings, translated.
import { fmtDays, fmtMinutes, fmtNum, fmtPct, signed } from "./format";
import { Burst } from "./Burst";
import { tr, trMaybe } from "./i18n";
import type { DataWarning, Marker, MetricChange, Share, State, StateAnalysis, Step, TimeBasis, VsmAnalysis } from "./schema";
import { ActionControl } from "../workshop/ActionControl";

export const CLASS_KEYS = ["va", "nnva", "waste", "wait", "unclassified"] as const;

function Kpi(p: {
  id: string;
  label: string;
  value: string;
  sub?: string | null;
  tone?: string;
  delta?: MetricChange | null;
  raw?: number | null;
}) {
  return (
    <div class={`vsm-kpi${p.tone ? ` vsm-kpi-${p.tone}` : ""}`} data-testid={`vsm-kpi-${p.id}`} data-value={p.raw ?? ""}>
      <span class="vsm-kpi-label">{p.label}</span>
      <span class="vsm-kpi-value">{p.value}</span>
      {p.sub && <span class="vsm-kpi-sub">{p.sub}</span>}
      {p.delta && <DeltaChip change={p.delta} />}
    </div>
  );
}

/** A metric's change from the current to the future state, coloured by whether it is better. */
/** good / bad / neutral from the server's outcome: an unchanged metric is neutral, not bad. */
export function toneOf(c: MetricChange): "good" | "bad" | "neutral" {
  return c.outcome === "improved" ? "good" : c.outcome === "worse" ? "bad" : "neutral";
}

export function DeltaChip({ change }: { change: MetricChange }) {
  if (change.change === null) return null;
  const tone = toneOf(change);
  const text = changeText(change);
  return (
    <span class={`vsm-delta vsm-delta-${tone}`}>
      <span aria-hidden="true">{change.change < 0 ? "▼" : change.change > 0 ? "▲" : "="}</span> {text}
      <span class="sr-only"> {change.outcome === "unchanged" ? tr("delta.unchanged") : tr(`delta.${tone}`)}</span>
    </span>
  );
}

export function formatMetric(metric: string, value: number | null): string {
  if (value === null) return "—";
  if (metric === "pce_pct" || metric === "rolled_pct_ca") return fmtPct(value);
  if (metric === "steps") return fmtNum(value, 0);
  return fmtMinutes(value);
}

export function changeText(c: MetricChange): string {
  if (c.change === null) return "—";
  if (c.change === 0) return tr("delta.none");
  const pct = c.metric === "pce_pct" || c.metric === "rolled_pct_ca";
  const abs = pct
    ? tr("units.pp", { n: fmtNum(Math.abs(c.change), 1) })
    : c.metric === "steps"
      ? fmtNum(Math.abs(c.change), 0)
      : fmtMinutes(Math.abs(c.change));
  const main = signed(abs, c.change);
  if (c.change_pct === null || c.change === 0 || c.metric === "steps") return main;
  return `${main} (${signed(`${fmtNum(Math.abs(c.change_pct), 0)}%`, c.change_pct)})`;
}

export function KpiStrip(p: {
  a: VsmAnalysis | null;
  state: State;
  steps: Step[];
  dayHours: number;
  basis: TimeBasis;
  onSettings?: () => void;
}) {
  const s = p.a?.[p.state] ?? null;
  const change = (m: string) => (p.state === "future" ? (p.a?.comparison.find((c) => c.metric === m) ?? null) : null);
  const name = (id: string | null) => p.steps.find((x) => x.id === id)?.name || tr("map.unnamed");
  const takt = p.a?.takt_minutes ?? null;
  const rated = s ? s.steps - s.pct_ca_skipped.length : 0;
  return (
    <section class="vsm-kpis" aria-label={tr("kpi.label")}>
      <Kpi
        id="lead"
        label={tr(p.basis === "calendar" ? "kpi.leadCalendar" : "kpi.leadWorking")}
        value={s ? fmtMinutes(s.lead_minutes) : "…"}
        raw={s?.lead_minutes}
        sub={
          s && s.lead_minutes > 0
            ? [fmtDays(s.lead_minutes, p.dayHours, p.basis), tr("kpi.waitShare", { pct: fmtPct(share(s, "wait"), 0) })]
                .filter(Boolean)
                .join(" · ")
            : null
        }
        delta={change("lead_minutes")}
        tone="lead"
      />
      <Kpi
        id="va"
        label={tr("kpi.va")}
        value={s ? fmtMinutes(s.va_minutes) : "…"}
        raw={s?.va_minutes}
        sub={s ? tr("kpi.cycleTotal", { time: fmtMinutes(s.cycle_minutes) }) : null}
        delta={change("va_minutes")}
      />
      <Kpi
        id="pce"
        label={tr("kpi.pce")}
        value={s ? fmtPct(s.pce_pct) : "…"}
        raw={s?.pce_pct}
        sub={tr("kpi.pceFormula")}
        delta={change("pce_pct")}
        tone="pce"
      />
      <Kpi
        id="rolled"
        label={tr("kpi.rolled")}
        value={s ? fmtPct(s.rolled_pct_ca) : "…"}
        raw={s?.rolled_pct_ca}
        sub={
          s
            ? s.pct_ca_skipped.length
              ? tr("kpi.rolledSkipped", { count: s.pct_ca_skipped.length })
              : tr("kpi.rolledOf", { count: rated })
            : null
        }
        delta={change("rolled_pct_ca")}
      />
      <Kpi
        id="takt"
        label={tr("kpi.takt")}
        value={takt !== null ? fmtMinutes(takt) : "—"}
        raw={takt}
        sub={takt === null ? tr("kpi.taktUnset") : [tr("kpi.taktWorking"), ...(s ? againstTakt(s) : [])].join(" · ")}
        tone={s && s.over_takt.length ? "alert" : undefined}
      />
      <Kpi
        id="bottleneck"
        label={tr("kpi.bottleneck")}
        value={s?.bottleneck ? name(s.bottleneck) : "—"}
        sub={s?.bottleneck ? tr("kpi.bottleneckTime", { time: fmtMinutes(s.bottleneck_minutes) }) : null}
        tone="bottleneck"
        delta={change("bottleneck_minutes")}
      />
    </section>
  );
}

/** The longest cycle per operator (cycle ÷ operators) next to takt, as practitioners compare
 * them, then how many steps exceed their takt (takt ÷ routing share). */
function againstTakt(s: StateAnalysis): string[] {
  const cycles = s.step_metrics.map((m) => m.effective_cycle_minutes).filter((x): x is number => x !== null);
  return [
    ...(cycles.length ? [tr("kpi.perOperatorMax", { time: fmtMinutes(Math.max(...cycles)) })] : []),
    s.over_takt.length ? tr("kpi.overTakt", { count: s.over_takt.length }) : tr("kpi.noneOverTakt"),
  ];
}

function share(s: StateAnalysis, key: string): number | null {
  return s.by_class.find((x) => x.key === key)?.share_pct ?? null;
}

/** One bar split by class (wait included), with a legend of minutes and shares. */
export function ClassBar({ shares, scale = 100, label }: { shares: Share[]; scale?: number; label: string }) {
  const parts = CLASS_KEYS.map((k) => shares.find((x) => x.key === k)).filter((x): x is Share => !!x && x.minutes > 0);
  return (
    <div
      class="vsm-sharebar"
      role="img"
      aria-label={`${label}: ${parts.map((x) => `${tr(`share.${x.key}`)} ${fmtPct(x.share_pct)}`).join(", ")}`}
      style={{ width: `${Math.max(scale, 2)}%` }}
    >
      {parts.map((x) => (
        <span
          key={x.key}
          class={`vsm-bar-seg vsm-fill-${x.key}`}
          style={{ width: `${x.share_pct ?? 0}%` }}
          title={`${tr(`share.${x.key}`)} · ${fmtMinutes(x.minutes)} · ${fmtPct(x.share_pct)}`}
        />
      ))}
    </div>
  );
}

export function TimeShares(p: { s: StateAnalysis | null }) {
  const s = p.s;
  if (!s || !s.steps) return null;
  if (s.lead_minutes <= 0)
    return (
      <section class="panel vsm-panel vsm-shares-empty" aria-labelledby="vsm-by-class">
        <h2 id="vsm-by-class">{tr("shares.byClass")}</h2>
        <p class="hint">{tr("shares.noTimes")}</p>
      </section>
    );
  const maxDept = Math.max(...s.by_department.map((d) => d.minutes), 1);
  return (
    <>
      <section class="panel vsm-panel" aria-labelledby="vsm-by-class">
        <h2 id="vsm-by-class">{tr("shares.byClass")}</h2>
        <p class="hint">{tr("shares.byClassHint")}</p>
        <ClassBar shares={s.by_class} label={tr("shares.byClass")} />
        <table class="vsm-legend" data-testid="vsm-by-class">
          <tbody>
            {CLASS_KEYS.map((k) => {
              const x = s.by_class.find((c) => c.key === k);
              if (!x || (k === "unclassified" && x.minutes === 0)) return null;
              return (
                <tr key={k}>
                  <th scope="row">
                    <span class={`vsm-dot vsm-fill-${k}`} aria-hidden="true" />
                    {tr(`share.${k}`)}
                  </th>
                  <td class="num">{fmtMinutes(x.minutes)}</td>
                  <td class="num vsm-legend-pct">{fmtPct(x.share_pct)}</td>
                </tr>
              );
            })}
          </tbody>
        </table>
        <p class="vsm-waste-note">{tr("shares.wasteIncludingWait", { pct: fmtPct((share(s, "waste") ?? 0) + (share(s, "wait") ?? 0)) })}</p>
      </section>
      <section class="panel vsm-panel" aria-labelledby="vsm-by-dept">
        <h2 id="vsm-by-dept">{tr("shares.byDepartment")}</h2>
        <p class="hint">{tr("shares.byDepartmentHint")}</p>
        <ul class="vsm-dept" data-testid="vsm-by-department">
          {s.by_department.map((d) => (
            <li key={d.key}>
              <span class="vsm-dept-name">{d.key || tr("map.noDepartment")}</span>
              <span class="vsm-dept-track" aria-hidden="true">
                <span class="vsm-dept-fill" style={{ width: `${(d.minutes / maxDept) * 100}%` }} />
              </span>
              <span class="vsm-dept-val num">
                {fmtMinutes(d.minutes)} <span class="muted">· {fmtPct(d.share_pct)}</span>
              </span>
            </li>
          ))}
        </ul>
      </section>
    </>
  );
}

/** A data warning in the user's language: ids become step names, field names are translated. */
export function warningText(w: DataWarning, steps: Record<State, Step[]>): string {
  const params: Record<string, string> = {};
  for (const [k, v] of Object.entries(w.params ?? {})) params[k] = v === null ? "" : String(v);
  const state = params.state === "current" || params.state === "future" ? (params.state as State) : null;
  if (state) params.state = tr(`state.${state}`);
  if (params.step !== undefined) {
    const list = state ? steps[state] : [];
    const i = list.findIndex((s) => s.id === w.params.step);
    params.step = i < 0 ? tr("warn.unknownStep") : list[i].name ? `“${list[i].name}”` : tr("warn.stepN", { n: i + 1 });
  }
  for (const k of ["field", "missing"]) if (params[k]) params[k] = trMaybe(`field.${params[k]}`) ?? params[k];
  for (const k of ["basis", "to"]) if (params[k]) params[k] = trMaybe(`basis.${params[k]}`) ?? params[k];
  return trMaybe(`warning.${w.code}`, params) ?? tr("warn.unknown", { code: w.code });
}

/** The step a warning is about, if it still exists. */
function warningStep(w: DataWarning, steps: Record<State, Step[]>): { state: State; step: Step; index: number } | null {
  const state = w.params?.state;
  if ((state !== "current" && state !== "future") || typeof w.params.step !== "string") return null;
  const index = steps[state].findIndex((s) => s.id === w.params.step);
  return index < 0 ? null : { state, step: steps[state][index], index };
}

/** A step's warnings in one line each ("no department; no cycle time …"), the rest as is. */
export function Warnings(p: {
  warnings: DataWarning[];
  steps: Record<State, Step[]>;
  onStep: (state: State, id: string) => void;
  showState?: boolean;
}) {
  const groups = new Map<string, { state: State; step: Step; index: number; items: DataWarning[] }>();
  const loose: DataWarning[] = [];
  for (const w of p.warnings) {
    const at = warningStep(w, p.steps);
    const short = at && trMaybe(`warnShort.${w.code}`) !== null;
    if (!at || !short) {
      loose.push(w);
      continue;
    }
    const key = `${at.state}:${at.step.id}`;
    const group = groups.get(key) ?? { ...at, items: [] };
    group.items.push(w);
    groups.set(key, group);
  }
  const shortText = (w: DataWarning) => {
    const params: Record<string, string> = {};
    for (const [k, v] of Object.entries(w.params ?? {})) params[k] = v === null ? "" : String(v);
    if (params.field) params.field = trMaybe(`field.${params.field}`) ?? params.field;
    for (const k of ["basis", "to"]) if (params[k]) params[k] = trMaybe(`basis.${params[k]}`) ?? params[k];
    return tr(`warnShort.${w.code}`, params);
  };
  return (
    <section class="panel vsm-panel" aria-labelledby="vsm-warnings">
      <h2 id="vsm-warnings">
        {tr("warn.title")} {p.warnings.length > 0 && <span class="chip chip-warn">{p.warnings.length}</span>}
      </h2>
      {p.warnings.length === 0 ? (
        <p class="vsm-ok" data-testid="vsm-no-warnings">
          <span aria-hidden="true">✓</span> {tr("warn.none")}
        </p>
      ) : (
        <ul class="vsm-warnings" data-testid="vsm-warnings">
          {[...groups.values()].slice(0, 20).map((g) => (
            <li key={`${g.state}:${g.step.id}`} data-codes={g.items.map((w) => w.code).join(" ")}>
              <button type="button" class="vsm-link vsm-warn-step" onClick={() => p.onStep(g.state, g.step.id)}>
                {p.showState ? `${tr(`state.${g.state}`)} · ` : ""}
                {g.index + 1}. {g.step.name || tr("map.unnamed")}
              </button>
              <span class="vsm-warn-list">{g.items.map(shortText).join(tr("warn.separator"))}</span>
            </li>
          ))}
          {loose.slice(0, 20).map((w, i) => (
            <li key={`l${i}`} data-codes={w.code}>
              {warningText(w, p.steps)}
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}

export function KaizenList(p: { markers: Marker[]; steps: Step[]; onStep: (id: string) => void; boardId: string }) {
  const shown = p.markers.filter((m) => p.steps.some((s) => s.id === m.step));
  return (
    <section class="panel vsm-panel" aria-labelledby="vsm-kaizen-all">
      <h2 id="vsm-kaizen-all">{tr("kaizen.title")}</h2>
      {shown.length === 0 ? (
        <p class="hint">{tr("kaizen.none")}</p>
      ) : (
        <ul class="vsm-kaizen-all" data-testid="vsm-kaizen-all">
          {shown.map((m) => {
            const i = p.steps.findIndex((s) => s.id === m.step);
            return (
              <li key={m.id}>
                <span class="vsm-kaizen-icon" aria-hidden="true">
                  <Burst size={18} />
                </span>
                <span class="vsm-kaizen-text">
                  {m.text || <span class="muted">{tr("kaizen.emptyText")}</span>}
                  <button type="button" class="vsm-link vsm-kaizen-step" onClick={() => p.onStep(m.step)}>
                    {i + 1}. {p.steps[i].name || tr("map.unnamed")}
                  </button>
                  {m.link_kind === "goal" && <span class="chip chip-accent">{tr("kaizen.linkedGoal")}</span>}
                  {m.link_kind === "idea" && <span class="chip chip-accent">{tr("kaizen.linkedIdea")}</span>}
                  <ActionControl
                    source={{ board: p.boardId, kind: "vsm", type: "vsm_marker", item: m.id, label: m.text || p.steps[i].name }}
                  />
                </span>
              </li>
            );
          })}
        </ul>
      )}
    </section>
  );
}
