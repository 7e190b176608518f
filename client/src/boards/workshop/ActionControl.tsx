// The one "+ Action" control every board puts next to an item that can lead to an action
// (a root cause, the end of a 5-whys chain, an idea, a kaizen marker, a RACI finding, a risk, a
// readiness item): a badge with the item's actions, a warning when the item needs one and has
// none, and the dialog that writes a new action into the workshop board's content document.
import type * as Y from "yjs";
import { useMemo, useState } from "preact/hooks";
import { t, useLanguage } from "../../i18n";
import { paths } from "../../router";
import { useY } from "../../sync/hooks";
import { Dialog } from "../../ui/dialog";
import { Icon } from "../../ui/icons";
import { multiLinePaste, PasteLinesPrompt } from "../../ui/paste-lines";
import { LOCAL } from "../../sync/connection";
import { useWorkshop } from "./context";
import {
  actionsFrom,
  actionsMap,
  createAction,
  isActive,
  isOverdue,
  readActions,
  STATUSES,
  todayIso,
  type Action,
  type ActionFields,
  type ActionSource,
  type Status,
} from "./actions";

// Every card of a board shows this control (400 on a large ideas wall): the actions are read
// once per change of the workshop's actions, not once per card and render.
const readCache = new WeakMap<Y.Doc, Action[]>();
const observed = new WeakSet<Y.Doc>();

function cachedActions(content: Y.Doc): Action[] {
  if (!observed.has(content)) {
    observed.add(content);
    actionsMap(content).observeDeep(() => readCache.delete(content));
  }
  let actions = readCache.get(content);
  if (!actions) {
    actions = readActions(content);
    readCache.set(content, actions);
  }
  return actions;
}

/** The workshop's actions, live; [] until the workshop board has synced. */
export function useActions(): Action[] {
  const w = useWorkshop();
  const content = w.conn?.content ?? null;
  const map = useMemo(() => (content ? actionsMap(content) : null), [content]);
  useY(map);
  return content ? cachedActions(content) : [];
}

// (one formatter per language: toLocaleDateString builds a new one per call, per card)
const dayFormats = new Map<string, Intl.DateTimeFormat>();

export const formatDay = (iso: string, lang: string) => {
  const d = new Date(`${iso}T00:00:00Z`);
  if (!iso || Number.isNaN(d.getTime())) return iso;
  let format = dayFormats.get(lang);
  if (!format) {
    format = new Intl.DateTimeFormat(lang, { month: "short", day: "numeric", timeZone: "UTC" });
    dayFormats.set(lang, format);
  }
  return format.format(d);
};

const OTHER = "__other__";
const NEEDED_KEYS: string[] = ["root_cause", "idea"];

/** The owner picker: a participant of the workshop, or a named person with a department. */
export function OwnerFields(props: {
  idPrefix: string;
  value: Pick<ActionFields, "owner" | "owner_participant" | "owner_department">;
  onChange: (v: Pick<ActionFields, "owner" | "owner_participant" | "owner_department">) => void;
  compact?: boolean;
}) {
  const w = useWorkshop();
  const people = w.info.participants.filter((p) => p.role !== "pilot" || p.participant_id === props.value.owner_participant);
  // "Someone else" picked but no name typed yet: the fields show before there is a name.
  const [pickedOther, setPickedOther] = useState(false);
  const [editing, setEditing] = useState(false);
  const { owner, owner_participant, owner_department } = props.value;
  const isOther = !owner_participant && (owner.trim() !== "" || pickedOther);
  const selected = owner_participant || (isOther ? OTHER : "");
  const named = [owner.trim(), owner_department.trim()].filter(Boolean).join(" · ");
  // In the table a named owner reads as one line; the pencil opens name and department.
  const showFields = isOther && (!props.compact || editing || !owner.trim());
  const id = (f: string) => `${props.idPrefix}-${f}`;
  return (
    <>
      <div class={`field${props.compact ? " action-owner-line" : ""}`}>
        {!props.compact && <label for={id("owner")}>{t("actionItems.fields.owner")}</label>}
        <select
          id={id("owner")}
          aria-label={props.compact ? t("actionItems.fields.owner") : undefined}
          value={selected}
          onChange={(e) => {
            const v = (e.currentTarget as HTMLSelectElement).value;
            setPickedOther(v === OTHER);
            if (v === OTHER || v === "")
              props.onChange({ owner: v === OTHER && !owner_participant ? owner : "", owner_participant: "", owner_department: "" });
            else {
              const p = w.info.participants.find((x) => x.participant_id === v);
              props.onChange({ owner: p?.display_name ?? "", owner_participant: v, owner_department: "" });
            }
          }}
        >
          <option value="">{t("actionItems.noOwner")}</option>
          {people.map((p) => (
            <option key={p.participant_id} value={p.participant_id}>
              {p.display_name}
            </option>
          ))}
          <option value={OTHER}>
            {props.compact && named ? named : t(props.compact ? "actionItems.otherShort" : "actionItems.otherPerson")}
          </option>
        </select>
        {props.compact && isOther && owner.trim() !== "" && (
          <button
            type="button"
            class="btn btn-icon btn-ghost btn-small"
            aria-label={t("actionItems.editOwner")}
            title={t("actionItems.editOwner")}
            aria-expanded={editing}
            onClick={() => setEditing(!editing)}
          >
            <Icon name="pencil" size={14} />
          </button>
        )}
      </div>
      {showFields && (
        <div class={`action-other${props.compact ? " is-compact" : ""}`}>
          <div class="field">
            {!props.compact && <label for={id("name")}>{t("actionItems.fields.name")}</label>}
            <input
              id={id("name")}
              value={props.value.owner}
              maxLength={80}
              aria-label={props.compact ? t("actionItems.fields.name") : undefined}
              placeholder={props.compact ? t("actionItems.fields.name") : undefined}
              onInput={(e) => props.onChange({ ...props.value, owner: (e.currentTarget as HTMLInputElement).value, owner_participant: "" })}
            />
          </div>
          <div class="field">
            {!props.compact && <label for={id("dept")}>{t("actionItems.fields.department")}</label>}
            <input
              id={id("dept")}
              value={props.value.owner_department}
              maxLength={80}
              aria-label={props.compact ? t("actionItems.fields.department") : undefined}
              placeholder={props.compact ? t("actionItems.fields.department") : undefined}
              onInput={(e) => props.onChange({ ...props.value, owner_department: (e.currentTarget as HTMLInputElement).value })}
            />
          </div>
        </div>
      )}
    </>
  );
}

/** The new-action form; `source` null makes a free action (from the actions page). */
export function ActionForm(props: { source: ActionSource | null; onClose: () => void }) {
  const w = useWorkshop();
  const [fields, setFields] = useState<ActionFields>({
    what: "",
    owner: "",
    owner_participant: "",
    owner_department: "",
    due: "",
    status: "open",
  });
  const [error, setError] = useState("");
  // several pasted lines: one action per line, with this form's owner, date and status, in
  // one undo step
  const [pasted, setPasted] = useState<string[] | null>(null);
  const createPasted = () => {
    const conn = w.conn;
    if (!pasted || !conn) return;
    const all = fields.what.trim() ? [fields.what.trim(), ...pasted] : pasted;
    conn.content.transact(() => {
      for (const what of all) createAction(conn.content, { ...fields, what, owner: fields.owner.trim() }, props.source, w.me.name);
    }, LOCAL);
    props.onClose();
  };
  const save = (e: Event) => {
    e.preventDefault();
    if (!w.conn) return;
    if (!fields.what.trim()) return setError(t("actionItems.needWhat"));
    createAction(w.conn.content, { ...fields, what: fields.what.trim(), owner: fields.owner.trim() }, props.source, w.me.name);
    props.onClose();
  };
  return (
    <form class="action-form stack" onSubmit={save} data-testid="action-form">
      {props.source && (
        <p class="action-source-line">
          <span class="chip">{t(`actionItems.sources.${props.source.type || "free"}`)}</span> <span>{props.source.label}</span>
        </p>
      )}
      <div class="field">
        <label for="action-what">{t("actionItems.fields.what")}</label>
        <input
          id="action-what"
          value={fields.what}
          maxLength={300}
          placeholder={t("actionItems.placeholders.what")}
          onInput={(e) => {
            setError("");
            setFields({ ...fields, what: (e.currentTarget as HTMLInputElement).value });
          }}
          onPaste={(e) => {
            const lines = multiLinePaste(e);
            if (!lines) return;
            e.preventDefault();
            setPasted(lines);
          }}
          autoFocus
        />
        {error && <span class="form-error">{error}</span>}
        {pasted && (
          <PasteLinesPrompt
            lines={pasted}
            onCreate={createPasted}
            onAsOne={() => {
              setFields({ ...fields, what: `${fields.what}${fields.what ? " " : ""}${pasted.join(" ")}` });
              setPasted(null);
            }}
            onCancel={() => setPasted(null)}
          />
        )}
      </div>
      <OwnerFields idPrefix="action" value={fields} onChange={(v) => setFields({ ...fields, ...v })} />
      <div class="action-row">
        <div class="field">
          <label for="action-due">{t("actionItems.fields.due")}</label>
          <input
            id="action-due"
            type="date"
            value={fields.due}
            onInput={(e) => setFields({ ...fields, due: (e.currentTarget as HTMLInputElement).value })}
          />
        </div>
        <div class="field">
          <label for="action-status">{t("actionItems.fields.status")}</label>
          <select
            id="action-status"
            value={fields.status}
            onChange={(e) => setFields({ ...fields, status: (e.currentTarget as HTMLSelectElement).value as Status })}
          >
            {STATUSES.map((s) => (
              <option key={s} value={s}>
                {t(`actionItems.status.${s}`)}
              </option>
            ))}
          </select>
        </div>
      </div>
      <div class="dialog-actions">
        <button type="button" class="btn btn-ghost" onClick={props.onClose}>
          {t("actions.cancel")}
        </button>
        <button type="submit" class="btn btn-primary" data-testid="action-save">
          {t("actionItems.save")}
        </button>
      </div>
    </form>
  );
}

/** Badge (count, overdue highlighted), "needs an action" warning, and "+ Action" for editors.
 *  `needed`: the board's analysis lists this item as a commitment (root cause, chosen idea). */
export function ActionControl(props: { source: ActionSource; needed?: boolean; actions?: Action[] }) {
  const w = useWorkshop();
  const lang = useLanguage();
  const live = useActions();
  const all = props.actions ?? live;
  const [open, setOpen] = useState(false);
  if (!w.conn) return null;
  const mine = actionsFrom(all, props.source.board, props.source.item);
  const today = todayIso();
  const overdue = mine.filter((a) => isOverdue(a, today)).length;
  const active = mine.filter(isActive).length;
  const covered = mine.some((a) => a.status !== "dropped");
  const title = mine
    .map(
      (a) =>
        `${a.what} · ${a.owner || t("actionItems.noOwner")} · ${a.due ? formatDay(a.due, lang) : t("actionItems.noDue")} · ${t(`actionItems.status.${a.status}`)}`,
    )
    .join("\n");
  return (
    <span class="action-control" data-testid="action-control" data-item={props.source.item} onClick={(e) => e.stopPropagation()}>
      {mine.length > 0 && (
        <a
          class={`chip action-badge${overdue ? " is-overdue" : active ? "" : " is-closed"}`}
          href={`${paths.actions(w.id)}#${encodeURIComponent(props.source.board)}`}
          title={title}
          data-testid="action-badge"
          aria-label={t("actionItems.badge", { count: mine.length, overdue })}
        >
          <Icon name="check" size={12} />
          {t("actionItems.badgeText", { count: mine.length })}
          {overdue > 0 && <span class="action-badge-late">· {t("actionItems.late")}</span>}
        </a>
      )}
      {props.needed && !covered && (
        <span class="chip chip-warn action-needed" data-testid="action-needed">
          {t(`actionItems.needed.${NEEDED_KEYS.includes(props.source.type) ? props.source.type : "other"}`)}
        </span>
      )}
      {w.canEdit && (
        <button type="button" class="btn btn-ghost btn-small action-add" onClick={() => setOpen(true)} data-testid="action-add">
          <Icon name="plus" size={14} /> <span>{t("actionItems.add")}</span>
        </button>
      )}
      {open && (
        <Dialog open title={t("actionItems.newTitle")} onClose={() => setOpen(false)}>
          <ActionForm source={props.source} onClose={() => setOpen(false)} />
        </Dialog>
      )}
    </span>
  );
}
