// "Import activities from the value-stream map": pick one of the workshop's value-stream
// boards and a state (future by default when it has steps), tick the steps, optionally add
// the swimlanes as department columns (helpers in schema.ts).
import * as Y from "yjs";
import { useEffect, useState } from "preact/hooks";
import { request, type BoardSummary } from "../../api";
import { Dialog } from "../../ui/dialog";
import { notify, notifyError } from "../../ui/toast";
import { rt } from "./i18n";
import { activitiesFromVsm, addActivity, addRole, departmentsFromVsm, newId, vsmSteps, type RaciSnapshot, type VsmState } from "./schema";

type Json = Record<string, unknown>;

export function ImportVsm(props: {
  open: boolean;
  onClose: () => void;
  boards: BoardSummary[];
  token: string;
  content: Y.Doc;
  snap: RaciSnapshot;
  edit: (fn: () => void) => void;
}) {
  const vsms = props.boards.filter((b) => b.kind === "vsm");
  const [boardId, setBoardId] = useState(vsms[0]?.id ?? "");
  const [vsm, setVsm] = useState<Json | null>(null);
  const [loading, setLoading] = useState(false);
  const [state, setState] = useState<VsmState | null>(null);
  const [unticked, setUnticked] = useState<Set<string>>(new Set());
  const [withDepts, setWithDepts] = useState(true);

  useEffect(() => {
    if (!props.open || !boardId) return;
    let live = true;
    setLoading(true);
    setVsm(null);
    request<{ snapshot: Json }>("GET", `/api/boards/${encodeURIComponent(boardId)}`, { token: props.token })
      .then((b) => {
        if (!live) return;
        setVsm(b.snapshot);
        setState(vsmSteps(b.snapshot, "future").length ? "future" : "current");
      })
      .catch((error) => live && notifyError(error))
      .finally(() => live && setLoading(false));
    return () => {
      live = false;
    };
  }, [props.open, boardId]);

  const linked = new Set(props.snap.activities.map((a) => a.step_id).filter(Boolean));
  const all = vsm && state ? activitiesFromVsm(vsm, state) : [];
  const fresh = all.filter((r) => !linked.has(r.step_id));
  const chosen = fresh.filter((r) => !unticked.has(r.step_id));
  const roleNames = new Set(props.snap.roles.map((r) => r.name.trim()));
  const depts = vsm && state ? departmentsFromVsm(vsm, state).filter((d) => !roleNames.has(d)) : [];
  const counts = vsm ? { future: vsmSteps(vsm, "future").length, current: vsmSteps(vsm, "current").length } : null;

  const run = (e: Event) => {
    e.preventDefault();
    props.edit(() => {
      for (const row of chosen) addActivity(props.content, newId("a"), row.name, row.step_id);
      if (withDepts) for (const name of depts) addRole(props.content, newId("r"), name, "department");
    });
    notify(rt("import.done", { count: chosen.length }));
    setUnticked(new Set());
    props.onClose();
  };

  return (
    <Dialog open={props.open} title={rt("import.title")} onClose={props.onClose} wide>
      {vsms.length === 0 ? (
        <p class="muted">{rt("import.noVsm")}</p>
      ) : (
        <form class="raci-import" onSubmit={run}>
          <p class="hint">{rt("import.intro")}</p>
          {vsms.length > 1 && (
            <div class="field">
              <label for="raci-import-board">{rt("import.board")}</label>
              <select id="raci-import-board" value={boardId} onChange={(e) => setBoardId((e.currentTarget as HTMLSelectElement).value)}>
                {vsms.map((b) => (
                  <option key={b.id} value={b.id}>
                    {b.title}
                  </option>
                ))}
              </select>
            </div>
          )}
          {counts && (
            <fieldset class="field raci-import-state">
              <legend>{rt("import.state")}</legend>
              <div class="row wrap">
                {(["future", "current"] as const).map((s) => (
                  <label key={s} class={`raci-radio${state === s ? " on" : ""}${counts[s] ? "" : " off"}`}>
                    <input type="radio" name="raci-state" checked={state === s} disabled={!counts[s]} onChange={() => setState(s)} />
                    <span>{rt(`import.${s}`, { count: counts[s] })}</span>
                  </label>
                ))}
              </div>
            </fieldset>
          )}
          {loading && <p class="muted">{rt("import.loading")}</p>}
          {vsm && !all.length && <p class="muted">{rt("import.noSteps")}</p>}
          {all.length > 0 && (
            <ul class="raci-import-steps">
              {all.map((row, i) => {
                const done = linked.has(row.step_id);
                return (
                  <li key={row.step_id}>
                    <label class={`check${done ? " done" : ""}`}>
                      <input
                        type="checkbox"
                        checked={done || !unticked.has(row.step_id)}
                        disabled={done}
                        onChange={(e) => {
                          const next = new Set(unticked);
                          if ((e.currentTarget as HTMLInputElement).checked) next.delete(row.step_id);
                          else next.add(row.step_id);
                          setUnticked(next);
                        }}
                      />
                      <span class="raci-import-step">
                        <span class="raci-import-n">{i + 1}</span>
                        <span>
                          <strong>{row.name || rt("unnamed")}</strong>
                          {row.department && <span class="muted"> · {row.department}</span>}
                          {done && <span class="chip">{rt("import.already")}</span>}
                        </span>
                      </span>
                    </label>
                  </li>
                );
              })}
            </ul>
          )}
          {depts.length > 0 && (
            <label class="check">
              <input type="checkbox" checked={withDepts} onChange={(e) => setWithDepts((e.currentTarget as HTMLInputElement).checked)} />
              <span>{rt("import.departments", { count: depts.length, names: depts.join(rt("sep")) })}</span>
            </label>
          )}
          <div class="dialog-actions">
            <button type="button" class="btn" onClick={props.onClose}>
              {rt("import.cancel")}
            </button>
            <button
              type="submit"
              class="btn btn-primary"
              disabled={!chosen.length && !(withDepts && depts.length)}
              data-testid="raci-import-run"
            >
              {rt("import.run", { count: chosen.length })}
            </button>
          </div>
        </form>
      )}
    </Dialog>
  );
}
