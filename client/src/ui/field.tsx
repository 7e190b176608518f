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
}

export function BoundInput({ value, onValue, type, ...rest }: Props) {
  const [draft, setDraft] = useState<string | null>(null);
  return (
    <input
      {...rest}
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
