// The facilitator starts and stops the countdown everyone sees (ledger state.timer_ends_at).
import { useState } from "preact/hooks";
import { t } from "../../i18n";
import { FieldError } from "../../ui/field";
import { Icon } from "../../ui/icons";
import { plainNumberText } from "../../ui/numtext";
import { formatClock, useRemaining } from "../../ui/timer";
import { useWorkshop } from "./context";
import { COMMANDS } from "./schema";

const PRESETS = [3, 5, 10, 15];

export function TimerPanel() {
  const w = useWorkshop();
  const left = useRemaining(w.state.timer_ends_at);
  const [minutes, setMinutes] = useState("5");
  const [error, setError] = useState<string | null>(null);
  const running = left !== null && left > 0;
  const start = (mins: number) => void w.command(COMMANDS.timer, { seconds: Math.round(mins * 60) }).catch(() => {});
  const stop = () => void w.command(COMMANDS.timer, { seconds: 0 }).catch(() => {});
  const control = w.isFacilitator && !w.finished;
  if (!control && left === null) return null;
  return (
    <section class="panel timer-panel" aria-labelledby="timer-title">
      <div class="panel-head">
        <h2 id="timer-title">{t("timer.title")}</h2>
      </div>
      {left !== null && (
        <div class={`timer-big${left === 0 ? " done" : ""}`} role="timer" aria-live="off" data-testid="timer-big">
          {left === 0 ? t("timer.up") : formatClock(left)}
        </div>
      )}
      {control && (
        <>
          {running || left === 0 ? (
            <div class="row">
              {running && (
                <button type="button" class="btn btn-small" onClick={() => start((left + 60) / 60)}>
                  {t("timer.addMinute")}
                </button>
              )}
              <button type="button" class="btn btn-small" onClick={stop}>
                <Icon name="stop" size={16} /> <span>{running ? t("timer.stop") : t("timer.clear")}</span>
              </button>
            </div>
          ) : (
            <>
              <p class="hint">{t("timer.hint")}</p>
              <div class="timer-presets" role="group" aria-label={t("timer.presets")}>
                {PRESETS.map((m) => (
                  <button key={m} type="button" class="btn btn-small" onClick={() => start(m)}>
                    {t("timer.minutes", { count: m })}
                  </button>
                ))}
              </div>
              <form
                class="row"
                onSubmit={(e) => {
                  e.preventDefault();
                  const text = plainNumberText(minutes);
                  const m = /^\d+(\.\d+)?$/.test(text) ? Number(text) : NaN;
                  if (!(m > 0 && m <= 24 * 60)) return setError(t("timer.invalid", { text: minutes.trim() }));
                  setError(null);
                  start(m);
                }}
              >
                <label class="sr-only" for="timer-minutes">
                  {t("timer.custom")}
                </label>
                <input
                  id="timer-minutes"
                  class="input-narrow"
                  type="text"
                  inputMode="decimal"
                  value={minutes}
                  aria-invalid={error ? "true" : undefined}
                  aria-describedby={error ? "timer-minutes-error" : undefined}
                  onInput={(e) => {
                    setError(null);
                    setMinutes((e.currentTarget as HTMLInputElement).value);
                  }}
                />
                <span class="muted">{t("timer.min")}</span>
                <button type="submit" class="btn btn-primary btn-small">
                  <Icon name="timer" size={16} /> <span>{t("timer.start")}</span>
                </button>
              </form>
              <FieldError id="timer-minutes" message={error} />
            </>
          )}
        </>
      )}
    </section>
  );
}
