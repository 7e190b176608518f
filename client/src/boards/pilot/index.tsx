// The `pilot` board. Team view: the definition (scope, period, KPIs), the live evaluation, KPI
// charts against baseline and target, the feedback stream and the plan-change log.
// Participant view (Participant.tsx): the phone page behind the pilot link.
import { useMemo, useState } from "preact/hooks";
import type { BoardViewDef, BoardViewProps } from "../registry";
import { useLanguage } from "../../i18n";
import { Icon } from "../../ui/icons";
import { formatDay, formatNumber } from "./api";
import { ChangeLog } from "./Changes";
import { DefinitionEditor } from "./Definition";
import { usePilotDefinition, usePilotSubmissions } from "./doc";
import { useStable } from "../../sync/hooks";
import { EvaluationTable, trendText, VerdictChip } from "./Evaluation";
import { FeedbackStream } from "./FeedbackStream";
import { tp } from "./i18n";
import { KpiChart, SITE_COLORS } from "./KpiChart";
import { PilotParticipantView } from "./Participant";
import { ReadingsPanel } from "./Readings";
import {
  changesArray,
  isoDate,
  kpisMap,
  pilotMap,
  readChanges,
  readDefinition,
  readFeedback,
  baselineOf,
  counted,
  readCorrections,
  readKpis,
  readReadings,
  sitesArray,
  teamsArray,
  today,
  type KpiEvaluation,
  type PilotAnalysis,
  type Reading,
} from "./schema";

const NONE: Reading[] = [];

function Stat({ label, value, sub }: { label: string; value: string; sub?: string }) {
  return (
    <div class="pilot-stat">
      <span class="pilot-stat-label">{label}</span>
      <strong class="pilot-stat-value">{value}</strong>
      {sub && <span class="pilot-stat-sub small muted">{sub}</span>}
    </div>
  );
}

function KeyFigures({ k }: { k: KpiEvaluation }) {
  const lang = useLanguage();
  const u = k.unit ? ` ${k.unit}` : "";
  const unit = k.percent ? ` ${tp("eval.pp")}` : u;
  return (
    <p class="pilot-figures">
      <span class="num">{formatNumber(k.baseline, lang, 1)}</span>
      <span aria-hidden="true">→</span>
      <strong class="num">
        {formatNumber(k.estimate, lang, 1)}
        {u}
      </strong>
      {k.change !== null && (
        <span class={`delta ${k.improved ? "delta-ok" : k.improved === false ? "delta-bad" : ""}`}>
          {k.change > 0 ? "+" : k.change < 0 ? "−" : ""}
          {formatNumber(Math.abs(k.change), lang, 1)}
          {unit}
          {k.change_pct !== null &&
            ` (${k.change_pct > 0 ? "+" : k.change_pct < 0 ? "−" : ""}${formatNumber(Math.abs(k.change_pct), lang, 1)} %)`}
        </span>
      )}
      {k.target !== null && <span class="small muted">{tp("charts.targetIs", { value: `${formatNumber(k.target, lang)}${u}` })}</span>}
    </p>
  );
}

function PilotTeamView({ board, conn, readOnly, analysis, edit, workshop: w }: BoardViewProps) {
  const lang = useLanguage();
  const { content, ledger } = conn;
  // Thousands of readings: read again only when the submissions change, and the charts, the
  // feedback and the table (memoised) get the same arrays while only the definition changes
  // (a name being typed), so they skip those renders.
  const defRev = usePilotDefinition(content);
  const subRev = usePilotSubmissions(ledger);
  const def = useMemo(() => readDefinition(content), [content, defRev]);
  const kpis = useStable(useMemo(() => readKpis(content), [content, defRev]));
  const changes = useStable(useMemo(() => readChanges(content), [content, defRev]));
  const sites = useStable(def.sites);
  const submissions = useMemo(() => {
    const all = readReadings(ledger);
    const readings = counted(all);
    const byKpi = new Map<string, Reading[]>();
    for (const r of readings) {
      const list = byKpi.get(r.kpi_id);
      if (list) list.push(r);
      else byKpi.set(r.kpi_id, [r]);
    }
    return { all, readings, byKpi, corrections: readCorrections(ledger), feedback: readFeedback(ledger) };
  }, [ledger, subRev]);
  const { all, readings, byKpi, corrections, feedback } = submissions;
  const a = analysis as PilotAnalysis | null;
  const [editDef, setEditDef] = useState(false);
  const canEdit = !readOnly;
  // corrections are facilitator commands, allowed on a locked board too (not once finished)
  const canCorrect = w.isFacilitator && !w.finished;
  const now = today();
  const ended = Boolean(def.end && now > def.end);
  const upcoming = Boolean(def.start && now < def.start);
  const evals = new Map((a?.kpis ?? []).map((k) => [k.kpi_id, k]));
  const days =
    isoDate(def.start) && isoDate(def.end) && def.end >= def.start
      ? Math.round((Date.parse(def.end) - Date.parse(def.start)) / 86_400_000) + 1
      : null;

  return (
    <div class="pilot-board">
      <section class="panel pilot-head" aria-labelledby="pilot-head-title">
        <div class="pilot-head-top">
          <div class="pilot-head-text">
            <h2 id="pilot-head-title">{def.name || tp("head.untitled")}</h2>
            <p class="pilot-head-period">
              {def.start || def.end
                ? tp("head.period", { start: def.start ? formatDay(def.start, lang) : "…", end: def.end ? formatDay(def.end, lang) : "…" })
                : tp("head.noPeriod")}
              {days !== null && <> · {tp("head.days", { count: days })}</>}
            </p>
            <div class="pilot-scope">
              {def.sites.map((s, i) => (
                <span key={s} class="chip pilot-site-chip">
                  <span class="pilot-site-dot" style={{ background: SITE_COLORS[i % SITE_COLORS.length] }} aria-hidden="true" />
                  {s}
                </span>
              ))}
              {def.teams.map((t) => (
                <span key={t} class="chip">
                  <Icon name="users" size={13} /> {t}
                </span>
              ))}
            </div>
          </div>
          {canEdit && (
            <button
              type="button"
              class={`btn btn-small${editDef ? " btn-active" : ""}`}
              aria-expanded={editDef}
              aria-controls="pilot-def-panel"
              onClick={() => setEditDef(!editDef)}
              data-testid="edit-definition"
            >
              {editDef ? <Icon name="check" size={16} /> : <Icon name="pencil" size={16} />}{" "}
              <span>{editDef ? tp("head.closeDefinition") : tp("head.editDefinition")}</span>
            </button>
          )}
        </div>
        <div class="pilot-stats">
          <Stat
            label={tp("head.readings")}
            value={String(readings.length)}
            sub={a?.unknown_kpi_readings ? tp("head.unknownKpi", { count: a.unknown_kpi_readings }) : undefined}
          />
          <Stat label={tp("head.feedback")} value={String(feedback.length)} />
          <Stat label={tp("head.targets")} value={`${a?.targets_met ?? 0} / ${kpis.filter((k) => k.target !== null).length}`} />
          <Stat label={tp("head.changes")} value={String(changes.length)} />
        </div>
        {(ended || upcoming) && (
          <p class="pilot-period-note" role="status" data-testid="period-note">
            <Icon name="timer" size={16} />
            <span>
              {ended ? tp("head.ended", { end: formatDay(def.end, lang) }) : tp("head.upcoming", { start: formatDay(def.start, lang) })}
            </span>
          </p>
        )}
        {canEdit && <p class="hint">{tp("head.linkHint")}</p>}
      </section>

      {editDef && canEdit && (
        <div id="pilot-def-panel">
          <DefinitionEditor content={content} workshop={w.conn?.content ?? null} def={def} kpis={kpis} edit={edit} />
        </div>
      )}

      <section class="panel" aria-labelledby="pilot-eval-title">
        <div class="panel-head">
          <h2 id="pilot-eval-title">{tp("eval.title")}</h2>
          <span class="small muted">{tp("eval.live")}</span>
          {a?.status && (
            <span class="chip" data-testid="eval-status">
              {tp(`eval.status.${a.status}`)}
            </span>
          )}
        </div>
        {!a ? (
          <p class="empty-inline">{tp("eval.waiting")}</p>
        ) : a.kpis.length === 0 ? (
          <p class="empty-inline">{tp("eval.noKpis")}</p>
        ) : (
          <>
            <EvaluationTable kpis={a.kpis} />
            <p class="hint pilot-eval-foot">{tp("eval.method")}</p>
          </>
        )}
      </section>

      {kpis.length > 0 && (
        <div class="pilot-charts">
          {kpis.map((k) => {
            const ev = evals.get(k.id);
            const mine = byKpi.get(k.id) ?? NONE;
            return (
              <section key={k.id} class="panel pilot-chart-panel" aria-labelledby={`chart-${k.id}`} data-kpi-id={k.id}>
                <div class="panel-head">
                  <h2 id={`chart-${k.id}`}>
                    {k.name || k.id}
                    {k.unit && <span class="muted pilot-unit"> ({k.unit})</span>}
                  </h2>
                  {ev && <VerdictChip k={ev} />}
                </div>
                {ev && ev.estimate !== null && <KeyFigures k={ev} />}
                <KpiChart kpi={k} baseline={ev?.baseline} readings={mine} start={def.start} end={def.end} changes={changes} sites={sites} />
                <div class="pilot-legend small">
                  {def.sites.map((s, i) => (
                    <span key={s}>
                      <span class="pilot-key-dot" style={{ background: SITE_COLORS[i % SITE_COLORS.length] }} aria-hidden="true" /> {s}
                    </span>
                  ))}
                  <span>
                    <span class="pilot-key-line pilot-key-mean" aria-hidden="true" /> {tp("charts.mean")}
                  </span>
                  {(ev?.baseline ?? baselineOf(k)) !== null && (
                    <span>
                      <span class="pilot-key-line pilot-key-baseline" aria-hidden="true" /> {tp("charts.baseline")}
                    </span>
                  )}
                  {k.target !== null && (
                    <span>
                      <span class="pilot-key-line pilot-key-target" aria-hidden="true" /> {tp("charts.target")}
                    </span>
                  )}
                  {changes.length > 0 && (
                    <span>
                      <span class="pilot-key-flag" aria-hidden="true">
                        1
                      </span>{" "}
                      {tp("charts.change")}
                    </span>
                  )}
                </div>
                {ev && <p class="small muted pilot-trend">{trendText(ev, lang)}</p>}
              </section>
            );
          })}
        </div>
      )}

      <div class="pilot-lower">
        <FeedbackStream feedback={feedback} readings={readings} sites={sites} summary={a?.feedback ?? null} />
        <ChangeLog content={content} changes={changes} canEdit={canEdit} edit={edit} />
      </div>

      <ReadingsPanel
        all={all}
        counted={readings.length}
        kpis={kpis}
        corrections={corrections}
        canCorrect={canCorrect}
        run={(name, payload) => w.command(name, payload, board.id)}
      />
    </div>
  );
}

export const pilotView: BoardViewDef = {
  kind: "pilot",
  View: PilotTeamView,
  ParticipantView: PilotParticipantView,
  undoScope: (content) => [pilotMap(content), sitesArray(content), teamsArray(content), kpisMap(content), changesArray(content)],
};
