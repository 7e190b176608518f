// Exports at any time, not only after finishing: teams build their slides before the
// meeting ends. Facilitators always; viewers when the facilitator allows it.
import { ApiError } from "../../api";
import { t } from "../../i18n";
import { useAction } from "../../ui/action";
import { Icon } from "../../ui/icons";
import { useWorkshop } from "./context";
import { COMMANDS } from "./schema";

const FORMATS = [
  { fmt: "pdf", ext: "pdf", icon: "report" },
  { fmt: "md", ext: "md", icon: "board" },
  { fmt: "zip", ext: "csv.zip", icon: "grid" },
  { fmt: "json", ext: "json", icon: "board" },
] as const;

export const exportPath = (workshopId: string, fmt: string) => `/api/workshops/${encodeURIComponent(workshopId)}/export/${fmt}`;

export function useDownload() {
  const w = useWorkshop();
  const action = useAction(async (fmt: string, ext: string) => {
    const res = await fetch(exportPath(w.id, fmt), { headers: { Authorization: `Bearer ${w.token}` } });
    if (!res.ok) {
      const body = await res.json().catch(() => ({}));
      // a busy exporter (503 exports_busy) says when to come back: the message names it
      const seconds = Number(res.headers.get("retry-after")) || body.retry_after;
      throw new ApiError(res.status, body.code ?? "report_missing", body.title ?? res.statusText, body.detail ?? "", { seconds });
    }
    const url = URL.createObjectURL(await res.blob());
    const a = Object.assign(document.createElement("a"), { href: url, download: `${w.info.title}.${ext}` });
    a.click();
    setTimeout(() => URL.revokeObjectURL(url), 10000);
  });
  return { busy: action.pending?.[0] ?? null, download: action.run };
}

export function ExportsPanel() {
  const w = useWorkshop();
  const { busy, download } = useDownload();
  const allowed = w.isFacilitator || (w.role === "viewer" && w.state.viewer_export);
  if (!allowed) return null;
  const toggle = async (event: Event) => {
    const checked = (event.target as HTMLInputElement).checked;
    try {
      await w.command(COMMANDS.viewerExport, { allowed: checked });
    } catch {
      /* already shown */
    }
  };
  return (
    <section class="panel" aria-labelledby="exports-title">
      <div class="panel-head">
        <h2 id="exports-title">{t("exports.title")}</h2>
      </div>
      <p class="muted small">{t("exports.hint")}</p>
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
            <Icon name={icon} size={16} /> <span>{t(`exports.${fmt}`)}</span>
          </button>
        ))}
      </div>
      {w.isFacilitator && (
        <label class="check">
          <input type="checkbox" checked={w.state.viewer_export} onChange={toggle} disabled={w.finished} />
          <span>{t("exports.viewers")}</span>
        </label>
      )}
    </section>
  );
}
