// SMART goals (metric, baseline → target, deadline), co-edited in the workshop board's content
// document; the server's analysis says which goals are complete.
import * as Y from "yjs";
import { useMemo } from "preact/hooks";
import { t, useLanguage } from "../../i18n";
import { LOCAL } from "../../sync/connection";
import { useAnalysis, useY } from "../../sync/hooks";
import { BoundInput } from "../../ui/field";
import { Icon } from "../../ui/icons";
import { focusWithTypeAhead, typeAhead } from "../../ui/type-ahead";
import { useWorkshop } from "./context";
import { goalsMap, newGoalId, readGoals, type Goal, type WorkshopAnalysis } from "./schema";

const fmt = (v: number | null, lang: string) => (v === null ? "—" : v.toLocaleString(lang, { maximumFractionDigits: 2 }));

function change(goal: Goal): { pct: number; ok: boolean } | null {
  if (goal.baseline === null || goal.target === null || goal.baseline === 0) return null;
  const pct = ((goal.target - goal.baseline) / Math.abs(goal.baseline)) * 100;
  return { pct, ok: goal.better === "lower" ? pct < 0 : pct > 0 };
}

function SmartChip({ missing }: { missing: string[] | undefined }) {
  if (!missing) return null;
  if (!missing.length) return <span class="chip chip-ok"><Icon name="check" size={14} /> {t("goals.smart")}</span>;
  return (
    <span class="chip chip-warn">
      {t("goals.missing", { fields: missing.map((f) => t(`goals.fields.${f}`)).join(t("list.sep")) })}
    </span>
  );
}

function GoalRead({ goal, missing }: { goal: Goal; missing?: string[] }) {
  const lang = useLanguage();
  const c = change(goal);
  return (
    <li class="goal goal-read" data-goal-id={goal.id}>
      <div class="goal-head">
        <strong class="goal-metric">{goal.metric || t("goals.untitled")}</strong>
        <SmartChip missing={missing} />
      </div>
      <div class="goal-numbers">
        <span>{fmt(goal.baseline, lang)} {goal.unit}</span>
        <span aria-hidden="true">→</span>
        <span class="goal-target">{fmt(goal.target, lang)} {goal.unit}</span>
        {c && <span class={`delta ${c.ok ? "delta-ok" : "delta-bad"}`}>{c.pct > 0 ? "+" : ""}{c.pct.toFixed(0)}%</span>}
      </div>
      <div class="goal-meta">
        {t(`goals.better.${goal.better}`)}
        {goal.deadline && <> · {t("goals.by", { date: goal.deadline })}</>}
        {goal.horizon && <> · {goal.horizon}</>}
      </div>
    </li>
  );
}

function GoalEdit({ goal, map, missing }: { goal: Goal; map: Y.Map<unknown>; missing?: string[] }) {
  const set = (field: string, value: unknown) => map.doc!.transact(() => map.set(field, value), LOCAL);
  const setNum = (field: string, raw: string) => {
    const v = raw.trim() === "" ? null : Number(raw.replace(",", "."));
    if (v === null || Number.isFinite(v)) set(field, v);
  };
  const id = (f: string) => `goal-${goal.id}-${f}`;
  const c = change(goal);
  return (
    <li class="goal goal-edit" data-goal-id={goal.id}>
      <div class="goal-grid">
        <div class="field field-metric">
          <label for={id("metric")}>{t("goals.fields.metric")}</label>
          <BoundInput id={id("metric")} value={goal.metric} onValue={(v) => set("metric", v)} placeholder={t("goals.placeholders.metric")} />
        </div>
        <div class="field field-unit">
          <label for={id("unit")}>{t("goals.fields.unit")}</label>
          <BoundInput id={id("unit")} value={goal.unit} onValue={(v) => set("unit", v)} placeholder={t("goals.placeholders.unit")} />
        </div>
        <div class="field field-horizon">
          <label for={id("horizon")}>{t("goals.fields.horizon")}</label>
          <BoundInput id={id("horizon")} value={goal.horizon} onValue={(v) => set("horizon", v)} placeholder={t("goals.placeholders.horizon")} />
        </div>
        <div class="field">
          <label for={id("baseline")}>{t("goals.fields.baseline")}</label>
          <BoundInput id={id("baseline")} inputMode="decimal" value={goal.baseline === null ? "" : String(goal.baseline)} onValue={(v) => setNum("baseline", v)} />
        </div>
        <div class="field">
          <label for={id("target")}>{t("goals.fields.target")}</label>
          <BoundInput id={id("target")} inputMode="decimal" value={goal.target === null ? "" : String(goal.target)} onValue={(v) => setNum("target", v)} />
        </div>
        <div class="field field-better">
          <label for={id("better")}>{t("goals.fields.better")}</label>
          <select id={id("better")} value={goal.better} onChange={(e) => set("better", (e.currentTarget as HTMLSelectElement).value)}>
            <option value="lower">{t("goals.better.lower")}</option>
            <option value="higher">{t("goals.better.higher")}</option>
          </select>
        </div>
        <div class="field field-deadline">
          <label for={id("deadline")}>{t("goals.fields.deadline")}</label>
          <BoundInput id={id("deadline")} type="date" value={goal.deadline} onValue={(v) => set("deadline", v)} />
        </div>
      </div>
      <div class="goal-foot">
        <SmartChip missing={missing} />
        {c && <span class={`delta ${c.ok ? "delta-ok" : "delta-bad"}`}>{t("goals.change", { pct: `${c.pct > 0 ? "+" : ""}${c.pct.toFixed(0)}%` })}</span>}
        <button
          type="button"
          class="btn btn-ghost btn-small btn-danger-text"
          onClick={() => map.parent instanceof Y.Map && map.doc!.transact(() => (map.parent as Y.Map<unknown>).delete(goal.id), LOCAL)}
        >
          <Icon name="trash" size={16} /> <span>{t("goals.remove")}</span>
        </button>
      </div>
    </li>
  );
}

export function GoalsPanel() {
  const w = useWorkshop();
  const content = w.conn?.content ?? null;
  const goals = useMemo(() => (content ? goalsMap(content) : null), [content]);
  useY(goals);
  const analysis = useAnalysis(w.conn?.ledger ?? null) as WorkshopAnalysis | null;
  const missing = new Map(analysis?.goals?.map((g) => [g.id, g.missing]) ?? []);
  const list = content ? readGoals(content) : [];
  const editable = w.canEdit && w.status !== "denied" && w.status !== "too_large";

  const pendingKeys = useMemo(() => typeAhead(), []);
  const add = () => {
    if (!goals) return;
    pendingKeys.start();
    goals.doc!.transact(() => {
      goals.set(newGoalId(), new Y.Map<unknown>(Object.entries({ metric: "", unit: "", baseline: null, target: null, deadline: "", better: "lower", horizon: "" })));
    }, LOCAL);
    requestAnimationFrame(() => {
      const inputs = document.querySelectorAll<HTMLInputElement>(".goal-edit .field-metric input");
      const last = inputs[inputs.length - 1];
      if (last) focusWithTypeAhead(last, pendingKeys);
    });
  };

  return (
    <section class="panel goals-panel" aria-labelledby="goals-title">
      <div class="panel-head">
        <h2 id="goals-title">{t("goals.title")}</h2>
        {editable && (
          <button type="button" class="btn btn-small" onClick={add}>
            <Icon name="plus" size={16} /> <span>{t("goals.add")}</span>
          </button>
        )}
      </div>
      <p class="hint">{t("goals.hint")}</p>
      {list.length === 0 ? (
        <p class="empty-inline">{editable ? t("goals.empty") : t("goals.emptyReadOnly")}</p>
      ) : (
        <ul class="goals">
          {list.map((g) =>
            editable ? (
              <GoalEdit key={g.id} goal={g} map={goals!.get(g.id) as Y.Map<unknown>} missing={missing.get(g.id)} />
            ) : (
              <GoalRead key={g.id} goal={g} missing={missing.get(g.id)} />
            ),
          )}
        </ul>
      )}
    </section>
  );
}
