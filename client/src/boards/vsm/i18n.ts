// The value-stream map's own strings (kinds.vsm.* in both languages), merged into the shared
// i18next instance. The instance gets its store in initI18n(), which main.tsx runs after the
// board views are imported: add the bundles now if it is ready, else as soon as it is.
import { i18n, t } from "../../i18n";
import en from "./i18n/en.json";
import zh from "./i18n/zh-CN.json";

const BUNDLES = { en, "zh-CN": zh } as const;

function register(): void {
  for (const [lang, bundle] of Object.entries(BUNDLES)) i18n.addResourceBundle(lang, "translation", bundle, true, true);
}

if (i18n.isInitialized || (i18n as unknown as { store?: unknown }).store) register();
else i18n.on("initialized", register);

/** t() for kinds.vsm.<key>. */
export const tr = (key: string, options?: Record<string, unknown>): string => t(`kinds.vsm.${key}`, options);

/** A translation if the catalog has one, else null (for codes the server may add later). */
export function trMaybe(key: string, options?: Record<string, unknown>): string | null {
  const full = `kinds.vsm.${key}`;
  return i18n.exists(full) ? t(full, options) : null;
}
