// Start page: create a workshop, empty or from a template (then join it as its facilitator),
// or reopen one of this browser's workshops.
import { useState } from "preact/hooks";
import { api, type Language } from "../api";
import { LANGUAGES, chooseLanguage, t, useLanguage } from "../i18n";
import { navigate, paths } from "../router";
import { saveLink, saveMembership } from "../storage";
import { useAction } from "../ui/action";
import { CopyField } from "../ui/copy";
import { Dialog } from "../ui/dialog";
import { Icon } from "../ui/icons";
import { PlainShell } from "../boards/workshop/Frame";
import { TemplateChooser } from "./start/Templates";
import { YourWorkshops } from "./start/YourWorkshops";

/** Shown once after creation: the co-facilitator link (the server never shows it again). */
function Created({ workshopId, coLink }: { workshopId: string; coLink: string }) {
  const open = () => navigate(paths.home(workshopId));
  return (
    <Dialog open title={t("start.createdTitle")} onClose={open}>
      <div class="stack" data-testid="co-facilitator">
        <h3>{t("start.coTitle")}</h3>
        <p class="hint">{t("start.coHint")}</p>
        <CopyField value={coLink} label={t("start.coTitle")} />
        <button type="button" class="btn btn-primary" onClick={open}>
          {t("start.continue")}
        </button>
      </div>
    </Dialog>
  );
}

export function StartPage() {
  const uiLang = useLanguage();
  const [form, setForm] = useState({ title: "", process: "", boundaryFrom: "", boundaryTo: "", name: "", demo: false });
  const [template, setTemplate] = useState("");
  const [language, setLanguage] = useState<Language>(uiLang);
  const [created, setCreated] = useState<{ id: string; coLink: string } | null>(null);
  const set = (k: keyof typeof form) => (e: Event) => {
    const el = e.currentTarget as HTMLInputElement;
    setForm({ ...form, [k]: el.type === "checkbox" ? el.checked : el.value });
  };

  const create = useAction(
    async () => {
      const from = form.boundaryFrom.trim();
      const to = form.boundaryTo.trim();
      const boundary = from || to ? t("start.boundaryText", { from: from || "…", to: to || "…", lng: language }) : "";
      const made = await api.createWorkshop({
        title: form.title.trim(),
        process: form.process.trim(),
        boundary,
        language,
        demo: form.demo && !template,
        ...(template ? { template } : {}),
      });
      const joined = await api.join(made.token, form.name.trim());
      saveMembership(made.id, {
        token: joined.token,
        role: joined.role,
        participant_id: joined.participant_id,
        display_name: joined.display_name,
        facilitator_invite: made.token,
        title: form.title.trim(),
        joined_at: new Date().toISOString(),
        phase: "diagnose",
        status: "live",
      });
      const coLink = new URL(made.co_facilitator.link, location.origin).href;
      saveLink(made.id, made.co_facilitator.id, coLink);
      if (language !== uiLang) chooseLanguage(language);
      setCreated({ id: made.id, coLink });
    },
    { onError: "form", stayBusy: true },
  );
  const { busy, error } = create;
  const submit = (e: Event) => {
    e.preventDefault();
    if (!form.title.trim() || !form.name.trim()) return create.setError(t("start.required"));
    void create.run();
  };

  return (
    <PlainShell mainClass="start">
      {created && <Created workshopId={created.id} coLink={created.coLink} />}
      <section class="hero">
        <h1>{t("start.headline")}</h1>
        <p class="lead">{t("start.lead")}</p>
        <ol class="loop" aria-label={t("phases.title")}>
          {["diagnose", "analyse", "design", "pilot", "rollout"].map((p, i) => (
            <li key={p}>
              <span class="loop-n">{i + 1}</span> {t(`phases.${p}.name`)}
            </li>
          ))}
        </ol>
      </section>
      <div class="start-grid">
        <form class="panel create-form" onSubmit={submit} aria-labelledby="create-title" noValidate>
          <h2 id="create-title">{t("start.createTitle")}</h2>
          <div class="field">
            <label for="ws-title">
              {t("start.title")}{" "}
              <span class="req" aria-hidden="true">
                *
              </span>
            </label>
            <input
              id="ws-title"
              required
              maxLength={200}
              value={form.title}
              onInput={set("title")}
              placeholder={t("start.titlePlaceholder")}
            />
          </div>
          <div class="field">
            <label for="ws-process">{t("start.process")}</label>
            <input
              id="ws-process"
              maxLength={200}
              value={form.process}
              onInput={set("process")}
              placeholder={t("start.processPlaceholder")}
            />
          </div>
          <fieldset class="field boundary">
            <legend>{t("start.boundary")}</legend>
            <p class="hint">{t("start.boundaryHint")}</p>
            <div class="boundary-row">
              <label class="sr-only" for="ws-from">
                {t("start.from")}
              </label>
              <span aria-hidden="true" class="muted">
                {t("start.from")}
              </span>
              <input
                id="ws-from"
                maxLength={120}
                value={form.boundaryFrom}
                onInput={set("boundaryFrom")}
                placeholder={t("start.fromPlaceholder")}
              />
              <label class="sr-only" for="ws-to">
                {t("start.to")}
              </label>
              <span aria-hidden="true" class="muted">
                {t("start.to")}
              </span>
              <input
                id="ws-to"
                maxLength={120}
                value={form.boundaryTo}
                onInput={set("boundaryTo")}
                placeholder={t("start.toPlaceholder")}
              />
            </div>
          </fieldset>
          <div class="field-row">
            <div class="field">
              <label for="ws-lang">{t("start.language")}</label>
              <select id="ws-lang" value={language} onChange={(e) => setLanguage((e.currentTarget as HTMLSelectElement).value as Language)}>
                {LANGUAGES.map((l) => (
                  <option key={l.code} value={l.code} lang={l.code}>
                    {l.label}
                  </option>
                ))}
              </select>
            </div>
            <div class="field">
              <label for="ws-name">
                {t("start.yourName")}{" "}
                <span class="req" aria-hidden="true">
                  *
                </span>
              </label>
              <input
                id="ws-name"
                required
                maxLength={60}
                autoComplete="name"
                value={form.name}
                onInput={set("name")}
                placeholder={t("start.namePlaceholder")}
              />
            </div>
          </div>
          <TemplateChooser language={language} value={template} onChange={setTemplate} />
          {!template && (
            <label class="check">
              <input type="checkbox" checked={form.demo} onChange={set("demo")} />
              <span>
                {t("start.demo")}
                <span class="hint block">{t("start.demoHint")}</span>
              </span>
            </label>
          )}
          {error && (
            <p class="form-error" role="alert">
              {error}
            </p>
          )}
          <button type="submit" class="btn btn-primary btn-large" disabled={busy}>
            {busy ? t("start.creating") : t("start.create")}
          </button>
          <p class="hint">{t("start.afterCreate")}</p>
        </form>
        <div class="start-side">
          <YourWorkshops />
          <section class="panel how" aria-labelledby="how-title">
            <h2 id="how-title">{t("start.howTitle")}</h2>
            <ul class="how-list">
              <li>
                <Icon name="link" /> <span>{t("start.how1")}</span>
              </li>
              <li>
                <Icon name="users" /> <span>{t("start.how2")}</span>
              </li>
              <li>
                <Icon name="report" /> <span>{t("start.how3")}</span>
              </li>
            </ul>
          </section>
        </div>
      </div>
    </PlainShell>
  );
}
