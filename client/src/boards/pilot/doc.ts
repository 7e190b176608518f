// The pilot board's document hooks: the views re-render when the definition (content) or the
// submissions (ledger, server-written) change, and read them again only then (the revision
// each hook returns is what a view memoises on).
import type * as Y from "yjs";
import { useRevision } from "../../sync/hooks";
import { useEffect } from "preact/hooks";
import {
  changesArray,
  forgetReadings,
  correctionsArray,
  feedbackMap,
  kpisMap,
  pilotMap,
  readingsMap,
  sitesArray,
  teamsArray,
} from "./schema";

export function usePilotDefinition(content: Y.Doc): number {
  return useRevision([pilotMap(content), sitesArray(content), teamsArray(content), kpisMap(content), changesArray(content)]);
}

export function usePilotSubmissions(ledger: Y.Doc): number {
  // (subscribed before the revision's observer: a change forgets its readings before the bump)
  useEffect(() => {
    const readings = readingsMap(ledger);
    const on = (events: Y.YEvent<any>[]) => forgetReadings(ledger, events);
    readings.observeDeep(on);
    return () => readings.unobserveDeep(on);
  }, [ledger]);
  return useRevision([readingsMap(ledger), correctionsArray(ledger), feedbackMap(ledger)]);
}
