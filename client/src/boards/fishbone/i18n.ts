// The fishbone's own strings: ./i18n/<lang>.json under kinds.fishbone.
import { kindCatalog } from "../../i18n";
import en from "./i18n/en.json";
import zh from "./i18n/zh-CN.json";

const catalog = kindCatalog("fishbone", { en, "zh-CN": zh });

/** t() for kinds.fishbone.<key>. */
export const ft = catalog.t;
/** A string in the workshop's language (content written into the board, like preset labels). */
export const inLanguage = catalog.inLanguage;
