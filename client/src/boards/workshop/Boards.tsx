// The workshop's boards, and "add a board" of each kind the server offers.
import { useEffect, useState } from "preact/hooks";
import { api, opens } from "../../api";
import { t } from "../../i18n";
import { navigate, paths } from "../../router";
import { useAwarenessStates } from "../../sync/hooks";
import { peers as listPeers } from "../../sync/presence";
import { useAction } from "../../ui/action";
import { Icon } from "../../ui/icons";
import { Avatar } from "../../ui/presence";
import { AlertLines } from "./Alerts";
import { hasView, kindIcon, registeredKinds } from "../registry";
import { useWorkshop } from "./context";
import { KIND as WORKSHOP_KIND } from "./schema";

let kindsCache: string[] | null = null;

function useKinds(): string[] {
  const [kinds, setKinds] = useState<string[]>(kindsCache ?? registeredKinds());
  useEffect(() => {
    if (kindsCache) return;
    api.kinds().then(
      (list) => {
        kindsCache = list.filter((k) => k.user_kind !== false && k.name !== WORKSHOP_KIND).map((k) => k.name);
        setKinds(kindsCache);
      },
      () => {},
    );
  }, []);
  return kinds;
}

const kindName = (kind: string) => t(`kinds.${kind}.name`, { defaultValue: kind });

function AddBoard({ onDone }: { onDone: () => void }) {
  const w = useWorkshop();
  const kinds = useKinds();
  const [kind, setKind] = useState<string>("");
  const [title, setTitle] = useState("");
  // Preselect a kind that has a full view: a newcomer's first board should be a working one.
  const chosen = kind || kinds.find((k) => hasView(k)) || kinds[0] || "notes";
  const add = useAction(async () => {
    const made = await api.addBoard(w.id, chosen, title.trim() || kindName(chosen), w.token);
    await w.refresh();
    onDone();
    navigate(paths.board(w.id, made.id));
  });
  const submit = (e: Event) => {
    e.preventDefault();
    void add.run();
  };
  return (
    <form class="add-board" onSubmit={submit} aria-labelledby="add-board-title">
      <h3 id="add-board-title">{t("boards.addTitle")}</h3>
      <fieldset class="kind-picker">
        <legend class="sr-only">{t("boards.kind")}</legend>
        {kinds.map((k) => (
          <label key={k} class={`kind-option${chosen === k ? " selected" : ""}`}>
            <input type="radio" name="kind" value={k} checked={chosen === k} onChange={() => setKind(k)} />
            <Icon name={kindIcon(k)} size={20} />
            <span>
              <strong>{kindName(k)}</strong>
              <span class="small muted">{t(`kinds.${k}.desc`, { defaultValue: "" })}</span>
            </span>
          </label>
        ))}
      </fieldset>
      <div class="field">
        <label for="board-title">{t("boards.titleLabel")}</label>
        <input
          id="board-title"
          value={title}
          placeholder={kindName(chosen)}
          maxLength={120}
          onInput={(e) => setTitle((e.currentTarget as HTMLInputElement).value)}
        />
      </div>
      <div class="row">
        <button type="button" class="btn" onClick={onDone}>
          {t("actions.cancel")}
        </button>
        <button type="submit" class="btn btn-primary" disabled={add.busy}>
          {t("boards.create")}
        </button>
      </div>
    </form>
  );
}

export function BoardsPanel() {
  const w = useWorkshop();
  const [adding, setAdding] = useState(false);
  const states = useAwarenessStates(w.conn?.awareness ?? null);
  const here = listPeers(w.conn?.awareness ?? null, states);
  const boards = w.info.boards
    .filter((b) => b.kind !== WORKSHOP_KIND && opens(w.info.me.board_kinds, b.kind))
    .sort((a, b) => a.position - b.position);
  return (
    <section class="panel boards-panel" aria-labelledby="boards-title">
      <div class="panel-head">
        <h2 id="boards-title">{t("boards.title")}</h2>
        {w.canEdit && !adding && (
          <button type="button" class="btn btn-small" onClick={() => setAdding(true)} data-testid="add-board">
            <Icon name="plus" size={16} /> <span>{t("boards.add")}</span>
          </button>
        )}
      </div>
      {adding && <AddBoard onDone={() => setAdding(false)} />}
      {boards.length === 0 && !adding ? (
        <p class="empty-inline">{w.canEdit ? t("boards.empty") : t("boards.emptyReadOnly")}</p>
      ) : (
        <ul class="board-cards">
          {boards.map((b) => {
            const viewers = here.filter((p) => p.at === b.id);
            return (
              <li key={b.id}>
                <a class="board-card" href={paths.board(w.id, b.id)} data-board-id={b.id}>
                  <span class="board-icon" aria-hidden="true">
                    <Icon name={kindIcon(b.kind)} size={22} />
                  </span>
                  <span class="board-card-text">
                    <strong>{b.title}</strong>
                    <span class="small muted">{kindName(b.kind)}</span>
                    <AlertLines alerts={b.alerts} />
                  </span>
                  <span class="board-card-side">
                    {b.locked && (
                      <span class="chip" title={t("board.locked")}>
                        <Icon name="lock" size={14} /> <span class="sr-only">{t("board.locked")}</span>
                      </span>
                    )}
                    {viewers.slice(0, 3).map((p) => (
                      <span key={p.clientId} title={p.user.name}>
                        <Avatar name={p.user.name} color={p.user.color} size="sm" />
                      </span>
                    ))}
                    {w.state.follow === b.id && <span class="chip chip-accent">{t("follow.chip")}</span>}
                  </span>
                </a>
              </li>
            );
          })}
        </ul>
      )}
    </section>
  );
}
