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
