// The fishbone view's strings (kinds.fishbone.* in both languages), added to the shared
// i18next instance when it initialises; ft(key) looks up kinds.fishbone.<key>.
import { i18n, t } from "../../i18n";
import en from "./i18n/en.json";
import zh from "./i18n/zh-CN.json";

const register = () => {
  i18n.addResourceBundle("en", "translation", en, true, true);
  i18n.addResourceBundle("zh-CN", "translation", zh, true, true);
};
if (i18n.isInitialized) register();
i18n.on("initialized", register);

export const ft = (key: string, options?: Record<string, unknown>): string => t(`kinds.fishbone.${key}`, options);

/** A string in the workshop's language (content written into the board, like preset labels). */
export const inLanguage = (lang: string, key: string): string =>
  i18n.getFixedT(lang)(`kinds.fishbone.${key}`) as unknown as string;
