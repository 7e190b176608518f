// The grid's headers: a role (column) and an activity (row), each renamable in place, with
// its findings and its menu. Focus and keys stay with the grid (data-a/data-r address a header).
import type { JSX } from "preact";
import { Icon } from "../../ui/icons";
import { rt } from "./i18n";
import { findingText, SeverityIcon } from "./Findings";
import { MenuButton, RenameInput } from "./GridParts";
import { worst } from "./marks";
import type { Activity, Finding, RaciRole, RaciSnapshot } from "./schema";

interface HeaderProps {
  snap: RaciSnapshot;
  findings: Finding[];
  editing: boolean;
  highlighted: boolean;
  tabbable: boolean;
  readOnly: boolean;
  onFocus: () => void;
  onRename: (value: string) => void;
  onEndRename: (revert: boolean) => void;
  onStartRename: () => void;
  onClickHead: (e: MouseEvent) => void;
  onMenu: (x: number, y: number) => void;
}

const titleOf = (fs: Finding[], snap: RaciSnapshot) => fs.map((f) => findingText(f, snap)).join("\n") || undefined;

export function RoleHeader({ role, ...p }: HeaderProps & { role: RaciRole }): JSX.Element {
  const fs = p.findings;
  return (
    <th
      scope="col"
      role="columnheader"
      class={`raci-role${fs.length ? ` has-${worst(fs)}` : ""}${p.highlighted ? " hl" : ""}`}
      tabIndex={p.tabbable ? 0 : -1}
      data-a=""
      data-r={role.id}
      title={titleOf(fs, p.snap)}
      onFocus={p.onFocus}
    >
      {p.editing ? (
        <RenameInput value={role.name} label={rt("grid.roleName")} onValue={p.onRename} onDone={p.onEndRename} />
      ) : (
        <div class="raci-head raci-head-role" onClick={(e) => !p.readOnly && p.onClickHead(e)}>
          <span class="raci-role-name" onDblClick={() => !p.readOnly && p.onStartRename()}>
            {role.name || rt("unnamed")}
          </span>
          <span class="raci-head-tools">
            {role.kind === "department" && (
              <span class="raci-dept" title={rt("grid.department")}>
                {rt("grid.deptShort")}
              </span>
            )}
            {fs.length > 0 && <SeverityIcon severity={worst(fs)} size={15} />}
            {!p.readOnly && <MenuButton label={rt("menu.forRole", { name: role.name })} onOpen={p.onMenu} />}
          </span>
        </div>
      )}
    </th>
  );
}

export function ActivityHeader({ activity: a, n, ...p }: HeaderProps & { activity: Activity; n: number }): JSX.Element {
  const fs = p.findings;
  return (
    <th
      scope="row"
      role="rowheader"
      class={`raci-activity${fs.length ? ` has-${worst(fs)}` : ""}${p.highlighted ? " hl" : ""}`}
      tabIndex={p.tabbable ? 0 : -1}
      data-a={a.id}
      data-r=""
      title={titleOf(fs, p.snap)}
      onFocus={p.onFocus}
    >
      {p.editing ? (
        <RenameInput value={a.name} label={rt("grid.activityName")} onValue={p.onRename} onDone={p.onEndRename} />
      ) : (
        <div class="raci-head" onClick={(e) => !p.readOnly && p.onClickHead(e)}>
          <span class="raci-n" aria-hidden="true">
            {n}
          </span>
          <span class="raci-activity-name" onDblClick={() => !p.readOnly && p.onStartRename()}>
            {a.name || rt("unnamed")}
            {a.step_id && (
              <span class="raci-step" title={rt("grid.fromVsm")}>
                <Icon name="flow" size={13} />
                <span class="sr-only">{rt("grid.fromVsm")}</span>
              </span>
            )}
          </span>
          {fs.length > 0 && (
            <span class={`raci-row-flag raci-row-flag-${worst(fs)}`}>
              <SeverityIcon severity={worst(fs)} size={15} />
              <span class="sr-only">{fs.map((f) => findingText(f, p.snap)).join(" ")}</span>
            </span>
          )}
          {!p.readOnly && <MenuButton label={rt("menu.forActivity", { name: a.name })} onOpen={p.onMenu} />}
        </div>
      )}
    </th>
  );
}
