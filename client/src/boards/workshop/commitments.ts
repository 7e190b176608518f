// The items a board says must end in an action (its analysis' `commitments`, boards/actions.py).
import { ACTION_SOURCE_TYPES, type ActionSourceType, type Commitment } from "./schema";

/** Kinds whose analysis lists commitments: the actions view opens these boards to read them. */
export const COMMITTING_KINDS = ["fishbone", "ideas", "rollout"];

const str = (v: unknown): string => (typeof v === "string" ? v : "");
const sourceType = (v: unknown): ActionSourceType => (ACTION_SOURCE_TYPES.includes(v as never) ? (v as ActionSourceType) : "");

/** A board's `commitments` from its analysis; anything malformed is left out, never thrown. */
export function commitmentsOf(analysis: unknown): Commitment[] {
  const raw = (analysis as { commitments?: unknown } | null)?.commitments;
  if (!Array.isArray(raw)) return [];
  return raw
    .filter((c): c is Record<string, unknown> => Boolean(c) && typeof c === "object")
    .map((c) => ({ source_type: sourceType(c.source_type), item_id: str(c.item_id), label: str(c.label) }))
    .filter((c) => c.item_id !== "");
}
