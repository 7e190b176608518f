// One cell of the grid: its letters, the finding that marks it, and who else is on it.
import type { JSX } from "preact";
import { memo } from "preact/compat";
import type { Peer } from "../../sync/presence";
import { rt } from "./i18n";
import type { Marks } from "./marks";
import { display, type Activity, type RaciRole } from "./schema";

interface CellProps {
  activity: Activity;
  role: RaciRole;
  value: string;
  mark: ReturnType<Marks["cell"]["get"]>;
  peer: Peer | undefined;
  here: boolean;
  highlighted: boolean;
  onClick: (e: MouseEvent) => void;
  onFocus: () => void;
  onBlur: () => void;
  /** the page's language: a memoised cell says its label in the new one */
  lang: string;
}

function CellView({ activity: a, role: r, value, mark, peer, ...p }: CellProps): JSX.Element {
  return (
    <td
      role="gridcell"
      class={`raci-cell${mark ? ` mark-${mark.severity}` : ""}${peer ? " peer" : ""}${p.highlighted ? " hl" : ""}`}
      tabIndex={p.here ? 0 : -1}
      data-a={a.id}
      data-r={r.id}
      data-letters={value}
      aria-label={`${a.name} · ${r.name}: ${value ? display(value) : rt("grid.empty")}${mark ? ". " + mark.texts.join(" ") : ""}`}
      title={mark?.texts.join("\n")}
      style={peer ? { "--peer": peer.user.color } : undefined}
      onClick={p.onClick}
      onFocus={p.onFocus}
      onBlur={p.onBlur}
    >
      <span class="raci-letters" aria-hidden="true">
        {[...value].map((l) => (
          <span key={l} class={`raci-l raci-l-${l}`}>
            {l}
          </span>
        ))}
      </span>
      {peer && <span class="raci-peer-tag">{peer.user.name}</span>}
    </td>
  );
}

const sameMark = (a: CellProps["mark"], b: CellProps["mark"]) =>
  a === b || (Boolean(a && b) && a!.severity === b!.severity && a!.texts.join("\n") === b!.texts.join("\n"));

// A grid of 60 x 15 re-renders on every edit of the board: a cell whose letters, names, mark,
// peer and focus stayed keeps its DOM. The handlers are not compared: the grid's go through its
// latest state (Grid.tsx), so a cell that skipped renders still acts on the current board.
function sameCell(a: CellProps, b: CellProps): boolean {
  return (
    a.value === b.value &&
    a.lang === b.lang &&
    a.activity.id === b.activity.id &&
    a.activity.name === b.activity.name &&
    a.role.id === b.role.id &&
    a.role.name === b.role.name &&
    a.here === b.here &&
    a.highlighted === b.highlighted &&
    a.peer?.user.name === b.peer?.user.name &&
    a.peer?.user.color === b.peer?.user.color &&
    sameMark(a.mark, b.mark)
  );
}

/** CellView, re-rendered only when what it shows changed. */
export const Cell = memo(CellView, sameCell);
