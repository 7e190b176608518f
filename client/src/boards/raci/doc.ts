// The raci board's document hook: its typed snapshot, re-read on every change under its roots.
import type * as Y from "yjs";
import { useDocSnapshot } from "../../sync/hooks";
import { readSnapshot, rootTypes } from "./schema";

export const useRaciDoc = (content: Y.Doc) => useDocSnapshot(content, rootTypes, readSnapshot);
