// Deleting a workshop for good (facilitator): every board, link and participant on the
// server goes, and every open board closes. Typing the title is the confirmation the server
// asks for, so one wrong click cannot delete anything.
import { useState } from "preact/hooks";
import { api } from "../../api";
import { t } from "../../i18n";
import { forgetMembership } from "../../storage";
import { useAction } from "../../ui/action";
import { Dialog } from "../../ui/dialog";
import { Icon } from "../../ui/icons";
import { notify } from "../../ui/toast";
import { useWorkshop } from "./context";

export function DeleteControl() {
  const w = useWorkshop();
  const [open, setOpen] = useState(false);
  const [typed, setTyped] = useState("");
  const remove = useAction(
    async () => {
      await api.deleteWorkshop(w.id, typed, w.token);
      forgetMembership(w.id);
      notify(t("deleteWorkshop.done"));
      location.href = "/";
    },
    { onError: "form", stayBusy: true },
  );
  if (!w.isFacilitator) return null;
  const matches = typed.trim() === w.info.title.trim();
  const close = () => {
    setOpen(false);
    setTyped("");
  };
  return (
    <>
      <button type="button" class="btn btn-ghost btn-block btn-danger-text" data-testid="delete-workshop" onClick={() => setOpen(true)}>
        <Icon name="trash" size={16} /> <span>{t("deleteWorkshop.button")}</span>
      </button>
      <Dialog open={open} title={t("deleteWorkshop.title")} onClose={close}>
        <p>{t("deleteWorkshop.explain")}</p>
        <div class="field">
          <label for="delete-confirm">{t("deleteWorkshop.label", { title: w.info.title })}</label>
          <input
            id="delete-confirm"
            type="text"
            autocomplete="off"
            value={typed}
            onInput={(e) => setTyped((e.currentTarget as HTMLInputElement).value)}
          />
        </div>
        {remove.error && (
          <p class="form-error" role="alert">
            {remove.error}
          </p>
        )}
        <div class="dialog-actions">
          <button type="button" class="btn" onClick={close}>
            {t("actions.cancel")}
          </button>
          <button type="button" class="btn btn-danger" disabled={!matches || remove.busy} onClick={() => void remove.run()}>
            {t("deleteWorkshop.confirm")}
          </button>
        </div>
      </Dialog>
    </>
  );
}
