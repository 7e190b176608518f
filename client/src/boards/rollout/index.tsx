// The `rollout` board ("roll out and sustain"). Team view: the go / no-go decision, the waves
// with readiness and their timeline, the control charts that show whether the gain holds after
// go-live (a relapse is flagged on top), the risk register and the resources and constraints.
// Phone view (Participant.tsx): post-go-live readings from the pilot page, drawn from its narrow
// `phone` data (the pilot link never syncs this board).
import type { BoardViewDef, BoardViewProps } from "../registry";
import { Icon } from "../../ui/icons";
import { ControlChartPanel } from "./ControlChart";
import { DecisionPanel } from "./Decision";
import { contentRoots, useRolloutLedger, useRolloutPlan } from "./doc";
import { tr, trMaybe } from "./i18n";
import { RolloutPhoneView } from "./Participant";
import { ReadingsList } from "./Readings";
import { ResourcesPanel } from "./Resources";
import { RisksPanel } from "./Risks";
import {
  readDecisions,
  readGolive,
  readReadiness,
  readReadings,
  readResources,
  readRisks,
  readWaves,
  type RolloutAnalysis,
} from "./schema";
import { Timeline } from "./Timeline";
import { WavesPanel } from "./Waves";

const CHART_FINDINGS = ["baseline_too_short", "no_limits", "provisional_limits", "no_variation"];

function RolloutTeamView({ board, conn, readOnly, analysis, edit, workshop: w }: BoardViewProps) {
  const { content, ledger } = conn;
  useRolloutPlan(content);
  useRolloutLedger(ledger);
  const a = analysis as RolloutAnalysis | null;
  const decisions = readDecisions(ledger);
  const decision = decisions.length ? decisions[decisions.length - 1] : null;
  const waves = readWaves(content);
  const readiness = readReadiness(content);
  const golive = readGolive(ledger);
  const readings = readReadings(ledger);
  const canEdit = !readOnly;
  const charts = a?.charts ?? [];
  const relapsing = charts.filter((c) => c.relapse);
  // what the charts themselves do not show (the relapse has its banner, waves their chips)
  const findings = (a?.findings ?? [])
    .filter((f) => CHART_FINDINGS.includes(f.code))
    .map((f) => trMaybe(`codes.${f.code}`, f.params))
    .filter((s): s is string => s !== null);

  return (
    <div class="rollout-board">
      {relapsing.length > 0 && (
        <p class="rollout-relapse" role="alert" data-testid="relapse-banner">
          <Icon name="flag" size={18} />
          <span>
            <strong>{tr("relapse.title")}</strong> {tr("relapse.text", { kpis: relapsing.map((c) => c.name || c.kpi_id).join(tr("sep")) })}
          </span>
        </p>
      )}
      <DecisionPanel w={w} boardId={board.id} decisions={decisions} />
      <WavesPanel
        content={content}
        waves={waves}
        readiness={readiness}
        golive={golive}
        canEdit={canEdit}
        edit={edit}
        w={w}
        boardId={board.id}
      />
      <Timeline waves={waves} golive={golive} />

      <section class="rollout-sustain" aria-labelledby="rollout-sustain-title">
        <div class="rollout-section-head">
          <h2 id="rollout-sustain-title">{tr("sustain.title")}</h2>
          <span class="small muted">{tr("sustain.readings", { count: readings.length })}</span>
        </div>
        {decision?.verdict === "stop" && (
          <p class="notice" data-testid="sustain-stopped">
            {tr("sustain.stopped")}
          </p>
        )}
        {!decision ? (
          <p class="panel empty-inline">{tr("sustain.noDecision")}</p>
        ) : charts.length === 0 ? (
          <p class="panel empty-inline">{a ? tr("sustain.noKpis") : tr("sustain.waiting")}</p>
        ) : (
          <div class="rollout-charts">
            {charts.map((c) => (
              <ControlChartPanel key={c.kpi_id} chart={c} waves={waves} content={content} canEdit={canEdit} edit={edit} />
            ))}
          </div>
        )}
        <p class="hint">{tr("sustain.method")}</p>
        <ReadingsList readings={readings} kpis={decision?.pilot.kpis ?? []} waves={waves} />
        {findings.length > 0 && (
          <ul class="rollout-findings small" data-testid="findings">
            {findings.map((f, i) => (
              <li key={i}>{f}</li>
            ))}
          </ul>
        )}
      </section>

      <RisksPanel boardId={board.id} content={content} risks={readRisks(content)} canEdit={canEdit} edit={edit} />
      <ResourcesPanel content={content} resources={readResources(content)} canEdit={canEdit} edit={edit} />
    </div>
  );
}

export const rolloutView: BoardViewDef = {
  kind: "rollout",
  View: RolloutTeamView,
  PhoneView: RolloutPhoneView,
  undoScope: contentRoots,
};
