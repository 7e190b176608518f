// The pilot board's own strings: ./i18n/<lang>.json under kinds.pilot.
import { kindCatalog } from "../../i18n";
import en from "./i18n/en.json";
import zh from "./i18n/zh-CN.json";

const catalog = kindCatalog("pilot", { en, "zh-CN": zh });

/** t() for kinds.pilot.<key>. */
export const tp = catalog.t;
/** A translation if the catalog has one, else null (codes the server may add later). */
export const tpMaybe = catalog.maybe;
