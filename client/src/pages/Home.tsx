// Workshop home: where the team is in the loop, the goals, the boards, who is here, and the
// facilitator's controls.
import { t } from "../i18n";
import { useWorkshop } from "../boards/workshop/context";
import { PhaseStepper } from "../boards/workshop/PhaseStepper";
import { GoalsPanel } from "../boards/workshop/Goals";
import { BoardsPanel } from "../boards/workshop/Boards";
import { ParticipantsPanel } from "../boards/workshop/Participants";
import { TimerPanel } from "../boards/workshop/Timer";
import { InviteControl } from "../boards/workshop/Invites";
import { FinishControl } from "../boards/workshop/Finish";
import { DeleteControl } from "../boards/workshop/Delete";
import { SaveTemplateControl } from "../boards/workshop/SaveTemplate";
import { ExportsPanel } from "../boards/workshop/Exports";
import { ActionsHomePanel } from "../boards/workshop/ActionSummary";
import { A3Panel } from "../boards/workshop/A3";

export function HomePage() {
  const w = useWorkshop();
  return (
    <div class="home">
      <header class="page-head">
        <h1 data-testid="workshop-title">{w.info.title}</h1>
        {(w.info.process || w.info.boundary) && (
          <p class="page-sub">
            {w.info.process && <span>{w.info.process}</span>}
            {w.info.boundary && <span class="boundary-chip">{w.info.boundary}</span>}
          </p>
        )}
      </header>
      <div class="home-grid">
        <div class="home-main">
          <PhaseStepper />
          <BoardsPanel />
          <GoalsPanel />
          <A3Panel />
        </div>
        <aside class="home-side" aria-label={t("home.side")}>
          {w.isFacilitator && (
            <section class="panel facilitator-panel" aria-labelledby="facil-title">
              <div class="panel-head">
                <h2 id="facil-title">{t("home.facilitator")}</h2>
              </div>
              <div class="stack">
                {!w.finished && <InviteControl />}
                <FinishControl />
                <SaveTemplateControl />
                <DeleteControl />
              </div>
            </section>
          )}
          <ActionsHomePanel />
          <TimerPanel />
          <ExportsPanel />
          <ParticipantsPanel />
        </aside>
      </div>
    </div>
  );
}
