// The outline: the same causes as the diagram, as a keyboard-first tree. A row is focused to
// navigate (arrows) or its text is edited in place; Enter adds a sibling, Tab indents under
// the previous cause, Shift+Tab outdents, F2 or typing renames, Alt+arrows reorder, Delete
// removes. Every rename edits the cause's own Y.Text, every move sets single fields: two
// people working on the outline at once never overwrite each other.
import * as Y from "yjs";
import { useLayoutEffect, useMemo, useRef, useState } from "preact/hooks";
import type { Peer } from "../../sync/presence";
import { ft } from "./i18n";
import { outlineRows, type Row } from "./outline-model";
import { CategoryRow, CauseRowMemo, type CauseRowHandlers } from "./OutlineRows";
import { OutlineTools, type OutlineTool } from "./OutlineTools";
import { multiLinePaste, PasteLinesPrompt } from "../../ui/paste-lines";
import { orderKey, siblingsOf, type Cause, type FishboneSnapshot } from "./schema";
import { addCause, arrayIndexAfter, causeText, moveAmongSiblings, moveCategory, moveCause, newId, removeCause } from "./write";

interface FocusRequest {
  key: string;
  edit: boolean;
  caret?: number | "end" | "all";
  at?: number;
}

interface Props {
  content: Y.Doc;
  snap: FishboneSnapshot;
  readOnly: boolean;
  edit: (fn: () => void) => void;
  active: string | null;
  onActive: (key: string) => void;
  peers: Peer[];
  vital: Set<string>;
  onFocusCause: (id: string | null) => void;
  onDeleted: (n: number) => void;
}

const isPrintable = (e: KeyboardEvent) => (e.key.length === 1 && !e.ctrlKey && !e.metaKey && !e.altKey) || e.key === "Process";

export function Outline(props: Props) {
  const { content, snap, readOnly, edit, active, onActive, peers } = props;
  const rows = useMemo(() => outlineRows(snap), [snap]);
  const tree = useRef<HTMLDivElement>(null);
  const request = useRef<FocusRequest | null>(null);
  const activeKey = active && rows.some((r) => r.key === active) ? active : (rows[0]?.key ?? null);

  const rowEl = (key: string) => tree.current?.querySelector<HTMLElement>(`[data-row-key="${CSS.escape(key)}"]`) ?? null;
  /** Focus a row (or its text). After a structural edit, `later`: the row may move in the DOM
   * when the edit re-renders, which drops focus, so it is applied after that render. */
  const focusRow = (key: string, edit = false, caret: FocusRequest["caret"] = "end", later = false) => {
    request.current = { key, edit, caret, at: Date.now() };
    onActive(key);
    if (!later) applyFocus();
  };
  const applyFocus = () => {
    const req = request.current;
    if (!req) return;
    const el = rowEl(req.key);
    if (!el) {
      // not rendered yet: the next render's effect tries again (a row that never comes, say
      // deleted by someone else meanwhile, is given up on)
      if (Date.now() - (req.at ?? Date.now()) > 2000) request.current = null;
      return;
    }
    request.current = null;
    const input = el.querySelector<HTMLInputElement>("input");
    if (req.edit && input && !input.readOnly) {
      input.focus();
      const end = input.value.length;
      if (req.caret === "all") input.select();
      else {
        const at = req.caret === "end" || req.caret === undefined ? end : Math.min(req.caret, end);
        input.setSelectionRange(at, at);
      }
    } else el.focus();
    el.scrollIntoView({ block: "nearest" });
  };
  useLayoutEffect(applyFocus);

  const index = (key: string) => rows.findIndex((r) => r.key === key);

  // ---------- structure edits ----------
  const addAfter = (row: Row) => {
    const id = newId("c");
    if (row.kind === "cat") {
      if (!row.known) return;
      edit(() => addCause(content, id, { category: row.id }));
    } else {
      const c = row.cause;
      edit(() =>
        addCause(content, id, {
          category: c.category,
          parent: c.parent,
          index: arrayIndexAfter(content, orderKey(c.category, c.parent), c.id),
        }),
      );
    }
    focusRow(`cause:${id}`, true, "end", true);
  };
  const indent = (c: Cause, keepEdit: boolean, caret?: number): boolean => {
    const sibs = siblingsOf(snap, c);
    const at = sibs.indexOf(c.id);
    if (at <= 0) return false;
    edit(() => moveCause(content, snap, c.id, { category: c.category, parent: sibs[at - 1] }));
    focusRow(`cause:${c.id}`, keepEdit, caret, true);
    return true;
  };
  const outdent = (c: Cause, keepEdit: boolean, caret?: number): boolean => {
    const parent = c.parent ? snap.byId.get(c.parent) : undefined;
    if (!parent) return false;
    edit(() =>
      moveCause(content, snap, c.id, {
        category: c.category,
        parent: parent.parent,
        index: arrayIndexAfter(content, orderKey(parent.category, parent.parent), parent.id),
      }),
    );
    focusRow(`cause:${c.id}`, keepEdit, caret, true);
    return true;
  };
  const remove = (c: Cause, thenEdit: boolean) => {
    const i = index(`cause:${c.id}`);
    let removed: string[] = [];
    edit(() => (removed = removeCause(content, snap, c.id)));
    const gone = new Set(removed.map((id) => `cause:${id}`));
    const prev =
      rows
        .slice(0, i)
        .reverse()
        .find((r) => !gone.has(r.key)) ?? rows.find((r) => !gone.has(r.key));
    if (prev) focusRow(prev.key, thenEdit && prev.kind === "cause", "end", true);
    if (removed.length > 1) props.onDeleted(removed.length);
  };
  const reorder = (row: Row, delta: -1 | 1) => {
    if (row.kind === "cat") {
      if (row.known) edit(() => moveCategory(content, snap.categories, row.id, delta));
    } else edit(() => moveAmongSiblings(content, snap, row.id, delta));
    focusRow(row.key, false, "end", true);
  };
  const move = (from: string, delta: number, editing: boolean) => {
    const i = index(from);
    const target = rows[Math.max(0, Math.min(rows.length - 1, i + delta))];
    if (target) focusRow(target.key, editing && target.kind === "cause");
  };

  // ---------- keys ----------
  const onRowKey = (row: Row, e: KeyboardEvent) => {
    if (e.target !== e.currentTarget) return; // the input handles its own keys
    const c = row.kind === "cause" ? row.cause : null;
    if (e.altKey && (e.key === "ArrowUp" || e.key === "ArrowDown")) {
      if (!readOnly) reorder(row, e.key === "ArrowUp" ? -1 : 1);
    } else if (e.key === "ArrowDown") move(row.key, 1, false);
    else if (e.key === "ArrowUp") move(row.key, -1, false);
    else if (e.key === "Home") move(row.key, -rows.length, false);
    else if (e.key === "End") move(row.key, rows.length, false);
    else if (e.key === "ArrowLeft") {
      if (c) focusRow(c.parent ? `cause:${c.parent}` : `cat:${c.category}`);
      else return;
    } else if (e.key === "ArrowRight") {
      const next = rows[index(row.key) + 1];
      if (next?.kind === "cause" && (row.kind === "cat" || next.cause.parent === row.id)) focusRow(next.key);
      else return;
    } else if (readOnly) return;
    else if (e.key === "Enter") addAfter(row);
    else if (e.key === "F2") focusRow(row.key, true, "end");
    else if ((e.key === "Delete" || e.key === "Backspace") && c) remove(c, false);
    else if (e.key === "Tab" && c) {
      if (!(e.shiftKey ? outdent(c, false) : indent(c, false))) return;
    } else if (isPrintable(e) && (row.kind === "cause" || row.known)) {
      // typing replaces the text, as in a spreadsheet: the key lands in the selected input
      const input = (e.currentTarget as HTMLElement).querySelector("input");
      if (input && !input.readOnly) {
        input.focus();
        input.select();
      }
      return;
    } else return;
    e.preventDefault();
  };

  const onInputKey = (row: Row, e: KeyboardEvent) => {
    if (e.isComposing || e.keyCode === 229) return; // the IME is choosing characters
    const input = e.currentTarget as HTMLInputElement;
    const caret = input.selectionStart ?? input.value.length;
    const c = row.kind === "cause" ? row.cause : null;
    if (e.key === "Escape") focusRow(row.key);
    else if (e.altKey && (e.key === "ArrowUp" || e.key === "ArrowDown")) {
      if (!readOnly) reorder(row, e.key === "ArrowUp" ? -1 : 1);
      request.current = { key: row.key, edit: true, caret, at: Date.now() };
    } else if (e.key === "ArrowDown") move(row.key, 1, true);
    else if (e.key === "ArrowUp") move(row.key, -1, true);
    else if (readOnly) return;
    else if (e.key === "Enter") {
      if (c && !input.value.trim()) {
        if (!outdent(c, true)) focusRow(row.key);
      } else addAfter(row);
    } else if (e.key === "Tab") {
      if (c) (e.shiftKey ? outdent : indent)(c, true, caret);
    } else if (e.key === "Backspace" && c && !input.value && !snap.children.get(orderKey(c.category, c.id))?.length) remove(c, true);
    else return;
    e.preventDefault();
  };

  const peerOn = new Map<string, Peer>();
  for (const p of peers) if (p.focus) peerOn.set(p.focus, p);

  const current = rows.find((r) => r.key === activeKey) ?? null;
  const cur = current?.kind === "cause" ? current.cause : null;
  const addChild = (c: Cause) => {
    const id = newId("c");
    edit(() => addCause(content, id, { category: c.category, parent: c.id }));
    focusRow(`cause:${id}`, true, "end", true);
  };
  const sibs = cur ? siblingsOf(snap, cur) : [];

  // several pasted lines: one cause per line (the first into an empty cause), in one undo step
  const [paste, setPaste] = useState<{ cause: Cause; lines: string[]; from: number; to: number } | null>(null);
  const onCausePaste = (c: Cause, e: ClipboardEvent) => {
    const lines = multiLinePaste(e);
    if (!lines) return;
    e.preventDefault();
    const input = e.currentTarget as HTMLInputElement;
    setPaste({ cause: c, lines, from: input.selectionStart ?? input.value.length, to: input.selectionEnd ?? input.value.length });
  };
  // the text binding skips this tab's own edits (it normally made them), so show this one
  const showText = (id: string) => {
    const input = tree.current?.querySelector<HTMLInputElement>(`[data-cause-id="${CSS.escape(id)}"] input`);
    const text = causeText(content, id);
    if (input && text) input.value = text.toString();
  };
  const createPasted = () => {
    if (!paste) return;
    const { cause: c, lines } = paste;
    const text = causeText(content, c.id);
    let last = c.id;
    edit(() => {
      let rest = lines;
      if (text && text.length === 0) {
        text.insert(0, lines[0]);
        rest = lines.slice(1);
      }
      for (const line of rest) {
        const id = newId("c");
        addCause(content, id, {
          text: line,
          category: c.category,
          parent: c.parent,
          index: arrayIndexAfter(content, orderKey(c.category, c.parent), last),
        });
        last = id;
      }
    });
    showText(c.id);
    setPaste(null);
    focusRow(`cause:${last}`, false, "end", true);
  };
  const pasteAsOne = () => {
    if (!paste) return;
    const text = causeText(content, paste.cause.id);
    if (text)
      edit(() => {
        const from = Math.min(paste.from, text.length);
        text.delete(from, Math.max(0, Math.min(paste.to, text.length) - from));
        text.insert(from, paste.lines.join(" "));
      });
    showText(paste.cause.id);
    setPaste(null);
    focusRow(`cause:${paste.cause.id}`, true);
  };
  const tools: OutlineTool[] = [
    {
      icon: "plus",
      label: ft("outline.add"),
      run: () => current && addAfter(current),
      disabled: !current || (current.kind === "cat" && !current.known),
      test: "fb-add",
    },
    { icon: "indent", label: ft("outline.addSub"), run: () => cur && addChild(cur), disabled: !cur, test: "fb-add-sub" },
    {
      icon: "right",
      label: ft("outline.indent"),
      run: () => cur && indent(cur, false),
      disabled: !cur || sibs.indexOf(cur.id) <= 0,
      test: "fb-indent",
    },
    { icon: "left", label: ft("outline.outdent"), run: () => cur && outdent(cur, false), disabled: !cur?.parent, test: "fb-outdent" },
    {
      icon: "up",
      label: ft("outline.moveUp"),
      run: () => current && reorder(current, -1),
      disabled:
        !current ||
        (cur ? sibs.indexOf(cur.id) <= 0 : current.kind !== "cat" || snap.categories.findIndex((c) => c.id === current.id) <= 0),
      test: "fb-up",
    },
    {
      icon: "down",
      label: ft("outline.moveDown"),
      run: () => current && reorder(current, 1),
      disabled:
        !current ||
        (cur
          ? sibs.indexOf(cur.id) >= sibs.length - 1
          : current.kind !== "cat" || snap.categories.findIndex((c) => c.id === current.id) >= snap.categories.length - 1),
      test: "fb-down",
    },
    { icon: "trash", label: ft("outline.delete"), run: () => cur && remove(cur, false), disabled: !cur, test: "fb-delete" },
  ];

  // the cause rows' handlers, the same on every render, acting through this render's functions
  const latest = useRef({ rows, onRowKey, onInputKey, onCausePaste, onActive, onFocusCause: props.onFocusCause });
  latest.current = { rows, onRowKey, onInputKey, onCausePaste, onActive, onFocusCause: props.onFocusCause };
  const causeRowOn = useMemo<CauseRowHandlers>(() => {
    const withRow = (rowKey: string, run: (row: Row) => void) => {
      const row = latest.current.rows.find((r) => r.key === rowKey);
      if (row) run(row);
    };
    return {
      key: (rowKey, e) => withRow(rowKey, (row) => latest.current.onRowKey(row, e)),
      inputKey: (rowKey, e) => withRow(rowKey, (row) => latest.current.onInputKey(row, e)),
      focus: (rowKey) => latest.current.onActive(rowKey),
      editing: (id, on) => latest.current.onFocusCause(on ? id : null),
      paste: (id, e) => withRow(`cause:${id}`, (row) => row.kind === "cause" && latest.current.onCausePaste(row.cause, e)),
    };
  }, []);

  return (
    <>
      {!readOnly && <OutlineTools tools={tools} />}
      {paste && (
        <PasteLinesPrompt
          lines={paste.lines}
          onCreate={createPasted}
          onAsOne={pasteAsOne}
          onCancel={() => {
            focusRow(`cause:${paste.cause.id}`, true);
            setPaste(null);
          }}
        />
      )}
      <div
        class="fishbone-outline"
        role="tree"
        aria-label={ft("outline.label")}
        aria-describedby="fishbone-outline-keys"
        ref={tree}
        data-testid="fishbone-outline"
      >
        {rows.map((row, i) =>
          row.kind === "cat" ? (
            <CategoryRow
              key={row.key}
              row={row}
              first={i === 0}
              active={activeKey === row.key}
              readOnly={readOnly || !row.known}
              content={content}
              edit={edit}
              onKey={(e) => onRowKey(row, e)}
              onInputKey={(e) => onInputKey(row, e)}
              onFocus={() => onActive(row.key)}
            />
          ) : (
            <CauseRowMemo
              key={row.key}
              row={row}
              active={activeKey === row.key}
              readOnly={readOnly}
              text={causeText(content, row.id)}
              peer={peerOn.get(row.id)}
              vital={props.vital.has(row.id)}
              on={causeRowOn}
              setsize={siblingsOf(snap, row.cause).length}
              posinset={siblingsOf(snap, row.cause).indexOf(row.id) + 1}
            />
          ),
        )}
      </div>
    </>
  );
}
