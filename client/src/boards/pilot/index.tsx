// The `pilot` board. Team view: the definition (scope, period, KPIs), the live evaluation, KPI
// charts against baseline and target, the feedback stream and the plan-change log.
// Participant view (Participant.tsx): the phone page behind the pilot link.
import { useState } from "preact/hooks";
import type { BoardViewDef, BoardViewProps } from "../registry";
import { formatDateTime, useLanguage } from "../../i18n";
import { useY } from "../../sync/hooks";
import { Icon } from "../../ui/icons";
import { formatDay, formatNumber } from "./api";
import { ChangeLog, Pencil } from "./Changes";
import { DefinitionEditor } from "./Definition";
import { EvaluationTable, trendText, VerdictChip } from "./Evaluation";
import { FeedbackStream } from "./FeedbackStream";
import { tp } from "./i18n";
import { KpiChart, SITE_COLORS } from "./KpiChart";
import { PilotParticipantView } from "./Participant";
import {
  changesArray,
  feedbackMap,
  isoDate,
  kpisMap,
  pilotMap,
  readChanges,
  readDefinition,
  readFeedback,
  readingsMap,
  readKpis,
  readReadings,
  sitesArray,
  teamsArray,
  today,
  type KpiEvaluation,
  type PilotAnalysis,
} from "./schema";

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
  return (
    <p class="pilot-figures">
      <span class="num">{formatNumber(k.baseline, lang)}</span>
      <span aria-hidden="true">→</span>
      <strong class="num">{formatNumber(k.mean, lang, 1)}{u}</strong>
      {k.change_pct !== null && (
        <span class={`delta ${k.improved ? "delta-ok" : "delta-bad"}`}>
          {k.change_pct > 0 ? "+" : ""}
          {formatNumber(k.change_pct, lang, 1)}%
        </span>
      )}
      {k.target !== null && <span class="small muted">{tp("charts.targetIs", { value: `${formatNumber(k.target, lang)}${u}` })}</span>}
    </p>
  );
}

function PilotTeamView({ conn, readOnly, analysis, edit, workshop: w }: BoardViewProps) {
  const lang = useLanguage();
  const { content, ledger } = conn;
  useY(pilotMap(content));
  useY(sitesArray(content));
  useY(teamsArray(content));
  useY(kpisMap(content));
  useY(changesArray(content));
  useY(readingsMap(ledger));
  useY(feedbackMap(ledger));
  const def = readDefinition(content);
  const kpis = readKpis(content);
  const changes = readChanges(content);
  const readings = readReadings(ledger);
  const feedback = readFeedback(ledger);
  const a = analysis as PilotAnalysis | null;
  const [editDef, setEditDef] = useState(false);
  const canEdit = !readOnly;
  const now = today();
  const ended = Boolean(def.end && now > def.end);
  const upcoming = Boolean(def.start && now < def.start);
  const evals = new Map((a?.kpis ?? []).map((k) => [k.kpi_id, k]));
  const days = isoDate(def.start) && isoDate(def.end) && def.end >= def.start ? Math.round((Date.parse(def.end) - Date.parse(def.start)) / 86_400_000) + 1 : null;

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
            <button type="button" class={`btn btn-small${editDef ? " btn-active" : ""}`} aria-expanded={editDef} aria-controls="pilot-def-panel" onClick={() => setEditDef(!editDef)} data-testid="edit-definition">
              {editDef ? <Icon name="check" size={16} /> : <Pencil />} <span>{editDef ? tp("head.closeDefinition") : tp("head.editDefinition")}</span>
            </button>
          )}
        </div>
        <div class="pilot-stats">
          <Stat label={tp("head.readings")} value={String(readings.length)} sub={a?.unknown_kpi_readings ? tp("head.unknownKpi", { count: a.unknown_kpi_readings }) : undefined} />
          <Stat label={tp("head.feedback")} value={String(feedback.length)} />
          <Stat label={tp("head.targets")} value={`${a?.targets_met ?? 0} / ${kpis.filter((k) => k.target !== null).length}`} />
          <Stat label={tp("head.changes")} value={String(changes.length)} />
        </div>
        {(ended || upcoming) && (
          <p class="pilot-period-note" role="status" data-testid="period-note">
            <Icon name="timer" size={16} />
            <span>{ended ? tp("head.ended", { end: formatDay(def.end, lang) }) : tp("head.upcoming", { start: formatDay(def.start, lang) })}</span>
          </p>
        )}
        {canEdit && <p class="hint">{tp("head.linkHint")}</p>}
      </section>

      {editDef && canEdit && (
        <div id="pilot-def-panel">
          <DefinitionEditor content={content} def={def} kpis={kpis} edit={edit} />
        </div>
      )}

      <section class="panel" aria-labelledby="pilot-eval-title">
        <div class="panel-head">
          <h2 id="pilot-eval-title">{tp("eval.title")}</h2>
          <span class="small muted">{tp("eval.live")}</span>
          {a?.status && <span class="chip" data-testid="eval-status">{tp(`eval.status.${a.status}`)}</span>}
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
            const mine = readings.filter((r) => r.kpi_id === k.id);
            return (
              <section key={k.id} class="panel pilot-chart-panel" aria-labelledby={`chart-${k.id}`} data-kpi-id={k.id}>
                <div class="panel-head">
                  <h2 id={`chart-${k.id}`}>
                    {k.name || k.id}
                    {k.unit && <span class="muted pilot-unit"> ({k.unit})</span>}
                  </h2>
                  {ev && <VerdictChip k={ev} />}
                </div>
                {ev && ev.mean !== null && <KeyFigures k={ev} />}
                <KpiChart kpi={k} readings={mine} start={def.start} end={def.end} changes={changes} sites={def.sites} />
                <div class="pilot-legend small">
                  {def.sites.map((s, i) => (
                    <span key={s}>
                      <span class="pilot-key-dot" style={{ background: SITE_COLORS[i % SITE_COLORS.length] }} aria-hidden="true" /> {s}
                    </span>
                  ))}
                  <span><span class="pilot-key-line pilot-key-mean" aria-hidden="true" /> {tp("charts.mean")}</span>
                  {k.baseline !== null && <span><span class="pilot-key-line pilot-key-baseline" aria-hidden="true" /> {tp("charts.baseline")}</span>}
                  {k.target !== null && <span><span class="pilot-key-line pilot-key-target" aria-hidden="true" /> {tp("charts.target")}</span>}
                  {changes.length > 0 && <span><span class="pilot-key-flag" aria-hidden="true">1</span> {tp("charts.change")}</span>}
                </div>
                {ev && <p class="small muted pilot-trend">{trendText(ev, lang)}</p>}
              </section>
            );
          })}
        </div>
      )}

      <div class="pilot-lower">
        <FeedbackStream feedback={feedback} readings={readings} sites={def.sites} summary={a?.feedback ?? null} />
        <ChangeLog content={content} changes={changes} canEdit={canEdit} edit={edit} />
      </div>

      <details class="panel pilot-readings">
        <summary>
          <h2>{tp("readings.title", { count: readings.length })}</h2>
        </summary>
        <div class="table-wrap">
          <table class="data-table" data-testid="readings-table">
            <thead>
              <tr>
                <th scope="col">{tp("readings.date")}</th>
                <th scope="col">{tp("readings.kpi")}</th>
                <th scope="col">{tp("readings.value")}</th>
                <th scope="col">{tp("readings.site")}</th>
                <th scope="col">{tp("readings.by")}</th>
                <th scope="col">{tp("readings.submitted")}</th>
              </tr>
            </thead>
            <tbody>
              {[...readings].reverse().map((r) => {
                const k = kpis.find((x) => x.id === r.kpi_id);
                return (
                  <tr key={r.id} data-submission-id={r.id}>
                    <td>{formatDay(r.date, lang)}</td>
                    <td>{k?.name || r.kpi_id}</td>
                    <td class="num">{formatNumber(r.value, lang)}{k?.unit ? ` ${k.unit}` : ""}</td>
                    <td>{r.site || "—"}</td>
                    <td>{r.display_name || "—"}</td>
                    <td class="small muted">{r.submitted_at ? formatDateTime(r.submitted_at, lang) : ""}</td>
                  </tr>
                );
              })}
            </tbody>
          </table>
        </div>
      </details>
    </div>
  );
}

export const pilotView: BoardViewDef = {
  kind: "pilot",
  View: PilotTeamView,
  ParticipantView: PilotParticipantView,
  undoScope: (content) => [pilotMap(content), sitesArray(content), teamsArray(content), kpisMap(content), changesArray(content)],
  icon: "chart",
};
