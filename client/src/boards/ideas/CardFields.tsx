// The fields of an idea card, shared by the live editor (every change goes to the shared
// document at once) and the private-writing form (sent with ideas.add_private).
import type { JSX } from "preact";
import type * as Y from "yjs";
import { useState } from "preact/hooks";
import { Icon } from "../../ui/icons";
import { tk } from "./i18n";
import { LiveInput } from "../../ui/live-input";
import { SharedTextArea } from "../../ui/shared-text";
import type { LinkTarget, LinkTargets } from "./links";
import { CATEGORIES, quadrant, SCORE_MAX, SCORE_MIN, type Group } from "./schema";

export interface CardDraft {
  title: string;
  description: string;
  category: string;
  impact: number | null;
  effort: number | null;
  cause_id: string;
  step_id: string;
  future_step_id: string;
  group: string;
  anonymous: boolean;
}

export type SetField = <K extends keyof CardDraft>(field: K, value: CardDraft[K]) => void;

const OTHER = "\u0000other";

function ScorePicker({
  id,
  label,
  hint,
  value,
  onChange,
}: {
  id: string;
  label: string;
  hint: string;
  value: number | null;
  onChange: (v: number | null) => void;
}) {
  const scores = Array.from({ length: SCORE_MAX - SCORE_MIN + 1 }, (_, i) => SCORE_MIN + i);
  return (
    <fieldset class="field ideas-score" aria-describedby={`${id}-hint`}>
      <legend>{label}</legend>
      <div class="ideas-segmented" role="radiogroup" aria-label={label}>
        {scores.map((n) => (
          <label key={n} class={`ideas-seg${value === n ? " is-on" : ""}`}>
            <input type="radio" name={id} value={n} checked={value === n} onChange={() => onChange(n)} />
            <span>{n}</span>
          </label>
        ))}
        <label class={`ideas-seg ideas-seg-none${value === null ? " is-on" : ""}`}>
          <input type="radio" name={id} value="" checked={value === null} onChange={() => onChange(null)} />
          <span>{tk("editor.notScored")}</span>
        </label>
      </div>
      <span id={`${id}-hint`} class="hint">
        {hint}
      </span>
    </fieldset>
  );
}

function CategoryField({ id, value, custom, onChange }: { id: string; value: string; custom: string[]; onChange: (v: string) => void }) {
  const known = [...CATEGORIES, ...custom.filter((c) => !(CATEGORIES as readonly string[]).includes(c))];
  const [other, setOther] = useState(() => value.trim() !== "" && !known.includes(value));
  const selected = other ? OTHER : value;
  return (
    <div class="field">
      <label for={id}>{tk("editor.category")}</label>
      <select
        id={id}
        value={selected}
        onChange={(e) => {
          const v = (e.currentTarget as HTMLSelectElement).value;
          setOther(v === OTHER);
          if (v !== OTHER) onChange(v);
        }}
      >
        <option value="">{tk("categories.uncategorised")}</option>
        {known.map((c) => (
          <option key={c} value={c}>
            {(CATEGORIES as readonly string[]).includes(c) ? tk(`categories.${c}`) : c}
          </option>
        ))}
        <option value={OTHER}>{tk("editor.customCategory")}</option>
      </select>
      {other && (
        <LiveInput
          id={`${id}-custom`}
          value={value}
          onValue={onChange}
          maxLength={40}
          placeholder={tk("editor.customPlaceholder")}
          autoFocus
        />
      )}
    </div>
  );
}

function optionLabel(target: LinkTarget): string {
  const indent = target.depth > 1 ? "\u2003".repeat(target.depth - 1) : "";
  return `${indent}${target.label}${target.root ? ` ${tk("editor.rootMark")}` : ""}`;
}

function LinkSelect(props: {
  id: string;
  label: string;
  value: string;
  targets: LinkTarget[];
  grouping: (t: LinkTarget) => string;
  loaded: boolean;
  empty: string;
  onChange: (v: string) => void;
}) {
  const groups = new Map<string, LinkTarget[]>();
  for (const target of props.targets) {
    const key = props.grouping(target);
    groups.set(key, [...(groups.get(key) ?? []), target]);
  }
  const missing = props.value && !props.targets.some((t) => t.id === props.value);
  return (
    <div class="field">
      <label for={props.id}>{props.label}</label>
      <select
        id={props.id}
        value={props.value}
        disabled={props.loaded && !props.targets.length && !props.value}
        onChange={(e) => props.onChange((e.currentTarget as HTMLSelectElement).value)}
      >
        <option value="">{props.loaded && !props.targets.length ? props.empty : tk("editor.none")}</option>
        {missing && <option value={props.value}>{props.loaded ? tk("editor.missingLink") : tk("editor.loadingLink")}</option>}
        {[...groups].map(([label, items]) => (
          <optgroup key={label} label={label}>
            {items.map((t) => (
              <option key={t.id} value={t.id}>
                {optionLabel(t)}
              </option>
            ))}
          </optgroup>
        ))}
      </select>
    </div>
  );
}

function GroupField({
  id,
  value,
  groups,
  onChange,
  onCreate,
}: {
  id: string;
  value: string;
  groups: Group[];
  onChange: (v: string) => void;
  onCreate: (title: string) => void;
}) {
  const [adding, setAdding] = useState(false);
  const [title, setTitle] = useState("");
  const create = () => {
    if (!title.trim()) return;
    onCreate(title.trim());
    setTitle("");
    setAdding(false);
  };
  return (
    <div class="field">
      <label for={id}>{tk("editor.group")}</label>
      <div class="ideas-inline">
        <select id={id} value={value} onChange={(e) => onChange((e.currentTarget as HTMLSelectElement).value)}>
          <option value="">{tk("editor.noGroup")}</option>
          {groups.map((g) => (
            <option key={g.id} value={g.id}>
              {g.title || tk("groups.untitled")}
            </option>
          ))}
        </select>
        {!adding && (
          <button type="button" class="btn btn-small" onClick={() => setAdding(true)}>
            <Icon name="plus" size={16} /> <span>{tk("editor.newGroup")}</span>
          </button>
        )}
      </div>
      {adding && (
        <div class="ideas-inline">
          <input
            type="text"
            aria-label={tk("editor.newGroupName")}
            placeholder={tk("editor.newGroupName")}
            value={title}
            maxLength={80}
            ref={(el) => {
              if (el && !el.dataset.f) {
                el.dataset.f = "1";
                el.focus();
              }
            }}
            onInput={(e) => setTitle((e.currentTarget as HTMLInputElement).value)}
            onKeyDown={(e) => {
              if (e.key === "Enter") {
                e.preventDefault();
                create();
              }
            }}
          />
          <button type="button" class="btn btn-small btn-primary" onClick={create} disabled={!title.trim()}>
            {tk("editor.createGroup")}
          </button>
          <button type="button" class="btn btn-small btn-ghost" onClick={() => setAdding(false)}>
            {tk("editor.cancel")}
          </button>
        </div>
      )}
    </div>
  );
}

export function CardFields(props: {
  idPrefix: string;
  draft: CardDraft;
  set: SetField;
  links: LinkTargets;
  customCategories: string[];
  groups?: { list: Group[]; create: (title: string) => string };
  autoFocus?: boolean;
  showAnonymous?: boolean;
  /** several lines pasted into the title: the offer to make one idea per line */
  paste?: { onPaste: (e: ClipboardEvent) => void; prompt: JSX.Element | null };
  /** the live editor: the card's description as collaborative text (absent in the private form,
   *  whose fields are nobody else's business, not even who is typing) */
  description?: { value: unknown; convert: (text: string) => Y.Text | null };
}) {
  const { draft, set, idPrefix: p } = props;
  const live = props.description ? undefined : false;
  const q = quadrant(draft.impact, draft.effort);
  const boardsOf = (list: LinkTarget[]) => new Set(list.map((t) => t.board)).size > 1;
  const manyFishbones = boardsOf(props.links.causes);
  const manyMaps = boardsOf(props.links.steps);
  return (
    <div class="ideas-fields">
      <div class="field">
        <label for={`${p}-title`}>{tk("editor.title")}</label>
        <LiveInput
          id={`${p}-title`}
          value={draft.title}
          onValue={(v) => set("title", v)}
          editing={live}
          maxLength={200}
          placeholder={tk("editor.titlePlaceholder")}
          autoFocus={props.autoFocus}
          onPaste={props.paste?.onPaste}
        />
        {props.paste?.prompt}
      </div>
      <div class="field">
        <label for={`${p}-desc`}>{tk("editor.description")}</label>
        {props.description ? (
          <SharedTextArea
            id={`${p}-desc`}
            rows={3}
            value={props.description.value}
            convert={props.description.convert}
            maxLength={4000}
            placeholder={tk("editor.descriptionPlaceholder")}
          />
        ) : (
          <LiveInput
            id={`${p}-desc`}
            multiline
            rows={3}
            value={draft.description}
            onValue={(v) => set("description", v)}
            editing={false}
            maxLength={4000}
            placeholder={tk("editor.descriptionPlaceholder")}
          />
        )}
      </div>
      <div class="ideas-field-row">
        <CategoryField id={`${p}-category`} value={draft.category} custom={props.customCategories} onChange={(v) => set("category", v)} />
        {props.groups && (
          <GroupField
            id={`${p}-group`}
            value={draft.group}
            groups={props.groups.list}
            onChange={(v) => set("group", v)}
            onCreate={(title) => set("group", props.groups!.create(title))}
          />
        )}
      </div>
      <div class="ideas-field-row">
        <ScorePicker
          id={`${p}-impact`}
          label={tk("editor.impact")}
          hint={tk("editor.impactHint")}
          value={draft.impact}
          onChange={(v) => set("impact", v)}
        />
        <ScorePicker
          id={`${p}-effort`}
          label={tk("editor.effort")}
          hint={tk("editor.effortHint")}
          value={draft.effort}
          onChange={(v) => set("effort", v)}
        />
      </div>
      {q && (
        <p class={`ideas-q-note ideas-q-${q}`}>
          <strong>{tk(`quadrants.${q}.name`)}</strong> — {tk(`quadrants.${q}.desc`)}
        </p>
      )}
      <div class="ideas-field-row">
        <LinkSelect
          id={`${p}-cause`}
          label={tk("editor.cause")}
          value={draft.cause_id}
          targets={props.links.causes}
          loaded={props.links.loaded}
          grouping={(t) => (manyFishbones ? t.board : tk("editor.causesGroup"))}
          empty={tk("editor.noCauses")}
          onChange={(v) => set("cause_id", v)}
        />
        <LinkSelect
          id={`${p}-step`}
          label={tk("editor.step")}
          value={draft.step_id}
          targets={props.links.steps}
          loaded={props.links.loaded}
          grouping={(t) => `${manyMaps ? `${t.board} · ` : ""}${tk(`editor.state.${t.state}`)}`}
          empty={tk("editor.noSteps")}
          onChange={(v) => set("step_id", v)}
        />
        <LinkSelect
          id={`${p}-future-step`}
          label={tk("editor.futureStep")}
          value={draft.future_step_id}
          targets={props.links.steps.filter((t) => t.state === "future")}
          loaded={props.links.loaded}
          grouping={(t) => (manyMaps ? t.board : tk("editor.state.future"))}
          empty={tk("editor.noFutureSteps")}
          onChange={(v) => set("future_step_id", v)}
        />
      </div>
      {props.showAnonymous && (
        <label class="check">
          <input
            type="checkbox"
            checked={draft.anonymous}
            onChange={(e) => set("anonymous", (e.currentTarget as HTMLInputElement).checked)}
          />
          <span>
            {tk("editor.anonymous")}
            <span class="block hint">{tk("editor.anonymousHint")}</span>
          </span>
        </label>
      )}
    </div>
  );
}
