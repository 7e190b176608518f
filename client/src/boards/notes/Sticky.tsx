// One sticky note: text, colour, author; dragged by its grip (pointer) or moved with the
// arrow keys on the grip; shows who else is editing it.
import { multiLinePaste } from "../../ui/paste-lines";
import * as Y from "yjs";
import { useEffect, useLayoutEffect, useRef, useState } from "preact/hooks";
import { focusWithTypeAhead, type TypeAhead } from "../../ui/type-ahead";
import { t } from "../../i18n";
import { Icon } from "../../ui/icons";
import type { Peer } from "../../sync/presence";
import { COLORS, stickiesOf, type Sticky } from "./schema";

interface Props {
  sticky: Sticky;
  content: Y.Doc;
  readOnly: boolean;
  editors: Peer[];
  edit: (fn: () => void) => void;
  onFocusChange: (id: string | null) => void;
  onDelete: (id: string) => void;
  autoFocus?: boolean;
  /** catches what is typed between "add" and this note taking focus */
  typeAhead?: TypeAhead;
  onPasteLines?: (id: string, lines: string[], whole: string) => void;
}

const STEP = 8;

export function StickyNote({
  sticky,
  content,
  readOnly,
  editors,
  edit,
  onFocusChange,
  onDelete,
  autoFocus,
  typeAhead,
  onPasteLines,
}: Props) {
  const area = useRef<HTMLTextAreaElement>(null);
  const composing = useRef(false);
  const [drag, setDrag] = useState<{ x: number; y: number } | null>(null);
  const lastWrite = useRef(0);
  const map = () => stickiesOf(content).get(sticky.id);

  // The textarea is uncontrolled so IME composition is never interrupted by a re-render.
  // Compare with the document's value now, not this render's: a render can be older than the
  // user's last keystroke, and writing its text back would drop what they just typed.
  useEffect(() => {
    const el = area.current;
    const current = map()?.get("text");
    const text = typeof current === "string" ? current : "";
    if (el && !composing.current && el.value !== text) el.value = text;
  });
  useLayoutEffect(() => {
    // Layout effect: focus before the browser handles the next key, not after the next paint.
    const el = area.current;
    if (!autoFocus || !el) return;
    if (typeAhead) focusWithTypeAhead(el, typeAhead);
    else el.focus();
  }, []);

  const write = (fields: Record<string, unknown>) =>
    edit(() => {
      const m = map();
      if (m) for (const [k, v] of Object.entries(fields)) m.set(k, v);
    });
  const move = (x: number, y: number) => write({ x: Math.max(0, Math.round(x)), y: Math.max(0, Math.round(y)) });

  const onPointerDown = (e: PointerEvent) => {
    if (readOnly || e.button !== 0) return;
    e.preventDefault();
    const el = e.currentTarget as HTMLElement;
    el.setPointerCapture(e.pointerId);
    const start = { px: e.clientX, py: e.clientY, x: sticky.x, y: sticky.y };
    const onMove = (ev: PointerEvent) => {
      const pos = { x: Math.max(0, start.x + ev.clientX - start.px), y: Math.max(0, start.y + ev.clientY - start.py) };
      setDrag(pos);
      if (ev.timeStamp - lastWrite.current > 60) {
        lastWrite.current = ev.timeStamp;
        move(pos.x, pos.y); // others see the note travel
      }
    };
    const onUp = (ev: PointerEvent) => {
      el.removeEventListener("pointermove", onMove);
      el.removeEventListener("pointerup", onUp);
      el.removeEventListener("pointercancel", onUp);
      move(Math.max(0, start.x + ev.clientX - start.px), Math.max(0, start.y + ev.clientY - start.py));
      setDrag(null);
    };
    el.addEventListener("pointermove", onMove);
    el.addEventListener("pointerup", onUp);
    el.addEventListener("pointercancel", onUp);
  };

  const onGripKey = (e: KeyboardEvent) => {
    const step = e.shiftKey ? STEP * 5 : STEP;
    const d: Record<string, [number, number]> = {
      ArrowLeft: [-step, 0],
      ArrowRight: [step, 0],
      ArrowUp: [0, -step],
      ArrowDown: [0, step],
    };
    const delta = d[e.key];
    if (!delta || readOnly) return;
    e.preventDefault();
    move(sticky.x + delta[0], sticky.y + delta[1]);
  };

  const nextColor = () => COLORS[(COLORS.indexOf(sticky.color) + 1) % COLORS.length];
  const pos = drag ?? sticky;
  const editor = editors[0];
  return (
    <article
      class={`sticky sticky-${sticky.color}${drag ? " dragging" : ""}${editor ? " peer-editing" : ""}`}
      style={{ "--x": `${pos.x}px`, "--y": `${pos.y}px`, ...(editor ? { "--peer": editor.user.color } : {}) }}
      data-sticky-id={sticky.id}
      aria-label={t("notes.sticky.label", { text: sticky.text.slice(0, 40) || t("notes.sticky.empty") })}
    >
      <div class="sticky-bar">
        {!readOnly && (
          <button
            type="button"
            class="sticky-grip"
            aria-label={t("notes.sticky.move")}
            title={t("notes.sticky.move")}
            onPointerDown={onPointerDown}
            onKeyDown={onGripKey}
          >
            <Icon name="grip" size={16} />
          </button>
        )}
        <span class="sticky-author">{sticky.author}</span>
        {!readOnly && (
          <>
            <button
              type="button"
              class="sticky-btn"
              aria-label={t("notes.sticky.color", { color: t(`notes.colors.${nextColor()}`) })}
              title={t("notes.sticky.colorShort")}
              onClick={() => write({ color: nextColor() })}
            >
              <Icon name="palette" size={16} />
            </button>
            <button
              type="button"
              class="sticky-btn"
              aria-label={t("notes.sticky.delete")}
              title={t("notes.sticky.delete")}
              onClick={() => onDelete(sticky.id)}
            >
              <Icon name="trash" size={16} />
            </button>
          </>
        )}
      </div>
      <textarea
        ref={area}
        class="sticky-text"
        aria-label={t("notes.sticky.text")}
        placeholder={readOnly ? "" : t("notes.sticky.placeholder")}
        readOnly={readOnly}
        maxLength={500}
        onFocus={() => onFocusChange(sticky.id)}
        onBlur={() => onFocusChange(null)}
        onPaste={(e) => {
          const lines = readOnly || !onPasteLines ? null : multiLinePaste(e);
          if (!lines) return;
          e.preventDefault();
          onPasteLines!(sticky.id, lines, e.clipboardData?.getData("text/plain") ?? "");
        }}
        onCompositionStart={() => (composing.current = true)}
        onCompositionEnd={(e) => {
          composing.current = false;
          write({ text: (e.currentTarget as HTMLTextAreaElement).value });
        }}
        onInput={(e) => {
          if (composing.current || (e as InputEvent).isComposing) return;
          write({ text: (e.currentTarget as HTMLTextAreaElement).value });
        }}
      />
      {editor && (
        <span class="sticky-peer" style={{ background: editor.user.color }}>
          {t("notes.sticky.editing", { name: editor.user.name })}
        </span>
      )}
    </article>
  );
}
