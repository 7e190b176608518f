// An input or textarea bound to a shared string field: shows the shared value except while this
// user types in it (their draft wins locally), writes every keystroke so others see it live, and
// writes pinyin/IME text once, when the composition ends.
import { useRef, useState } from "preact/hooks";

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
}

export function LiveInput({ value, onValue, multiline, autoFocus, type, ...rest }: Props) {
  const [draft, setDraft] = useState<string | null>(null);
  const composing = useRef(false);
  const handlers = {
    value: draft ?? value,
    onFocus: () => setDraft(value),
    onBlur: () => setDraft(null),
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
  };
  return multiline ? <textarea {...rest} {...handlers} /> : <input type={(type ?? "text") as "text"} {...rest} {...handlers} />;
}
