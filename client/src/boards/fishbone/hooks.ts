// Small hooks of the fishbone view.
import type * as Y from "yjs";
import { useEffect, useState } from "preact/hooks";

/** A number that changes whenever anything inside the given types changes (deeply). */
export function useRevision(types: Y.AbstractType<any>[]): number {
  const [rev, setRev] = useState(0);
  useEffect(() => {
    const on = () => setRev((n) => n + 1);
    types.forEach((t) => t.observeDeep(on));
    return () => types.forEach((t) => t.unobserveDeep(on));
  }, types);
  return rev;
}

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
