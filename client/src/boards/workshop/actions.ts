// Mirror of boards/actions.py (the layout and types are in schema.ts): reading the workshop's
// actions as the server does, writing them in one transaction, and the commitments no action
// answers (missing_actions).
import * as Y from "yjs";
import { LOCAL } from "../../sync/connection";
import {
  ACTION_SOURCE_TYPES,
  ACTION_STATUSES,
  actionsMap,
  type Action,
  type ActionSourceType,
  type ActionStatus,
  type ActionWarning,
  type Commitment,
} from "./schema";

export const STATUSES = ACTION_STATUSES;
export type Status = ActionStatus;
export type SourceType = ActionSourceType;
export type { Action, Commitment };

/** Where an action comes from: the props of the one "+ Action" control on every board. */
export interface ActionSource {
  board: string;
  kind: string;
  type: SourceType;
  item: string;
  label: string;
}

export interface Missing {
  code: "missing_action";
  board_id: string;
  source_type: string;
  item_id: string;
  label: string;
}

export { actionsMap };

/** Text as boards/values.py text() reads it: a shared Text too, a number as typed; else "". */
function str(v: unknown): string {
  if (typeof v === "string") return v;
  if (v instanceof Y.Text) return v.toString();
  if (typeof v === "number" && Number.isFinite(v) && Math.abs(v) < 1e16) return String(v);
  return "";
}
const ISO_DATE = /^\d{4}-\d{2}-\d{2}$/;

/** An ISO date that exists (2027-02-30 does not), else "": boards/actions.py iso_date. */
export function isoDate(raw: string): string {
  const typed = raw.trim();
  if (!ISO_DATE.test(typed)) return "";
  const d = new Date(`${typed}T00:00:00Z`);
  return !Number.isNaN(d.getTime()) && d.toISOString().slice(0, 10) === typed ? typed : "";
}

/** A record's fields: a shared Map, or a plain JSON object some client wrote instead. */
function fieldsOf(raw: unknown): ((key: string) => unknown) | null {
  if (raw instanceof Y.Map) return (key) => raw.get(key);
  if (raw && typeof raw === "object" && !Array.isArray(raw) && !(raw instanceof Y.AbstractType)) {
    const record = raw as Record<string, unknown>;
    return (key) => (Object.hasOwn(record, key) ? record[key] : undefined);
  }
  return null;
}

/** Client-written data can be anything: like boards/actions.py read_action, a field of the
 *  wrong type reads as empty, an unknown status as open, an id that is no short text skips. */
export function readAction(id: string, raw: unknown): Action | null {
  const get = fieldsOf(raw);
  if (!get || id.length === 0 || id.length > 200) return null;
  const status = get("status");
  const type = get("source_type");
  return {
    id,
    what: str(get("what")),
    owner: str(get("owner")),
    owner_participant: str(get("owner_participant")),
    owner_department: str(get("owner_department")),
    due: isoDate(str(get("due"))),
    status: STATUSES.includes(status as Status) ? (status as Status) : "open",
    source_board: str(get("source_board")),
    source_kind: str(get("source_kind")),
    source_type: ACTION_SOURCE_TYPES.includes(type as never) ? (type as SourceType) : "",
    source_item: str(get("source_item")),
    source_label: str(get("source_label")),
    created_by: str(get("created_by")),
    created_at: str(get("created_at")),
    done_at: str(get("done_at")),
  };
}

const cmp = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

/** Sorted like the snapshot: by due date (no date last), then created_at, then id. */
export function readActions(content: Y.Doc): Action[] {
  const out: Action[] = [];
  actionsMap(content).forEach((raw: unknown, id) => {
    const action = readAction(id, raw);
    if (action) out.push(action);
  });
  return out.sort((a, b) => cmp(a.due || "9999-99-99", b.due || "9999-99-99") || cmp(a.created_at, b.created_at) || cmp(a.id, b.id));
}

export const isActive = (a: Action) => a.status === "open" || a.status === "doing";
export const isOverdue = (a: Action, today: string) => isActive(a) && a.due !== "" && a.due < today;

/** Today's date in the reader's time zone, as an ISO date. */
export function todayIso(now = new Date()): string {
  const pad = (n: number) => String(n).padStart(2, "0");
  return `${now.getFullYear()}-${pad(now.getMonth() + 1)}-${pad(now.getDate())}`;
}

/** Time-ordered and random: two people adding an action at once never pick the same id. */
export function newActionId(): string {
  return `a${Date.now().toString(36)}${Math.random().toString(36).slice(2, 6)}`;
}

export interface ActionFields {
  what: string;
  owner: string;
  owner_participant: string;
  owner_department: string;
  due: string;
  status: Status;
}

/** A new action from `source`, written in one transaction; returns its id. */
export function createAction(content: Y.Doc, fields: ActionFields, source: ActionSource | null, createdBy: string): string {
  const id = newActionId();
  const now = new Date().toISOString();
  content.transact(() => {
    actionsMap(content).set(
      id,
      new Y.Map<unknown>(
        Object.entries({
          ...fields,
          source_board: source?.board ?? "",
          source_kind: source?.kind ?? "",
          source_type: source?.type ?? "",
          source_item: source?.item ?? "",
          source_label: source?.label ?? "",
          created_by: createdBy,
          created_at: now,
          done_at: fields.status === "done" ? now : "",
        }),
      ),
    );
  }, LOCAL);
  return id;
}

/** Change some fields of an action in one transaction; done_at follows the status. */
export function updateAction(content: Y.Doc, id: string, patch: Partial<ActionFields>): void {
  const map: unknown = actionsMap(content).get(id);
  if (!(map instanceof Y.Map)) return;
  content.transact(() => {
    for (const [key, value] of Object.entries(patch)) if (map.get(key) !== value) map.set(key, value);
    if (patch.status === "done" && !str(map.get("done_at"))) map.set("done_at", new Date().toISOString());
    if (patch.status && patch.status !== "done" && str(map.get("done_at"))) map.set("done_at", "");
  }, LOCAL);
}

export function deleteAction(content: Y.Doc, id: string): void {
  content.transact(() => actionsMap(content).delete(id), LOCAL);
}

/** The actions made from one item of one board. */
export const actionsFrom = (actions: Action[], board: string, item: string) =>
  actions.filter((a) => a.source_board === board && a.source_item === item);

/** Mirrors boards/actions.py missing_actions: every commitment of every board (in the order
 *  given) that no action points at (same board, same item), whatever its status but dropped. */
export function missingActions(commitmentsByBoard: Map<string, Commitment[]>, actions: Action[]): Missing[] {
  const covered = new Set(actions.filter((a) => a.status !== "dropped").map((a) => `${a.source_board}\u0000${a.source_item}`));
  const out: Missing[] = [];
  for (const [board, commitments] of commitmentsByBoard) {
    for (const c of commitments) {
      if (!covered.has(`${board}\u0000${c.item_id}`))
        out.push({ code: "missing_action", board_id: board, source_type: c.source_type, item_id: c.item_id, label: c.label });
    }
  }
  return out;
}

/** Mirrors boards/actions.py warnings: what an open or doing action lacks (owner, due date) or
 *  whether it is late, per action in list order; done and dropped actions owe nothing. */
export function actionWarnings(actions: Action[], today: string): ActionWarning[] {
  const out: ActionWarning[] = [];
  for (const a of actions) {
    if (!isActive(a)) continue;
    const params = { action: a.id, what: a.what };
    if (!a.owner.trim()) out.push({ code: "action_no_owner", params });
    if (!a.due) out.push({ code: "action_no_due", params });
    if (isOverdue(a, today)) out.push({ code: "action_overdue", params });
  }
  return out;
}
