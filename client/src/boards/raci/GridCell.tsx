// One cell of the grid: its letters, the finding that marks it, and who else is on it.
import type { JSX } from "preact";
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
}

export function Cell({ activity: a, role: r, value, mark, peer, ...p }: CellProps): JSX.Element {
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
