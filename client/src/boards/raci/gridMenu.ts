// The menu of a header (an activity or a role): rename, move, switch role/department, delete.
import type * as Y from "yjs";
import { rt } from "./i18n";
import type { MenuItem } from "./GridParts";
import { moveItem, removeItem, rolesOf, setField, type RaciSnapshot, type RoleKind } from "./schema";

/** Where the keyboard is: a cell, or a header (activity null = column header row; role null = row header column). */
export interface Pos {
  a: string | null;
  r: string | null;
}

export type HeaderKind = "activity" | "role";
export type MenuState = { kind: HeaderKind; id: string; x: number; y: number } | null;

export interface MenuContext {
  content: Y.Doc;
  snap: RaciSnapshot;
  edit: (fn: () => void) => void;
  startRename: (kind: HeaderKind, id: string) => void;
  /** Focus this header or cell after the next render (the menu's action changed the grid). */
  focusAfter: (p: Pos) => void;
  onDeleted: (what: string) => void;
}

export function headerMenu(m: NonNullable<MenuState>, c: MenuContext): MenuItem[] {
  const { snap, content, edit } = c;
  const ids = m.kind === "activity" ? snap.activities.map((a) => a.id) : snap.roles.map((r) => r.id);
  const at = ids.indexOf(m.id);
  const role = m.kind === "role" ? snap.roles.find((r) => r.id === m.id) : null;
  const name = m.kind === "activity" ? snap.activities.find((a) => a.id === m.id)?.name : role?.name;
  const back = m.kind === "activity" ? { a: m.id, r: null } : { a: null, r: m.id };
  const moveBy = (d: number) => () => {
    edit(() => moveItem(content, ids, m.kind, m.id, d));
    c.focusAfter(back);
  };
  const items: MenuItem[] = [
    { label: rt("menu.rename"), run: () => c.startRename(m.kind, m.id), ownsFocus: true },
    { label: m.kind === "activity" ? rt("menu.up") : rt("menu.left"), run: moveBy(-1), disabled: at <= 0 },
    { label: m.kind === "activity" ? rt("menu.down") : rt("menu.right"), run: moveBy(1), disabled: at >= ids.length - 1 },
  ];
  if (role) {
    const other: RoleKind = role.kind === "role" ? "department" : "role";
    items.push({ label: rt(`menu.kind.${other}`), run: () => edit(() => setField(rolesOf(content), role.id, "kind", other)) });
  }
  items.push({
    label: m.kind === "activity" ? rt("menu.deleteActivity") : rt("menu.deleteRole"),
    danger: true,
    run: () => {
      edit(() => removeItem(content, m.kind, m.id));
      c.onDeleted(name || rt("unnamed"));
      const next = ids[at + 1] ?? ids[at - 1];
      if (next) c.focusAfter(m.kind === "activity" ? { a: next, r: null } : { a: null, r: next });
    },
  });
  return items;
}
