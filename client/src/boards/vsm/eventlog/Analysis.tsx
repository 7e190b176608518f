// The event-log analysis on the board, live for every peer from the ledger (`eventlog`): the
// source, a headline finding in words, variants, per-activity times, rework loops and the two
// charts; with "Draw the map from data" (coverage slider) and the summary of what it changed.
import { useEffect, useState } from "preact/hooks";
import { ApiError, sendCommand } from "../../../api";
import { errorText } from "../../../ui/toast";
import { fmtMinutes, fmtNum } from "../format";
import { tr, trMaybe } from "../i18n";
import { ShareParetoChart, ThroughputChart } from "./Charts";
import { flatParams, headline, sourceLabel, type EventLogAnalysis, type LogWarning, type Stat } from "./model";

interface FromDataResult {
  added: string[];
  adopted: string[];
  updated: string[];
  kept: Record<string, string[]>;
  missing: string[];
  coverage: number;
  variants: number;
}

const pct = (share: number, digits = 1) => `${fmtNum(share * 100, digits)}%`;
const when = (iso: string) => {
  const d = new Date(iso);
  return Number.isNaN(d.getTime()) ? iso : d.toLocaleString();
};
const day = (iso: string) => {
  const d = new Date(iso);
  return Number.isNaN(d.getTime()) ? iso : d.toLocaleDateString();
};
const names = (list: string[]) => list.join(tr("eventlog.sep"));

function StatCells({ s }: { s: Stat | null }) {
  return (
    <>
      <td class="num-col">{s ? fmtMinutes(s.median) : "—"}</td>
      <td class="num-col">{s ? fmtMinutes(s.p90) : "—"}</td>
    </>
  );
}

export function warningText(w: LogWarning): string {
  const params = flatParams(w.params);
  if (typeof params.order === "string") params.order = trMaybe(`eventlog.order.${params.order}`) ?? params.order;
  return trMaybe(`eventlog.warning.${w.code}`, params) ?? tr("eventlog.warning.unknown", { code: w.code });
}

export function Headline({ a }: { a: EventLogAnalysis }) {
  const h = headline(a);
  if (!h) return null;
  return (
    <p class="vsm-el-headline" data-testid="eventlog-headline">
      {tr(`eventlog.headline.${h.part}`, { activity: h.activity, share: fmtNum(h.share * 100, 0) })}
    </p>
  );
}

export function AnalysisPanel(p: {
  analysis: EventLogAnalysis;
  boardId: string;
  token: string;
  readOnly: boolean;
  canExport: boolean;
  /** data_source of the current state's steps drawn from data */
  dataSources: string[];
  onImport: () => void;
}) {
  const a = p.analysis;
  const [coverage, setCoverage] = useState(80);
  const [busy, setBusy] = useState(false);
  const [result, setResult] = useState<FromDataResult | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [topN, setTopN] = useState(10);
  // a newer import: the last drawing's summary was about the older log
  const label = sourceLabel(a);
  useEffect(() => {
    setResult(null);
    setError(null);
  }, [label]);

  const draw = async () => {
    setBusy(true);
    setError(null);
    setResult(null);
    try {
      setResult(await sendCommand<FromDataResult>(p.boardId, "vsm.map_from_data", { coverage: coverage / 100 }, p.token));
    } catch (e) {
      setError(e instanceof ApiError ? (trMaybe(`fromData.error.${e.code}`, e.params) ?? errorText(e)) : errorText(e));
    } finally {
      setBusy(false);
    }
  };

  const maxVariant = Math.max(1, ...a.variants.map((v) => v.cases));
  const stale = p.dataSources.length > 0 && !p.dataSources.includes(label);
  const kept = result ? Object.entries(result.kept).filter(([, f]) => f.length) : [];

  return (
    <section class="panel vsm-el" aria-labelledby="vsm-el-title" data-testid="eventlog-analysis">
      <div class="vsm-el-head">
        <h2 id="vsm-el-title">{tr("eventlog.analysisTitle")}</h2>
        {!p.readOnly && (
          <button type="button" class="btn btn-small" onClick={p.onImport} data-testid="eventlog-reimport">
            {tr("eventlog.reimport")}
          </button>
        )}
      </div>
      <p class="hint" data-testid="eventlog-source">
        {tr("eventlog.source", {
          name: a.source.name,
          size: fmtNum(a.source.size / 1024, 1),
          hash: a.source.sha256.slice(0, 8),
          at: when(a.source.imported_at),
          by: a.source.imported_by,
          cases: fmtNum(a.source.cases, 0),
          events: fmtNum(a.source.events, 0),
          start: day(a.period.start),
          end: day(a.period.end),
        })}
      </p>
      <Headline a={a} />
      <p class="hint">
        {tr("eventlog.leadTime", { median: fmtMinutes(a.throughput.median), p90: fmtMinutes(a.throughput.p90) })}
        {a.rework.cases > 0 && ` ${tr("eventlog.reworkShare", { share: pct(a.rework.share, 0), cases: fmtNum(a.rework.cases, 0) })}`}
      </p>
      {a.warnings.length > 0 && (
        <ul class="vsm-el-warnings" data-testid="eventlog-warnings">
          {a.warnings.map((w, i) => (
            <li key={i}>{warningText(w)}</li>
          ))}
        </ul>
      )}

      {stale && !result && (
        <p class="vsm-el-stale" role="status" data-testid="fromdata-stale">
          {tr("fromData.stale", { source: p.dataSources[0] })}
        </p>
      )}
      {!p.readOnly && (
        <div class="vsm-el-fromdata">
          <label for="vsm-el-coverage">{tr("fromData.coverage", { pct: coverage })}</label>
          <div class="row wrap">
            <span class="hint">{tr("fromData.dominant")}</span>
            <input
              id="vsm-el-coverage"
              type="range"
              min={50}
              max={100}
              step={5}
              value={coverage}
              onInput={(e) => setCoverage(Number(e.currentTarget.value))}
              data-testid="fromdata-coverage"
            />
            <span class="hint">{tr("fromData.all")}</span>
            <button type="button" class="btn btn-primary btn-small" disabled={busy} onClick={() => void draw()} data-testid="fromdata-draw">
              {busy ? tr("fromData.busy") : tr("fromData.draw")}
            </button>
          </div>
          <div aria-live="polite">
            {result && (
              <div class="vsm-el-result" data-testid="fromdata-result">
                <p>{tr("fromData.summary", { variants: result.variants, coverage: pct(result.coverage, 0) })}</p>
                <ul>
                  {result.added.length > 0 && <li>{tr("fromData.added", { names: names(result.added), n: result.added.length })}</li>}
                  {result.adopted.length > 0 && (
                    <li>{tr("fromData.adopted", { names: names(result.adopted), n: result.adopted.length })}</li>
                  )}
                  {result.updated.length > 0 && (
                    <li>{tr("fromData.updated", { names: names(result.updated), n: result.updated.length })}</li>
                  )}
                  {kept.map(([activity, fields]) => (
                    <li key={activity} data-testid="fromdata-kept">
                      {tr("fromData.kept", { name: activity, fields: names(fields.map((f) => trMaybe(`field.${f}`) ?? f)) })}
                    </li>
                  ))}
                  {result.missing.length > 0 && (
                    <li>{tr("fromData.missing", { names: names(result.missing), n: result.missing.length })}</li>
                  )}
                  {!result.added.length && !result.adopted.length && !result.updated.length && <li>{tr("fromData.unchanged")}</li>}
                </ul>
              </div>
            )}
            {error && (
              <p class="form-error" role="alert" data-testid="fromdata-error">
                {error}
              </p>
            )}
          </div>
        </div>
      )}

      <div class="vsm-el-charts">
        <figure>
          <figcaption>{tr("eventlog.paretoTitle")}</figcaption>
          <ShareParetoChart activities={a.activities} />
        </figure>
        <figure>
          <figcaption>{tr("eventlog.throughputTitle")}</figcaption>
          <ThroughputChart points={a.throughput.by_period} />
        </figure>
      </div>

      <h3>{tr("eventlog.activitiesTitle")}</h3>
      <div class="table-wrap">
        <table class="data-table vsm-el-activities" data-testid="eventlog-activities">
          <thead>
            <tr>
              <th scope="col" rowSpan={2}>
                {tr("eventlog.activity")}
              </th>
              <th scope="col" rowSpan={2}>
                {tr("eventlog.department")}
              </th>
              <th scope="col" rowSpan={2} class="num-col">
                {tr("eventlog.cases")}
              </th>
              <th scope="colgroup" colSpan={2} class="num-col">
                {tr("eventlog.waiting")}
              </th>
              <th scope="colgroup" colSpan={2} class="num-col">
                {tr("eventlog.processing")}
              </th>
              <th scope="col" rowSpan={2} class="num-col">
                {tr("eventlog.reworkCases")}
              </th>
              <th scope="col" rowSpan={2} class="num-col">
                {tr("eventlog.shareOfLead")}
              </th>
            </tr>
            <tr>
              <th scope="col" class="num-col">
                {tr("eventlog.median")}
              </th>
              <th scope="col" class="num-col">
                p90
              </th>
              <th scope="col" class="num-col">
                {tr("eventlog.median")}
              </th>
              <th scope="col" class="num-col">
                p90
              </th>
            </tr>
          </thead>
          <tbody>
            {a.activities.map((x) => (
              <tr key={x.name} data-activity={x.name}>
                <th scope="row">{x.name}</th>
                <td>{x.department ?? "—"}</td>
                <td class="num-col">{fmtNum(x.cases, 0)}</td>
                <StatCells s={x.waiting} />
                <StatCells s={x.processing} />
                <td class="num-col">{fmtNum(x.rework_cases, 0)}</td>
                <td class="num-col" data-testid="eventlog-share">
                  {pct(x.share_of_lead_time)}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>

      <h3>{tr("eventlog.variantsTitle", { total: fmtNum(a.variants_total, 0) })}</h3>
      <ol class="vsm-el-variants" data-testid="eventlog-variants">
        {a.variants.slice(0, topN).map((v, i) => (
          <li key={i}>
            <div class="vsm-el-variant-bar" style={{ width: `${(100 * v.cases) / maxVariant}%` }} aria-hidden="true" />
            <span class="vsm-el-variant-share">
              {pct(v.share)} · {tr("eventlog.casesN", { n: fmtNum(v.cases, 0) })}
            </span>
            <span class="vsm-el-variant-path">{v.activities.join(" → ")}</span>
          </li>
        ))}
      </ol>
      {a.variants.length > topN && (
        <button type="button" class="btn btn-small btn-ghost" onClick={() => setTopN(topN + 20)}>
          {tr("eventlog.moreVariants")}
        </button>
      )}
      {a.variants_other_cases > 0 && <p class="hint">{tr("eventlog.otherVariants", { n: fmtNum(a.variants_other_cases, 0) })}</p>}

      {a.rework.loops.length > 0 && (
        <>
          <h3>{tr("eventlog.loopsTitle")}</h3>
          <ul class="vsm-el-loops" data-testid="eventlog-loops">
            {a.rework.loops.map((l, i) => (
              <li key={i}>
                {l.activities.join(" → ")} · {tr("eventlog.casesN", { n: fmtNum(l.cases, 0) })}
              </li>
            ))}
          </ul>
        </>
      )}
      {p.canExport && <p class="hint">{tr("bpmn.hint")}</p>}
    </section>
  );
}
