// The actions as files: CSV and XLSX for the team's tracker, iCalendar for the due dates.
// Same rule as the other exports: facilitators always, viewers when allowed.
import { t } from "../../i18n";
import { Icon } from "../../ui/icons";
import { useWorkshop } from "./context";
import { useDownload } from "./Exports";

const FORMATS = [
  { fmt: "actions.csv", ext: "actions.csv", icon: "grid" },
  { fmt: "actions.xlsx", ext: "actions.xlsx", icon: "grid" },
  { fmt: "actions.ics", ext: "actions.ics", icon: "timer" },
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
      <div class="export-list">
        {FORMATS.map(({ fmt, ext, icon }) => (
          <button
            key={fmt}
            type="button"
            class="btn btn-small"
            data-testid={`export-${fmt}`}
            onClick={() => download(fmt, ext)}
            disabled={busy !== null}
            aria-busy={busy === fmt}
          >
            <Icon name={icon} size={16} /> <span>{t(`actionItems.exports.${fmt.split(".")[1]}`)}</span>
          </button>
        ))}
      </div>
    </section>
  );
}
