// The map's frame: the mode switch (current, future, compare) with the board's actions, and
// the empty state that offers the first steps.
import type { JSX } from "preact";
import { Icon } from "../../ui/icons";
import { tr } from "./i18n";
import type { State } from "./schema";

export type Mode = State | "compare";

export function VsmBar(p: {
  mode: Mode;
  counts: Record<State, number>;
  readOnly: boolean;
  onMode: (m: Mode) => void;
  onDialog: (d: "settings" | "import") => void;
  onAdd: () => void;
}): JSX.Element {
  const { mode, counts, readOnly, onMode, onDialog, onAdd } = p;
  return (
    <div class="vsm-bar">
      <div class="vsm-modes" role="group" aria-label={tr("modes.label")}>
        {(["current", "future", "compare"] as const).map((m) => (
          <button
            key={m}
            type="button"
            class={`vsm-mode${mode === m ? " is-on" : ""}`}
            aria-pressed={mode === m}
            onClick={() => onMode(m)}
            data-testid={`vsm-mode-${m}`}
          >
            <span class="vsm-mode-long">{tr(`modes.${m}`)}</span>
            <span class="vsm-mode-short" aria-hidden="true">
              {tr(`modesShort.${m}`)}
            </span>
            {m !== "compare" && <span class="vsm-mode-count">{counts[m]}</span>}
          </button>
        ))}
      </div>
      <div class="vsm-actions">
        <button type="button" class="btn btn-small" onClick={() => onDialog("settings")} data-testid="vsm-open-settings">
          <Icon name="timer" size={16} /> {tr("actions.settings")}
        </button>
        {!readOnly && (
          <>
            <button type="button" class="btn btn-small" onClick={() => onDialog("import")} data-testid="vsm-open-import">
              <Icon name="report" size={16} /> {tr("actions.import")}
            </button>
            {mode !== "compare" && (
              <button type="button" class="btn btn-small btn-primary" onClick={onAdd} data-testid="vsm-add-step">
                <Icon name="plus" size={16} /> {tr("actions.addStep")}
              </button>
            )}
          </>
        )}
      </div>
    </div>
  );
}

export function EmptyMap(p: {
  state: State;
  readOnly: boolean;
  canCopy: boolean;
  onCopy: () => void;
  onAdd: () => void;
  onImport: () => void;
}): JSX.Element {
  const { state, readOnly, canCopy, onCopy, onAdd, onImport } = p;
  return (
    <div class="empty-state vsm-empty" data-testid="vsm-empty">
      <Icon name="flow" size={30} />
      <p>{readOnly ? tr("empty.readOnly") : tr(state === "future" ? "empty.future" : "empty.current")}</p>
      {!readOnly && (
        <div class="row wrap vsm-empty-actions">
          {state === "future" && canCopy && (
            <button type="button" class="btn btn-primary" onClick={onCopy} data-testid="vsm-copy-current">
              {tr("empty.copyCurrent")}
            </button>
          )}
          <button type="button" class="btn" onClick={onAdd}>
            <Icon name="plus" size={16} /> {tr("actions.addStep")}
          </button>
          <button type="button" class="btn" onClick={onImport}>
            {tr("actions.import")}
          </button>
        </div>
      )}
    </div>
  );
}
