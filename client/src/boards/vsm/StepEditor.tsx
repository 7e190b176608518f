// The step editor, docked beside the map: every field of one step edited in place (each
// change sets that one field), move left/right, delete (undo brings it back), and the step's
// kaizen bursts with an optional link to a workshop goal.
import * as Y from "yjs";
import { useEffect, useMemo, useRef, useState } from "preact/hooks";
import { Icon } from "../../ui/icons";
import { SharedTextArea, sharedField } from "../../ui/shared-text";
import { useY } from "../../sync/hooks";
import { goalsMap, readGoals, type Goal } from "../workshop/schema";
import type { WorkshopCtx } from "../workshop/context";
import { fmtMinutes, fmtPct, operatorsDoubt, timeDoubt } from "./format";
import { NumberField, TextField, UnitSelect } from "./fields";
import { Burst } from "./Burst";
import { tr } from "./i18n";
import { multiLinePaste, PasteLinesPrompt } from "../../ui/paste-lines";
import {
  addMarker,
  addStep,
  CLASSES,
  markersOf,
  parsePercent,
  TIME_BASES,
  type TimeBasis,
  newId,
  rawText,
  setField,
  stepsOf,
  systemsOf,
  WASTE_TYPES,
  type FieldValue,
  type Marker,
  type State,
  type Step,
  type StepMetrics,
} from "./schema";

interface Props {
  content: Y.Doc;
  state: State;
  step: Step;
  index: number;
  total: number;
  markers: Marker[];
  metrics: StepMetrics | null;
  isBottleneck: boolean;
  readOnly: boolean;
  mapBasis: TimeBasis;
  workshop: WorkshopCtx;
  edit: (fn: () => void) => void;
  focusName: boolean;
  onClose: () => void;
  onMove: (to: number) => void;
  onDelete: () => void;
}

function useGoals(workshop: WorkshopCtx): Goal[] {
  const content = workshop.conn?.content ?? null;
  const map = useMemo(() => (content ? goalsMap(content) : null), [content]);
  useY(map);
  return content ? readGoals(content) : [];
}

export function StepEditor(p: Props) {
  const { step, content, state, readOnly } = p;
  const id = (f: string) => `vsm-${f}-${step.id}`;
  const map = () => stepsOf(content, state).get(step.id);
  const raw = map();
  const write = (fields: Record<string, FieldValue>) =>
    p.edit(() => {
      const m = map();
      if (m instanceof Y.Map) for (const [k, v] of Object.entries(fields)) setField(m, k, v);
    });
  const goals = useGoals(p.workshop);
  const [newMarker, setNewMarker] = useState<string | null>(null);
  const root = useRef<HTMLElement>(null);

  useEffect(() => {
    if (p.focusName) root.current?.querySelector<HTMLInputElement>(`#${CSS.escape(id("name"))}`)?.focus();
  }, [step.id, p.focusName]);

  // several pasted names: one step per line after this one (the first names this step if it
  // has no name yet), in one undo step
  const [pasted, setPasted] = useState<string[] | null>(null);
  const onNamePaste = (e: ClipboardEvent) => {
    const lines = multiLinePaste(e);
    if (!lines) return;
    e.preventDefault();
    setPasted(lines);
  };
  const createPastedSteps = () => {
    if (!pasted) return;
    const named = rawText(raw, "name").trim() !== "";
    const rest = named ? pasted : pasted.slice(1);
    p.edit(() => {
      const m = map();
      if (!named && m instanceof Y.Map) setField(m, "name", pasted[0]);
      rest.forEach((name, k) =>
        addStep(
          content,
          state,
          newId(state === "current" ? "c" : "f"),
          { name, department: step.department, cycle_unit: step.cycle_unit ?? "min", wait_unit: step.wait_unit ?? "min" },
          p.index + 1 + k,
        ),
      );
    });
    setPasted(null);
  };

  const classKey = step.klass ?? "none";
  const chooseClass = (k: string) => {
    const fields: Record<string, FieldValue> = { klass: k };
    if (k !== "waste" && step.waste_type) fields.waste_type = null; // a waste type only means something on waste
    write(fields);
  };

  return (
    <section ref={root} id="vsm-editor" class="vsm-editor" aria-labelledby="vsm-editor-title" data-testid="vsm-editor">
      <header class="vsm-editor-head">
        <div class="vsm-editor-title">
          <p class="eyebrow">{tr("editor.position", { n: p.index + 1, total: p.total })}</p>
          <h2 id="vsm-editor-title">{step.name || tr("map.unnamed")}</h2>
          {step.data_activity && (
            <p class="vsm-editor-data" data-testid="vsm-editor-from-data">
              <span class="vsm-badge vsm-badge-data">{tr("fromData.badge")}</span>{" "}
              <span class="hint">{tr("fromData.editorSource", { activity: step.data_activity, source: step.data_source })}</span>
            </p>
          )}
        </div>
        <button
          type="button"
          class="btn btn-icon btn-ghost"
          aria-label={tr("editor.close")}
          title={tr("editor.close")}
          onClick={p.onClose}
          data-testid="vsm-editor-close"
        >
          <Icon name="x" />
        </button>
      </header>

      {!readOnly && (
        <div class="vsm-editor-actions" role="group" aria-label={tr("editor.arrange")}>
          <button
            type="button"
            class="btn btn-small"
            disabled={p.index === 0}
            onClick={() => p.onMove(p.index - 1)}
            data-testid="vsm-move-left"
          >
            <span aria-hidden="true">←</span> {tr("editor.moveLeft")}
          </button>
          <button
            type="button"
            class="btn btn-small"
            disabled={p.index >= p.total - 1}
            onClick={() => p.onMove(p.index + 1)}
            data-testid="vsm-move-right"
          >
            {tr("editor.moveRight")} <span aria-hidden="true">→</span>
          </button>
          <button type="button" class="btn btn-small btn-danger-outline vsm-delete" onClick={p.onDelete} data-testid="vsm-delete-step">
            <Icon name="trash" size={16} /> {tr("editor.delete")}
          </button>
        </div>
      )}

      {p.metrics && (
        <dl class="vsm-editor-metrics">
          <div>
            <dt>{tr("editor.stepLeadBasis", { basis: tr(`basis.${p.mapBasis}`) })}</dt>
            <dd>{fmtMinutes(p.metrics.lead_minutes)}</dd>
          </div>
          <div>
            <dt>{tr("editor.leadShare")}</dt>
            <dd>{fmtPct(p.metrics.lead_share_pct)}</dd>
          </div>
          <div>
            <dt>{tr("editor.perOperator")}</dt>
            <dd data-testid="vsm-editor-per-operator">
              {fmtMinutes(p.metrics.effective_cycle_minutes)}
              {p.metrics.step_takt_minutes !== null && p.metrics.step_takt_minutes !== undefined
                ? ` / ${fmtMinutes(p.metrics.step_takt_minutes)}`
                : ""}
            </dd>
          </div>
          {(p.isBottleneck || p.metrics.over_takt) && (
            <div class="vsm-editor-flags">
              {p.isBottleneck && <span class="chip vsm-chip-over">{tr("map.bottleneck")}</span>}
              {p.metrics.over_takt && <span class="chip vsm-chip-over">{tr("map.overTakt")}</span>}
            </div>
          )}
        </dl>
      )}

      <div class="vsm-editor-body">
        <TextField
          id={id("name")}
          label={tr("field.name")}
          value={rawText(raw, "name")}
          onValue={(v) => write({ name: v })}
          readOnly={readOnly}
          placeholder={tr("editor.namePlaceholder")}
          testid="vsm-field-name"
          onPaste={readOnly ? undefined : onNamePaste}
        >
          {pasted && (
            <PasteLinesPrompt
              lines={pasted}
              onCreate={createPastedSteps}
              onAsOne={() => {
                write({ name: `${rawText(raw, "name")}${rawText(raw, "name") ? " " : ""}${pasted.join(" ")}` });
                setPasted(null);
              }}
              onCancel={() => setPasted(null)}
            />
          )}
        </TextField>
        <TextField
          id={id("department")}
          label={tr("field.department")}
          value={rawText(raw, "department")}
          onValue={(v) => write({ department: v })}
          readOnly={readOnly}
          list="vsm-departments"
          placeholder={tr("editor.departmentPlaceholder")}
          testid="vsm-field-department"
        />
        <div class="vsm-pair">
          <NumberField
            id={id("cycle")}
            label={tr("field.cycle_time")}
            value={rawText(raw, "cycle_time")}
            onValue={(v) => write({ cycle_time: v })}
            plausible={timeDoubt(step.cycle_unit)}
            readOnly={readOnly}
            testid="vsm-field-cycle"
          >
            <UnitSelect
              id={id("cycle-unit")}
              label={tr("field.cycle_unit")}
              value={step.cycle_unit}
              onValue={(u) => write({ cycle_unit: u })}
              readOnly={readOnly}
              testid="vsm-field-cycle-unit"
            />
          </NumberField>
          <NumberField
            id={id("wait")}
            label={tr("field.wait_time")}
            value={rawText(raw, "wait_time")}
            onValue={(v) => write({ wait_time: v })}
            plausible={timeDoubt(step.wait_unit)}
            readOnly={readOnly}
            testid="vsm-field-wait"
          >
            <UnitSelect
              id={id("wait-unit")}
              label={tr("field.wait_unit")}
              value={step.wait_unit}
              onValue={(u) => write({ wait_unit: u })}
              readOnly={readOnly}
              testid="vsm-field-wait-unit"
            />
          </NumberField>
        </div>
        <p class="hint vsm-wait-hint">{tr("editor.waitHint")}</p>
        <div class="vsm-pair">
          <NumberField
            id={id("ops")}
            label={tr("field.operators")}
            value={rawText(raw, "operators")}
            onValue={(v) => write({ operators: v })}
            plausible={operatorsDoubt}
            readOnly={readOnly}
            testid="vsm-field-operators"
          />
          <NumberField
            id={id("pct")}
            label={tr("field.pct_ca")}
            value={rawText(raw, "pct_ca")}
            onValue={(v) => write({ pct_ca: v })}
            readOnly={readOnly}
            max={100}
            suffix="%"
            testid="vsm-field-pct"
          />
        </div>
        {parsePercent(raw?.get("pct_ca")).fraction && (
          <p class="hint vsm-fraction" data-testid="vsm-pct-fraction">
            {tr("editor.fraction", { pct: step.pct_ca ?? "", value: rawText(raw, "pct_ca") })}
          </p>
        )}
        <div class="vsm-pair">
          <NumberField
            id={id("routing")}
            label={tr("field.routing_pct")}
            value={rawText(raw, "routing_pct")}
            onValue={(v) => write({ routing_pct: v })}
            readOnly={readOnly}
            max={100}
            suffix="%"
            testid="vsm-field-routing"
          />
          <div class="field">
            <label for={id("basis")}>{tr("field.time_basis")}</label>
            <select
              id={id("basis")}
              value={step.time_basis ?? ""}
              disabled={readOnly}
              onChange={(e) => write({ time_basis: e.currentTarget.value || null })}
              data-testid="vsm-field-basis"
            >
              <option value="">{tr("basisName.map", { basis: tr(`basis.${p.mapBasis}`) })}</option>
              {TIME_BASES.map((b) => (
                <option key={b} value={b}>
                  {tr(`basisName.${b}`)}
                </option>
              ))}
            </select>
          </div>
        </div>
        <p class="hint">{tr("editor.routingHint")}</p>

        <fieldset class="field vsm-class-field">
          <legend>{tr("field.klass")}</legend>
          <div class="vsm-seg" role="radiogroup" aria-label={tr("field.klass")}>
            {CLASSES.map((k) => (
              <label key={k} class={`vsm-seg-opt vsm-seg-${k}${step.klass === k ? " is-on" : ""}`}>
                <input
                  type="radio"
                  name={id("klass")}
                  value={k}
                  checked={step.klass === k}
                  disabled={readOnly}
                  onChange={() => chooseClass(k)}
                  data-testid={`vsm-class-${k}`}
                />
                <span>{tr(`class.${k}`)}</span>
              </label>
            ))}
          </div>
          <p class="hint">{tr(`classHint.${classKey}`)}</p>
        </fieldset>

        {(step.klass === "waste" || step.waste_type) && (
          <div class="field">
            <label for={id("waste")}>{tr("field.waste_type")}</label>
            <select
              id={id("waste")}
              value={step.waste_type ?? ""}
              disabled={readOnly}
              onChange={(e) => write({ waste_type: e.currentTarget.value || null })}
              data-testid="vsm-field-waste"
            >
              <option value="">{tr("editor.wasteNone")}</option>
              {WASTE_TYPES.map((w) => (
                <option key={w} value={w}>
                  {tr(`waste.${w}`)}
                </option>
              ))}
            </select>
          </div>
        )}

        <TextField
          id={id("systems")}
          label={tr("field.systems")}
          value={rawText(raw, "systems")}
          onValue={(v) => write({ systems: systemsOf(v) })}
          readOnly={readOnly}
          hint={tr("editor.systemsHint")}
          testid="vsm-field-systems"
        />
        <div class="field">
          <label for={id("notes")}>{tr("field.notes")}</label>
          <SharedTextArea
            id={id("notes")}
            rows={3}
            maxLength={1000}
            readOnly={readOnly}
            testid="vsm-field-notes"
            {...sharedField(raw, "notes", p.edit)}
          />
        </div>

        <section class="vsm-kaizen" aria-labelledby={id("kaizen")}>
          <div class="vsm-kaizen-head">
            <h3 id={id("kaizen")}>{tr("kaizen.title")}</h3>
            {!readOnly && (
              <button
                type="button"
                class="btn btn-small"
                data-testid="vsm-add-marker"
                onClick={() => {
                  const mid = newId("k");
                  p.edit(() => addMarker(content, state, mid, step.id));
                  setNewMarker(mid);
                }}
              >
                <Icon name="plus" size={16} /> {tr("kaizen.add")}
              </button>
            )}
          </div>
          {p.markers.length === 0 ? (
            <p class="hint">{tr("kaizen.empty")}</p>
          ) : (
            <ul class="vsm-kaizen-list">
              {p.markers.map((k) => (
                <MarkerRow
                  key={k.id}
                  marker={k}
                  content={content}
                  state={state}
                  goals={goals}
                  readOnly={readOnly}
                  edit={p.edit}
                  autoFocus={k.id === newMarker}
                  workshopBoard={p.workshop.info.workshop_board_id}
                />
              ))}
            </ul>
          )}
        </section>
      </div>
    </section>
  );
}

function MarkerRow(p: {
  marker: Marker;
  content: Y.Doc;
  state: State;
  goals: Goal[];
  readOnly: boolean;
  edit: (fn: () => void) => void;
  autoFocus: boolean;
  workshopBoard: string;
}) {
  const { marker } = p;
  const map = () => markersOf(p.content, p.state).get(marker.id);
  const write = (fields: Record<string, FieldValue>) =>
    p.edit(() => {
      const m = map();
      if (m instanceof Y.Map) for (const [k, v] of Object.entries(fields)) setField(m, k, v);
    });
  const link = marker.link_kind ? `${marker.link_kind}:${marker.link_id}` : "";
  const goalKnown = p.goals.some((g) => g.id === marker.link_id);
  const base = `vsm-marker-${marker.id}`;
  return (
    <li class="vsm-kaizen-item" data-testid="vsm-marker">
      <span class="vsm-kaizen-icon" aria-hidden="true">
        <Burst size={22} />
      </span>
      <div class="vsm-kaizen-fields">
        <TextField
          id={`${base}-text`}
          label={tr("kaizen.text")}
          value={marker.text}
          onValue={(v) => write({ text: v })}
          readOnly={p.readOnly}
          autoFocus={p.autoFocus}
          placeholder={tr("kaizen.placeholder")}
          multiline
          rows={2}
          maxLength={300}
          testid="vsm-marker-text"
        />
        <div class="field">
          <label for={`${base}-link`}>{tr("kaizen.link")}</label>
          <select
            id={`${base}-link`}
            value={link}
            disabled={p.readOnly}
            onChange={(e) => {
              const [kind, ...rest] = e.currentTarget.value.split(":");
              const linkId = rest.join(":");
              write(
                kind
                  ? { link_kind: kind, link_id: linkId, link_board: kind === "goal" ? p.workshopBoard : marker.link_board }
                  : { link_kind: "", link_id: "", link_board: "" },
              );
            }}
          >
            <option value="">{tr("kaizen.noLink")}</option>
            {p.goals.map((g) => (
              <option key={g.id} value={`goal:${g.id}`}>
                {tr("kaizen.goal", { metric: g.metric || g.id })}
              </option>
            ))}
            {marker.link_kind === "goal" && !goalKnown && <option value={link}>{tr("kaizen.goal", { metric: marker.link_id })}</option>}
            {marker.link_kind === "idea" && <option value={link}>{tr("kaizen.idea", { id: marker.link_id })}</option>}
          </select>
        </div>
      </div>
      {!p.readOnly && (
        <button
          type="button"
          class="btn btn-icon btn-ghost vsm-kaizen-del"
          aria-label={tr("kaizen.remove")}
          title={tr("kaizen.remove")}
          onClick={() => p.edit(() => markersOf(p.content, p.state).delete(marker.id))}
        >
          <Icon name="trash" size={16} />
        </button>
      )}
    </li>
  );
}
