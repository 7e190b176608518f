// The sustain readings as they arrived (ledger, server-written, once per submission): newest
// first, folded away under the charts; who sent what for which wave.
import { useState } from "preact/hooks";
import { useLanguage } from "../../i18n";
import { formatDay, formatNumber } from "../pilot/api";
import { whenText } from "./Decision";
import { tr } from "./i18n";
import type { PilotKpi, RolloutReading, Wave } from "./schema";

const SHOWN = 30;

export function ReadingsList({ readings, kpis, waves }: { readings: RolloutReading[]; kpis: PilotKpi[]; waves: Wave[] }) {
  const lang = useLanguage();
  const [all, setAll] = useState(false);
  const newest = [...readings].reverse();
  const shown = all ? newest : newest.slice(0, SHOWN);
  const kpiOf = (id: string) => kpis.find((k) => k.id === id);
  return (
    <details class="panel rollout-readings" data-testid="readings">
      <summary>
        <h2>{tr("readings.title", { count: readings.length })}</h2>
      </summary>
      {readings.length === 0 ? (
        <p class="empty-inline">{tr("readings.empty")}</p>
      ) : (
        <div class="rollout-scroll">
          <table class="rollout-table">
            <thead>
              <tr>
                <th>{tr("readings.date")}</th>
                <th>{tr("readings.kpi")}</th>
                <th>{tr("readings.wave")}</th>
                <th class="num">{tr("readings.value")}</th>
                <th>{tr("readings.by")}</th>
                <th>{tr("readings.at")}</th>
              </tr>
            </thead>
            <tbody>
              {shown.map((r) => {
                const kpi = kpiOf(r.kpi_id);
                const unit = kpi?.percent ? " %" : kpi?.unit ? ` ${kpi.unit}` : "";
                return (
                  <tr key={r.id} data-submission-id={r.id}>
                    <td>{formatDay(r.date, lang)}</td>
                    <td>{kpi?.name || r.kpi_id}</td>
                    <td>{waves.find((w) => w.id === r.wave_id)?.name || r.wave_id}</td>
                    <td class="num">
                      {formatNumber(r.value, lang, 1)}
                      {unit}
                      {r.numerator !== null && r.denominator !== null && (
                        <span class="small muted">
                          {" "}
                          ({r.numerator} / {r.denominator})
                        </span>
                      )}
                    </td>
                    <td>{r.display_name || "—"}</td>
                    <td class="small muted">{whenText(r.submitted_at, lang)}</td>
                  </tr>
                );
              })}
            </tbody>
          </table>
        </div>
      )}
      {shown.length < newest.length && (
        <button type="button" class="btn btn-small btn-ghost" onClick={() => setAll(true)}>
          {tr("readings.showAll", { count: newest.length })}
        </button>
      )}
    </details>
  );
}
