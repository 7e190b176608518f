// The matrix: activities (rows) x roles (columns), one focusable grid. Click cycles a cell
// R -> A -> C -> I -> empty, Shift+click adds a second letter; keys: R/A/C/I set a letter
// (two letters typed quickly, or Shift+letter, make a combination), Space/Enter cycle,
// Delete clears, arrows/Home/End/PageUp/PageDown move. Headers stay in view while scrolling;
// findings mark their cells, rows and columns.
import * as Y from "yjs";
import { useRef, useState } from "preact/hooks";
import type { Peer } from "../../sync/presence";
import { Icon } from "../../ui/icons";
import { useLanguage } from "../../i18n";
import { rt } from "./i18n";
import { Cell } from "./GridCell";
import { ActivityHeader, RoleHeader } from "./GridHeaders";
import { useGridFocus } from "./gridFocus";
import { headerMenu, type HeaderKind, type MenuState, type Pos } from "./gridMenu";
import { AddActivityRow, LoadBar, Menu } from "./GridParts";
import { worst, type Marks } from "./marks";
import {
  activitiesOf,
  addActivity,
  addRole,
  cellKey,
  moveItem,
  newId,
  nextCombination,
  nextInCycle,
  rolesOf,
  setCell,
  setField,
  toggleLetter,
  type Activity,
  type Finding,
  type RaciAnalysis,
  type RaciRole,
  type RaciSnapshot,
} from "./schema";

export type { Pos };

const COMBINE_MS = 1200; // two letters typed within this time make a combination

interface Props {
  content: Y.Doc;
  snap: RaciSnapshot;
  activities: Activity[]; // visible rows
  roles: RaciRole[]; // visible columns
  analysis: RaciAnalysis | null;
  marks: Marks;
  readOnly: boolean;
  edit: (fn: () => void) => void;
  peers: Peer[];
  pos: Pos | null;
  onPos: (p: Pos) => void;
  highlight: Set<string>;
  onFocusCell: (key: string | null) => void;
  onDeleted: (what: string) => void;
  focusRequest: { pos: Pos; n: number } | null;
}

export function Grid(props: Props) {
  const { content, snap, activities, roles, readOnly, edit, marks } = props;
  const lastTyped = useRef<{ key: string; at: number } | null>(null);
  const [renaming, setRenaming] = useState<{ kind: "activity" | "role"; id: string; original: string } | null>(null);
  const [menu, setMenu] = useState<MenuState>(null);
  const { scroller, pos, move, focusAfter, focusPending } = useGridFocus(props);
  const lang = useLanguage();

  const letters = (a: string, r: string) => snap.cells.get(cellKey(a, r)) ?? "";
  const write = (a: string, r: string, value: string) => edit(() => setCell(content, a, r, value));

  const onKeyDown = (e: KeyboardEvent) => {
    const target = (e.target as HTMLElement).closest<HTMLElement>("[data-a]");
    if (!target || target !== e.target) return; // inputs and menus inside handle their own keys
    const p: Pos = { a: target.dataset.a || null, r: target.dataset.r || null };
    const nav: Record<string, [number, number]> = {
      ArrowUp: [-1, 0],
      ArrowDown: [1, 0],
      ArrowLeft: [0, -1],
      ArrowRight: [0, 1],
      PageUp: [-10, 0],
      PageDown: [10, 0],
      Home: [0, 0],
      End: [0, 0],
    };
    if (e.altKey && (e.key === "ArrowUp" || e.key === "ArrowDown") && p.a && p.r === null && !readOnly) {
      const delta = e.key === "ArrowUp" ? -1 : 1;
      edit(() =>
        moveItem(
          content,
          snap.activities.map((a) => a.id),
          "activity",
          p.a!,
          delta,
        ),
      );
      focusAfter(p);
    } else if (e.altKey && (e.key === "ArrowLeft" || e.key === "ArrowRight") && p.r && p.a === null && !readOnly) {
      const delta = e.key === "ArrowLeft" ? -1 : 1;
      edit(() =>
        moveItem(
          content,
          snap.roles.map((r) => r.id),
          "role",
          p.r!,
          delta,
        ),
      );
      focusAfter(p);
    } else if (nav[e.key] && !e.altKey) move(p, nav[e.key][0], nav[e.key][1], e);
    else if (p.a && p.r) {
      if (readOnly) return;
      const now = letters(p.a, p.r);
      const key = cellKey(p.a, p.r);
      const letter = e.key.toUpperCase();
      if (e.ctrlKey || e.metaKey || e.altKey) return;
      if ("RACI".includes(letter) && letter.length === 1) {
        const t = e.timeStamp;
        const recent = lastTyped.current && lastTyped.current.key === key && t - lastTyped.current.at < COMBINE_MS;
        write(p.a, p.r, e.shiftKey ? toggleLetter(now, letter) : recent ? toggleLetterOn(now, letter) : letter);
        lastTyped.current = { key, at: t };
      } else if (e.key === " " || e.key === "Enter") write(p.a, p.r, e.shiftKey ? nextCombination(now) : nextInCycle(now));
      else if (e.key === "Delete" || e.key === "Backspace") write(p.a, p.r, "");
      else return;
    } else if (!readOnly && (e.key === "Enter" || e.key === "F2")) {
      const kind = p.r === null ? "activity" : "role";
      const id = (p.r === null ? p.a : p.r)!;
      if (e.key === "F2") startRename(kind, id);
      else {
        const rect = target.getBoundingClientRect();
        setMenu({ kind, id, x: rect.left, y: rect.bottom });
      }
    } else return;
    e.preventDefault();
  };
  // memoised cells keep the handlers of the render they last took: these call the latest state
  const latest = useRef({ onCellClick: (_e: MouseEvent, _a: string, _r: string) => {}, props });
  const toggleLetterOn = (now: string, letter: string) => (now.includes(letter) ? now : toggleLetter(now, letter));

  const onCellClick = (e: MouseEvent, a: string, r: string) => {
    props.onPos({ a, r });
    if (readOnly) return;
    const now = letters(a, r);
    write(a, r, e.shiftKey ? nextCombination(now) : nextInCycle(now));
  };
  latest.current = { onCellClick, props };

  const openMenu = (e: MouseEvent, kind: "activity" | "role", id: string) => {
    if (e.detail > 1) return; // the second click of a double click renames
    const rect = (e.currentTarget as HTMLElement).getBoundingClientRect();
    setMenu({ kind, id, x: rect.left, y: rect.bottom });
  };
  const startRename = (kind: "activity" | "role", id: string) => {
    const item = kind === "activity" ? snap.activities.find((a) => a.id === id) : snap.roles.find((r) => r.id === id);
    setMenu(null);
    setRenaming({ kind, id, original: item?.name ?? "" });
  };
  const rename = (kind: "activity" | "role", id: string, value: string) =>
    edit(() => setField(kind === "activity" ? activitiesOf(content) : rolesOf(content), id, "name", value));
  const endRename = (revert: boolean) => {
    if (!renaming) return;
    if (revert) rename(renaming.kind, renaming.id, renaming.original);
    const p = renaming.kind === "activity" ? { a: renaming.id, r: null } : { a: null, r: renaming.id };
    setRenaming(null);
    focusAfter(p);
  };

  const addColumn = () => {
    const id = newId("r");
    const name = rt("grid.newRole", { n: snap.roles.length + 1 });
    edit(() => addRole(content, id, name));
    setRenaming({ kind: "role", id, original: name });
  };

  const peerAt = new Map<string, Peer>();
  for (const p of props.peers) if (typeof p.focus === "string") peerAt.set(p.focus, p);
  const isPos = (a: string | null, r: string | null) => pos.a === a && pos.r === r;
  const headerProps = (kind: HeaderKind, id: string, findings: Finding[]) => {
    const at: Pos = kind === "activity" ? { a: id, r: null } : { a: null, r: id };
    return {
      snap,
      findings,
      editing: renaming?.kind === kind && renaming.id === id,
      highlighted: props.highlight.has(`${kind}:${id}`),
      tabbable: isPos(at.a, at.r),
      readOnly,
      onFocus: () => props.onPos(at),
      onRename: (v: string) => rename(kind, id, v),
      onEndRename: endRename,
      onStartRename: () => startRename(kind, id),
      onClickHead: (e: MouseEvent) => openMenu(e, kind, id),
      onMenu: (x: number, y: number) => setMenu({ kind, id, x, y }),
    };
  };
  const maxLoad = Math.max(1, ...(props.analysis?.load ?? []).map((l) => l.r + l.a + l.c + l.i));

  return (
    <div class="raci-scroll" ref={scroller} data-testid="raci-scroll">
      <table
        class="raci-grid"
        role="grid"
        aria-label={rt("grid.label")}
        aria-describedby="raci-keys"
        aria-rowcount={activities.length + 1}
        aria-colcount={roles.length + 1}
        onKeyDown={onKeyDown}
      >
        <thead>
          <tr>
            <th class="raci-corner" scope="col">
              <span>{rt("grid.activity")}</span>
              <span class="raci-corner-roles">{rt("grid.roles")} →</span>
            </th>
            {roles.map((role) => (
              <RoleHeader key={role.id} role={role} {...headerProps("role", role.id, marks.col.get(role.id) ?? [])} />
            ))}
            {!readOnly && (
              <th class="raci-add-col" scope="col">
                <button type="button" class="btn btn-small btn-ghost" onClick={addColumn} data-testid="raci-add-role">
                  <Icon name="plus" size={16} />
                  <span>{rt("grid.addRole")}</span>
                </button>
              </th>
            )}
          </tr>
        </thead>
        <tbody>
          {activities.map((a, ai) => {
            const fs = marks.row.get(a.id) ?? [];
            return (
              <tr key={a.id} class={fs.length ? `row-${worst(fs)}` : ""}>
                <ActivityHeader activity={a} n={ai + 1} {...headerProps("activity", a.id, fs)} />
                {roles.map((r) => {
                  const key = cellKey(a.id, r.id);
                  return (
                    <Cell
                      key={r.id}
                      activity={a}
                      role={r}
                      value={snap.cells.get(key) ?? ""}
                      mark={marks.cell.get(key)}
                      peer={peerAt.get(key)}
                      here={isPos(a.id, r.id)}
                      highlighted={props.highlight.has(key)}
                      lang={lang}
                      onClick={(e) => latest.current.onCellClick(e, a.id, r.id)}
                      onFocus={() => {
                        latest.current.props.onPos({ a: a.id, r: r.id });
                        latest.current.props.onFocusCell(key);
                      }}
                      onBlur={() => latest.current.props.onFocusCell(null)}
                    />
                  );
                })}
                {!readOnly && <td class="raci-add-col" aria-hidden="true" />}
              </tr>
            );
          })}
          {!readOnly && <AddActivityRow colSpan={roles.length + 1} onAdd={(name) => edit(() => addActivity(content, newId("a"), name))} />}
        </tbody>
        {roles.length > 0 && activities.length > 0 && (
          <tfoot>
            <tr>
              <th scope="row" class="raci-load-head">
                {rt("grid.load")}
              </th>
              {roles.map((r) => {
                const l = props.analysis?.load.find((x) => x.role === r.id);
                return (
                  <td key={r.id} class="raci-load">
                    {l && <LoadBar load={l} max={maxLoad} />}
                  </td>
                );
              })}
              {!readOnly && <td class="raci-add-col" />}
            </tr>
          </tfoot>
        )}
      </table>
      {menu && (
        <Menu
          x={menu.x}
          y={menu.y}
          items={headerMenu(menu, { content, snap, edit, startRename, focusAfter, onDeleted: props.onDeleted })}
          onClose={(refocus) => {
            const back = menu.kind === "activity" ? { a: menu.id, r: null } : { a: null, r: menu.id };
            setMenu(null);
            if (refocus && !focusPending()) focusAfter(back);
          }}
        />
      )}
    </div>
  );
}
