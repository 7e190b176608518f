// The pilot board's strings: client/src/boards/pilot/i18n/<lang>.json under kinds.pilot,
// merged into the app's i18next instance once it is initialised. tp(key) reads kinds.pilot.<key>.
import { i18n, t } from "../../i18n";
import en from "./i18n/en.json";
import zh from "./i18n/zh-CN.json";

let registered = false;
function register(): void {
  if (registered) return;
  i18n.addResourceBundle("en", "translation", en, true, true);
  i18n.addResourceBundle("zh-CN", "translation", zh, true, true);
  registered = true;
}
if (i18n.isInitialized) register();
else i18n.on("initialized", register);

export const tp = (key: string, options?: Record<string, unknown>): string => t(`kinds.pilot.${key}`, options);

/** A translation that may not exist (machine codes from the server): null when missing. */
export function tpMaybe(key: string, options?: Record<string, unknown>): string | null {
  const full = `kinds.pilot.${key}`;
  return i18n.exists(full) ? t(full, options) : null;
}
