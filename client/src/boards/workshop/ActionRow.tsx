// One action in the actions page's table: inline edit (owner, due date, status) for editors,
// plain text for readers, the board it came from, and a removal that asks first.
import { useState } from "preact/hooks";
import { t, useLanguage } from "../../i18n";
import { paths } from "../../router";
import { Icon } from "../../ui/icons";
import { formatDay, OwnerFields } from "./ActionControl";
import { deleteAction, isOverdue, STATUSES, updateAction, type Action, type Status } from "./actions";
import { useWorkshop } from "./context";

export function ActionRow(props: { action: Action; editable: boolean; today: string }) {
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
