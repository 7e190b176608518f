// Every reading, newest first. A facilitator corrects a wrong one (a typo, a broken client's
// 1e308) or withdraws it, always with a reason; nothing is deleted: a withdrawn reading stays
// listed, greyed out, with who withdrew it, when and why, and the evaluation leaves it out.
import { useMemo, useState } from "preact/hooks";
import { formatDateTime, useLanguage } from "../../i18n";
import { useAction } from "../../ui/action";
import { Icon } from "../../ui/icons";
import { formatDay, formatNumber } from "./api";
import { parseCount, parseNumber } from "./forms";
import { tp } from "./i18n";
import { COMMANDS, type Correction, type Kpi, type Mark, type Reading } from "./schema";

type Run = (command: string, payload: Record<string, unknown>) => Promise<unknown>;

/** "12.5 h", or for a counted rate "4 of 31 (12.9 %)". */
export function readingText(
  r: { value: number; numerator: number | null; denominator: number | null },
  kpi: Kpi | undefined,
  lang: string,
): string {
  const value = `${formatNumber(r.value, lang)}${kpi?.unit ? ` ${kpi.unit}` : ""}`;
  if (r.numerator === null || r.denominator === null) return value;
  return tp("readings.counts", { numerator: formatNumber(r.numerator, lang), denominator: formatNumber(r.denominator, lang), value });
}

function MarkNote({
  kind,
  mark,
  before,
  kpi,
}: {
  kind: "withdrawn" | "corrected";
  mark: Mark;
  before: Correction | undefined;
  kpi: Kpi | undefined;
}) {
  const lang = useLanguage();
  const b = before?.before;
  const was =
    b && typeof b.value === "number"
      ? readingText({ value: b.value, numerator: b.numerator ?? null, denominator: b.denominator ?? null }, kpi, lang)
      : "";
  return (
    <span class={`block small pilot-mark pilot-mark-${kind}`} data-testid={`reading-${kind}`}>
      {tp(`readings.${kind}`, { name: mark.by_name || mark.by, at: mark.at ? formatDateTime(mark.at, lang) : "" })}
      {kind === "corrected" && was && <> · {tp("readings.was", { value: was })}</>}
      {mark.reason && <> · {tp("readings.because", { reason: mark.reason })}</>}
    </span>
  );
}

function CorrectionForm({
  reading,
  kpi,
  action,
  run,
  close,
}: {
  reading: Reading;
  kpi: Kpi | undefined;
  action: "correct" | "withdraw";
  run: Run;
  close: () => void;
}) {
  const rate = kpi?.measure === "rate";
  const [value, setValue] = useState(String(reading.value));
  const [numerator, setNumerator] = useState(reading.numerator === null ? "" : String(reading.numerator));
  const [denominator, setDenominator] = useState(reading.denominator === null ? "" : String(reading.denominator));
  const [reason, setReason] = useState("");
  const id = (f: string) => `fix-${reading.id}-${f}`;

  const numbers = (): Record<string, number> | string => {
    if (!rate) {
      const v = parseNumber(value);
      return v === null ? tp("reading.notANumber") : { value: v };
    }
    const num = parseCount(numerator);
    const den = parseCount(denominator);
    if (num === null || den === null || den < 1) return tp("reading.countsInvalid");
    if (num > den) return tp("reading.numeratorAboveDenominator");
    return { numerator: num, denominator: den };
  };
  // The refusal is shown by the workshop frame; the form keeps what was typed.
  const fix = useAction(
    async (fixed: Record<string, number>) => {
      await run(action === "correct" ? COMMANDS.correct : COMMANDS.withdraw, { reading_id: reading.id, reason: reason.trim(), ...fixed });
      close();
    },
    { onError: "silent", stayBusy: true },
  );
  const { busy, error } = fix;
  const send = (e: Event) => {
    e.preventDefault();
    if (!reason.trim()) return fix.setError(tp("readings.reasonRequired"));
    const fixed = action === "correct" ? numbers() : {};
    if (typeof fixed === "string") return fix.setError(fixed);
    void fix.run(fixed);
  };
  return (
    <form class="pilot-fix" onSubmit={send} noValidate data-testid={`${action}-form`}>
      <strong class="pilot-fix-title">{tp(`readings.${action}Title`)}</strong>
      {action === "correct" &&
        (rate ? (
          <>
            <div class="field">
              <label for={id("num")}>{tp("reading.numerator")}</label>
              <input
                id={id("num")}
                type="text"
                inputMode="numeric"
                value={numerator}
                onInput={(e) => setNumerator((e.currentTarget as HTMLInputElement).value)}
              />
            </div>
            <div class="field">
              <label for={id("den")}>{tp("reading.denominator")}</label>
              <input
                id={id("den")}
                type="text"
                inputMode="numeric"
                value={denominator}
                onInput={(e) => setDenominator((e.currentTarget as HTMLInputElement).value)}
              />
            </div>
          </>
        ) : (
          <div class="field">
            <label for={id("value")}>{kpi?.unit ? tp("reading.valueWithUnit", { unit: kpi.unit }) : tp("reading.value")}</label>
            <input
              id={id("value")}
              type="text"
              inputMode="decimal"
              value={value}
              onInput={(e) => setValue((e.currentTarget as HTMLInputElement).value)}
            />
          </div>
        ))}
      <div class="field pilot-fix-reason">
        <label for={id("reason")}>{tp("readings.reason")}</label>
        <input
          id={id("reason")}
          type="text"
          maxLength={500}
          value={reason}
          placeholder={tp(`readings.${action}Placeholder`)}
          onInput={(e) => setReason((e.currentTarget as HTMLInputElement).value)}
        />
      </div>
      <div class="pilot-fix-actions">
        <button
          type="submit"
          class={`btn btn-small ${action === "withdraw" ? "btn-danger" : "btn-primary"}`}
          disabled={busy}
          data-testid={`${action}-submit`}
        >
          {tp(`readings.${action}Submit`)}
        </button>
        <button type="button" class="btn btn-small btn-ghost" onClick={close}>
          {tp("readings.cancel")}
        </button>
      </div>
      {error && (
        <p class="form-error pilot-fix-error" role="alert">
          {error}
        </p>
      )}
      <p class="hint pilot-fix-hint">{tp(`readings.${action}Hint`)}</p>
    </form>
  );
}

// A pilot may hold thousands of readings: the table shows the newest, a page at a time.
const PAGE = 100;

/** The folded "All readings" panel: its table is built only while it is open. */
export function ReadingsPanel(props: {
  all: Reading[];
  counted: number;
  kpis: Kpi[];
  corrections: Correction[];
  canCorrect: boolean;
  run: Run;
}) {
  const [open, setOpen] = useState(false);
  const { all, counted } = props;
  return (
    <details class="panel pilot-readings" onToggle={(e) => setOpen((e.currentTarget as HTMLDetailsElement).open)}>
      <summary>
        <h2>{tp("readings.title", { count: counted })}</h2>
        {all.length > counted && <span class="small muted"> · {tp("readings.withdrawnCount", { count: all.length - counted })}</span>}
      </summary>
      {props.canCorrect && <p class="hint">{tp("readings.facilitatorHint")}</p>}
      {open && (
        <ReadingsTable readings={all} kpis={props.kpis} corrections={props.corrections} canCorrect={props.canCorrect} run={props.run} />
      )}
    </details>
  );
}

function ReadingsTable(props: { readings: Reading[]; kpis: Kpi[]; corrections: Correction[]; canCorrect: boolean; run: Run }) {
  const lang = useLanguage();
  const [open, setOpen] = useState<{ id: string; action: "correct" | "withdraw" } | null>(null);
  const [limit, setLimit] = useState(PAGE);
  const columns = props.canCorrect ? 7 : 6;
  const fixes = useMemo(() => {
    const last = new Map<string, Correction>();
    for (const c of props.corrections) if (c.action === "correct") last.set(c.reading_id, c);
    return last;
  }, [props.corrections]);
  const kpis = useMemo(() => new Map(props.kpis.map((k) => [k.id, k])), [props.kpis]);
  const total = props.readings.length;
  const shown = props.readings.slice(Math.max(0, total - limit)).reverse();
  const more = Math.min(PAGE, total - shown.length);
  return (
    <div class="table-wrap">
      <table class="data-table pilot-readings-table" data-testid="readings-table">
        <thead>
          <tr>
            <th scope="col">{tp("readings.date")}</th>
            <th scope="col">{tp("readings.kpi")}</th>
            <th scope="col">{tp("readings.value")}</th>
            <th scope="col">{tp("readings.site")}</th>
            <th scope="col">{tp("readings.by")}</th>
            <th scope="col">{tp("readings.submitted")}</th>
            {props.canCorrect && (
              <th scope="col">
                <span class="sr-only">{tp("readings.actions")}</span>
              </th>
            )}
          </tr>
        </thead>
        <tbody>
          {shown.map((r) => {
            const k = kpis.get(r.kpi_id);
            const isOpen = open?.id === r.id;
            return [
              <tr
                key={r.id}
                data-submission-id={r.id}
                class={r.withdrawn ? "pilot-withdrawn" : r.corrected ? "pilot-corrected" : undefined}
                data-withdrawn={r.withdrawn ? "true" : undefined}
              >
                <td>{formatDay(r.date, lang)}</td>
                <td>{k?.name || r.kpi_id}</td>
                <td>
                  <span class="num pilot-reading-value">{readingText(r, k, lang)}</span>
                  {r.withdrawn && <MarkNote kind="withdrawn" mark={r.withdrawn} before={undefined} kpi={k} />}
                  {!r.withdrawn && r.corrected && <MarkNote kind="corrected" mark={r.corrected} before={fixes.get(r.id)} kpi={k} />}
                </td>
                <td>{r.site || "—"}</td>
                <td>{r.display_name || "—"}</td>
                <td class="small muted">{r.submitted_at ? formatDateTime(r.submitted_at, lang) : ""}</td>
                {props.canCorrect && (
                  <td class="pilot-reading-actions">
                    {!r.withdrawn && (
                      <>
                        <button
                          type="button"
                          class={`btn btn-small btn-ghost${isOpen && open?.action === "correct" ? " btn-active" : ""}`}
                          onClick={() => setOpen(isOpen && open?.action === "correct" ? null : { id: r.id, action: "correct" })}
                          data-testid="correct-reading"
                        >
                          <Icon name="pencil" size={14} /> <span>{tp("readings.correct")}</span>
                        </button>
                        <button
                          type="button"
                          class={`btn btn-small btn-ghost btn-danger-text${isOpen && open?.action === "withdraw" ? " btn-active" : ""}`}
                          onClick={() => setOpen(isOpen && open?.action === "withdraw" ? null : { id: r.id, action: "withdraw" })}
                          data-testid="withdraw-reading"
                        >
                          <Icon name="x" size={14} /> <span>{tp("readings.withdraw")}</span>
                        </button>
                      </>
                    )}
                  </td>
                )}
              </tr>,
              isOpen && open ? (
                <tr key={`${r.id}-fix`} class="pilot-fix-row">
                  <td colSpan={columns}>
                    <CorrectionForm reading={r} kpi={k} action={open.action} run={props.run} close={() => setOpen(null)} />
                  </td>
                </tr>
              ) : null,
            ];
          })}
        </tbody>
      </table>
      {more > 0 && (
        <p class="pilot-readings-more">
          <span class="small muted">{tp("readings.shown", { shown: shown.length, total })}</span>{" "}
          <button type="button" class="btn btn-small" onClick={() => setLimit(limit + PAGE)} data-testid="more-readings">
            {tp("readings.showMore", { number: more })}
          </button>
        </p>
      )}
    </div>
  );
}
