// The analysis' warnings in words: machine codes and params translated, the causes and bones
// they name shown by their text; a warning about causes selects the first one.
import { ft } from "./i18n";
import type { FishboneSnapshot, FishboneWarning } from "./schema";

const GUIDANCE = new Set(["no_problem", "no_causes", "no_root_cause", "five_w_one_h_incomplete", "empty_category"]);

export function warningText(w: FishboneWarning, snap: FishboneSnapshot): string {
  const names = (ids: string[], pick: (id: string) => string) => {
    const shown = ids.slice(0, 3).map((id) => `“${pick(id)}”`);
    const more = ids.length - shown.length;
    return more > 0 ? ft("warnings.andMore", { list: shown.join(ft("warnings.sep")), count: more }) : shown.join(ft("warnings.sep"));
  };
  const cause = (id: string) => snap.byId.get(id)?.text.trim() || ft("diagram.emptyCause");
  const cat = (id: string) => snap.categories.find((c) => c.id === id)?.label || id;
  const missing = Array.isArray(w.params.missing) ? w.params.missing : [];
  const field = typeof w.params.field === "string" ? w.params.field : "";
  return ft(`warnings.codes.${w.code}`, {
    defaultValue: ft("warnings.unknown", { code: w.code }),
    count: w.causes.length || w.categories.length,
    causes: names(w.causes, cause),
    categories: names(w.categories, cat),
    missing: missing.map((k) => ft(`fiveW.${k}.label`)).join(ft("warnings.sep")),
    field: field ? ft(`warnings.fields.${field}`, { defaultValue: field }) : "",
    raw: String(w.params.raw ?? ""),
  });
}

export function WarningList(props: {
  warnings: FishboneWarning[];
  snap: FishboneSnapshot;
  onSelect: (key: string) => void;
  compact?: boolean;
}) {
  return (
    <ul class={`fb-warnings${props.compact ? " compact" : ""}`} data-testid="fishbone-warnings">
      {props.warnings.map((w, i) => {
        const tone = GUIDANCE.has(w.code) ? "info" : "warn";
        const target = w.causes[0] ? `cause:${w.causes[0]}` : w.categories[0] ? `cat:${w.categories[0]}` : null;
        const text = warningText(w, props.snap);
        return (
          <li key={`${w.code}-${i}`} class={`fb-warning fb-warning-${tone}`} data-code={w.code}>
            <span class="fb-warning-icon" aria-hidden="true">
              {tone === "info" ? "i" : "!"}
            </span>
            <span class="sr-only">{ft(`warnings.tone.${tone}`)}</span>
            {target && !props.compact ? (
              <button type="button" class="fb-warning-link" onClick={() => props.onSelect(target)}>
                {text}
              </button>
            ) : (
              <span>{text}</span>
            )}
          </li>
        );
      })}
    </ul>
  );
}
