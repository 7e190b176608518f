// The rows of the outline: a bone (its label is editable) and a cause (its text is bound
// character by character to the cause's Y.Text; chips for root, whys, evidence, votes, count).
import * as Y from "yjs";
import { memo } from "preact/compat";
import { useLayoutEffect, useState } from "preact/hooks";
import { Icon } from "../../ui/icons";
import type { Peer } from "../../sync/presence";
import { bindTextarea } from "../../sync/text-binding";
import { ft } from "./i18n";
import type { Row } from "./outline-model";
import { setCategoryLabel } from "./write";

export function OutlineIcon({ name }: { name: string }) {
  return <Icon name={name} size={16} />;
}

export function CategoryRow(props: {
  row: Extract<Row, { kind: "cat" }>;
  first: boolean;
  active: boolean;
  readOnly: boolean;
  content: Y.Doc;
  edit: (fn: () => void) => void;
  onKey: (e: KeyboardEvent) => void;
  onInputKey: (e: KeyboardEvent) => void;
  onFocus: () => void;
}) {
  const { row } = props;
  const [draft, setDraft] = useState<string | null>(null);
  return (
    <div
      role="treeitem"
      aria-level={1}
      aria-selected={props.active}
      aria-expanded={row.count > 0}
      aria-label={ft("outline.categoryRow", { label: row.label, count: row.count })}
      tabIndex={props.active ? 0 : -1}
      data-row-key={row.key}
      class={`fb-o-row fb-o-cat${props.active ? " active" : ""}${props.first ? " first" : ""}${row.known ? "" : " unknown"}`}
      onKeyDown={props.onKey}
      onFocusIn={props.onFocus}
    >
      <input
        class="fb-o-input fb-o-cat-input"
        tabIndex={-1}
        value={draft ?? row.label}
        readOnly={props.readOnly}
        aria-label={ft("outline.categoryName")}
        maxLength={60}
        onFocus={() => setDraft(row.label)}
        onBlur={() => setDraft(null)}
        onKeyDown={props.onInputKey}
        onInput={(e) => {
          const v = (e.currentTarget as HTMLInputElement).value;
          setDraft(v);
          props.edit(() => setCategoryLabel(props.content, row.id, v));
        }}
      />
      <span class="fb-o-count" aria-hidden="true">
        {row.known ? row.count : ft("outline.unknown")}
      </span>
    </div>
  );
}

/** What a cause row does, by the row's key: the same functions on every render of the outline
 * (they call its latest handlers), so a memoised row that skipped renders acts on the current
 * outline. */
export interface CauseRowHandlers {
  key: (rowKey: string, e: KeyboardEvent) => void;
  inputKey: (rowKey: string, e: KeyboardEvent) => void;
  focus: (rowKey: string) => void;
  editing: (id: string, on: boolean) => void;
  paste: (id: string, e: ClipboardEvent) => void;
}

interface CauseRowProps {
  row: Extract<Row, { kind: "cause" }>;
  active: boolean;
  readOnly: boolean;
  text: Y.Text | null;
  peer?: Peer;
  vital: boolean;
  setsize: number;
  posinset: number;
  on: CauseRowHandlers;
}

export function CauseRow(props: CauseRowProps) {
  const { cause } = props.row;
  const [el, setEl] = useState<HTMLInputElement | null>(null);
  // bound before the browser handles another key: text typed into a brand-new row is kept
  useLayoutEffect(() => (el && props.text ? bindTextarea(el as unknown as HTMLTextAreaElement, props.text) : undefined), [el, props.text]);
  const peer = props.peer;
  return (
    <div
      role="treeitem"
      aria-level={cause.depth + 1}
      aria-setsize={props.setsize}
      aria-posinset={props.posinset}
      aria-selected={props.active}
      aria-label={cause.text || ft("diagram.emptyCause")}
      tabIndex={props.active ? 0 : -1}
      data-row-key={props.row.key}
      data-cause-id={cause.id}
      class={`fb-o-row fb-o-cause${cause.depth > 1 ? " sub" : ""}${props.active ? " active" : ""}${cause.root ? " root" : ""}${peer ? " peer" : ""}`}
      style={{ "--depth": cause.depth, ...(peer ? { "--peer": peer.user.color } : {}) }}
      onKeyDown={(e) => props.on.key(props.row.key, e)}
      onFocusIn={() => props.on.focus(props.row.key)}
    >
      <span class="fb-o-bullet" aria-hidden="true" />
      <input
        ref={setEl}
        class="fb-o-input"
        tabIndex={-1}
        readOnly={props.readOnly || !props.text}
        value={props.text ? undefined : cause.text}
        placeholder={props.readOnly ? "" : ft("outline.placeholder")}
        aria-label={ft("outline.causeText")}
        maxLength={300}
        onKeyDown={(e) => props.on.inputKey(props.row.key, e)}
        onPaste={props.readOnly ? undefined : (e) => props.on.paste(cause.id, e)}
        onFocus={() => props.on.editing(cause.id, true)}
        onBlur={() => props.on.editing(cause.id, false)}
      />
      <span class="fb-o-meta">
        {cause.root && <span class="fb-chip fb-chip-root">{ft("diagram.rootBadge")}</span>}
        {cause.whys.length > 0 && (
          <span class="fb-chip" title={ft("outline.whys", { count: cause.whys.length })}>
            {ft("outline.whysShort", { count: cause.whys.length })}
          </span>
        )}
        {(cause.figure || cause.source) && (
          <span
            class="fb-chip fb-chip-evidence"
            title={`${ft("detail.evidence")}: ${[cause.figure, cause.source].filter(Boolean).join(" · ")}`}
          >
            {cause.figure || ft("detail.evidence")}
          </span>
        )}
        {cause.votes !== null && cause.votes > 0 && (
          <span class="fb-chip" title={ft("detail.votes")}>
            ▲ {cause.votes}
          </span>
        )}
        {cause.count !== null && (
          <span class={`fb-chip fb-chip-count${props.vital ? " vital" : ""}`} title={ft("detail.count")}>
            {cause.count}
          </span>
        )}
      </span>
      {peer && (
        <span class="fb-o-peer" style={{ background: peer.user.color }}>
          {peer.user.name}
        </span>
      )}
    </div>
  );
}

const samePeer = (a: Peer | undefined, b: Peer | undefined) =>
  a === b || (a !== undefined && b !== undefined && a.user.name === b.user.name && a.user.color === b.user.color);

// 150 rows and the outline re-renders on every key typed into any of them: a row whose cause
// (kept by identity between snapshots while unchanged) and state are the same is not diffed.
function sameCauseRow(a: CauseRowProps, b: CauseRowProps): boolean {
  return (
    a.row.key === b.row.key &&
    a.row.cause === b.row.cause &&
    a.active === b.active &&
    a.readOnly === b.readOnly &&
    a.text === b.text &&
    samePeer(a.peer, b.peer) &&
    a.vital === b.vital &&
    a.setsize === b.setsize &&
    a.posinset === b.posinset &&
    a.on === b.on
  );
}

export const CauseRowMemo = memo(CauseRow, sameCauseRow);
