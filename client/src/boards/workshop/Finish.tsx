// Finishing freezes the workshop (everything read-only but the roll-out's sustain readings)
// and makes the report available.
import { useState } from "preact/hooks";
import { ApiError } from "../../api";
import { t } from "../../i18n";
import { useAction } from "../../ui/action";
import { Dialog } from "../../ui/dialog";
import { Icon } from "../../ui/icons";
import { notify } from "../../ui/toast";
import { useWorkshop } from "./context";
import { COMMANDS } from "./schema";

/** Where the server serves the PDF report (see the final note to the lead). */
export const reportPath = (workshopId: string) => `/api/workshops/${encodeURIComponent(workshopId)}/export/pdf`;

export function ReportButton() {
  const w = useWorkshop();
  const download = useAction(async () => {
    const res = await fetch(reportPath(w.id), { headers: { Authorization: `Bearer ${w.token}` } });
    if (!res.ok) throw new ApiError(res.status, res.status === 404 ? "report_missing" : `http_${res.status}`, res.statusText, "");
    const url = URL.createObjectURL(await res.blob());
    const a = Object.assign(document.createElement("a"), { href: url, download: `${w.info.title}.pdf` });
    a.click();
    setTimeout(() => URL.revokeObjectURL(url), 10000);
  });
  // The report is the team's: a pilot link is refused it (403), so it never sees the button.
  if (w.role === "pilot") return null;
  return (
    <button type="button" class="btn btn-small" onClick={() => void download.run()} disabled={download.busy}>
      <Icon name="report" size={16} /> <span>{t("report.download")}</span>
    </button>
  );
}

export function FinishControl() {
  const w = useWorkshop();
  const [open, setOpen] = useState(false);
  const finish = useAction(
    async () => {
      await w.command(COMMANDS.finish);
      notify(t("finish.done"));
      setOpen(false);
      void w.refresh();
    },
    { onError: "silent" }, // the workshop's command already showed the refusal
  );
  if (!w.isFacilitator || w.finished) return null;
  return (
    <>
      <button type="button" class="btn btn-danger-outline btn-block" onClick={() => setOpen(true)}>
        <Icon name="flag" size={16} /> <span>{t("finish.button")}</span>
      </button>
      <Dialog open={open} title={t("finish.title")} onClose={() => setOpen(false)}>
        <p data-testid="finish-explain">{t(w.info.sustain ? "finish.explainSustain" : "finish.explain")}</p>
        <div class="dialog-actions">
          <button type="button" class="btn" onClick={() => setOpen(false)}>
            {t("actions.cancel")}
          </button>
          <button type="button" class="btn btn-danger" onClick={() => void finish.run()} disabled={finish.busy}>
            {t("finish.confirm")}
          </button>
        </div>
      </Dialog>
    </>
  );
}
