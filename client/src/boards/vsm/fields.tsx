// Inputs bound to one field of a shared Map: they show the shared value, except while this
// user is typing (their draft wins locally), and write every change as that one field.
// Pinyin being composed is written once, when the composition ends.
import { useState } from "preact/hooks";
import type { JSX, TargetedCompositionEvent, TargetedEvent } from "preact";
import { LengthCounter } from "../../ui/counter";
import { describedBy, EditingMarker, editingStyle, useEditing } from "../../ui/editing";
import { tr } from "./i18n";
import { parseNumber, UNITS, type Unit } from "./schema";

interface TextProps {
  id: string;
  label: string;
  value: string;
  onValue: (value: string) => void;
  readOnly: boolean;
  multiline?: boolean;
  rows?: number;
  placeholder?: string;
  list?: string;
  maxLength?: number;
  hint?: string;
  autoFocus?: boolean;
  testid?: string;
  onPaste?: (e: ClipboardEvent) => void;
  children?: JSX.Element | null | false;
}

function useDraft(value: string) {
  const [draft, setDraft] = useState<string | null>(null);
  const [composing, setComposing] = useState(false);
  return { shown: draft ?? value, draft, setDraft, composing, setComposing };
}

export function TextField(p: TextProps) {
  const d = useDraft(p.value);
  const editing = useEditing(p.readOnly ? null : { item: "", field: p.id }, p.id);
  const common = {
    id: p.id,
    value: d.shown,
    readOnly: p.readOnly,
    placeholder: p.readOnly ? "" : p.placeholder,
    maxLength: p.maxLength ?? 200,
    "aria-describedby": describedBy([p.hint && `${p.id}-hint`, `${p.id}-count`].filter(Boolean).join(" "), editing),
    style: editingStyle(editing),
    "data-testid": p.testid,
    autoFocus: p.autoFocus,
    onPaste: p.onPaste,
    onFocus: () => {
      d.setDraft(p.value);
      editing.onFocus();
    },
    onBlur: () => {
      d.setDraft(null);
      editing.onBlur();
    },
    onCompositionStart: () => d.setComposing(true),
    onCompositionEnd: (e: TargetedCompositionEvent<HTMLInputElement | HTMLTextAreaElement>) => {
      d.setComposing(false);
      p.onValue(e.currentTarget.value);
    },
    onInput: (e: TargetedEvent<HTMLInputElement | HTMLTextAreaElement>) => {
      const v = e.currentTarget.value;
      d.setDraft(v);
      if (!d.composing && !(e as unknown as InputEvent).isComposing) p.onValue(v);
    },
  };
  return (
    <div class="field">
      <label for={p.id}>{p.label}</label>
      {p.multiline ? <textarea {...common} rows={p.rows ?? 3} /> : <input {...common} type="text" list={p.list} />}
      <EditingMarker editing={editing} />
      {p.hint && (
        <p id={`${p.id}-hint`} class="hint">
          {p.hint}
        </p>
      )}
      {!p.readOnly && <LengthCounter id={`${p.id}-count`} length={d.shown.length} max={p.maxLength ?? 200} />}
      {p.children}
    </div>
  );
}

interface NumberProps {
  id: string;
  label: string;
  /** the stored value as text */
  value: string;
  onValue: (value: number | null) => void;
  readOnly: boolean;
  min?: number;
  max?: number;
  /** the lower bound itself is not allowed (day length, demand) */
  openLow?: boolean;
  suffix?: string;
  testid?: string;
  children?: JSX.Element;
  /** the question to ask before writing an unlikely value, or null when it is plausible */
  plausible?: (value: number) => string | null;
}

/** A number typed as text (decimal keyboard on phones): blank clears the field; an invalid
 * number is kept on screen with the reason and not written, also after leaving the field, so
 * nothing typed vanishes without a word. A number past `plausible` is written only once the
 * user confirms it (1e9 minutes is more likely a typo than a step). */
export function NumberField(p: NumberProps) {
  const d = useDraft(p.value);
  const [error, setError] = useState<string | null>(null);
  const [doubt, setDoubt] = useState<{ value: number; question: string } | null>(null);
  const check = (raw: string): string | null => {
    if (!raw.trim()) return null;
    const n = parseNumber(raw);
    if (n === null) return tr("editor.notNumber");
    const low = p.min ?? 0;
    if ((p.openLow ? n <= low : n < low) || (p.max !== undefined && n > p.max))
      return p.max !== undefined
        ? tr("editor.range", { min: low, max: p.max })
        : p.openLow
          ? tr("editor.positive")
          : tr("editor.notNegative");
    return null;
  };
  const message = error ?? doubt?.question ?? null;
  return (
    <div class="field">
      <label for={p.id}>{p.label}</label>
      <div class={`vsm-num${p.children ? " vsm-num-unit" : ""}`}>
        <input
          id={p.id}
          type="text"
          inputMode="decimal"
          autoComplete="off"
          value={d.shown}
          readOnly={p.readOnly}
          aria-invalid={message ? "true" : undefined}
          aria-describedby={message ? `${p.id}-error` : undefined}
          data-testid={p.testid}
          onFocus={() => d.setDraft(d.draft ?? p.value)}
          onBlur={() => {
            if (!error && !doubt) d.setDraft(null);
          }}
          onInput={(e) => {
            const raw = e.currentTarget.value;
            d.setDraft(raw);
            const problem = check(raw);
            setError(problem);
            setDoubt(null);
            if (problem) return;
            const n = raw.trim() ? parseNumber(raw) : null;
            const question = n !== null && p.plausible ? p.plausible(n) : null;
            if (question && n !== null) setDoubt({ value: n, question });
            else p.onValue(n);
          }}
        />
        {p.suffix && (
          <span class="vsm-num-suffix" aria-hidden="true">
            {p.suffix}
          </span>
        )}
        {p.children}
      </div>
      {message && (
        <p id={`${p.id}-error`} class="vsm-field-error" role="alert" data-testid={p.testid ? `${p.testid}-error` : undefined}>
          {message}
          {doubt && !error && (
            <button
              type="button"
              class="link"
              data-testid={p.testid ? `${p.testid}-confirm` : undefined}
              onClick={() => {
                p.onValue(doubt.value);
                setDoubt(null);
                d.setDraft(null);
              }}
            >
              {tr("editor.keepIt")}
            </button>
          )}
        </p>
      )}
    </div>
  );
}

export function UnitSelect(p: {
  id: string;
  label: string;
  value: Unit | null;
  onValue: (u: Unit) => void;
  readOnly: boolean;
  testid?: string;
}) {
  return (
    <select
      id={p.id}
      class="vsm-unit"
      aria-label={p.label}
      value={p.value ?? ""}
      disabled={p.readOnly}
      data-testid={p.testid}
      onChange={(e) => p.onValue(e.currentTarget.value as Unit)}
    >
      {p.value === null && <option value="">?</option>}
      {UNITS.map((u) => (
        <option key={u} value={u}>
          {tr(`units.name.${u}`)}
        </option>
      ))}
    </select>
  );
}
