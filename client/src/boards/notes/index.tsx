// The `notes` board: free text (character-level co-editing) beside a canvas of sticky notes.
import { PasteLinesPrompt } from "../../ui/paste-lines";
import * as Y from "yjs";
import { useEffect, useMemo, useState } from "preact/hooks";
import type { BoardViewDef, BoardViewProps } from "../registry";
import { typeAhead } from "../../ui/type-ahead";
import { t } from "../../i18n";
import { Icon } from "../../ui/icons";
import { useAwarenessStates, useY } from "../../sync/hooks";
import { peers as listPeers } from "../../sync/presence";
import { bindTextarea } from "../../sync/text-binding";
import { describedBy, EditingMarker, useEditing } from "../../ui/editing";
import { StickyNote } from "./Sticky";
import { freeSpot, newStickyId, readStickies, STICKY_H, STICKY_W, stickiesOf, textOf, type NotesAnalysis } from "./schema";

function FreeText({ text, readOnly }: { text: Y.Text; readOnly: boolean }) {
  const [el, setEl] = useState<HTMLTextAreaElement | null>(null);
  useEffect(() => (el ? bindTextarea(el, text) : undefined), [el, text]);
  const editing = useEditing(readOnly ? null : { item: "", field: "notes-text" }, "notes-text");
  return (
    <>
      <textarea
        ref={setEl}
        id="notes-text"
        class="notes-textarea"
        readOnly={readOnly}
        placeholder={readOnly ? "" : t("notes.text.placeholder")}
        aria-describedby={describedBy("notes-text-hint", editing)}
        onFocus={editing.onFocus}
        onBlur={editing.onBlur}
      />
      <EditingMarker editing={editing} long />
    </>
  );
}

function NotesView({ conn, readOnly, edit, me, analysis }: BoardViewProps) {
  const content = conn.content;
  const text = useMemo(() => textOf(content), [content]);
  const stickiesMap = useMemo(() => stickiesOf(content), [content]);
  useY(stickiesMap);
  const states = useAwarenessStates(conn.awareness);
  const [created, setCreated] = useState<string | null>(null);
  const pendingKeys = useMemo(() => typeAhead(), []);
  const stickies = readStickies(content);
  const others = listPeers(conn.awareness, states).filter((p) => !p.self);
  const stats = analysis as NotesAnalysis | null;

  const add = () => {
    const id = newStickyId();
    const { x, y } = freeSpot(stickies);
    edit(() => {
      stickiesMap.set(id, new Y.Map<unknown>(Object.entries({ text: "", color: "yellow", x, y, author: me.name })));
    });
    setCreated(id);
    pendingKeys.start();
  };
  const remove = (id: string) => edit(() => stickiesMap.delete(id));

  // several pasted lines: one sticky per line (the first into an empty sticky), in one undo
  // step; or the text as pasted, line breaks kept
  const [paste, setPaste] = useState<{ id: string; lines: string[]; whole: string } | null>(null);
  const createPasted = () => {
    if (!paste) return;
    const placed = [...stickies];
    const target = stickiesMap.get(paste.id);
    const empty = target instanceof Y.Map && !String(target.get("text") ?? "").trim();
    edit(() => {
      if (empty && target instanceof Y.Map) target.set("text", paste.lines[0]);
      for (const line of empty ? paste.lines.slice(1) : paste.lines) {
        const { x, y } = freeSpot(placed);
        placed.push({ id: "", text: line, color: "yellow", x, y, author: me.name });
        stickiesMap.set(newStickyId(), new Y.Map<unknown>(Object.entries({ text: line, color: "yellow", x, y, author: me.name })));
      }
    });
    setPaste(null);
  };
  const pasteAsOne = () => {
    if (!paste) return;
    const target = stickiesMap.get(paste.id);
    if (target instanceof Y.Map) {
      const before = String(target.get("text") ?? "");
      edit(() => target.set("text", before ? `${before}\n${paste.whole}` : paste.whole));
    }
    setPaste(null);
  };
  const setFocus = (id: string | null) => conn.awareness.setLocalStateField("focus", id);

  const width = Math.max(...stickies.map((s) => s.x + STICKY_W + 24), 0);
  const height = Math.max(...stickies.map((s) => s.y + STICKY_H + 24), 420);
  return (
    <div class="notes-board">
      <section class="panel notes-text-panel" aria-labelledby="notes-text-title">
        <div class="panel-head">
          <h2 id="notes-text-title">
            <label for="notes-text">{t("notes.text.title")}</label>
          </h2>
        </div>
        <p id="notes-text-hint" class="hint">
          {t("notes.text.hint")}
        </p>
        <FreeText text={text} readOnly={readOnly} />
      </section>
      <section class="panel notes-stickies-panel" aria-labelledby="notes-stickies-title">
        <div class="panel-head">
          <h2 id="notes-stickies-title">{t("notes.stickies.title")}</h2>
          {!readOnly && (
            <button type="button" class="btn btn-primary btn-small" onClick={add} data-testid="add-sticky">
              <Icon name="plus" size={16} />
              <span>{t("notes.stickies.add")}</span>
            </button>
          )}
        </div>
        {paste && <PasteLinesPrompt lines={paste.lines} onCreate={createPasted} onAsOne={pasteAsOne} onCancel={() => setPaste(null)} />}
        {stickies.length === 0 ? (
          <div class="empty-state">
            <Icon name="note" size={28} />
            <p>{readOnly ? t("notes.stickies.emptyReadOnly") : t("notes.stickies.empty")}</p>
          </div>
        ) : (
          <div class="sticky-canvas" style={{ "--canvas-w": `${width}px`, "--canvas-h": `${height}px` }}>
            {stickies.map((s) => (
              <StickyNote
                key={s.id}
                sticky={s}
                content={content}
                readOnly={readOnly}
                editors={others.filter((p) => p.focus === s.id)}
                edit={edit}
                onFocusChange={setFocus}
                onDelete={remove}
                autoFocus={s.id === created}
                typeAhead={pendingKeys}
                onPasteLines={(id, lines, whole) => setPaste({ id, lines, whole })}
              />
            ))}
          </div>
        )}
        {stats && (
          <p class="board-stats" aria-live="polite">
            {t("notes.stats", { count: stats.stickies, words: stats.words, characters: stats.characters ?? 0 })}
          </p>
        )}
      </section>
    </div>
  );
}

export const notesView: BoardViewDef = {
  kind: "notes",
  View: NotesView,
  undoScope: (content) => [textOf(content), stickiesOf(content)],
};
