// The boards that serve the current phase (the server's `phase_kinds`, from each kind's declared
// phases), as links; a kind with no board yet gets a one-click "add" for those who may add.
import { api, opens, type BoardSummary } from "../../api";
import { t } from "../../i18n";
import { navigate, paths } from "../../router";
import { useAction } from "../../ui/action";
import { Icon } from "../../ui/icons";
import { kindIcon } from "../registry";
import { AlertLines } from "./Alerts";
import { useWorkshop } from "./context";

const kindName = (kind: string) => t(`kinds.${kind}.name`, { defaultValue: kind });

function AddForPhase({ kind }: { kind: string }) {
  const w = useWorkshop();
  const add = useAction(async () => {
    const made = await api.addBoard(w.id, kind, kindName(kind), w.token);
    await w.refresh();
    navigate(paths.board(w.id, made.id));
  });
  return (
    <button type="button" class="btn btn-small" data-add-kind={kind} onClick={() => void add.run()} disabled={add.busy}>
      <Icon name="plus" size={16} /> <span>{t("phases.addBoard", { kind: kindName(kind) })}</span>
    </button>
  );
}

function PhaseBoard({ board }: { board: BoardSummary }) {
  const w = useWorkshop();
  return (
    <a class="phase-board" href={paths.board(w.id, board.id)} data-board-id={board.id}>
      <Icon name={kindIcon(board.kind)} size={18} />
      <span class="phase-board-text">
        <strong>{board.title}</strong>
        <AlertLines alerts={board.alerts} />
      </span>
    </a>
  );
}

export function PhaseBoards({ phase }: { phase: string }) {
  const w = useWorkshop();
  const kinds = (w.info.phase_kinds?.[phase] ?? []).filter((k) => opens(w.info.me.board_kinds, k));
  if (kinds.length === 0) return null;
  const canAdd = w.canEdit;
  const items = kinds.flatMap((kind) => {
    const boards = w.info.boards.filter((b) => b.kind === kind).sort((a, b) => a.position - b.position);
    if (boards.length) return boards.map((b) => <PhaseBoard key={b.id} board={b} />);
    return canAdd ? [<AddForPhase key={kind} kind={kind} />] : [];
  });
  return (
    <div class="phase-boards" data-testid="phase-boards" aria-label={t("phases.boards")}>
      {items.length ? items : <span class="muted small">{t("phases.noBoard")}</span>}
    </div>
  );
}
