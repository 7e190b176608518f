// The pilot board's document hooks: the views read the definition (content) and the
// submissions (ledger, server-written) on every render and re-render when either changes.
import type * as Y from "yjs";
import { useRevision } from "../../sync/hooks";
import { changesArray, correctionsArray, feedbackMap, kpisMap, pilotMap, readingsMap, sitesArray, teamsArray } from "./schema";

export function usePilotDefinition(content: Y.Doc): void {
  useRevision([pilotMap(content), sitesArray(content), teamsArray(content), kpisMap(content), changesArray(content)]);
}

export function usePilotSubmissions(ledger: Y.Doc): void {
  useRevision([readingsMap(ledger), correctionsArray(ledger), feedbackMap(ledger)]);
}
