// The workshop's actions in one list: who does what by when, from which board. Filters (owner,
// status, overdue, source board, mine), inline edit for editors, the warnings a manager would
// ask about (no owner, no date, overdue; a root cause or chosen idea nobody acts on), exports.
import { useMemo, useState } from "preact/hooks";
import { t } from "../i18n";
import { paths } from "../router";
import { Dialog } from "../ui/dialog";
import { Icon } from "../ui/icons";
import { useWorkshop } from "../boards/workshop/context";
import { ActionForm, useActions } from "../boards/workshop/ActionControl";
import { isActive, isOverdue, STATUSES, todayIso, type Action } from "../boards/workshop/actions";
import { ActionExports } from "../boards/workshop/ActionExports";
import { ActionRow } from "../boards/workshop/ActionRow";
import { ActionWarnings, useCommitments } from "../boards/workshop/ActionWarnings";

interface Filters {
  owner: string;
  status: string;
  board: string;
  overdue: boolean;
  mine: boolean;
}

const ownerKey = (a: Action) => (a.owner_participant ? `p:${a.owner_participant}` : a.owner.trim() ? `n:${a.owner.trim()}` : "none");

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
      <ActionWarnings actions={actions} commitments={byBoard} today={today} />
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
