// The rollout board's document hooks: the views read the plan (content) and the decisions,
// go-lives and readings (ledger, server-written) on every render and re-render on a change.
import type * as Y from "yjs";
import { useRevision } from "../../sync/hooks";
import {
  decisionsArray,
  goliveLogArray,
  goliveMap,
  readingsMap,
  readinessMap,
  resourcesMap,
  risksMap,
  sustainMap,
  wavesMap,
} from "./schema";

export const contentRoots = (content: Y.Doc) => [
  wavesMap(content),
  readinessMap(content),
  resourcesMap(content),
  risksMap(content),
  sustainMap(content),
];

export function useRolloutPlan(content: Y.Doc): void {
  useRevision(contentRoots(content));
}

export function useRolloutLedger(ledger: Y.Doc): void {
  useRevision([decisionsArray(ledger), goliveMap(ledger), goliveLogArray(ledger), readingsMap(ledger)]);
}
