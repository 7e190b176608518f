// i18next with both catalogs bundled (each a few KB). Order of preference for the language:
// the user's own choice, then the workshop's language, then the browser's.
import i18next from "i18next";
import { useEffect, useState } from "preact/hooks";
import en from "./en.json";
import zh from "./zh-CN.json";
import { storeLanguage, storedLanguage } from "../storage";
import { formatDate } from "../ui/intl";
import type { Language } from "../api";

export const LANGUAGES: { code: Language; label: string }[] = [
  { code: "zh-CN", label: "中文" },
  { code: "en", label: "English" },
];

export function normalise(tag: string | null | undefined): Language | null {
  if (!tag) return null;
  const lower = tag.toLowerCase();
  if (lower.startsWith("zh")) return "zh-CN";
  if (lower.startsWith("en")) return "en";
  return null;
}

function browserLanguage(): Language {
  for (const tag of navigator.languages ?? [navigator.language]) {
    const lang = normalise(tag);
    if (lang) return lang;
  }
  return normalise(document.documentElement.lang) ?? "en";
}

export const i18n = i18next.createInstance();

export function initI18n(): void {
  const lang = normalise(storedLanguage()) ?? browserLanguage();
  void i18n.init({
    lng: lang,
    fallbackLng: "en",
    resources: { en: { translation: en }, "zh-CN": { translation: zh } },
    interpolation: { escapeValue: false }, // Preact escapes text itself
    initImmediate: false,
    returnNull: false,
  } as Parameters<typeof i18n.init>[0]);
  applyDocumentLanguage(lang);
}

function applyDocumentLanguage(lang: string): void {
  document.documentElement.lang = lang;
  document.title = i18n.t("app.name");
}

/** The user picked a language: remember it and use it everywhere. */
export function chooseLanguage(lang: Language): void {
  storeLanguage(lang);
  void i18n.changeLanguage(lang);
  applyDocumentLanguage(lang);
}

/** A workshop's language applies unless the user chose one themselves. */
export function useWorkshopLanguage(lang: Language | undefined): void {
  useEffect(() => {
    if (!lang || normalise(storedLanguage())) return;
    if (i18n.language !== lang) {
      void i18n.changeLanguage(lang);
      applyDocumentLanguage(lang);
    }
  }, [lang]);
}

/** Pages seen before joining speak the reader's language: the browser's unless they chose one. */
export function useBrowserLanguage(): void {
  useEffect(() => {
    if (normalise(storedLanguage())) return;
    const lang = browserLanguage();
    if (i18n.language !== lang) {
      void i18n.changeLanguage(lang);
      applyDocumentLanguage(lang);
    }
  }, []);
}

// A large board calls t() thousands of times a render (400 cards x their labels) and each
// i18next lookup walks its resolution chain: answers are kept per language until the catalogs
// change. Only calls whose options are all plain values are kept (their text is a function of them).
const answers = new Map<string, string>();
const MAX_ANSWERS = 20_000;
i18n.on("languageChanged", () => answers.clear());
i18n.on("initialized", () => {
  answers.clear();
  i18n.store.on("added", () => answers.clear());
});

function answerKey(key: string, options?: Record<string, unknown>): string | null {
  if (!options) return key;
  for (const value of Object.values(options)) {
    if (value !== null && typeof value === "object") return null;
    if (typeof value === "function") return null;
  }
  return `${key}\u0000${JSON.stringify(options)}`;
}

export const t = (key: string, options?: Record<string, unknown>): string => {
  const cacheKey = answerKey(key, options);
  const known = cacheKey === null ? undefined : answers.get(cacheKey);
  if (known !== undefined) return known;
  const text = i18n.t(key, options as never) as unknown as string;
  if (cacheKey !== null && i18n.isInitialized) {
    if (answers.size >= MAX_ANSWERS) answers.clear();
    answers.set(cacheKey, text);
  }
  return text;
};

/** Re-renders the component when the language changes; returns the current one. */
export function useLanguage(): Language {
  const [lang, setLang] = useState(i18n.language as Language);
  useEffect(() => {
    const on = (l: string) => setLang(l as Language);
    i18n.on("languageChanged", on);
    return () => i18n.off("languageChanged", on);
  }, []);
  return lang;
}

const DATE_TIME: Intl.DateTimeFormatOptions = { dateStyle: "medium", timeStyle: "short" };

export function formatDateTime(iso: string, lang: string): string {
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return iso;
  // a kept formatter: a pilot's table of readings formats hundreds of these a render
  return formatDate(d, lang, DATE_TIME);
}

/** A board kind's own strings (client/src/boards/<kind>/i18n/<lang>.json, under kinds.<kind>),
 * merged into the shared instance when it is initialised -- board views are imported before
 * initI18n() runs. Returns t() for kinds.<kind>.<key>, and maybe() for codes that may have no
 * translation yet (null instead of the raw key). */
export function kindCatalog(kind: string, bundles: Record<Language, object>) {
  const register = () => {
    for (const [lang, bundle] of Object.entries(bundles)) i18n.addResourceBundle(lang, "translation", bundle, true, true);
  };
  if (i18n.isInitialized) register();
  else i18n.on("initialized", register);
  const prefix = `kinds.${kind}.`;
  return {
    t: (key: string, options?: Record<string, unknown>): string => t(prefix + key, options),
    maybe: (key: string, options?: Record<string, unknown>): string | null => (i18n.exists(prefix + key) ? t(prefix + key, options) : null),
    inLanguage: (lang: string, key: string): string => i18n.getFixedT(lang)(prefix + key) as unknown as string,
  };
}
