// "Who is editing": a field in focus tells the other peers (awareness `editing`), and a field
// someone else is in shows their initials in their colour, named for screen readers through
// aria-describedby. Boards get this through EditingContext (see pages/Board.tsx).
import { createContext } from "preact";
import { useContext, useEffect, useMemo, useReducer } from "preact/hooks";
import type { EditingPeers } from "../sync/editing";
import { initials, type PeerUser } from "../sync/presence";
import { t } from "../i18n";

export const EditingContext = createContext<EditingPeers | null>(null);

export interface EditingField {
  /** the item's id in the board ("" for a board-wide field) */
  item: string;
  /** the field's name, or any id both peers derive alike */
  field: string;
}

export interface Editing {
  peers: PeerUser[];
  markerId: string;
  onFocus: () => void;
  onBlur: () => void;
}

export function useEditing(target: EditingField | null, domId: string): Editing {
  const store = useContext(EditingContext);
  const [, bump] = useReducer((n: number) => n + 1, 0);
  const item = target?.item ?? "";
  const field = target?.field ?? "";
  useEffect(() => (store && target ? store.subscribe(item, field, () => bump(null)) : undefined), [store, item, field]);
  useEffect(() => () => store?.blur(item, field), [store, item, field]);
  return useMemo(
    () => ({
      peers: store && target ? store.peersOn(item, field) : [],
      markerId: `${domId}-editing`,
      onFocus: () => store && target && store.focus(item, field),
      onBlur: () => store && target && store.blur(item, field),
    }),
    [store, item, field, domId, store && target ? store.peersOn(item, field) : null],
  );
}

/** The peers editing a field, as small coloured initials; the sentence is the element's title
 *  and its accessible text (a field points at it with aria-describedby). */
export function EditingMarker(props: { editing: Editing; long?: boolean }) {
  const { peers, markerId } = props.editing;
  if (!peers.length) return null;
  const names = peers.map((p) => p.name || "?").join(", ");
  const sentence = props.long
    ? t("presence.typing", { names })
    : t(peers.length > 1 ? "presence.editingMany" : "presence.editing", { names });
  return (
    <span id={markerId} class="editing-marker" title={sentence} data-testid="editing-marker" data-names={names}>
      {peers.slice(0, 3).map((p) => (
        <span key={p.id} class="editing-marker-peer" style={{ background: p.color }} aria-hidden="true">
          {initials(p.name)}
        </span>
      ))}
      <span class="sr-only">{sentence}</span>
    </span>
  );
}

/** aria-describedby of a field: its own hints plus the marker while someone else edits it. */
export function describedBy(own: string | undefined, editing: Editing): string | undefined {
  const ids = [own, editing.peers.length ? editing.markerId : undefined].filter(Boolean);
  return ids.length ? ids.join(" ") : undefined;
}

/** The field's outline in the colour of the (first) peer editing it. */
export function editingStyle(editing: Editing): Record<string, string> | undefined {
  const first = editing.peers[0];
  return first ? { outline: `2px solid ${first.color}`, outlineOffset: "1px" } : undefined;
}
