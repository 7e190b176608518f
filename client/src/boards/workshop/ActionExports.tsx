// The actions as files: XLSX and CSV for the team's tracker, iCalendar for the due dates.
// Same rule as the other exports: facilitators always, viewers when allowed.
import { t } from "../../i18n";
import { Icon } from "../../ui/icons";
import { useWorkshop } from "./context";
import { useDownload } from "./Exports";

// The CSV is actions.csv in the tables zip (exports/tables.py), next to the other boards' tables.
const FORMATS = [
  { fmt: "actions.xlsx", ext: "actions.xlsx", icon: "grid", label: "xlsx" },
  { fmt: "actions.ics", ext: "actions.ics", icon: "timer", label: "ics" },
  { fmt: "zip", ext: "csv.zip", icon: "board", label: "csv" },
] as const;

export function ActionExports() {
  const w = useWorkshop();
  const { busy, download } = useDownload();
  if (!(w.isFacilitator || (w.role === "viewer" && w.state.viewer_export))) return null;
  return (
    <section class="panel" aria-labelledby="action-exports-title">
      <div class="panel-head">
        <h2 id="action-exports-title">{t("actionItems.exports.title")}</h2>
      </div>
      <p class="muted small">{t("actionItems.exports.hint")}</p>
      <div class="export-list">
        {FORMATS.map(({ fmt, ext, icon, label }) => (
          <button
            key={fmt}
            type="button"
            class="btn btn-small"
            data-testid={`export-${fmt}`}
            onClick={() => download(fmt, ext)}
            disabled={busy !== null}
            aria-busy={busy === fmt}
          >
            <Icon name={icon} size={16} /> <span>{t(`actionItems.exports.${label}`)}</span>
          </button>
        ))}
      </div>
    </section>
  );
}
