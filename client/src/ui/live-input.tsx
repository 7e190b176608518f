// An input or textarea bound to a shared string field: shows the shared value except while this
// user types in it (their draft wins locally), writes every keystroke so others see it live, and
// writes pinyin/IME text once, when the composition ends. While its focus is in the field the
// other peers see who is editing it (ui/editing.tsx), and this user sees them.
import { useRef, useState } from "preact/hooks";
import { describedBy, EditingMarker, editingStyle, useEditing, type EditingField } from "./editing";

interface Props {
  id: string;
  value: string;
  onValue: (value: string) => void;
  multiline?: boolean;
  placeholder?: string;
  maxLength?: number;
  readOnly?: boolean;
  rows?: number;
  class?: string;
  autoFocus?: boolean;
  "aria-describedby"?: string;
  "aria-invalid"?: "true";
  "aria-label"?: string;
  type?: "text" | "date";
  inputMode?: "text" | "decimal";
  onPaste?: (e: ClipboardEvent) => void;
  /** what peers are told this user edits: by default the element id (ids derive from item ids,
   *  so they match across peers); false for a private form nobody else may know about */
  editing?: EditingField | false;
}

export function LiveInput({ value, onValue, multiline, autoFocus, type, editing: target, ...rest }: Props) {
  const [draft, setDraft] = useState<string | null>(null);
  const composing = useRef(false);
  const editing = useEditing(target === false || rest.readOnly ? null : (target ?? { item: "", field: rest.id }), rest.id);
  const handlers = {
    value: draft ?? value,
    onFocus: () => {
      setDraft(value);
      editing.onFocus();
    },
    onBlur: () => {
      setDraft(null);
      editing.onBlur();
    },
    onCompositionStart: () => (composing.current = true),
    onCompositionEnd: (e: Event) => {
      composing.current = false;
      onValue((e.currentTarget as HTMLInputElement).value);
    },
    onInput: (e: Event) => {
      const v = (e.currentTarget as HTMLInputElement).value;
      setDraft(v);
      if (!composing.current && !(e as InputEvent).isComposing) onValue(v);
    },
    ref: (el: HTMLInputElement | HTMLTextAreaElement | null) => {
      if (el && autoFocus && !el.dataset.focused) {
        el.dataset.focused = "1";
        requestAnimationFrame(() => el.focus());
      }
    },
    // In a dialog the attribute is what counts: showModal() runs after this field is mounted and
    // focuses the first field marked autofocus, else the close button, so typing straight after
    // "add" would otherwise go nowhere.
    autoFocus,
    "aria-describedby": describedBy(rest["aria-describedby"], editing),
    style: editingStyle(editing),
  };
  const field = multiline ? <textarea {...rest} {...handlers} /> : <input type={(type ?? "text") as "text"} {...rest} {...handlers} />;
  // Always the same two children: the input must not be remounted (losing focus) when a marker shows.
  return (
    <>
      {field}
      <EditingMarker editing={editing} />
    </>
  );
}
