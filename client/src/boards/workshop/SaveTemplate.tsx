// Save as template (facilitator): the workshop's structure -- boards, steps, categories, KPI
// definitions, roles, activities, goal skeletons -- becomes a template every new workshop on
// this server can start from. The server copies no participant data (server/saved_templates).
import { useState } from "preact/hooks";
import { api } from "../../api";
import { t } from "../../i18n";
import { useAction } from "../../ui/action";
import { Dialog } from "../../ui/dialog";
import { Icon } from "../../ui/icons";
import { notify } from "../../ui/toast";
import { useWorkshop } from "./context";

export function SaveTemplateControl() {
  const w = useWorkshop();
  const [open, setOpen] = useState(false);
  const [name, setName] = useState("");
  const [description, setDescription] = useState("");
  const save = useAction(
    async () => {
      await api.saveTemplate(w.id, name.trim(), description.trim(), w.token);
      notify(t("start.saveTemplate.done"));
      setOpen(false);
    },
    { onError: "form" },
  );
  if (!w.isFacilitator) return null;
  const show = () => {
    setName(w.info.title);
    setDescription(w.info.process);
    setOpen(true);
  };
  return (
    <>
      <button type="button" class="btn btn-ghost btn-block" data-testid="save-template" onClick={show}>
        <Icon name="copy" size={16} /> <span>{t("start.saveTemplate.open")}</span>
      </button>
      <Dialog open={open} title={t("start.saveTemplate.title")} onClose={() => setOpen(false)}>
        <p class="hint">{t("start.saveTemplate.hint")}</p>
        <div class="field">
          <label for="template-name">{t("start.saveTemplate.name")}</label>
          <input id="template-name" maxLength={200} value={name} onInput={(e) => setName((e.currentTarget as HTMLInputElement).value)} />
        </div>
        <div class="field">
          <label for="template-description">{t("start.saveTemplate.description")}</label>
          <input
            id="template-description"
            maxLength={500}
            value={description}
            onInput={(e) => setDescription((e.currentTarget as HTMLInputElement).value)}
          />
        </div>
        {save.error && (
          <p class="form-error" role="alert">
            {save.error}
          </p>
        )}
        <div class="dialog-actions">
          <button type="button" class="btn" onClick={() => setOpen(false)}>
            {t("actions.cancel")}
          </button>
          <button type="button" class="btn btn-primary" disabled={!name.trim() || save.busy} onClick={() => void save.run()}>
            {t("start.saveTemplate.submit")}
          </button>
        </div>
      </Dialog>
    </>
  );
}
