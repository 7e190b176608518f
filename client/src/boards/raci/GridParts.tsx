// Small parts of the grid: the load bar under each column, the inline rename field, the
// header menu button and the menu itself (fixed-positioned, so the scroller does not clip it).
import { useLayoutEffect, useRef, useState } from "preact/hooks";
import { Icon } from "../../ui/icons";
import { rt } from "./i18n";

/** The last row: type a name, Enter, and the next one (the field keeps the focus). */
export function AddActivityRow({ colSpan, onAdd }: { colSpan: number; onAdd: (name: string) => void }) {
  const [name, setName] = useState("");
  const add = (e: Event) => {
    e.preventDefault();
    if (!name.trim()) return;
    onAdd(name.trim());
    setName("");
  };
  return (
    <tr class="raci-add-row">
      <th scope="row">
        <form onSubmit={add} class="raci-add-form">
          <label class="sr-only" for="raci-new-activity">
            {rt("grid.newActivity")}
          </label>
          <input
            id="raci-new-activity"
            value={name}
            maxLength={200}
            placeholder={rt("grid.newActivity")}
            onInput={(e) => setName((e.currentTarget as HTMLInputElement).value)}
            data-testid="raci-new-activity"
          />
          <button
            type="submit"
            class="btn btn-icon btn-small"
            aria-label={rt("grid.addActivity")}
            title={rt("grid.addActivity")}
            disabled={!name.trim()}
          >
            <Icon name="plus" size={16} />
          </button>
        </form>
      </th>
      <td colSpan={colSpan} class="raci-add-hint">
        {rt("grid.addActivityHint")}
      </td>
    </tr>
  );
}

export function LoadBar({ load, max }: { load: { r: number; a: number; c: number; i: number }; max: number }) {
  const parts = (["r", "a", "c", "i"] as const).filter((k) => load[k] > 0);
  const text = parts.map((k) => `${k.toUpperCase()} ${load[k]}`).join(" · ");
  return (
    <div class="raci-loadbar" title={text}>
      <div class="raci-loadbar-track">
        {parts.map((k) => (
          <span key={k} class={`raci-seg raci-seg-${k}`} style={{ width: `${(100 * load[k]) / max}%` }} />
        ))}
      </div>
      <span class="raci-load-text">{parts.length ? parts.map((k) => `${k.toUpperCase()}${load[k]}`).join(" ") : "–"}</span>
    </div>
  );
}

export function RenameInput(props: { value: string; label: string; onValue: (v: string) => void; onDone: (revert: boolean) => void }) {
  const ref = useRef<HTMLInputElement>(null);
  const [draft, setDraft] = useState(props.value);
  useLayoutEffect(() => {
    ref.current?.focus();
    ref.current?.select();
  }, []);
  return (
    <input
      ref={ref}
      class="raci-rename"
      value={draft}
      aria-label={props.label}
      maxLength={200}
      onInput={(e) => {
        const v = (e.currentTarget as HTMLInputElement).value;
        setDraft(v);
        props.onValue(v);
      }}
      onKeyDown={(e) => {
        if (e.isComposing || e.keyCode === 229) return;
        if (e.key === "Enter" || e.key === "Escape") {
          e.preventDefault();
          e.stopPropagation();
          props.onDone(e.key === "Escape");
        }
      }}
      onBlur={() => props.onDone(false)}
    />
  );
}

export function MenuButton({ label, onOpen }: { label: string; onOpen: (x: number, y: number) => void }) {
  return (
    <button
      type="button"
      class="raci-menu-btn"
      tabIndex={-1}
      aria-label={label}
      title={label}
      aria-haspopup="menu"
      onClick={(e) => {
        e.stopPropagation();
        const rect = (e.currentTarget as HTMLElement).getBoundingClientRect();
        onOpen(rect.left, rect.bottom);
      }}
    >
      <svg width="16" height="16" viewBox="0 0 24 24" fill="currentColor" aria-hidden="true">
        <circle cx="5" cy="12" r="1.8" />
        <circle cx="12" cy="12" r="1.8" />
        <circle cx="19" cy="12" r="1.8" />
      </svg>
    </button>
  );
}

export interface MenuItem {
  label: string;
  run: () => void;
  disabled?: boolean;
  danger?: boolean;
  /** the action moves focus itself (rename focuses its input) */
  ownsFocus?: boolean;
}

export function Menu(props: { x: number; y: number; items: MenuItem[]; onClose: (refocus: boolean) => void }) {
  const ref = useRef<HTMLDivElement>(null);
  useLayoutEffect(() => {
    ref.current?.querySelector<HTMLButtonElement>("button:not(:disabled)")?.focus();
    const away = (e: PointerEvent) => !ref.current?.contains(e.target as Node) && props.onClose(false);
    document.addEventListener("pointerdown", away, true);
    return () => document.removeEventListener("pointerdown", away, true);
  }, []);
  const onKey = (e: KeyboardEvent) => {
    const buttons = [...(ref.current?.querySelectorAll<HTMLButtonElement>("button:not(:disabled)") ?? [])];
    const at = buttons.indexOf(document.activeElement as HTMLButtonElement);
    if (e.key === "Escape" || e.key === "Tab") props.onClose(true);
    else if (e.key === "ArrowDown") buttons[(at + 1) % buttons.length]?.focus();
    else if (e.key === "ArrowUp") buttons[(at - 1 + buttons.length) % buttons.length]?.focus();
    else return;
    e.preventDefault();
    e.stopPropagation();
  };
  const left = Math.min(props.x, window.innerWidth - 220);
  return (
    <div class="raci-menu" role="menu" ref={ref} style={{ left: `${Math.max(8, left)}px`, top: `${props.y + 4}px` }} onKeyDown={onKey}>
      {props.items.map((item) => (
        <button
          key={item.label}
          type="button"
          role="menuitem"
          class={item.danger ? "danger" : ""}
          disabled={item.disabled}
          onClick={() => {
            props.onClose(!item.ownsFocus);
            item.run();
          }}
        >
          {item.label}
        </button>
      ))}
    </div>
  );
}
