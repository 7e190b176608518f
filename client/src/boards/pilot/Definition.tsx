// The pilot definition, co-edited field by field: name, period, sites, teams and the KPIs
// (unit, which direction is better, baseline, target, plausible range).
import * as Y from "yjs";
import { useState } from "preact/hooks";
import { Icon } from "../../ui/icons";
import { tp } from "./i18n";
import { LiveInput } from "../../ui/live-input";
import { parseNumber } from "./forms";
import { kpisMap, newKpiId, pilotMap, sitesArray, teamsArray, type Kpi, type PilotDefinition } from "./schema";

type Edit = (fn: () => void) => void;

function NameList(props: { id: string; label: string; hint: string; items: string[]; arr: Y.Array<string>; edit: Edit; placeholder: string }) {
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

function NumberCell({ id, label, value, onValue }: { id: string; label: string; value: number | null; onValue: (v: number | null) => void }) {
  return (
    <div class="field pilot-num-field">
      <label for={id}>{label}</label>
      <LiveInput
        id={id}
        inputMode="decimal"
        value={value === null ? "" : String(value)}
        onValue={(raw) => {
          if (!raw.trim()) return onValue(null);
          const n = parseNumber(raw);
          if (n !== null) onValue(n);
        }}
      />
    </div>
  );
}

function KpiEditor({ kpi, map, edit }: { kpi: Kpi; map: Y.Map<unknown>; edit: Edit }) {
  const set = (field: string, value: unknown) => edit(() => (value === null ? map.delete(field) : map.set(field, value)));
  const id = (f: string) => `kpi-${kpi.id}-${f}`;
  const badRange = kpi.min !== null && kpi.max !== null && kpi.min > kpi.max;
  return (
    <li class="pilot-kpi-edit" data-kpi-id={kpi.id}>
      <div class="pilot-kpi-grid">
        <div class="field pilot-kpi-name-field">
          <label for={id("name")}>{tp("def.kpiName")}</label>
          <LiveInput id={id("name")} value={kpi.name} onValue={(v) => set("name", v)} maxLength={120} placeholder={tp("def.kpiNamePlaceholder")} />
        </div>
        <div class="field">
          <label for={id("unit")}>{tp("def.unit")}</label>
          <LiveInput id={id("unit")} value={kpi.unit} onValue={(v) => set("unit", v)} maxLength={20} placeholder={tp("def.unitPlaceholder")} />
        </div>
        <div class="field">
          <label for={id("better")}>{tp("def.better")}</label>
          <select id={id("better")} value={kpi.better} onChange={(e) => set("better", (e.currentTarget as HTMLSelectElement).value)}>
            <option value="lower">{tp("better.lower")}</option>
            <option value="higher">{tp("better.higher")}</option>
          </select>
        </div>
        <NumberCell id={id("baseline")} label={tp("def.baseline")} value={kpi.baseline} onValue={(v) => set("baseline", v)} />
        <NumberCell id={id("target")} label={tp("def.target")} value={kpi.target} onValue={(v) => set("target", v)} />
        <NumberCell id={id("min")} label={tp("def.min")} value={kpi.min} onValue={(v) => set("min", v)} />
        <NumberCell id={id("max")} label={tp("def.max")} value={kpi.max} onValue={(v) => set("max", v)} />
      </div>
      <div class="pilot-kpi-foot">
        <span class={`hint${badRange ? " pilot-warn" : ""}`}>{badRange ? tp("def.badRange") : tp("def.rangeHint")}</span>
        <button type="button" class="btn btn-small btn-ghost btn-danger-text" onClick={() => edit(() => (map.parent as Y.Map<unknown>).delete(kpi.id))}>
          <Icon name="trash" size={16} /> <span>{tp("def.removeKpi")}</span>
        </button>
      </div>
    </li>
  );
}

export function DefinitionEditor({ content, def, kpis, edit }: { content: Y.Doc; def: PilotDefinition; kpis: Kpi[]; edit: Edit }) {
  const pilot = pilotMap(content);
  const badPeriod = Boolean(def.start && def.end && def.start > def.end);
  const addKpi = () => {
    const id = newKpiId();
    edit(() => kpisMap(content).set(id, new Y.Map<unknown>([["name", ""], ["unit", ""], ["better", "lower"]])));
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
          <LiveInput id="pilot-name" value={def.name} onValue={(v) => edit(() => pilot.set("name", v))} maxLength={200} placeholder={tp("def.namePlaceholder")} />
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
        <NameList id="pilot-add-site" label={tp("def.sites")} hint={tp("def.sitesHint")} items={def.sites} arr={sitesArray(content)} edit={edit} placeholder={tp("def.sitePlaceholder")} />
        <NameList id="pilot-add-team" label={tp("def.teams")} hint={tp("def.teamsHint")} items={def.teams} arr={teamsArray(content)} edit={edit} placeholder={tp("def.teamPlaceholder")} />
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
    </section>
  );
}
