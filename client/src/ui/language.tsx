import { LANGUAGES, chooseLanguage, t, useLanguage } from "../i18n";
import type { Language } from "../api";

/** Two-option switch: the language names are written in their own language. */
export function LanguageSwitch() {
  const lang = useLanguage();
  return (
    <div class="lang-switch" role="group" aria-label={t("language.label")}>
      {LANGUAGES.map((l) => (
        <button
          key={l.code}
          type="button"
          lang={l.code}
          class={l.code === lang ? "active" : ""}
          aria-pressed={l.code === lang}
          onClick={() => chooseLanguage(l.code as Language)}
        >
          {l.code === "en" ? "EN" : l.label}
        </button>
      ))}
    </div>
  );
}
