// The fishbone board's document hook: its typed snapshot, re-read on every change under its roots
// (the causes an edit did not touch are not read again: kept per Y.Map, same objects).
import type * as Y from "yjs";
import { useDocSnapshot } from "../../sync/hooks";
import { useItemCache } from "../../sync/item-cache";
import { causesOf, readSnapshot, rootTypes, type StoredCause } from "./schema";

export function useFishboneDoc(content: Y.Doc) {
  // (before the snapshot's own observer: a change forgets its causes before the re-read)
  const kept = useItemCache<StoredCause>(causesOf(content));
  return useDocSnapshot(content, rootTypes, (d) => readSnapshot(d, kept));
}
