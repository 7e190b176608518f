// The risk register (risk, likelihood, impact, mitigation, owner, status) and its 5×5
// likelihood × impact heat map. The map counts the risks not closed, read from the shared
// content so it follows every edit at once.
import * as Y from "yjs";
import { useState } from "preact/hooks";
import { Icon } from "../../ui/icons";
import { LiveInput } from "../../ui/live-input";
import { SharedTextArea, sharedField } from "../../ui/shared-text";
import { multiLinePaste, PasteLinesPrompt } from "../../ui/paste-lines";
import { ActionControl } from "../workshop/ActionControl";
import { tr } from "./i18n";
import { newId, RISK_STATUSES, risksMap, type Risk, type RiskLevel } from "./schema";

type Edit = (fn: () => void) => void;
const SCALE = [1, 2, 3, 4, 5] as const;

/** The level of a likelihood × impact score, as boards/rollout bands it: 1–4 low, 5–12 medium, 15–25 high. */
export const levelOf = (score: number): RiskLevel => (score <= 4 ? "low" : score <= 12 ? "medium" : "high");

function set(content: Y.Doc, id: string, key: string, value: unknown, edit: Edit) {
  const m = risksMap(content).get(id);
  if (m instanceof Y.Map) edit(() => m.set(key, value));
}

function HeatMap({ risks }: { risks: Risk[] }) {
  const live = risks.filter((r) => r.status !== "closed");
  const cell = (l: number, i: number) => live.filter((r) => r.likelihood === l && r.impact === i);
  return (
    <figure class="rollout-heat" data-testid="heat-map">
      <div class="rollout-heat-grid" role="table" aria-label={tr("risks.heatLabel")}>
        <span class="rollout-heat-axis rollout-heat-y" aria-hidden="true">
          {tr("risks.likelihood")} →
        </span>
        {[...SCALE].reverse().map((l) => (
          <div key={l} class="rollout-heat-row" role="row">
            <span class="rollout-heat-tick" role="rowheader">
              {l}
            </span>
            {SCALE.map((i) => {
              const here = cell(l, i);
              return (
                <span
                  key={i}
                  role="cell"
                  class={`rollout-heat-cell rollout-level-${levelOf(l * i)}${here.length ? " has-risks" : ""}`}
                  data-l={l}
                  data-i={i}
                  data-count={here.length}
                  title={here.map((r) => r.text).join("\n")}
                  aria-label={tr("risks.cell", { l, i, count: here.length })}
                >
                  {here.length || ""}
                </span>
              );
            })}
          </div>
        ))}
        <div class="rollout-heat-row" aria-hidden="true">
          <span class="rollout-heat-tick" />
          {SCALE.map((i) => (
            <span key={i} class="rollout-heat-tick">
              {i}
            </span>
          ))}
        </div>
        <span class="rollout-heat-axis" aria-hidden="true">
          {tr("risks.impact")} →
        </span>
      </div>
      <figcaption class="small muted">{tr("risks.heatHint")}</figcaption>
    </figure>
  );
}

function Scale({
  id,
  value,
  label,
  disabled,
  onValue,
}: {
  id: string;
  value: number | null;
  label: string;
  disabled: boolean;
  onValue: (n: number) => void;
}) {
  return (
    <select
      id={id}
      aria-label={label}
      value={String(value)}
      disabled={disabled}
      onChange={(e) => onValue(Number((e.currentTarget as HTMLSelectElement).value))}
    >
      {value === null && <option value="">—</option>}
      {SCALE.map((n) => (
        <option key={n} value={String(n)}>
          {n}
        </option>
      ))}
    </select>
  );
}

export function RisksPanel(props: { boardId: string; content: Y.Doc; risks: Risk[]; canEdit: boolean; edit: Edit }) {
  const { boardId, content, risks, canEdit, edit } = props;
  const [text, setText] = useState("");
  const newRisk = (riskText: string) =>
    new Y.Map<unknown>([
      ["text", riskText],
      ["likelihood", 3],
      ["impact", 3],
      ["mitigation", new Y.Text()],
      ["owner", ""],
      ["status", "open"],
    ]);
  const add = (e: Event) => {
    e.preventDefault();
    if (!text.trim()) return;
    edit(() => risksMap(content).set(newId("k"), newRisk(text.trim())));
    setText("");
  };
  // several pasted lines: one risk per line (what was typed first, if anything), in one undo step
  const [pasted, setPasted] = useState<string[] | null>(null);
  const onPaste = (e: ClipboardEvent) => {
    const lines = multiLinePaste(e);
    if (!lines) return;
    e.preventDefault();
    setPasted(lines);
  };
  const createPasted = () => {
    if (!pasted) return;
    const all = text.trim() ? [text.trim(), ...pasted] : pasted;
    edit(() => {
      for (const line of all) risksMap(content).set(newId("k"), newRisk(line));
    });
    setText("");
    setPasted(null);
  };
  return (
    <section class="panel rollout-risks" aria-labelledby="rollout-risks-title">
      <div class="panel-head">
        <h2 id="rollout-risks-title">{tr("risks.title")}</h2>
        <span class="small muted">{tr("risks.count", { count: risks.filter((r) => r.status !== "closed").length })}</span>
      </div>
      <div class="rollout-risks-body">
        <HeatMap risks={risks} />
        <div class="rollout-scroll rollout-risk-table">
          {risks.length === 0 ? (
            <p class="empty-inline">{tr("risks.empty")}</p>
          ) : (
            <table class="rollout-table" data-testid="risk-table">
              <thead>
                <tr>
                  <th>{tr("risks.risk")}</th>
                  <th title={tr("risks.likelihood")}>{tr("risks.l")}</th>
                  <th title={tr("risks.impact")}>{tr("risks.i")}</th>
                  <th>{tr("risks.level")}</th>
                  <th>{tr("risks.mitigation")}</th>
                  <th>{tr("risks.owner")}</th>
                  <th>{tr("risks.status")}</th>
                  {canEdit && <th class="sr-only">{tr("risks.remove")}</th>}
                </tr>
              </thead>
              <tbody>
                {risks.map((r) => {
                  const score = r.likelihood !== null && r.impact !== null ? r.likelihood * r.impact : null;
                  const lvl = score === null ? null : levelOf(score);
                  return (
                    <tr key={r.id} class={r.status === "closed" ? "is-closed" : ""} data-risk-id={r.id}>
                      <td>
                        {canEdit ? (
                          <LiveInput
                            multiline
                            rows={2}
                            id={`risk-text-${r.id}`}
                            aria-label={tr("risks.risk")}
                            class="rollout-inline"
                            value={r.text}
                            maxLength={500}
                            onValue={(v) => set(content, r.id, "text", v, edit)}
                          />
                        ) : (
                          r.text
                        )}
                      </td>
                      <td>
                        <Scale
                          id={`risk-l-${r.id}`}
                          label={tr("risks.likelihood")}
                          value={r.likelihood}
                          disabled={!canEdit}
                          onValue={(n) => set(content, r.id, "likelihood", n, edit)}
                        />
                      </td>
                      <td>
                        <Scale
                          id={`risk-i-${r.id}`}
                          label={tr("risks.impact")}
                          value={r.impact}
                          disabled={!canEdit}
                          onValue={(n) => set(content, r.id, "impact", n, edit)}
                        />
                      </td>
                      <td>
                        {lvl === null ? (
                          <span class="small muted">{tr("risks.unrated")}</span>
                        ) : (
                          <span class={`chip rollout-level rollout-level-${lvl}`}>
                            {score} · {tr(`level.${lvl}`)}
                          </span>
                        )}
                      </td>
                      <td>
                        {canEdit ? (
                          <SharedTextArea
                            rows={2}
                            id={`risk-mit-${r.id}`}
                            aria-label={tr("risks.mitigation")}
                            class="rollout-inline"
                            maxLength={1000}
                            {...sharedField(risksMap(content).get(r.id), "mitigation", edit)}
                          />
                        ) : (
                          r.mitigation
                        )}
                        {r.status !== "closed" && (
                          <ActionControl source={{ board: boardId, kind: "rollout", type: "risk", item: r.id, label: r.text }} />
                        )}
                      </td>
                      <td>
                        {canEdit ? (
                          <LiveInput
                            id={`risk-owner-${r.id}`}
                            aria-label={tr("risks.owner")}
                            class="rollout-inline rollout-owner"
                            value={r.owner}
                            maxLength={120}
                            onValue={(v) => set(content, r.id, "owner", v, edit)}
                          />
                        ) : (
                          r.owner
                        )}
                      </td>
                      <td>
                        <select
                          aria-label={tr("risks.status")}
                          value={r.status}
                          disabled={!canEdit}
                          onChange={(e) => set(content, r.id, "status", (e.currentTarget as HTMLSelectElement).value, edit)}
                        >
                          {RISK_STATUSES.map((s) => (
                            <option key={s} value={s}>
                              {tr(`riskStatus.${s}`)}
                            </option>
                          ))}
                        </select>
                      </td>
                      {canEdit && (
                        <td>
                          <button
                            type="button"
                            class="btn btn-icon btn-ghost btn-small"
                            aria-label={tr("risks.remove")}
                            onClick={() => edit(() => risksMap(content).delete(r.id))}
                          >
                            <Icon name="trash" size={14} />
                          </button>
                        </td>
                      )}
                    </tr>
                  );
                })}
              </tbody>
            </table>
          )}
          {canEdit && (
            <form class="rollout-inline-add" onSubmit={add}>
              <input
                type="text"
                maxLength={500}
                value={text}
                aria-label={tr("risks.add")}
                placeholder={tr("risks.addPlaceholder")}
                onInput={(e) => setText((e.currentTarget as HTMLInputElement).value)}
                onPaste={onPaste}
                data-testid="risk-new"
              />
              <button type="submit" class="btn btn-small" disabled={!text.trim()}>
                <Icon name="plus" size={14} /> {tr("risks.add")}
              </button>
            </form>
          )}
          {pasted && (
            <PasteLinesPrompt
              lines={pasted}
              onCreate={createPasted}
              onAsOne={() => {
                setText(`${text}${text ? " " : ""}${pasted.join(" ")}`);
                setPasted(null);
              }}
              onCancel={() => setPasted(null)}
            />
          )}
        </div>
      </div>
    </section>
  );
}
