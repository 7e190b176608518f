// The start page's template chooser: an empty workshop, or one of the templates the server
// offers (built in for the usual scenarios, or saved on this server), as radio cards.
import { useEffect, useState } from "preact/hooks";
import { api, type Language, type TemplateInfo } from "../../api";
import { t } from "../../i18n";

export function TemplateChooser({ language, value, onChange }: { language: Language; value: string; onChange: (id: string) => void }) {
  const [templates, setTemplates] = useState<TemplateInfo[] | null>(null);
  useEffect(() => {
    let live = true;
    api.templates(language).then(
      (found) => live && setTemplates(found),
      () => live && setTemplates([]),
    );
    return () => {
      live = false;
    };
  }, [language]);
  // A saved template chosen in one language stays chosen; a built-in one is re-listed.
  const cards: { id: string; title: string; description: string; boards: string[]; saved: boolean }[] = [
    { id: "", title: t("start.templates.blank"), description: t("start.templates.blankHint"), boards: [], saved: false },
    ...(templates ?? []).map((tpl) => ({
      id: tpl.id,
      title: tpl.title,
      description: tpl.description,
      boards: tpl.boards.map((b) => b.title),
      saved: tpl.saved,
    })),
  ];
  return (
    <fieldset class="field templates" data-testid="templates">
      <legend>{t("start.templates.title")}</legend>
      <p class="hint">{t("start.templates.hint")}</p>
      <div class="template-grid" role="radiogroup" aria-label={t("start.templates.title")}>
        {cards.map((card) => (
          <label
            key={card.id || "blank"}
            class={`template-card${value === card.id ? " selected" : ""}`}
            data-testid={`template-${card.id || "blank"}`}
          >
            <input type="radio" name="template" value={card.id} checked={value === card.id} onChange={() => onChange(card.id)} />
            <span class="template-title">
              {card.title}
              {card.saved && <span class="badge">{t("start.templates.saved")}</span>}
            </span>
            <span class="template-desc small">{card.description}</span>
            {card.boards.length > 0 && (
              <span class="template-boards small muted">
                {t("start.templates.boards", { count: card.boards.length })}: {card.boards.join(" · ")}
              </span>
            )}
          </label>
        ))}
      </div>
      {templates === null && <p class="hint">{t("start.templates.loading")}</p>}
    </fieldset>
  );
}
