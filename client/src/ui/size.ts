// Layout measurements for views that draw their own diagrams.
import { useEffect, useState } from "preact/hooks";

/** The element's content width, following resizes. */
export function useWidth(el: HTMLElement | null): number {
  const [w, setW] = useState(0);
  useEffect(() => {
    if (!el) return;
    const ro = new ResizeObserver(() => setW(el.clientWidth));
    ro.observe(el);
    setW(el.clientWidth);
    return () => ro.disconnect();
  }, [el]);
  return w;
}

// The page's font family, read once: reading a computed style during a render makes the browser
// recalculate the styles of the whole page first, on every render of a large board.
let family = "";

/** `getComputedStyle(document.body).fontFamily`, read on the first call. */
export function pageFontFamily(): string {
  if (!family && typeof document !== "undefined") family = getComputedStyle(document.body).fontFamily;
  return family || "sans-serif";
}
