// Keystrokes typed between clicking "add" and the new item's field taking focus would go to
// the button and be lost (a render, or a busy machine, sits in between). A type-ahead catches
// the printable keys of that gap and hands them to the field once it has focus.

export interface TypeAhead {
  /** Start catching keys (call when the add button is pressed). */
  start(): void;
  /** Stop catching and return what was typed meanwhile. */
  take(): string;
}

export function typeAhead(limitMs = 2000): TypeAhead {
  let typed: string[] | null = null;
  let timer: ReturnType<typeof setTimeout> | undefined;
  const onKey = (e: KeyboardEvent) => {
    if (typed === null || e.isComposing || e.ctrlKey || e.metaKey || e.altKey || e.key.length !== 1) return;
    typed.push(e.key);
    e.preventDefault();
  };
  const stop = () => {
    document.removeEventListener("keydown", onKey, true);
    clearTimeout(timer);
  };
  return {
    start() {
      stop();
      typed = [];
      document.addEventListener("keydown", onKey, true);
      timer = setTimeout(() => {
        stop();
        typed = null;
      }, limitMs);
    },
    take() {
      stop();
      const text = typed?.join("") ?? "";
      typed = null;
      return text;
    },
  };
}

/** Focus the new item's field and give it what was typed on the way there. */
export function focusWithTypeAhead(el: HTMLInputElement | HTMLTextAreaElement, pending: TypeAhead): void {
  el.focus();
  const typed = pending.take();
  if (!typed) return;
  el.value += typed;
  el.dispatchEvent(new Event("input", { bubbles: true }));
}
