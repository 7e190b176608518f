// The pilot definition, co-edited field by field: name, period, sites, teams and the KPIs
// (what is measured, unit, which direction is better, the baseline as a reference value, a
// sample of pre-pilot readings or a rate's counts, target, plausible range, the declared
// direction of the test and the distribution's shape).
import * as Y from "yjs";
import { useState } from "preact/hooks";
import { Icon } from "../../ui/icons";
import { tp } from "./i18n";
import { LiveInput } from "../../ui/live-input";
import { FieldError } from "../../ui/field";
import { useLanguage } from "../../i18n";
import { formatNumber } from "./api";
import { FromGoals } from "./FromGoals";
import { parseCount, parseNumber } from "./forms";
import {
  isPercent,
  kpisMap,
  MAX_SAMPLE,
  MIN_READINGS,
  newKpiId,
  pilotMap,
  sitesArray,
  teamsArray,
  type Kpi,
  type PilotDefinition,
} from "./schema";

type Edit = (fn: () => void) => void;

function NameList(props: {
  id: string;
  label: string;
  hint: string;
  items: string[];
  arr: Y.Array<string>;
  edit: Edit;
  placeholder: string;
}) {
  const [draft, setDraft] = useState("");
  const add = () => {
    const name = draft.trim();
    if (!name || props.items.includes(name)) return setDraft("");
    props.edit(() => props.arr.push([name]));
    setDraft("");
  };
  const remove = (name: string) =>
    props.edit(() => {
      const all = props.arr.toArray();
      for (let i = all.length - 1; i >= 0; i--) if (typeof all[i] === "string" && all[i].trim() === name) props.arr.delete(i, 1);
    });
  return (
    <div class="field">
      <label for={props.id}>{props.label}</label>
      {props.items.length > 0 && (
        <ul class="pilot-names">
          {props.items.map((s) => (
            <li key={s} class="pilot-name-chip">
              <span>{s}</span>
              <button type="button" class="pilot-name-x" aria-label={tp("def.remove", { name: s })} onClick={() => remove(s)}>
                <Icon name="x" size={14} />
              </button>
            </li>
          ))}
        </ul>
      )}
      <div class="pilot-inline">
        <input
          id={props.id}
          type="text"
          maxLength={120}
          value={draft}
          placeholder={props.placeholder}
          onInput={(e) => setDraft((e.currentTarget as HTMLInputElement).value)}
          onKeyDown={(e) => {
            if (e.key === "Enter" && !(e as KeyboardEvent).isComposing) {
              e.preventDefault();
              add();
            }
          }}
        />
        <button type="button" class="btn btn-small" onClick={add} disabled={!draft.trim()}>
          <Icon name="plus" size={16} /> <span>{tp("def.add")}</span>
        </button>
      </div>
      <span class="hint">{props.hint}</span>
    </div>
  );
}

function NumberCell({
  id,
  label,
  value,
  onValue,
  whole,
}: {
  id: string;
  label: string;
  value: number | null;
  onValue: (v: number | null) => void;
  whole?: boolean;
}) {
  const lang = useLanguage();
  // what was typed and not taken, with the value kept instead: said at the field
  // (the text stays in view, so it can be corrected rather than typed again)
  const [bad, setBad] = useState<{ text: string; error: string } | null>(null);
  const error = bad?.error ?? null;
  return (
    <div class="field pilot-num-field">
      <label for={id}>{label}</label>
      <LiveInput
        id={id}
        inputMode="decimal"
        value={bad ? bad.text : value === null ? "" : String(value)}
        aria-invalid={error ? "true" : undefined}
        aria-describedby={error ? `${id}-error` : undefined}
        onValue={(raw) => {
          setBad(null);
          if (!raw.trim()) return onValue(null);
          const n = whole ? parseCount(raw) : parseNumber(raw);
          if (n !== null) return onValue(n);
          const text = raw.trim();
          const why = tp(whole ? "def.notCount" : "def.notNumber", { text });
          setBad({
            text: raw,
            error: `${why} ${value === null ? tp("def.keptEmpty") : tp("def.kept", { value: formatNumber(value, lang) })}`,
          });
        }}
      />
      <FieldError id={id} message={error} />
    </div>
  );
}

/** The numbers of a pasted column (one per line, or separated by spaces, tabs, commas or
 *  semicolons) and the pieces that are not numbers. */
export function parseSample(text: string): { values: number[]; bad: string[] } {
  const values: number[] = [];
  const bad: string[] = [];
  for (const piece of text.split(/[\s,;，；、]+/)) {
    if (!piece) continue;
    const n = parseNumber(piece);
    if (n === null) bad.push(piece);
    else values.push(n);
  }
  return { values, bad };
}

const sampleText = (values: number[]) => values.join("\n");

function SampleEditor({ kpi, map, edit }: { kpi: Kpi; map: Y.Map<unknown>; edit: Edit }) {
  const lang = useLanguage();
  const saved = sampleText(kpi.baseline_sample);
  const [draft, setDraft] = useState<string | null>(null);
  const text = draft ?? saved;
  const { values, bad } = parseSample(text);
  const dirty = draft !== null && draft !== saved;
  const tooMany = values.length > MAX_SAMPLE;
  const save = () => {
    if (bad.length || tooMany) return;
    edit(() => {
      if (values.length) {
        map.set("baseline_sample", Y.Array.from(values));
        map.delete("baseline"); // the sample is the baseline now: no second, ignored value
      } else map.delete("baseline_sample");
    });
    setDraft(null);
  };
  const id = `kpi-${kpi.id}-sample`;
  const mean = values.length ? values.reduce((a, b) => a + b, 0) / values.length : null;
  return (
    <div class="field pilot-sample">
      <label for={id}>{tp("def.sample")}</label>
      <textarea
        id={id}
        rows={4}
        class="pilot-sample-input"
        value={text}
        placeholder={tp("def.samplePlaceholder")}
        aria-describedby={`${id}-status`}
        aria-invalid={bad.length ? "true" : undefined}
        onInput={(e) => setDraft((e.currentTarget as HTMLTextAreaElement).value)}
      />
      <div class="pilot-sample-foot">
        <span
          id={`${id}-status`}
          class={`hint${bad.length || tooMany ? " pilot-warn" : ""}`}
          data-testid="sample-status"
          role={bad.length ? "alert" : undefined}
        >
          {bad.length
            ? tp("def.sampleBad", { items: bad.slice(0, 3).join(tp("sep")), count: bad.length })
            : tooMany
              ? tp("def.sampleTooMany", { max: formatNumber(MAX_SAMPLE, lang) })
              : values.length
                ? tp("def.sampleSummary", { count: values.length, mean: formatNumber(mean, lang, 1) }) +
                  (values.length < MIN_READINGS ? ` ${tp("def.sampleFew", { min: MIN_READINGS })}` : "")
                : tp("def.sampleHint")}
          {dirty && !bad.length && <> · {tp("def.sampleUnsaved")}</>}
        </span>
        <button
          type="button"
          class="btn btn-small btn-primary"
          onClick={save}
          disabled={!dirty || bad.length > 0 || tooMany}
          data-testid="save-sample"
        >
          {tp("def.sampleSave")}
        </button>
      </div>
    </div>
  );
}

type MeasureChoice = "value" | "percent" | "rate";
type BaselineMode = "value" | "sample" | "counts";

function KpiEditor({ kpi, map, edit }: { kpi: Kpi; map: Y.Map<unknown>; edit: Edit }) {
  const set = (field: string, value: unknown) => edit(() => (value === null ? map.delete(field) : map.set(field, value)));
  const id = (f: string) => `kpi-${kpi.id}-${f}`;
  const badRange = kpi.min !== null && kpi.max !== null && kpi.min > kpi.max;
  const measure: MeasureChoice = kpi.measure === "rate" ? "rate" : isPercent(kpi) ? "percent" : "value";
  const rate = kpi.measure === "rate";
  const stored: BaselineMode = rate ? (kpi.baseline_total !== null ? "counts" : "value") : kpi.baseline_sample.length ? "sample" : "value";
  const [choice, setChoice] = useState<BaselineMode | null>(null);
  const mode: BaselineMode = choice !== null && (choice === "value" || (choice === "counts") === rate) ? choice : stored;
  const setMeasure = (m: MeasureChoice) =>
    edit(() => {
      map.set("measure", m === "rate" ? "rate" : "value");
      if (m !== "value") map.set("unit", "%");
      else if (isPercent(kpi)) map.set("unit", "");
      // a sample of values and a rate's counts do not mix: keep only what fits the measure
      if (m === "rate") map.delete("baseline_sample");
      else for (const f of ["baseline_events", "baseline_total"]) map.delete(f);
      setChoice(null);
    });
  const setMode = (m: BaselineMode) => {
    setChoice(m);
    // back to a single reference value: the sample or counts would otherwise still decide
    if (m === "value") edit(() => ["baseline_sample", "baseline_events", "baseline_total"].forEach((f) => map.delete(f)));
  };
  const setCount = (field: string, v: number | null) =>
    edit(() => {
      if (v === null) map.delete(field);
      else map.set(field, v);
      map.delete("baseline"); // the counts are the baseline now
    });
  const unit = kpi.unit ? ` (${kpi.unit})` : "";
  const modes: BaselineMode[] = rate ? ["value", "counts"] : ["value", "sample"];
  const badCounts = kpi.baseline_events !== null && kpi.baseline_total !== null && kpi.baseline_events > kpi.baseline_total;
  return (
    <li class="pilot-kpi-edit" data-kpi-id={kpi.id}>
      <div class="pilot-kpi-grid">
        <div class="field pilot-kpi-name-field">
          <label for={id("name")}>{tp("def.kpiName")}</label>
          <LiveInput
            id={id("name")}
            value={kpi.name}
            onValue={(v) => set("name", v)}
            maxLength={120}
            placeholder={tp("def.kpiNamePlaceholder")}
          />
        </div>
        <div class="field">
          <label for={id("measure")}>{tp("def.measure")}</label>
          <select
            id={id("measure")}
            value={measure}
            onChange={(e) => setMeasure((e.currentTarget as HTMLSelectElement).value as MeasureChoice)}
          >
            <option value="value">{tp("def.measures.value")}</option>
            <option value="percent">{tp("def.measures.percent")}</option>
            <option value="rate">{tp("def.measures.rate")}</option>
          </select>
        </div>
        <div class="field">
          <label for={id("unit")}>{tp("def.unit")}</label>
          <LiveInput
            id={id("unit")}
            value={kpi.unit}
            onValue={(v) => set("unit", v)}
            maxLength={20}
            placeholder={tp("def.unitPlaceholder")}
            readOnly={measure !== "value"}
          />
        </div>
        <div class="field">
          <label for={id("better")}>{tp("def.better")}</label>
          <select id={id("better")} value={kpi.better} onChange={(e) => set("better", (e.currentTarget as HTMLSelectElement).value)}>
            <option value="lower">{tp("better.lower")}</option>
            <option value="higher">{tp("better.higher")}</option>
          </select>
        </div>
      </div>
      <p class="hint pilot-measure-hint">{tp(`def.measureHints.${measure}`)}</p>

      <fieldset class="pilot-baseline" data-testid="baseline-editor">
        <legend>{tp("def.baselineTitle")}</legend>
        <div class="pilot-seg pilot-baseline-modes" role="radiogroup" aria-label={tp("def.baselineTitle")}>
          {modes.map((m) => (
            <label key={m} class={`pilot-mode${mode === m ? " is-on" : ""}`}>
              <input type="radio" name={id("mode")} value={m} checked={mode === m} onChange={() => setMode(m)} />
              <span>{tp(`def.baselineModes.${rate && m === "value" ? "rate" : m}`)}</span>
            </label>
          ))}
        </div>
        <div class="pilot-baseline-body">
          {mode === "sample" ? (
            <SampleEditor kpi={kpi} map={map} edit={edit} />
          ) : mode === "counts" ? (
            <div class="pilot-baseline-counts">
              <NumberCell
                id={id("events")}
                label={tp("def.baselineEvents")}
                value={kpi.baseline_events}
                onValue={(v) => setCount("baseline_events", v)}
                whole
              />
              <span class="pilot-count-of" aria-hidden="true">
                {tp("reading.of")}
              </span>
              <NumberCell
                id={id("total")}
                label={tp("def.baselineTotal")}
                value={kpi.baseline_total}
                onValue={(v) => setCount("baseline_total", v)}
                whole
              />
              {badCounts && <p class="hint pilot-warn">{tp("def.badCounts")}</p>}
            </div>
          ) : (
            <NumberCell
              id={id("baseline")}
              label={`${tp(rate ? "def.baselineRate" : "def.baselineValue")}${unit}`}
              value={kpi.baseline}
              onValue={(v) => set("baseline", v)}
            />
          )}
          <div class="field pilot-baseline-source">
            <label for={id("source")}>{tp("def.baselineSource")}</label>
            <LiveInput
              id={id("source")}
              value={kpi.baseline_source}
              onValue={(v) => set("baseline_source", v)}
              maxLength={300}
              placeholder={tp("def.baselineSourcePlaceholder")}
            />
          </div>
        </div>
      </fieldset>

      <div class="pilot-kpi-grid pilot-kpi-grid-2">
        <NumberCell id={id("target")} label={`${tp("def.target")}${unit}`} value={kpi.target} onValue={(v) => set("target", v)} />
        <NumberCell id={id("min")} label={tp("def.min")} value={kpi.min} onValue={(v) => set("min", v)} />
        <NumberCell id={id("max")} label={tp("def.max")} value={kpi.max} onValue={(v) => set("max", v)} />
        <div class="field">
          <label for={id("alternative")}>{tp("def.alternative")}</label>
          <select
            id={id("alternative")}
            value={kpi.alternative}
            onChange={(e) => set("alternative", (e.currentTarget as HTMLSelectElement).value)}
          >
            <option value="two-sided">{tp("def.alternatives.two-sided")}</option>
            <option value="better">{tp("def.alternatives.better")}</option>
          </select>
        </div>
        {mode === "sample" && !rate && (
          <div class="field">
            <label for={id("shape")}>{tp("def.shape")}</label>
            <select id={id("shape")} value={kpi.shape} onChange={(e) => set("shape", (e.currentTarget as HTMLSelectElement).value)}>
              <option value="auto">{tp("def.shapes.auto")}</option>
              <option value="normal">{tp("def.shapes.normal")}</option>
              <option value="skewed">{tp("def.shapes.skewed")}</option>
            </select>
          </div>
        )}
      </div>
      {kpi.alternative === "better" && <p class="hint">{tp("def.alternativeHint")}</p>}
      <div class="pilot-kpi-foot">
        <span class={`hint${badRange ? " pilot-warn" : ""}`}>{badRange ? tp("def.badRange") : tp("def.rangeHint")}</span>
        <button
          type="button"
          class="btn btn-small btn-ghost btn-danger-text"
          onClick={() => edit(() => (map.parent as Y.Map<unknown>).delete(kpi.id))}
        >
          <Icon name="trash" size={16} /> <span>{tp("def.removeKpi")}</span>
        </button>
      </div>
    </li>
  );
}

export function DefinitionEditor({
  content,
  workshop,
  def,
  kpis,
  edit,
}: {
  content: Y.Doc;
  /** the workshop board's content (its SMART goals), null while not connected */
  workshop: Y.Doc | null;
  def: PilotDefinition;
  kpis: Kpi[];
  edit: Edit;
}) {
  const pilot = pilotMap(content);
  const badPeriod = Boolean(def.start && def.end && def.start > def.end);
  const addKpi = () => {
    const id = newKpiId();
    edit(() =>
      kpisMap(content).set(
        id,
        new Y.Map<unknown>([
          ["name", ""],
          ["unit", ""],
          ["better", "lower"],
        ]),
      ),
    );
    requestAnimationFrame(() => document.getElementById(`kpi-${id}-name`)?.focus());
  };
  return (
    <section class="panel pilot-def" aria-labelledby="pilot-def-title" data-testid="definition">
      <div class="panel-head">
        <h2 id="pilot-def-title">{tp("def.title")}</h2>
        <span class="hint">{tp("def.liveHint")}</span>
      </div>
      <div class="pilot-def-grid">
        <div class="field pilot-def-name">
          <label for="pilot-name">{tp("def.name")}</label>
          <LiveInput
            id="pilot-name"
            value={def.name}
            onValue={(v) => edit(() => pilot.set("name", v))}
            maxLength={200}
            placeholder={tp("def.namePlaceholder")}
          />
        </div>
        <div class="field">
          <label for="pilot-start">{tp("def.start")}</label>
          <LiveInput id="pilot-start" type="date" value={def.start} onValue={(v) => edit(() => pilot.set("start", v))} />
        </div>
        <div class="field">
          <label for="pilot-end">{tp("def.end")}</label>
          <LiveInput id="pilot-end" type="date" value={def.end} onValue={(v) => edit(() => pilot.set("end", v))} />
        </div>
        <p class={`pilot-def-period-hint ${badPeriod ? "form-error" : "hint"}`}>{badPeriod ? tp("def.badPeriod") : tp("def.periodHint")}</p>
      </div>
      <div class="pilot-def-grid pilot-def-scope">
        <NameList
          id="pilot-add-site"
          label={tp("def.sites")}
          hint={tp("def.sitesHint")}
          items={def.sites}
          arr={sitesArray(content)}
          edit={edit}
          placeholder={tp("def.sitePlaceholder")}
        />
        <NameList
          id="pilot-add-team"
          label={tp("def.teams")}
          hint={tp("def.teamsHint")}
          items={def.teams}
          arr={teamsArray(content)}
          edit={edit}
          placeholder={tp("def.teamPlaceholder")}
        />
      </div>
      <h3 class="pilot-def-sub">{tp("def.kpis")}</h3>
      {kpis.length === 0 && <p class="empty-inline">{tp("def.noKpis")}</p>}
      <ul class="pilot-kpi-list">
        {kpis.map((k) => (
          <KpiEditor key={k.id} kpi={k} map={kpisMap(content).get(k.id) as Y.Map<unknown>} edit={edit} />
        ))}
      </ul>
      <button type="button" class="btn btn-small" onClick={addKpi} data-testid="add-kpi">
        <Icon name="plus" size={16} /> <span>{tp("def.addKpi")}</span>
      </button>
      <FromGoals content={content} workshop={workshop} kpis={kpis} edit={edit} />
    </section>
  );
}
