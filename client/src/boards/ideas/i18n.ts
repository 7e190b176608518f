// The ideas board's own strings: ./i18n/<lang>.json under kinds.ideas.
import { kindCatalog } from "../../i18n";
import en from "./i18n/en.json";
import zh from "./i18n/zh-CN.json";

const catalog = kindCatalog("ideas", { en, "zh-CN": zh });

/** t() for kinds.ideas.<key>. */
export const tk = catalog.t;
/** A translation if the catalog has one, else null (codes the server may add later). */
export const tkMaybe = catalog.maybe;
