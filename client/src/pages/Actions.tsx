// The workshop's actions in one list: who does what by when, from which board. Filters (owner,
// status, overdue, source board, mine), inline edit for editors, the warnings a manager would
// ask about (no owner, no date, overdue; a root cause or chosen idea nobody acts on), exports.
import { useEffect, useMemo, useState } from "preact/hooks";
import { opens } from "../api";
import { t, useLanguage } from "../i18n";
import { paths } from "../router";
import { useAnalysis, useBoardConnection } from "../sync/hooks";
import { Dialog } from "../ui/dialog";
import { Icon } from "../ui/icons";
import { useWorkshop } from "../boards/workshop/context";
import { ActionForm, formatDay, OwnerFields, useActions } from "../boards/workshop/ActionControl";
import {
  actionWarnings,
  deleteAction,
  isActive,
  isOverdue,
  missingActions,
  STATUSES,
  todayIso,
  updateAction,
  type Action,
  type Commitment,
  type Status,
} from "../boards/workshop/actions";
import { COMMITTING_KINDS, commitmentsOf } from "../boards/workshop/commitments";
import { ActionExports } from "../boards/workshop/ActionExports";

/** Opens one board while mounted and reports the commitments its analysis lists. */
function CommitmentsProbe(props: { board: string; onCommitments: (board: string, list: Commitment[]) => void }) {
  const w = useWorkshop();
  const conn = useBoardConnection(props.board, w.token);
  const analysis = useAnalysis(conn?.ledger ?? null);
  const key = JSON.stringify(commitmentsOf(analysis));
  useEffect(() => props.onCommitments(props.board, JSON.parse(key) as Commitment[]), [key]);
  return null;
}

/** Each committing board's commitments (in board order), and the probes that read them. */
function useCommitments() {
  const w = useWorkshop();
  const [byBoard, setByBoard] = useState<Record<string, Commitment[]>>({});
  const boards = w.info.boards
    .filter((b) => COMMITTING_KINDS.includes(b.kind) && opens(w.info.me.board_kinds, b.kind))
    .sort((a, b) => a.position - b.position);
  const probes = boards.map((b) => (
    <CommitmentsProbe key={b.id} board={b.id} onCommitments={(id, list) => setByBoard((prev) => ({ ...prev, [id]: list }))} />
  ));
  // In board order, whatever order the probes answered in.
  const ordered = new Map<string, Commitment[]>();
  for (const b of boards) if (byBoard[b.id]) ordered.set(b.id, byBoard[b.id]);
  return { byBoard: ordered, probes };
}

interface Filters {
  owner: string;
  status: string;
  board: string;
  overdue: boolean;
  mine: boolean;
}

const ownerKey = (a: Action) => (a.owner_participant ? `p:${a.owner_participant}` : a.owner.trim() ? `n:${a.owner.trim()}` : "none");

function ActionRow(props: { action: Action; editable: boolean; today: string }) {
  const w = useWorkshop();
  const lang = useLanguage();
  const a = props.action;
  const board = w.info.boards.find((b) => b.id === a.source_board);
  const late = isOverdue(a, props.today);
  const content = w.conn?.content;
  // Nothing undoes a removal here: it takes a second click.
  const [confirming, setConfirming] = useState(false);
  const set = (patch: Parameters<typeof updateAction>[2]) => content && updateAction(content, a.id, patch);
  return (
    <tr class={`action-row-item status-${a.status}${late ? " is-overdue" : ""}`} data-action-id={a.id} data-testid="action-row">
      <td class="action-what">
        <strong>{a.what || t("actionItems.untitled")}</strong>
        {a.source_label && <span class="small muted action-from">{a.source_label}</span>}
      </td>
      <td class="action-owner">
        {props.editable ? (
          <OwnerFields
            idPrefix={`row-${a.id}`}
            compact
            value={a}
            onChange={(v) => set({ owner: v.owner, owner_participant: v.owner_participant, owner_department: v.owner_department })}
          />
        ) : a.owner ? (
          <span>
            {a.owner}
            {a.owner_department && <span class="small muted"> · {a.owner_department}</span>}
          </span>
        ) : (
          <span class="chip chip-warn">{t("actionItems.noOwner")}</span>
        )}
      </td>
      <td class="action-due">
        {props.editable ? (
          <input
            type="date"
            aria-label={t("actionItems.fields.due")}
            value={a.due}
            onChange={(e) => set({ due: (e.currentTarget as HTMLInputElement).value })}
          />
        ) : a.due ? (
          <span>{formatDay(a.due, lang)}</span>
        ) : (
          <span class="chip chip-warn">{t("actionItems.noDue")}</span>
        )}
        {late && <span class="chip action-late">{t("actionItems.overdue")}</span>}
      </td>
      <td class="action-status">
        {props.editable ? (
          <select
            aria-label={t("actionItems.fields.status")}
            value={a.status}
            data-testid="action-status"
            onChange={(e) => set({ status: (e.currentTarget as HTMLSelectElement).value as Status })}
          >
            {STATUSES.map((s) => (
              <option key={s} value={s}>
                {t(`actionItems.status.${s}`)}
              </option>
            ))}
          </select>
        ) : (
          <span class={`chip action-status-chip status-${a.status}`}>{t(`actionItems.status.${a.status}`)}</span>
        )}
      </td>
      <td class="action-source">
        {board ? (
          <a href={paths.board(w.id, board.id)}>
            <span class="chip">{t(`actionItems.sources.${a.source_type || "free"}`)}</span> {board.title}
          </a>
        ) : a.source_board ? (
          <span class="muted">{t("actionItems.boardGone")}</span>
        ) : (
          <span class="muted">{t("actionItems.sources.free")}</span>
        )}
      </td>
      {props.editable && (
        <td class="action-remove">
          {confirming ? (
            <span class="action-confirm">
              <button
                type="button"
                class="btn btn-small btn-danger"
                data-testid="action-remove-confirm"
                onClick={() => content && deleteAction(content, a.id)}
              >
                {t("actionItems.removeConfirm")}
              </button>
              <button type="button" class="btn btn-small btn-ghost" onClick={() => setConfirming(false)}>
                {t("actions.cancel")}
              </button>
            </span>
          ) : (
            <button
              type="button"
              class="btn btn-icon btn-ghost btn-danger-text"
              aria-label={t("actionItems.remove")}
              title={t("actionItems.remove")}
              data-testid="action-remove"
              onClick={() => setConfirming(true)}
            >
              <Icon name="trash" size={16} />
            </button>
          )}
        </td>
      )}
    </tr>
  );
}

function Warnings(props: { actions: Action[]; commitments: Map<string, Commitment[]>; today: string }) {
  const w = useWorkshop();
  const missing = missingActions(props.commitments, props.actions);
  const items: { key: string; text: string; href?: string }[] = [
    ...missing.map((m) => ({
      key: `m-${m.board_id}-${m.item_id}`,
      text: t(
        `actionItems.warnings.missing_${m.source_type === "idea" ? "idea" : m.source_type === "root_cause" ? "root_cause" : "other"}`,
        {
          label: m.label || m.item_id,
        },
      ),
      href: paths.board(w.id, m.board_id),
    })),
    ...actionWarnings(props.actions, props.today).map((x) => ({
      key: `${x.code}-${x.params.action}`,
      text: t(`actionItems.warnings.${x.code.replace("action_", "")}`, { what: x.params.what || t("actionItems.untitled") }),
    })),
  ];
  if (!items.length) return null;
  return (
    <section class="panel action-warnings" aria-labelledby="action-warnings-title" data-testid="action-warnings">
      <h2 id="action-warnings-title">{t("actionItems.warnings.title", { count: items.length })}</h2>
      <ul>
        {items.map((i) => (
          <li key={i.key}>
            <Icon name="flag" size={14} /> {i.href ? <a href={i.href}>{i.text}</a> : i.text}
          </li>
        ))}
      </ul>
    </section>
  );
}

export function ActionsPage() {
  const w = useWorkshop();
  const actions = useActions();
  const { byBoard, probes } = useCommitments();
  const today = todayIso();
  const [filters, setFilters] = useState<Filters>(() => ({
    owner: "",
    status: "",
    board: decodeURIComponent(location.hash.slice(1)),
    overdue: false,
    mine: false,
  }));
  const [adding, setAdding] = useState(false);
  const editable = w.canEdit && w.status !== "denied" && w.status !== "too_large";

  const owners = useMemo(() => {
    const seen = new Map<string, string>();
    for (const a of actions) if (ownerKey(a) !== "none") seen.set(ownerKey(a), a.owner);
    return [...seen.entries()].sort((a, b) => a[1].localeCompare(b[1]));
  }, [actions]);
  // Boards actions come from, and the one a badge's link filtered to (it may have none left).
  const boards = w.info.boards.filter((b) => b.id === filters.board || actions.some((a) => a.source_board === b.id));
  const meId = w.info.me.participant_id ?? w.membership.participant_id ?? "";
  // Open work first (by due date), then what is done or dropped.
  const shown = [...actions]
    .sort((a, b) => Number(isActive(b)) - Number(isActive(a)))
    .filter(
      (a) =>
        (!filters.owner || ownerKey(a) === filters.owner) &&
        (!filters.status || (filters.status === "active" ? isActive(a) : a.status === filters.status)) &&
        (!filters.board || (filters.board === "free" ? !a.source_board : a.source_board === filters.board)) &&
        (!filters.overdue || isOverdue(a, today)) &&
        (!filters.mine || (meId !== "" && a.owner_participant === meId)),
    );
  const set = (patch: Partial<Filters>) => setFilters({ ...filters, ...patch });
  const open = actions.filter(isActive).length;
  const overdue = actions.filter((a) => isOverdue(a, today)).length;
  const done = actions.filter((a) => a.status === "done").length;

  return (
    <div class="actions-page">
      {probes}
      <header class="page-head">
        <p class="small">
          <a href={paths.home(w.id)}>
            <Icon name="back" size={14} /> {w.info.title}
          </a>
        </p>
        <h1>{t("actionItems.title")}</h1>
        <p class="page-sub action-counts" data-testid="action-counts">
          <span class="chip">{t("actionItems.counts.open", { count: open })}</span>
          <span class={`chip${overdue ? " action-late" : ""}`}>{t("actionItems.counts.overdue", { count: overdue })}</span>
          <span class="chip chip-ok">{t("actionItems.counts.done", { count: done })}</span>
        </p>
      </header>
      <Warnings actions={actions} commitments={byBoard} today={today} />
      <section class="panel" aria-labelledby="action-list-title">
        <div class="panel-head">
          <h2 id="action-list-title">{t("actionItems.list")}</h2>
          {editable && (
            <button type="button" class="btn btn-small" onClick={() => setAdding(true)} data-testid="action-new">
              <Icon name="plus" size={16} /> <span>{t("actionItems.add")}</span>
            </button>
          )}
        </div>
        <div class="action-filters" role="group" aria-label={t("actionItems.filters.title")}>
          <select
            aria-label={t("actionItems.filters.owner")}
            value={filters.owner}
            onChange={(e) => set({ owner: (e.currentTarget as HTMLSelectElement).value })}
          >
            <option value="">{t("actionItems.filters.anyOwner")}</option>
            {owners.map(([key, name]) => (
              <option key={key} value={key}>
                {name}
              </option>
            ))}
            <option value="none">{t("actionItems.noOwner")}</option>
          </select>
          <select
            aria-label={t("actionItems.filters.status")}
            value={filters.status}
            data-testid="filter-status"
            onChange={(e) => set({ status: (e.currentTarget as HTMLSelectElement).value })}
          >
            <option value="">{t("actionItems.filters.anyStatus")}</option>
            <option value="active">{t("actionItems.filters.active")}</option>
            {STATUSES.map((s) => (
              <option key={s} value={s}>
                {t(`actionItems.status.${s}`)}
              </option>
            ))}
          </select>
          <select
            aria-label={t("actionItems.filters.board")}
            value={filters.board}
            onChange={(e) => set({ board: (e.currentTarget as HTMLSelectElement).value })}
          >
            <option value="">{t("actionItems.filters.anyBoard")}</option>
            {boards.map((b) => (
              <option key={b.id} value={b.id}>
                {b.title}
              </option>
            ))}
            <option value="free">{t("actionItems.sources.free")}</option>
          </select>
          <label class="check">
            <input
              type="checkbox"
              checked={filters.overdue}
              data-testid="filter-overdue"
              onChange={(e) => set({ overdue: (e.currentTarget as HTMLInputElement).checked })}
            />
            <span>{t("actionItems.filters.overdue")}</span>
          </label>
          {meId && (
            <label class="check">
              <input
                type="checkbox"
                checked={filters.mine}
                data-testid="filter-mine"
                onChange={(e) => set({ mine: (e.currentTarget as HTMLInputElement).checked })}
              />
              <span>{t("actionItems.filters.mine")}</span>
            </label>
          )}
        </div>
        {shown.length === 0 ? (
          <p class="empty-inline" data-testid="actions-empty">
            {actions.length ? t("actionItems.noneMatch") : editable ? t("actionItems.empty") : t("actionItems.emptyReadOnly")}
          </p>
        ) : (
          <div class="table-wrap">
            <table class="data-table action-table" data-testid="action-table">
              <thead>
                <tr>
                  <th>{t("actionItems.fields.what")}</th>
                  <th>{t("actionItems.fields.owner")}</th>
                  <th>{t("actionItems.fields.due")}</th>
                  <th>{t("actionItems.fields.status")}</th>
                  <th>{t("actionItems.fields.source")}</th>
                  {editable && (
                    <th>
                      <span class="sr-only">{t("actionItems.remove")}</span>
                    </th>
                  )}
                </tr>
              </thead>
              <tbody>
                {shown.map((a) => (
                  <ActionRow key={a.id} action={a} editable={editable} today={today} />
                ))}
              </tbody>
            </table>
          </div>
        )}
      </section>
      <ActionExports />
      {adding && (
        <Dialog open title={t("actionItems.newTitle")} onClose={() => setAdding(false)}>
          <ActionForm source={null} onClose={() => setAdding(false)} />
        </Dialog>
      )}
    </div>
  );
}
