// SMART goals (metric, baseline → target, deadline, link), co-edited in the workshop board's
// content document; the server's analysis checks each SMART letter and says why it fails.
import * as Y from "yjs";
import { useMemo } from "preact/hooks";
import { t, useLanguage } from "../../i18n";
import { LOCAL } from "../../sync/connection";
import { useAnalysis, useY } from "../../sync/hooks";
import { BoundInput, FieldError } from "../../ui/field";
import { Icon } from "../../ui/icons";
import { focusWithTypeAhead, typeAhead } from "../../ui/type-ahead";
import { useWorkshop } from "./context";
import { goalsMap, newGoalId, parseNumber, readGoals, type Goal, type GoalCheck, type SmartLetter, type WorkshopAnalysis } from "./schema";

const fmt = (v: number | null, lang: string) => (v === null ? "—" : v.toLocaleString(lang, { maximumFractionDigits: 2 }));

function change(goal: Goal): { pct: number; ok: boolean } | null {
  if (goal.baseline === null || goal.target === null || goal.baseline === 0) return null;
  const pct = ((goal.target - goal.baseline) / Math.abs(goal.baseline)) * 100;
  return { pct, ok: goal.better === "lower" ? pct < 0 : pct > 0 };
}

const day = (iso: string, lang: string) => {
  const d = new Date(`${iso}T00:00:00Z`);
  return Number.isNaN(d.getTime()) ? iso : d.toLocaleDateString(lang, { year: "numeric", month: "short", day: "numeric", timeZone: "UTC" });
};

/** A reason's params as shown: dates and numbers in the reader's language, amounts with the unit. */
function reasonParams(letter: SmartLetter, unit: string, lang: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [key, value] of Object.entries(letter.params ?? {})) {
    if ((key === "date" || key === "today") && typeof value === "string") out[key] = day(value, lang);
    else if (typeof value === "number" && ["baseline", "target", "value"].includes(key)) out[key] = `${fmt(value, lang)} ${unit}`.trim();
    else if (typeof value === "number") out[key] = fmt(value, lang);
    else out[key] = String(value);
  }
  return out;
}

function SmartChip({ check }: { check: GoalCheck | undefined }) {
  if (!check) return null;
  if (check.smart)
    return (
      <span class="chip chip-ok">
        <Icon name="check" size={14} /> {t("goals.smart")}
      </span>
    );
  if (check.missing.length)
    return (
      <span class="chip chip-warn">
        {t("goals.missing", { fields: check.missing.map((f) => t(`goals.fields.${f}`)).join(t("list.sep")) })}
      </span>
    );
  const failed = (check.letters ?? []).filter((l) => !l.ok).map((l) => l.letter);
  return <span class="chip chip-warn">{t("goals.notSmart", { letters: failed.join(" ") })}</span>;
}

/** Each SMART letter with pass/fail and the server's reason. */
function SmartLetters({ check, unit }: { check: GoalCheck | undefined; unit: string }) {
  const lang = useLanguage();
  if (!check?.letters?.length) return null;
  return (
    <ul class="smart-letters" aria-label={t("goals.checkTitle")}>
      {check.letters.map((l) => {
        const name = t(`goals.letterNames.${l.letter}`);
        return (
          <li key={l.letter} class={`smart-letter ${l.ok ? "is-ok" : "is-fail"}`} data-letter={l.letter} data-ok={String(l.ok)}>
            <span class="smart-badge" title={name} aria-label={`${name}: ${t(l.ok ? "goals.pass" : "goals.fail")}`}>
              {l.letter} <Icon name={l.ok ? "check" : "x"} size={12} />
            </span>
            <span class="smart-reason">{t(`goals.reasons.${l.code}`, reasonParams(l, unit, lang))}</span>
          </li>
        );
      })}
    </ul>
  );
}

function GoalRead({ goal, check }: { goal: Goal; check?: GoalCheck }) {
  const lang = useLanguage();
  const c = change(goal);
  return (
    <li class="goal goal-read" data-goal-id={goal.id}>
      <div class="goal-head">
        <strong class="goal-metric">{goal.metric || t("goals.untitled")}</strong>
        <SmartChip check={check} />
      </div>
      <div class="goal-numbers">
        <span>
          {fmt(goal.baseline, lang)} {goal.unit}
        </span>
        <span aria-hidden="true">→</span>
        <span class="goal-target">
          {fmt(goal.target, lang)} {goal.unit}
        </span>
        {c && (
          <span class={`delta ${c.ok ? "delta-ok" : "delta-bad"}`}>
            {c.pct > 0 ? "+" : ""}
            {c.pct.toFixed(0)}%
          </span>
        )}
      </div>
      <div class="goal-meta">
        {t(`goals.better.${goal.better}`)}
        {goal.deadline && <> · {t("goals.by", { date: goal.deadline })}</>}
        {goal.horizon && <> · {goal.horizon}</>}
        {goal.link && <> · {goal.link}</>}
      </div>
      <SmartLetters check={check} unit={goal.unit} />
    </li>
  );
}

/** A server letter's reason when it failed with one of `codes`, in the reader's language. */
function failed(check: GoalCheck | undefined, letter: string, codes: string[], unit: string, lang: string): string | null {
  const l = check?.letters?.find((x) => x.letter === letter);
  return l && !l.ok && codes.includes(l.code) ? t(`goals.reasons.${l.code}`, reasonParams(l, unit, lang)) : null;
}

/** Why each field's value is not taken as it stands: typed text that is no number, a missing
 *  unit, a target that does not improve on the baseline, a deadline that reads as no date. */
function goalErrors(goal: Goal, map: Y.Map<unknown>, check: GoalCheck | undefined, lang: string) {
  const notNumber = (field: string) => {
    const raw = map.get(field);
    return typeof raw === "string" && raw.trim() ? t("goals.invalid.notNumber", { text: raw.trim() }) : null;
  };
  const numbers = goal.baseline !== null || goal.target !== null;
  return {
    metric: failed(check, "S", ["metric_placeholder"], goal.unit, lang),
    unit: numbers && !goal.unit.trim() ? t("goals.invalid.unitMissing") : null,
    baseline: notNumber("baseline"),
    target:
      notNumber("target") ??
      failed(check, "M", ["no_change"], goal.unit, lang) ??
      failed(check, "A", ["wrong_lower", "wrong_higher"], goal.unit, lang),
    deadline: goal.deadline.trim() ? failed(check, "T", ["deadline_unreadable", "deadline_past"], goal.unit, lang) : null,
  };
}

function GoalEdit({ goal, map, check }: { goal: Goal; map: Y.Map<unknown>; check?: GoalCheck }) {
  const lang = useLanguage();
  const set = (field: string, value: unknown) => map.doc!.transact(() => map.set(field, value), LOCAL);
  // "12%", "1,200" are stored as the number they say; text that says no number is kept as
  // typed, so the SMART check can say so and nobody's typing silently disappears.
  const setNum = (field: string, raw: string) => set(field, raw.trim() === "" ? null : (parseNumber(raw) ?? raw.trim()));
  const shown = (field: string) => {
    const v = map.get(field);
    return typeof v === "number" ? String(v) : typeof v === "string" ? v : "";
  };
  const id = (f: string) => `goal-${goal.id}-${f}`;
  const c = change(goal);
  const errors = goalErrors(goal, map, check, lang);
  return (
    <li class="goal goal-edit" data-goal-id={goal.id}>
      <div class="goal-grid">
        <div class="field field-metric">
          <label for={id("metric")}>{t("goals.fields.metric")}</label>
          <BoundInput
            id={id("metric")}
            value={goal.metric}
            onValue={(v) => set("metric", v)}
            placeholder={t("goals.placeholders.metric")}
            error={errors.metric}
          />
          <FieldError id={id("metric")} message={errors.metric} />
        </div>
        <div class="field field-unit">
          <label for={id("unit")}>{t("goals.fields.unit")}</label>
          <BoundInput
            id={id("unit")}
            value={goal.unit}
            onValue={(v) => set("unit", v)}
            placeholder={t("goals.placeholders.unit")}
            error={errors.unit}
          />
          <FieldError id={id("unit")} message={errors.unit} />
        </div>
        <div class="field field-horizon">
          <label for={id("horizon")}>{t("goals.fields.horizon")}</label>
          <BoundInput
            id={id("horizon")}
            value={goal.horizon}
            onValue={(v) => set("horizon", v)}
            placeholder={t("goals.placeholders.horizon")}
          />
        </div>
        <div class="field">
          <label for={id("baseline")}>{t("goals.fields.baseline")}</label>
          <BoundInput
            id={id("baseline")}
            inputMode="decimal"
            value={shown("baseline")}
            onValue={(v) => setNum("baseline", v)}
            error={errors.baseline}
          />
          <FieldError id={id("baseline")} message={errors.baseline} />
        </div>
        <div class="field">
          <label for={id("target")}>{t("goals.fields.target")}</label>
          <BoundInput
            id={id("target")}
            inputMode="decimal"
            value={shown("target")}
            onValue={(v) => setNum("target", v)}
            error={errors.target}
          />
          <FieldError id={id("target")} message={errors.target} />
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
          <BoundInput
            id={id("deadline")}
            value={goal.deadline}
            onValue={(v) => set("deadline", v)}
            placeholder={t("goals.placeholders.deadline")}
            maxLength={60}
            error={errors.deadline}
          />
          <FieldError id={id("deadline")} message={errors.deadline} />
          {check?.deadline_date && check.deadline_date !== goal.deadline.trim() && (
            <span class="field-note" data-testid="deadline-reads">
              {t("goals.reads", { date: day(check.deadline_date, lang) })}
            </span>
          )}
        </div>
        <div class="field field-link">
          <label for={id("link")}>{t("goals.fields.link")}</label>
          <BoundInput id={id("link")} value={goal.link} onValue={(v) => set("link", v)} placeholder={t("goals.placeholders.link")} />
        </div>
      </div>
      <SmartLetters check={check} unit={goal.unit} />
      <div class="goal-foot">
        <SmartChip check={check} />
        {c && (
          <span class={`delta ${c.ok ? "delta-ok" : "delta-bad"}`}>
            {t("goals.change", { pct: `${c.pct > 0 ? "+" : ""}${c.pct.toFixed(0)}%` })}
          </span>
        )}
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
  const checks = new Map(analysis?.goals?.map((g) => [g.id, g]) ?? []);
  const list = content ? readGoals(content) : [];
  const editable = w.canEdit && w.status !== "denied" && w.status !== "too_large";

  const pendingKeys = useMemo(() => typeAhead(), []);
  const add = () => {
    if (!goals) return;
    pendingKeys.start();
    const id = newGoalId();
    goals.doc!.transact(() => {
      goals.set(
        id,
        new Y.Map<unknown>(
          Object.entries({ metric: "", unit: "", baseline: null, target: null, deadline: "", better: "lower", horizon: "", link: "" }),
        ),
      );
    }, LOCAL);
    // the new goal by its id: goals are listed by id, which need not put the new one last, and
    // what is typed next must not land in another goal's metric
    requestAnimationFrame(() => {
      const metric = document.getElementById(`goal-${id}-metric`);
      if (metric instanceof HTMLInputElement) focusWithTypeAhead(metric, pendingKeys);
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
              <GoalEdit key={g.id} goal={g} map={goals!.get(g.id) as Y.Map<unknown>} check={checks.get(g.id)} />
            ) : (
              <GoalRead key={g.id} goal={g} check={checks.get(g.id)} />
            ),
          )}
        </ul>
      )}
    </section>
  );
}
