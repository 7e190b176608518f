// What a view derives from each Y.Map under a root (a card, a reading), kept per Y.Map until
// something inside it changes. A board of hundreds of items then re-reads only the items an edit
// touched, and hands memoised parts the same objects for the others (compared by identity).
import * as Y from "yjs";
import { useEffect, useMemo } from "preact/hooks";

export class ItemCache<T> {
  private kept = new WeakMap<object, T>();

  /** The kept value for `item`, made now if there is none (values of other types: made each time). */
  get(item: unknown, make: () => T): T {
    if (!(item instanceof Y.AbstractType)) return make();
    let value = this.kept.get(item);
    if (value === undefined) {
      value = make();
      this.kept.set(item, value);
    }
    return value;
  }

  /** Forgets every item. */
  clear(): void {
    this.kept = new WeakMap();
  }

  /** Forgets the items these events (deep, under `root`) changed, and their parents below it. */
  forget(root: Y.AbstractType<any>, events: Y.YEvent<any>[]): void {
    for (const e of events) {
      for (let t: Y.AbstractType<any> | null = e.target; t && t !== root; t = (t._item?.parent as Y.AbstractType<any>) ?? null) {
        this.kept.delete(t);
      }
    }
  }
}

/** An ItemCache for the items under `root`, forgetting what changes while the view is mounted.
 * Call it before the hooks that re-render on those changes: its observer then runs first. */
export function useItemCache<T>(root: Y.AbstractType<any>): ItemCache<T> {
  const cache = useMemo(() => new ItemCache<T>(), [root]);
  useEffect(() => {
    const on = (events: Y.YEvent<any>[]) => cache.forget(root, events);
    root.observeDeep(on);
    // what changed between the first render and now went unobserved: nothing read before is kept
    cache.clear();
    return () => root.unobserveDeep(on);
  }, [root, cache]);
  return cache;
}
