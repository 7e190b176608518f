// diagnose → analyse → design → pilot → roll out. The facilitator moves the phase; everyone
// sees where the team is and what this phase is for.
import { t } from "../../i18n";
import { Icon } from "../../ui/icons";
import { useWorkshop } from "./context";
import { PhaseBoards } from "./PhaseBoards";
import { COMMANDS, PHASES } from "./schema";

export function PhaseStepper() {
  const w = useWorkshop();
  const current = w.ready ? PHASES.indexOf(w.state.phase) : -1;
  const canMove = w.isFacilitator && !w.finished;
  return (
    <section class="panel phase-panel" aria-labelledby="phase-title">
      <div class="panel-head">
        <h2 id="phase-title">{t("phases.title")}</h2>
        {canMove && <span class="hint">{t("phases.facilitatorHint")}</span>}
      </div>
      <ol class="stepper">
        {PHASES.map((phase, i) => {
          const state = i < current ? "done" : i === current ? "current" : "todo";
          const label = (
            <>
              <span class="step-dot" aria-hidden="true">
                {state === "done" ? <Icon name="check" size={14} /> : i + 1}
              </span>
              <span class="step-name">{t(`phases.${phase}.name`)}</span>
            </>
          );
          return (
            <li key={phase} class={`step step-${state}`} aria-current={state === "current" ? "step" : undefined}>
              {canMove ? (
                <button
                  type="button"
                  class="step-btn"
                  disabled={state === "current"}
                  aria-label={t("phases.moveTo", { phase: t(`phases.${phase}.name`) })}
                  onClick={() => void w.command(COMMANDS.phase, { phase }).catch(() => {})}
                >
                  {label}
                </button>
              ) : (
                <span class="step-btn">{label}</span>
              )}
            </li>
          );
        })}
      </ol>
      {w.ready ? (
        <>
          <p class="phase-desc" data-testid="phase-desc">
            <strong>{t(`phases.${w.state.phase}.name`)}:</strong> {t(`phases.${w.state.phase}.desc`)}
          </p>
          <PhaseBoards phase={w.state.phase} />
        </>
      ) : (
        <p class="phase-desc muted">{t("app.loading")}</p>
      )}
    </section>
  );
}
