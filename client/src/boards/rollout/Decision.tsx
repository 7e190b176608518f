// Go / no-go: the facilitator records go, go with changes or stop with a rationale, naming the
// pilot board it rests on (rollout.decide; the server freezes that pilot's summary into the
// ledger). Shows the current decision with the frozen pilot summary and plan-change log, and
// the earlier decisions as its history.
import { useState } from "preact/hooks";
import { useLanguage } from "../../i18n";
import { useAction } from "../../ui/action";
import { Icon } from "../../ui/icons";
import type { WorkshopCtx } from "../workshop/context";
import { formatDay, formatNumber } from "../pilot/api";
import { tr, trMaybe } from "./i18n";
import { MAX_RATIONALE, VERDICTS, type Decision, type DecisionVerdict, type PilotSummary } from "./schema";

export function whenText(iso: string, lang: string): string {
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return iso;
  return d.toLocaleString(lang, { year: "numeric", month: "short", day: "numeric", hour: "2-digit", minute: "2-digit" });
}

export function VerdictBadge({ verdict }: { verdict: DecisionVerdict }) {
  return (
    <span class={`chip rollout-verdict rollout-verdict-${verdict}`} data-testid="decision-verdict" data-verdict={verdict}>
      <Icon name={verdict === "stop" ? "stop" : verdict === "go" ? "check" : "pencil"} size={14} /> {tr(`verdict.${verdict}`)}
    </span>
  );
}

function PilotFacts({ pilot }: { pilot: PilotSummary }) {
  const lang = useLanguage();
  const period =
    pilot.start || pilot.end
      ? tr("decision.period", {
          start: pilot.start ? formatDay(pilot.start, lang) : "…",
          end: pilot.end ? formatDay(pilot.end, lang) : "…",
        })
      : "";
  return (
    <div class="rollout-pilot-facts">
      {(pilot.name || period) && (
        <p class="small muted">
          {pilot.name && <strong>{pilot.name}</strong>} {period}
        </p>
      )}
      {pilot.kpis.length > 0 && (
        <div class="rollout-scroll">
          <table class="rollout-table" data-testid="decision-kpis">
            <thead>
              <tr>
                <th>{tr("decision.kpi")}</th>
                <th class="num">{tr("decision.baseline")}</th>
                <th class="num">{tr("decision.target")}</th>
                <th class="num">{tr("decision.change")}</th>
                <th>{tr("decision.pilotVerdict")}</th>
              </tr>
            </thead>
            <tbody>
              {pilot.kpis.map((k) => {
                const u = k.percent ? " %" : k.unit ? ` ${k.unit}` : "";
                return (
                  <tr key={k.id}>
                    <td>{k.name || k.id}</td>
                    <td class="num">{k.baseline === null ? "—" : `${formatNumber(k.baseline, lang, 1)}${u}`}</td>
                    <td class="num">{k.target === null ? "—" : `${formatNumber(k.target, lang, 1)}${u}`}</td>
                    <td class="num">
                      {k.change === null
                        ? "—"
                        : `${k.change > 0 ? "+" : k.change < 0 ? "−" : ""}${formatNumber(Math.abs(k.change), lang, 1)}${u}`}
                    </td>
                    <td>{k.verdict ? (trMaybe(`pilotVerdict.${k.verdict}`) ?? k.verdict) : "—"}</td>
                  </tr>
                );
              })}
            </tbody>
          </table>
        </div>
      )}
      <h3 class="rollout-sub">{tr("decision.changes", { count: pilot.changes.length })}</h3>
      {pilot.changes.length === 0 ? (
        <p class="small muted">{tr("decision.noChanges")}</p>
      ) : (
        <ol class="rollout-changes" data-testid="decision-changes">
          {pilot.changes.map((c, i) => (
            <li key={i}>
              <span class="small muted">{c.date ? formatDay(c.date, lang) : ""}</span> <strong>{c.text}</strong>
              {c.reason && <span class="small muted"> — {c.reason}</span>}
            </li>
          ))}
        </ol>
      )}
    </div>
  );
}

function DecideForm({ w, boardId, current, onDone }: { w: WorkshopCtx; boardId: string; current: Decision | null; onDone: () => void }) {
  const pilots = w.info.boards.filter((b) => b.kind === "pilot");
  const [verdict, setVerdict] = useState<DecisionVerdict | "">(current?.verdict ?? "");
  const [pilot, setPilot] = useState(current?.pilot_board_id ?? pilots[0]?.id ?? "");
  const [rationale, setRationale] = useState("");
  const action = useAction(
    async () => {
      await w.command("rollout.decide", { verdict, rationale: rationale.trim(), pilot_board_id: pilot }, boardId);
      onDone();
    },
    { onError: "silent" },
  );
  const send = (e: Event) => {
    e.preventDefault();
    if (!verdict) return action.setError(tr("decide.verdictRequired"));
    if (!rationale.trim()) return action.setError(tr("decide.rationaleRequired"));
    if (!pilot) return action.setError(tr("decide.pilotRequired"));
    void action.run();
  };
  return (
    <form class="rollout-decide" onSubmit={send} noValidate data-testid="decide-form">
      <fieldset class="field">
        <legend>{tr("decide.verdict")}</legend>
        <div class="rollout-verdicts">
          {VERDICTS.map((v) => (
            <label key={v} class={`rollout-verdict-choice rollout-verdict-${v}${verdict === v ? " is-on" : ""}`}>
              <input
                type="radio"
                name="rollout-verdict"
                value={v}
                checked={verdict === v}
                onChange={() => {
                  setVerdict(v);
                  action.setError("");
                }}
              />
              <strong>{tr(`verdict.${v}`)}</strong>
              <span class="small muted">{tr(`verdictHint.${v}`)}</span>
            </label>
          ))}
        </div>
      </fieldset>
      <div class="field">
        <label for="rollout-pilot">{tr("decide.pilot")}</label>
        {pilots.length === 0 ? (
          <p class="notice">{tr("decide.noPilot")}</p>
        ) : (
          <select id="rollout-pilot" value={pilot} onChange={(e) => setPilot((e.currentTarget as HTMLSelectElement).value)}>
            {pilots.map((b) => (
              <option key={b.id} value={b.id}>
                {b.title}
              </option>
            ))}
          </select>
        )}
        <span class="hint">{tr("decide.pilotHint")}</span>
      </div>
      <div class="field">
        <label for="rollout-rationale">{tr("decide.rationale")}</label>
        <textarea
          id="rollout-rationale"
          rows={3}
          maxLength={MAX_RATIONALE}
          value={rationale}
          placeholder={tr("decide.rationalePlaceholder")}
          onInput={(e) => {
            setRationale((e.currentTarget as HTMLTextAreaElement).value);
            action.setError("");
          }}
        />
      </div>
      {action.error && (
        <p class="form-error" role="alert">
          {action.error}
        </p>
      )}
      <div class="rollout-actions">
        <button type="submit" class="btn btn-primary" disabled={action.busy || pilots.length === 0} data-testid="decide-submit">
          {tr("decide.submit")}
        </button>
        <button type="button" class="btn btn-ghost" onClick={onDone}>
          {tr("cancel")}
        </button>
      </div>
    </form>
  );
}

export function DecisionPanel(props: { w: WorkshopCtx; boardId: string; decisions: Decision[] }) {
  const lang = useLanguage();
  const { w } = props;
  const current = props.decisions.length ? props.decisions[props.decisions.length - 1] : null;
  const history = props.decisions.slice(0, -1).reverse();
  const [deciding, setDeciding] = useState(false);
  const canDecide = w.isFacilitator && !w.finished;
  return (
    <section class="panel rollout-decision" aria-labelledby="rollout-decision-title" data-testid="decision-panel">
      <div class="panel-head">
        <div class="rollout-title-row">
          <h2 id="rollout-decision-title">{tr("decision.title")}</h2>
          {current && <VerdictBadge verdict={current.verdict} />}
        </div>
        {canDecide && !deciding && (
          <button type="button" class="btn btn-small" onClick={() => setDeciding(true)} data-testid="decide-open">
            <Icon name="flag" size={16} /> {current ? tr("decision.revise") : tr("decision.record")}
          </button>
        )}
      </div>
      {deciding && canDecide && <DecideForm w={w} boardId={props.boardId} current={current} onDone={() => setDeciding(false)} />}
      {!current ? (
        !deciding && <p class="empty-inline">{canDecide ? tr("decision.noneFacilitator") : tr("decision.none")}</p>
      ) : (
        <>
          <blockquote class="rollout-rationale" data-testid="decision-rationale">
            {current.rationale}
          </blockquote>
          <p class="small muted">
            {tr("decision.by", { name: current.decided_by || "—", when: whenText(current.decided_at, lang) })}
            {(() => {
              const b = w.info.boards.find((x) => x.id === current.pilot_board_id);
              return b ? <> · {tr("decision.onPilot", { title: b.title })}</> : null;
            })()}
          </p>
          <details class="rollout-details">
            <summary>{tr("decision.frozen")}</summary>
            <PilotFacts pilot={current.pilot} />
          </details>
          {history.length > 0 && (
            <details class="rollout-details" data-testid="decision-history">
              <summary>{tr("decision.history", { count: history.length })}</summary>
              <ol class="rollout-history">
                {history.map((d, i) => (
                  <li key={i}>
                    <VerdictBadge verdict={d.verdict} />{" "}
                    <span class="small muted">{tr("decision.by", { name: d.decided_by || "—", when: whenText(d.decided_at, lang) })}</span>
                    <p>{d.rationale}</p>
                  </li>
                ))}
              </ol>
            </details>
          )}
        </>
      )}
    </section>
  );
}
