// The RACI view's strings (kinds.raci.* in both languages), added to the shared i18next
// instance when it initialises; rt(key) looks up kinds.raci.<key>.
import { i18n, t } from "../../i18n";
import en from "./i18n/en.json";
import zh from "./i18n/zh-CN.json";

const register = () => {
  i18n.addResourceBundle("en", "translation", en, true, true);
  i18n.addResourceBundle("zh-CN", "translation", zh, true, true);
};
if (i18n.isInitialized) register();
i18n.on("initialized", register);

export const rt = (key: string, options?: Record<string, unknown>): string => t(`kinds.raci.${key}`, options);
