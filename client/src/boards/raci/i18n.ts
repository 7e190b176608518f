// The RACI matrix's own strings: ./i18n/<lang>.json under kinds.raci.
import { kindCatalog } from "../../i18n";
import en from "./i18n/en.json";
import zh from "./i18n/zh-CN.json";

const catalog = kindCatalog("raci", { en, "zh-CN": zh });

/** t() for kinds.raci.<key>. */
export const rt = catalog.t;
