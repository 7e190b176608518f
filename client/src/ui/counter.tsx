// A field's length limit, announced before it cuts: from 80 % of the limit the field shows how
// many characters (not words) are used, politely read out by screen readers, and at the limit
// that it is full (ui/length-watch.ts says the same for fields without a counter of their own).
import { t } from "../i18n";

export function LengthCounter(p: { id: string; length: number; max: number }) {
  if (p.length < p.max * 0.8) return null;
  return (
    <p id={p.id} class={`hint length-counter${p.length >= p.max ? " full" : ""}`} aria-live="polite" data-testid="length-counter">
      {t("pasteLines.counter", { count: p.length, max: p.max })}
      {p.length >= p.max && `: ${t("lengthWatch.full")}`}
    </p>
  );
}
