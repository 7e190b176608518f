// The rollout board's own strings: ./i18n/<lang>.json under kinds.rollout.
import { kindCatalog } from "../../i18n";
import en from "./i18n/en.json";
import zh from "./i18n/zh-CN.json";

const catalog = kindCatalog("rollout", { en, "zh-CN": zh });

/** t() for kinds.rollout.<key>. */
export const tr = catalog.t;
/** A translation if the catalog has one, else null (codes the server may add later). */
export const trMaybe = catalog.maybe;
