// One form action: busy while it runs (buttons disable), and what a failure does. Replaces the
// busy/error/try/finally block every form and button used to repeat.
import { useState } from "preact/hooks";
import { errorText, notify } from "./toast";

export interface ActionOptions {
  /** What a failure does: a toast (default); a message kept in `error` for the form to show;
   *  or nothing, when the path already showed it (the workshop's `command` does). */
  onError?: "toast" | "form" | "silent";
  /** How a failure reads (default: the shared error catalog). */
  text?: (error: unknown) => string;
  /** Stay busy after success: the page moves on (navigates, shows the result) and the button
   *  must not fire twice meanwhile. */
  stayBusy?: boolean;
}

export interface Action<A extends unknown[]> {
  run: (...args: A) => Promise<void>;
  busy: boolean;
  /** The arguments of the call in progress: which of several buttons is working. */
  pending: A | null;
  /** The last failure's text (onError "form"), or what the form set itself (validation). */
  error: string;
  setError: (message: string) => void;
}

export function useAction<A extends unknown[]>(fn: (...args: A) => Promise<unknown>, options: ActionOptions = {}): Action<A> {
  const [pending, setPending] = useState<A | null>(null);
  const [error, setError] = useState("");
  const run = async (...args: A) => {
    setPending(args);
    setError("");
    try {
      await fn(...args);
      if (!options.stayBusy) setPending(null);
    } catch (err) {
      setPending(null);
      const onError = options.onError ?? "toast";
      const text = options.text ?? errorText;
      if (onError === "toast") notify(text(err), "error");
      else if (onError === "form") setError(text(err));
    }
  };
  return { run, busy: pending !== null, pending, error, setError };
}
