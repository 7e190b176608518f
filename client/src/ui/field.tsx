// An input bound to a shared value: shows the shared value, except while this user is typing
// in it (their draft wins locally), and writes every keystroke so others see it live.
import { useState } from "preact/hooks";

interface Props {
  id: string;
  value: string;
  onValue: (value: string) => void;
  type?: "text" | "date";
  inputMode?: "text" | "decimal";
  placeholder?: string;
  maxLength?: number;
  /** why the value was not taken: the input is marked invalid and described by `<id>-error` */
  error?: string | null;
}

export function BoundInput({ value, onValue, type, error, ...rest }: Props) {
  const [draft, setDraft] = useState<string | null>(null);
  return (
    <input
      {...rest}
      aria-invalid={error ? "true" : undefined}
      aria-describedby={error ? `${rest.id}-error` : undefined}
      // a date input behaves like a text input here; preact 11 types them as distinct unions
      type={(type ?? "text") as "text"}
      value={draft ?? value}
      onFocus={() => setDraft(value)}
      onBlur={() => setDraft(null)}
      onInput={(e) => {
        const v = (e.currentTarget as HTMLInputElement).value;
        setDraft(v);
        onValue(v);
      }}
    />
  );
}

/** The reason a field's value was not taken, tied to it by `aria-describedby`. */
export function FieldError({ id, message }: { id: string; message: string | null | undefined }) {
  if (!message) return null;
  return (
    <p id={`${id}-error`} class="field-error" role="alert" data-testid="field-error">
      {message}
    </p>
  );
}
