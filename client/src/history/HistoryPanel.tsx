// The History panel of a board: its checkpoints (time, authors, what changed), naming one
// (facilitators), a read-only preview, restoring the whole board (facilitators) or one deleted
// item (editors), and undoing the last restore. Restores are new changes made by the server:
// every open page receives them live.
import { useEffect, useState } from "preact/hooks";
import { t } from "../i18n";
import { notify, notifyError } from "../ui/toast";
import { deletedItems, listCheckpoints, nameCheckpoint, restoreBoard, restoreItem, type Checkpoint, type DeletedItem } from "./api";
import "./history.css";

export interface HistoryPanelProps {
  boardId: string;
  token: string;
  canName: boolean;
  canRestoreBoard: boolean;
  canRestoreItem: boolean;
  previewing: string | null;
  onPreview: (checkpoint: Checkpoint | null) => void;
  onClose: () => void;
}

export function checkpointTitle(c: Checkpoint): string {
  if (c.kind === "named") return c.name;
  if (c.kind === "before-restore") return t("history.beforeRestore");
  if (c.reason.startsWith("phase:")) {
    const phase = c.reason.slice(6);
    return t("history.reason.phase", { phase: t(`phases.${phase}.name`, { defaultValue: phase }) });
  }
  return t(`history.reason.${c.reason || "auto"}`, { defaultValue: t("history.reason.auto") });
}

export const checkpointTime = (c: Checkpoint) => new Date(c.created_at).toLocaleString();

function summaryText(c: Checkpoint): string {
  const parts = Object.entries(c.summary).map(([root, n]) =>
    t("history.summaryRoot", {
      root: t(`history.roots.${root}`, { defaultValue: root }),
      added: n.added ?? 0,
      removed: n.removed ?? 0,
      changed: n.changed ?? 0,
    }),
  );
  return parts.length ? parts.join(t("list.sep")) : t("history.noChanges");
}

export function HistoryPanel(props: HistoryPanelProps) {
  const { boardId, token } = props;
  const [items, setItems] = useState<Checkpoint[] | null>(null);
  const [name, setName] = useState("");
  const [busy, setBusy] = useState(false);
  const [undo, setUndo] = useState<Checkpoint | null>(null);
  const [lost, setLost] = useState<{ id: string; items: DeletedItem[] } | null>(null);

  const load = () => listCheckpoints(boardId, token).then(setItems, notifyError);
  useEffect(() => {
    void load();
    // Others' versions (a phase change, someone's burst of editing) show up while it is open.
    const timer = setInterval(() => void listCheckpoints(boardId, token).then(setItems, () => {}), 20_000);
    return () => clearInterval(timer);
  }, [boardId]);

  const run = async (fn: () => Promise<unknown>) => {
    setBusy(true);
    try {
      await fn();
    } catch (error) {
      notifyError(error);
    } finally {
      setBusy(false);
      void load();
    }
  };

  const restore = (c: Checkpoint) =>
    run(async () => {
      const answer = await restoreBoard(boardId, c.id, token);
      setUndo(answer.before_restore);
      props.onPreview(null);
      notify(t("history.restored", { count: answer.counts.restored }));
    });

  const showLost = (c: Checkpoint) =>
    run(async () => setLost(lost?.id === c.id ? null : { id: c.id, items: await deletedItems(boardId, c.id, token) }));

  return (
    <section class="panel history-panel" aria-labelledby="history-title" data-testid="history-panel">
      <div class="panel-head">
        <h2 id="history-title">{t("history.title")}</h2>
        <button type="button" class="btn btn-small btn-ghost" onClick={props.onClose}>
          {t("actions.close")}
        </button>
      </div>
      {undo && props.canRestoreBoard && (
        <p class="history-buttons" role="status">
          <span>{t("history.restoredNote")}</span>
          <button
            type="button"
            class="btn btn-small"
            disabled={busy}
            onClick={() => void run(() => restoreBoard(boardId, undo.id, token).then(() => setUndo(null)))}
            data-testid="history-undo"
          >
            {t("history.undoRestore")}
          </button>
        </p>
      )}
      {props.canName && (
        <form
          class="history-name"
          onSubmit={(e) => {
            e.preventDefault();
            if (name.trim()) void run(() => nameCheckpoint(boardId, name.trim(), token).then(() => setName("")));
          }}
        >
          <input
            class="input"
            value={name}
            maxLength={120}
            placeholder={t("history.namePlaceholder")}
            aria-label={t("history.nameLabel")}
            onInput={(e) => setName((e.target as HTMLInputElement).value)}
            data-testid="history-name"
          />
          <button type="submit" class="btn btn-small btn-primary" disabled={busy || !name.trim()}>
            {t("history.save")}
          </button>
        </form>
      )}
      {items === null ? (
        <p aria-busy="true">{t("app.loading")}</p>
      ) : items.length === 0 ? (
        <p class="history-meta">{t("history.empty")}</p>
      ) : (
        <ul class="history-list">
          {items.map((c) => (
            <li key={c.id} class="history-entry" aria-current={props.previewing === c.id} data-testid="history-entry">
              <strong>{checkpointTitle(c)}</strong>
              <span class="history-meta">
                {checkpointTime(c)}
                {c.authors.length > 0 && ` · ${c.authors.join(t("list.sep"))}`}
              </span>
              <span class="history-meta">{summaryText(c)}</span>
              <div class="history-buttons">
                <button
                  type="button"
                  class="btn btn-small"
                  onClick={() => props.onPreview(props.previewing === c.id ? null : c)}
                  data-testid="history-preview"
                >
                  {props.previewing === c.id ? t("history.backToLive") : t("history.preview")}
                </button>
                {props.canRestoreBoard && (
                  <button type="button" class="btn btn-small" disabled={busy} onClick={() => void restore(c)} data-testid="history-restore">
                    {t("history.restoreBoard")}
                  </button>
                )}
                {props.canRestoreItem && (
                  <button
                    type="button"
                    class="btn btn-small btn-ghost"
                    disabled={busy}
                    onClick={() => void showLost(c)}
                    data-testid="history-deleted"
                  >
                    {t("history.deletedItems")}
                  </button>
                )}
              </div>
              {lost?.id === c.id && (
                <ul class="history-deleted">
                  {lost.items.length === 0 && <li class="history-meta">{t("history.noneDeleted")}</li>}
                  {lost.items.map((item) => (
                    <li key={`${item.root}/${item.id}`}>
                      <span>{item.label || item.id}</span>
                      <button
                        type="button"
                        class="btn btn-small"
                        disabled={busy}
                        onClick={() =>
                          void run(async () => {
                            await restoreItem(boardId, c.id, item, token);
                            setLost({ id: c.id, items: lost.items.filter((x) => x !== item) });
                          })
                        }
                        data-testid="history-restore-item"
                      >
                        {t("history.restoreItem")}
                      </button>
                    </li>
                  ))}
                </ul>
              )}
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
