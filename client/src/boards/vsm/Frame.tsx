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
  onDialog: (d: "settings" | "import" | "eventlog") => void;
  onAdd: () => void;
  /** downloads the shown state as BPMN; absent when this role may not export */
  onBpmn?: () => void;
}): JSX.Element {
  const { mode, counts, readOnly, onMode, onDialog, onAdd, onBpmn } = p;
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
        {onBpmn && mode !== "compare" && counts[mode] > 0 && (
          <button type="button" class="btn btn-small" onClick={onBpmn} data-testid="vsm-bpmn">
            <Icon name="download" size={16} /> {tr("bpmn.download", { state: tr(`state.${mode}`) })}
          </button>
        )}
        {!readOnly && (
          <>
            <button type="button" class="btn btn-small" onClick={() => onDialog("eventlog")} data-testid="vsm-open-eventlog">
              <Icon name="flow" size={16} /> {tr("eventlog.open")}
            </button>
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
  onEventlog: () => void;
}): JSX.Element {
  const { state, readOnly, canCopy, onCopy, onAdd, onImport, onEventlog } = p;
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
          {state === "current" && (
            <button type="button" class="btn" onClick={onEventlog} data-testid="vsm-empty-eventlog">
              {tr("eventlog.open")}
            </button>
          )}
        </div>
      )}
    </div>
  );
}
