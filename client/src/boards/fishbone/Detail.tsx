// The selected cause in depth: its text, root-cause mark, counts and votes, evidence, the
// 5-whys chain (ordered whys ending in the root cause), its place in the Pareto; or, for a
// selected bone, its label, order and causes.
import * as Y from "yjs";
import { useLayoutEffect, useState } from "preact/hooks";
import { Icon } from "../../ui/icons";
import { multiLinePaste, PasteLinesPrompt } from "../../ui/paste-lines";
import { bindTextarea } from "../../sync/text-binding";
import { describedBy, EditingMarker, editingStyle, useEditing } from "../../ui/editing";
import { SharedTextArea } from "../../ui/shared-text";
import { ft } from "./i18n";
import { WarningList } from "./Warnings";
import { ActionControl } from "../workshop/ActionControl";
import type { ActionSource } from "../workshop/actions";
import { textOf, type Cause, type FishboneAnalysis, type FishboneSnapshot } from "./schema";
import {
  addCause,
  causeMap,
  causeText,
  moveCategory,
  newId,
  removeCategory,
  setCategoryLabel,
  evidenceSource,
  setEvidence,
  sourceText,
  setNumber,
  whysOf,
} from "./write";

interface Common {
  boardId: string;
  content: Y.Doc;
  snap: FishboneSnapshot;
  analysis: FishboneAnalysis | null;
  readOnly: boolean;
  edit: (fn: () => void) => void;
  onSelect: (key: string) => void;
}

/** A text field bound character by character to a Y.Text. */
export function TextField(props: {
  text: Y.Text | null;
  fallback?: string;
  id?: string;
  readOnly: boolean;
  multiline?: boolean;
  rows?: number;
  label?: string;
  placeholder?: string;
  class?: string;
  onKeyDown?: (e: KeyboardEvent) => void;
  onPaste?: (e: ClipboardEvent) => void;
  testid?: string;
}) {
  const [el, setEl] = useState<HTMLTextAreaElement | HTMLInputElement | null>(null);
  useLayoutEffect(() => (el && props.text ? bindTextarea(el as HTMLTextAreaElement, props.text) : undefined), [el, props.text]);
  // who else is in this text (its id derives from the cause's, alike on every peer)
  const editing = useEditing(props.id && !props.readOnly ? { item: "", field: props.id } : null, props.id ?? "");
  const common = {
    onFocus: editing.onFocus,
    onBlur: editing.onBlur,
    "aria-describedby": describedBy(undefined, editing),
    style: editingStyle(editing),
    id: props.id,
    class: props.class,
    readOnly: props.readOnly || !props.text,
    placeholder: props.readOnly ? "" : props.placeholder,
    "aria-label": props.label,
    onKeyDown: props.onKeyDown,
    onPaste: props.onPaste,
    "data-testid": props.testid,
    value: props.text ? undefined : (props.fallback ?? ""),
  };
  return (
    <>
      {props.multiline ? (
        <textarea ref={setEl as (el: HTMLTextAreaElement | null) => void} rows={props.rows ?? 2} {...common} />
      ) : (
        <input ref={setEl as (el: HTMLInputElement | null) => void} {...common} />
      )}
      <EditingMarker editing={editing} long />
    </>
  );
}

/** A whole number (or a decimal) field; empty removes the field, invalid input is not written. */
function NumberField(props: {
  id: string;
  label: string;
  value: number | null;
  decimals?: boolean;
  readOnly: boolean;
  onValue: (v: number | null) => void;
}) {
  const [draft, setDraft] = useState<string | null>(null);
  const parse = (raw: string): number | null | undefined => {
    const v = raw.trim().replace(",", ".");
    if (!v) return null;
    const n = Number(v);
    if (!Number.isFinite(n) || n < 0 || (!props.decimals && !Number.isInteger(n))) return undefined;
    return n;
  };
  const invalid = draft !== null && parse(draft) === undefined;
  return (
    <div class="field fb-num">
      <label for={props.id}>{props.label}</label>
      <input
        id={props.id}
        inputMode={props.decimals ? "decimal" : "numeric"}
        value={draft ?? (props.value === null ? "" : String(props.value))}
        readOnly={props.readOnly}
        aria-invalid={invalid}
        onFocus={() => setDraft(props.value === null ? "" : String(props.value))}
        onBlur={() => setDraft(null)}
        onInput={(e) => {
          const raw = (e.currentTarget as HTMLInputElement).value;
          setDraft(raw);
          const v = parse(raw);
          if (v !== undefined) props.onValue(v);
        }}
      />
      {invalid && <span class="fb-invalid">{props.decimals ? ft("detail.invalidNumber") : ft("detail.invalidWhole")}</span>}
    </div>
  );
}

function StrField(props: {
  id: string;
  label: string;
  value: string;
  readOnly: boolean;
  placeholder?: string;
  onValue: (v: string) => void;
}) {
  const [draft, setDraft] = useState<string | null>(null);
  const editing = useEditing(props.readOnly ? null : { item: "", field: props.id }, props.id);
  return (
    <div class="field">
      <label for={props.id}>{props.label}</label>
      <input
        id={props.id}
        value={draft ?? props.value}
        readOnly={props.readOnly}
        placeholder={props.readOnly ? "" : props.placeholder}
        maxLength={200}
        aria-describedby={describedBy(undefined, editing)}
        style={editingStyle(editing)}
        onFocus={() => {
          setDraft(props.value);
          editing.onFocus();
        }}
        onBlur={() => {
          setDraft(null);
          editing.onBlur();
        }}
        onInput={(e) => {
          const v = (e.currentTarget as HTMLInputElement).value;
          setDraft(v);
          props.onValue(v);
        }}
      />
      <EditingMarker editing={editing} />
    </div>
  );
}

export function CauseDetail(props: Common & { cause: Cause }) {
  const { content, snap, cause, readOnly, edit, analysis } = props;
  const [focusWhy, setFocusWhy] = useState<number | null>(null);
  const whys = whysOf(content, cause.id);
  const whyItems = whys ? whys.toArray() : [];
  const category = snap.categories.find((c) => c.id === cause.category);
  const path: Cause[] = [];
  for (let p = cause.parent ? snap.byId.get(cause.parent) : undefined; p; p = p.parent ? snap.byId.get(p.parent) : undefined)
    path.unshift(p);
  const bars = analysis?.pareto.bars ?? [];
  const rank = bars.findIndex((b) => b.id === cause.id);
  const bar = rank >= 0 ? bars[rank] : null;
  const mine = (analysis?.warnings ?? []).filter((w) => w.causes.includes(cause.id));
  const set = (fn: () => void) => edit(fn);

  // focus the new why before the browser handles the next key (a layout effect, not an effect)
  useLayoutEffect(() => {
    if (focusWhy === null) return;
    document.getElementById(`fb-why-${cause.id}-${focusWhy}`)?.focus();
    setFocusWhy(null);
  });

  const addWhy = () => {
    const at = whyItems.length;
    set(() => {
      const list = whysOf(content, cause.id);
      if (list) list.push([new Y.Text("")]);
      else causeMap(content, cause.id)?.set("whys", Y.Array.from([new Y.Text("")]));
    });
    setFocusWhy(at);
  };
  // several pasted lines in a why: one why per line from there on (the first into that why if
  // it is empty), in one undo step; or all of them in that why
  const [pasted, setPasted] = useState<{ at: number; lines: string[] } | null>(null);
  // the binding leaves this user's own (LOCAL) writes to the field, so a write made here is shown here
  const showWhy = (at: number) => {
    const el = document.getElementById(`fb-why-${cause.id}-${at}`);
    const item = whysOf(content, cause.id)?.get(at);
    if (el instanceof HTMLInputElement && item instanceof Y.Text) el.value = item.toString();
  };
  const onWhyPaste = (at: number, e: ClipboardEvent) => {
    const lines = readOnly ? null : multiLinePaste(e);
    if (!lines) return;
    e.preventDefault();
    setPasted({ at, lines });
  };
  const createWhys = () => {
    if (!pasted) return;
    const { at, lines } = pasted;
    const here = whyItems[at];
    const empty = here instanceof Y.Text && !here.toString().trim();
    set(() => {
      if (empty) here.insert(0, lines[0]);
      whysOf(content, cause.id)?.insert(
        at + 1,
        (empty ? lines.slice(1) : lines).map((line) => new Y.Text(line)),
      );
    });
    showWhy(at);
    setPasted(null);
    setFocusWhy(at + lines.length - (empty ? 1 : 0));
  };
  const whysAsOne = () => {
    if (!pasted) return;
    const here = whyItems[pasted.at];
    if (here instanceof Y.Text) set(() => here.insert(here.length, `${here.length ? " " : ""}${pasted.lines.join(" ")}`));
    showWhy(pasted.at);
    setPasted(null);
  };
  const id = (name: string) => `fb-${name}-${cause.id}`;
  // A cause's actions answer it whether made from its root mark or from its 5-whys' end.
  const source = (type: ActionSource["type"], label: string): ActionSource => ({
    board: props.boardId,
    kind: "fishbone",
    type,
    item: cause.id,
    label: label || cause.text,
  });
  const lastWhy = whyItems.length ? textOf(whyItems[whyItems.length - 1]).trim() : "";

  return (
    <div class="fishbone-detail" data-testid="fishbone-detail">
      <nav class="fb-crumbs" aria-label={ft("detail.path")}>
        <button type="button" class="fb-crumb" onClick={() => props.onSelect(`cat:${cause.category}`)}>
          {category?.label || cause.category}
        </button>
        {path.map((p) => (
          <button key={p.id} type="button" class="fb-crumb" onClick={() => props.onSelect(`cause:${p.id}`)}>
            {p.text || ft("diagram.emptyCause")}
          </button>
        ))}
      </nav>
      <div class="field">
        <label for={id("text")}>{ft("detail.text")}</label>
        <TextField
          id={id("text")}
          text={causeText(content, cause.id)}
          fallback={cause.text}
          readOnly={readOnly}
          multiline
          rows={2}
          class="fb-detail-text"
          placeholder={ft("outline.placeholder")}
          onKeyDown={(e) => e.key === "Enter" && e.preventDefault()}
        />
      </div>

      <div class="fb-root-row">
        <button
          type="button"
          class={`btn btn-small ${cause.root ? "fb-root-on" : ""}`}
          aria-pressed={cause.root}
          disabled={readOnly}
          onClick={() => set(() => causeMap(content, cause.id)?.set("root", !cause.root))}
          data-testid="fb-root-toggle"
        >
          <Icon name={cause.root ? "check" : "flag"} size={16} />
          <span>{cause.root ? ft("detail.isRoot") : ft("detail.markRoot")}</span>
        </button>
        {cause.root && <ActionControl source={source("root_cause", cause.text)} needed />}
        {bar && (
          <span class={`chip ${bar.vital ? "chip-accent" : ""}`}>
            {ft("detail.paretoRank", { rank: rank + 1, of: bars.length, share: bar.share_pct, cumulative: bar.cumulative_pct })}
            {bar.vital ? ` · ${ft("pareto.vital")}` : ""}
          </span>
        )}
      </div>

      <div class="fb-num-row">
        <NumberField
          id={id("count")}
          label={ft("detail.count")}
          value={cause.count}
          readOnly={readOnly}
          onValue={(v) => set(() => setNumber(content, cause.id, "count", v))}
        />
        <NumberField
          id={id("votes")}
          label={ft("detail.votes")}
          value={cause.votes}
          readOnly={readOnly}
          onValue={(v) => set(() => setNumber(content, cause.id, "votes", v))}
        />
        <NumberField
          id={id("weight")}
          label={ft("detail.weight")}
          value={cause.weight}
          decimals
          readOnly={readOnly}
          onValue={(v) => set(() => setNumber(content, cause.id, "weight", v))}
        />
      </div>
      <p class="hint">{ft("detail.countHint")}</p>

      <fieldset class="fb-fieldset">
        <legend>{ft("detail.evidence")}</legend>
        <div class="fb-evidence">
          <StrField
            id={id("figure")}
            label={ft("detail.figure")}
            value={cause.figure}
            readOnly={readOnly}
            placeholder={ft("detail.figurePlaceholder")}
            onValue={(v) => set(() => setEvidence(content, cause.id, "figure", v))}
          />
          <div class="field">
            <label for={id("source")}>{ft("detail.source")}</label>
            <SharedTextArea
              id={id("source")}
              rows={2}
              maxLength={2000}
              readOnly={readOnly}
              placeholder={ft("detail.sourcePlaceholder")}
              value={evidenceSource(content, cause.id)}
              convert={(text) => {
                let shared: Y.Text | null = null;
                set(() => (shared = sourceText(content, cause.id, text)));
                return shared;
              }}
            />
          </div>
        </div>
      </fieldset>

      <section class="fb-whys" aria-labelledby={id("whys-title")}>
        <div class="fb-whys-head">
          <h3 id={id("whys-title")}>{ft("whys.title")}</h3>
          <span class="hint">{ft("whys.hint")}</span>
        </div>
        {whyItems.length === 0 ? (
          <p class="fb-whys-empty">{ft("whys.empty")}</p>
        ) : (
          <ol class="fb-whys-list">
            {whyItems.map((item, i) => {
              const last = i === whyItems.length - 1;
              return (
                <li key={i} class={`fb-why${last && whyItems.length > 1 ? " last" : ""}`}>
                  <span class="fb-why-n" aria-hidden="true">
                    {i + 1}
                  </span>
                  <label class={last && whyItems.length > 1 ? "fb-why-label" : "sr-only"} for={`fb-why-${cause.id}-${i}`}>
                    {last && whyItems.length > 1 ? ft("whys.root") : ft("whys.n", { n: i + 1 })}
                  </label>
                  <div class="fb-why-input">
                    <TextField
                      id={`fb-why-${cause.id}-${i}`}
                      text={item instanceof Y.Text ? item : null}
                      fallback={textOf(item)}
                      readOnly={readOnly}
                      placeholder={i === 0 ? ft("whys.firstPlaceholder", { cause: cause.text }) : ft("whys.placeholder")}
                      onPaste={(e) => onWhyPaste(i, e)}
                      onKeyDown={(e) => {
                        if (e.key === "Enter" && !e.isComposing && e.keyCode !== 229 && !readOnly) {
                          e.preventDefault();
                          if (last) addWhy();
                          else document.getElementById(`fb-why-${cause.id}-${i + 1}`)?.focus();
                        }
                      }}
                    />
                    {!readOnly && (
                      <button
                        type="button"
                        class="btn btn-icon btn-ghost btn-small"
                        aria-label={ft("whys.remove", { n: i + 1 })}
                        title={ft("whys.remove", { n: i + 1 })}
                        onClick={() => set(() => whysOf(content, cause.id)?.delete(i, 1))}
                      >
                        <Icon name="x" size={16} />
                      </button>
                    )}
                  </div>
                </li>
              );
            })}
          </ol>
        )}
        {pasted && <PasteLinesPrompt lines={pasted.lines} onCreate={createWhys} onAsOne={whysAsOne} onCancel={() => setPasted(null)} />}
        <div class="fb-whys-foot">
          {!readOnly && (
            <button type="button" class="btn btn-small" onClick={addWhy} data-testid="fb-add-why">
              <Icon name="plus" size={16} />
              <span>{whyItems.length ? ft("whys.again") : ft("whys.start")}</span>
            </button>
          )}
          {lastWhy && !cause.root && <ActionControl source={source("why", lastWhy)} />}
        </div>
      </section>

      {mine.length > 0 && <WarningList warnings={mine} snap={snap} onSelect={props.onSelect} compact />}
    </div>
  );
}

export function CategoryDetail(props: Common & { categoryId: string; lang: string }) {
  const { content, snap, readOnly, edit, categoryId } = props;
  const cat = snap.categories.find((c) => c.id === categoryId);
  const causes = snap.causes.filter((c) => c.category === categoryId);
  const at = snap.categories.findIndex((c) => c.id === categoryId);
  const stat = props.analysis?.categories.find((c) => c.id === categoryId);
  const [draft, setDraft] = useState<string | null>(null);
  if (!cat)
    return (
      <div class="fishbone-detail">
        <p class="muted">{ft("detail.unknownCategory", { id: categoryId })}</p>
      </div>
    );
  const add = () => {
    const id = newId("c");
    edit(() => addCause(content, id, { category: categoryId }));
    props.onSelect(`cause:${id}`);
    setTimeout(() => document.querySelector<HTMLInputElement>(`[data-row-key="cause:${id}"] input`)?.focus(), 30);
  };
  return (
    <div class="fishbone-detail" data-testid="fishbone-category-detail">
      <div class="field">
        <label for="fb-cat-label">{ft("detail.categoryLabel")}</label>
        <input
          id="fb-cat-label"
          value={draft ?? cat.label}
          readOnly={readOnly}
          maxLength={60}
          onFocus={() => setDraft(cat.label)}
          onBlur={() => setDraft(null)}
          onInput={(e) => {
            const v = (e.currentTarget as HTMLInputElement).value;
            setDraft(v);
            edit(() => setCategoryLabel(content, categoryId, v));
          }}
        />
      </div>
      <dl class="fb-stats">
        <div>
          <dt>{ft("detail.causesOnBone")}</dt>
          <dd>{causes.length}</dd>
        </div>
        <div>
          <dt>{ft("detail.topLevel")}</dt>
          <dd>{causes.filter((c) => !c.parent).length}</dd>
        </div>
        <div>
          <dt>{ft("detail.counted")}</dt>
          <dd>{stat?.counted ?? 0}</dd>
        </div>
      </dl>
      {!readOnly && (
        <div class="row wrap">
          <button type="button" class="btn btn-small btn-primary" onClick={add}>
            <Icon name="plus" size={16} />
            <span>{ft("detail.addHere")}</span>
          </button>
          <button
            type="button"
            class="btn btn-small"
            disabled={at <= 0}
            onClick={() => edit(() => moveCategory(content, snap.categories, categoryId, -1))}
          >
            {ft("detail.boneEarlier")}
          </button>
          <button
            type="button"
            class="btn btn-small"
            disabled={at >= snap.categories.length - 1}
            onClick={() => edit(() => moveCategory(content, snap.categories, categoryId, 1))}
          >
            {ft("detail.boneLater")}
          </button>
          <button
            type="button"
            class="btn btn-small btn-danger-outline"
            disabled={causes.length > 0}
            title={causes.length ? ft("detail.deleteBoneHint") : undefined}
            onClick={() => {
              edit(() => removeCategory(content, categoryId));
              const next = snap.categories[at + 1] ?? snap.categories[at - 1];
              if (next) props.onSelect(`cat:${next.id}`);
            }}
          >
            <Icon name="trash" size={16} />
            <span>{ft("detail.deleteBone")}</span>
          </button>
        </div>
      )}
      {!readOnly && causes.length > 0 && <p class="hint">{ft("detail.deleteBoneHint")}</p>}
    </div>
  );
}
