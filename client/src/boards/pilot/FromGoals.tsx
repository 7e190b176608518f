// "Take from goals": the workshop's SMART goals (workshop board `goals`) become pilot KPIs in
// one edit — metric, unit, direction, baseline and target copied, the goal's id kept in `goal`.
// A goal that already has its KPI (by that link, or a KPI of the same name) cannot be taken twice.
import * as Y from "yjs";
import { useState } from "preact/hooks";
import { Icon } from "../../ui/icons";
import { useY } from "../../sync/hooks";
import { goalsMap, readGoals, type Goal } from "../workshop/schema";
import { tp } from "./i18n";
import { kpisMap, newKpiId, type Kpi } from "./schema";

type Edit = (fn: () => void) => void;

const key = (s: string) => s.normalize("NFKC").trim().toLocaleLowerCase();

/** The KPI already standing for this goal, if any. */
export function kpiOfGoal(goal: Goal, kpis: Kpi[]): Kpi | undefined {
  return kpis.find((k) => k.goal === goal.id) ?? kpis.find((k) => !k.goal && key(k.name) !== "" && key(k.name) === key(goal.metric));
}

export function takeGoals(content: Y.Doc, goals: Goal[]): string[] {
  const ids: string[] = [];
  for (const goal of goals) {
    const id = newKpiId();
    const entries: [string, unknown][] = [
      ["name", goal.metric.trim()],
      ["unit", goal.unit.trim()],
      ["better", goal.better],
      ["goal", goal.id],
    ];
    if (goal.baseline !== null) entries.push(["baseline", goal.baseline]);
    if (goal.target !== null) entries.push(["target", goal.target]);
    kpisMap(content).set(id, new Y.Map<unknown>(entries));
    ids.push(id);
  }
  return ids;
}

export function FromGoals({ content, workshop, kpis, edit }: { content: Y.Doc; workshop: Y.Doc | null; kpis: Kpi[]; edit: Edit }) {
  const [open, setOpen] = useState(false);
  const [chosen, setChosen] = useState<Set<string>>(new Set());
  useY(workshop ? goalsMap(workshop) : null);
  const goals = workshop ? readGoals(workshop).filter((g) => g.metric.trim()) : [];
  const free = goals.filter((g) => !kpiOfGoal(g, kpis));
  const picked = free.filter((g) => chosen.has(g.id));
  const toggle = (id: string) =>
    setChosen((prev) => {
      const next = new Set(prev);
      if (!next.delete(id)) next.add(id);
      return next;
    });
  const take = () => {
    edit(() => takeGoals(content, picked));
    setChosen(new Set());
    setOpen(false);
  };
  if (!open)
    return (
      <button
        type="button"
        class="btn btn-small btn-ghost"
        data-testid="kpis-from-goals"
        onClick={() => setOpen(true)}
        disabled={!workshop}
      >
        <Icon name="plus" size={16} /> <span>{tp("def.fromGoals")}</span>
      </button>
    );
  return (
    <fieldset class="pilot-from-goals" data-testid="from-goals">
      <legend>{tp("def.fromGoalsTitle")}</legend>
      {goals.length === 0 && <p class="empty-inline">{tp("def.noGoals")}</p>}
      <ul>
        {goals.map((g) => {
          const has = kpiOfGoal(g, kpis);
          const unit = g.unit ? ` ${g.unit}` : "";
          return (
            <li key={g.id} data-goal-id={g.id}>
              <label>
                <input type="checkbox" checked={Boolean(has) || chosen.has(g.id)} disabled={Boolean(has)} onChange={() => toggle(g.id)} />{" "}
                <strong>{g.metric}</strong>{" "}
                <span class="muted small">
                  {tp("def.goalFigures", { baseline: g.baseline ?? "–", target: g.target ?? "–", unit })}
                  {has ? ` · ${tp("def.goalHasKpi", { name: has.name })}` : ""}
                </span>
              </label>
            </li>
          );
        })}
      </ul>
      <div class="pilot-from-goals-foot">
        <button type="button" class="btn btn-small" data-testid="take-goals" disabled={!picked.length} onClick={take}>
          {tp("def.takeGoals", { count: picked.length })}
        </button>
        <button type="button" class="btn btn-small btn-ghost" onClick={() => setOpen(false)}>
          {tp("def.cancel")}
        </button>
      </div>
    </fieldset>
  );
}
