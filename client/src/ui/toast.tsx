// Small non-blocking messages ("link copied", "could not save") announced to screen readers.
import { useEffect, useState } from "preact/hooks";
import { ApiError } from "../api";
import { t } from "../i18n";

interface Toast {
  id: number;
  text: string;
  tone: "info" | "error";
}

let next = 1;
let toasts: Toast[] = [];
const listeners = new Set<() => void>();
const emit = () => listeners.forEach((fn) => fn());

export function notify(text: string, tone: Toast["tone"] = "info"): void {
  const toast = { id: next++, text, tone };
  toasts = [...toasts.slice(-2), toast];
  emit();
  setTimeout(
    () => {
      toasts = toasts.filter((x) => x.id !== toast.id);
      emit();
    },
    tone === "error" ? 6000 : 2500,
  );
}

/** A user-readable message for a failed request. */
export function errorText(error: unknown): string {
  if (error instanceof ApiError) {
    if (error.offline) return t("errors.offline");
    const known = `errors.${error.code}`;
    const text = t(known, error.params);
    if (text !== known) return text;
    if (error.status === 403) return t("errors.forbidden");
    if (error.status === 409) return t("errors.conflict");
    return error.detail || error.title || t("errors.generic");
  }
  return t("errors.generic");
}

export function notifyError(error: unknown): void {
  notify(errorText(error), "error");
}

export function Toasts() {
  const [, setTick] = useState(0);
  useEffect(() => {
    const on = () => setTick((n) => n + 1);
    listeners.add(on);
    return () => {
      listeners.delete(on);
    };
  }, []);
  return (
    <div class="toasts" role="status" aria-live="polite">
      {toasts.map((x) => (
        <div key={x.id} class={`toast toast-${x.tone}`}>
          {x.text}
        </div>
      ))}
    </div>
  );
}
