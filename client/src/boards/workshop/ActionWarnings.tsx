// What the actions page asks the team to settle: commitments (a confirmed root cause, a chosen
// idea) no action answers, read from the committing boards' analyses, and the actions' own
// warnings (no owner, no due date, overdue), as boards/actions.py gives them.
import { useEffect, useState } from "preact/hooks";
import { opens } from "../../api";
import { t } from "../../i18n";
import { paths } from "../../router";
import { useAnalysis, useBoardConnection } from "../../sync/hooks";
import { Icon } from "../../ui/icons";
import { actionWarnings, missingActions, type Action, type Commitment } from "./actions";
import { COMMITTING_KINDS, commitmentsOf } from "./commitments";
import { useWorkshop } from "./context";

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
export function useCommitments() {
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

export function ActionWarnings(props: { actions: Action[]; commitments: Map<string, Commitment[]>; today: string }) {
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
