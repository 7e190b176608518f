// The two forms of the participant page: a KPI reading and feedback. Big targets for thumbs;
// the plausible range and the period are shown as hints, the server has the last word.
import { useState } from "preact/hooks";
import { useLanguage } from "../../i18n";
import { useAction } from "../../ui/action";
import { plainNumberText } from "../../ui/numtext";
import { Icon } from "../../ui/icons";
import { formatDay, formatNumber } from "./api";
import { tp } from "./i18n";
import { baselineOf, FEEDBACK_KINDS, MAX_TEXT, today, type FeedbackKind, type Kpi, type PilotDefinition } from "./schema";

export type FormResult = { kind: "sent" } | { kind: "pending"; id: string } | { kind: "refused"; text: string };
/** Where a submission kept in the outbox is now: still waiting, refused later, or gone (arrived). */
export type Fate = (id: string) => "pending" | "refused" | "gone";

const SITE_KEY = "obeya.pilot.site";
const lastSite = () => {
  try {
    return localStorage.getItem(SITE_KEY) ?? "";
  } catch {
    return "";
  }
};
const rememberSite = (site: string) => {
  try {
    localStorage.setItem(SITE_KEY, site);
  } catch {
    /* not important */
  }
};

export function parseNumber(text: string): number | null {
  const clean = plainNumberText(text).replace(/\s/g, "").replace(",", ".");
  if (!/^[-+]?(\d+\.?\d*|\.\d+)$/.test(clean)) return null;
  const n = Number(clean);
  return Number.isFinite(n) ? n : null;
}

/** A whole, non-negative count as typed ("12", " 40 "); anything else is null. */
export function parseCount(text: string): number | null {
  const clean = plainNumberText(text).replace(/\s/g, "");
  if (!/^\d+$/.test(clean)) return null;
  const n = Number(clean);
  return Number.isSafeInteger(n) ? n : null;
}

/** A rate reading's counts as typed: the numbers, or what is wrong with them. */
export function parseCounts(
  numerator: string,
  denominator: string,
): { numerator: number; denominator: number; value: number } | { error: string } {
  if (!numerator.trim() || !denominator.trim()) return { error: tp("reading.countsRequired") };
  const num = parseCount(numerator);
  const den = parseCount(denominator);
  if (num === null || den === null) return { error: tp("reading.countsInvalid") };
  if (den < 1) return { error: tp("reading.denominatorZero") };
  if (num > den) return { error: tp("reading.numeratorAboveDenominator") };
  return { numerator: num, denominator: den, value: (num / den) * 100 };
}

function Result({ result, fate, testid }: { result: FormResult | null; fate: Fate; testid: string }) {
  if (!result) return null;
  if (result.kind === "pending" && fate(result.id) !== "pending") {
    // it was kept while offline and has been sent since (or refused: the list says why)
    const later = fate(result.id);
    return (
      <p
        class={`pilot-result pilot-result-${later === "gone" ? "sent" : "refused"}`}
        role="status"
        data-testid={testid}
        data-kind={later === "gone" ? "sent" : "refused"}
      >
        <Icon name={later === "gone" ? "check" : "x"} size={18} />
        <span>{later === "gone" ? tp("form.sentLater") : tp("form.refusedLater")}</span>
      </p>
    );
  }
  if (result.kind === "refused")
    return (
      <p class="pilot-result pilot-result-refused" role="alert" data-testid={testid} data-kind="refused">
        <Icon name="x" size={18} /> <span>{result.text}</span>
      </p>
    );
  return (
    <p class={`pilot-result pilot-result-${result.kind}`} role="status" data-testid={testid} data-kind={result.kind}>
      <Icon name={result.kind === "sent" ? "check" : "timer"} size={18} />
      <span>{result.kind === "sent" ? tp("form.sent") : tp("form.pending")}</span>
    </p>
  );
}

function range(kpi: Kpi, lang: string): string {
  const u = kpi.unit ? ` ${kpi.unit}` : "";
  if (kpi.min !== null && kpi.max !== null)
    return tp("reading.range", { min: formatNumber(kpi.min, lang), max: formatNumber(kpi.max, lang), unit: u });
  if (kpi.min !== null) return tp("reading.rangeMin", { min: formatNumber(kpi.min, lang), unit: u });
  if (kpi.max !== null) return tp("reading.rangeMax", { max: formatNumber(kpi.max, lang), unit: u });
  return "";
}

/** Where a reading was taken when it is not a pilot site: the roll-out's live waves. */
export interface Places {
  /** the payload field the choice goes into */
  field: "wave_id";
  legend: string;
  /** said when none is chosen */
  required: string;
  options: { value: string; label: string }[];
}

export function ReadingForm(props: {
  kpis: Kpi[];
  def: Pick<PilotDefinition, "start" | "end" | "sites">;
  /** instead of the pilot's sites (a choice is then required) */
  places?: Places;
  /** prefix of the form's element ids and test ids: two forms can share a page */
  name?: string;
  initial: Record<string, unknown> | null;
  fate: Fate;
  submit: (payload: Record<string, unknown>) => Promise<FormResult>;
}) {
  const lang = useLanguage();
  const init = props.initial ?? {};
  const [kpiId, setKpiId] = useState(() => (typeof init.kpi_id === "string" ? init.kpi_id : (props.kpis[0]?.id ?? "")));
  const [date, setDate] = useState(() => (typeof init.date === "string" ? init.date : today()));
  const [value, setValue] = useState(() => (typeof init.value === "number" ? String(init.value) : ""));
  const [numerator, setNumerator] = useState(() => (typeof init.numerator === "number" ? String(init.numerator) : ""));
  const [denominator, setDenominator] = useState(() => (typeof init.denominator === "number" ? String(init.denominator) : ""));
  const places = props.places;
  const name = props.name ?? "pilot";
  const tid = (s: string) => (name === "pilot" ? s : `${name}-${s}`);
  const field = places?.field ?? "site";
  const sites = places ? places.options.map((o) => o.value) : props.def.sites;
  const [site, setSite] = useState(() => {
    const chosen = init[field];
    if (typeof chosen === "string") return chosen;
    if (sites.length === 1) return sites[0];
    if (places) return "";
    const last = lastSite();
    return sites.includes(last) || !sites.length ? last : "";
  });
  const [result, setResult] = useState<FormResult | null>(null);
  const sending = useAction(async (payload: Parameters<typeof props.submit>[0]) => {
    setResult(null);
    const outcome = await props.submit(payload);
    setResult(outcome);
    if (outcome.kind !== "refused") {
      setValue("");
      setNumerator("");
      setDenominator("");
      if (site && !places) rememberSite(site);
    }
  });
  const busy = sending.busy;
  const kpi = props.kpis.find((k) => k.id === kpiId) ?? props.kpis[0];
  const rate = kpi?.measure === "rate";
  const counts = rate && (numerator.trim() || denominator.trim()) ? parseCounts(numerator, denominator) : null;
  const countsError = counts && "error" in counts && numerator.trim() && denominator.trim() ? counts.error : "";
  const number = rate ? (counts && "value" in counts ? counts.value : null) : parseNumber(value);
  const outOfRange = number !== null && kpi && ((kpi.min !== null && number < kpi.min) || (kpi.max !== null && number > kpi.max));
  const { start, end } = props.def;
  const outOfPeriod = Boolean(date && ((start && date < start) || (end && date > end)));

  // a refusal said at the form is about the numbers as they were: editing them clears it
  const edited = (setter: (v: string) => void, e: Event) => {
    setter((e.currentTarget as HTMLInputElement).value);
    if (result?.kind === "refused") setResult(null);
  };

  const send = (e: Event) => {
    e.preventDefault();
    if (!kpi) return;
    let numbers: Record<string, number>;
    if (rate) {
      const c = parseCounts(numerator, denominator);
      if ("error" in c) return setResult({ kind: "refused", text: c.error });
      numbers = { numerator: c.numerator, denominator: c.denominator };
    } else {
      if (number === null)
        return setResult({ kind: "refused", text: value.trim() ? tp("reading.notANumber") : tp("reading.valueRequired") });
      numbers = { value: number };
    }
    if (!date) return setResult({ kind: "refused", text: tp("reading.dateRequired") });
    if ((places || sites.length > 1) && !site)
      return setResult({ kind: "refused", text: places ? places.required : tp("reading.siteRequired") });
    void sending.run({ kpi_id: kpi.id, date, ...numbers, [field]: site.trim() });
  };

  const unitLabel = kpi?.unit ? tp("reading.valueWithUnit", { unit: kpi.unit }) : tp("reading.value");
  return (
    <form class="pilot-form" onSubmit={send} noValidate data-testid={tid("reading-form")}>
      <fieldset class="field pilot-kpis">
        <legend>{tp("reading.kpi")}</legend>
        {props.kpis.map((k) => (
          <label key={k.id} class={`pilot-kpi${k.id === kpi?.id ? " is-on" : ""}`}>
            <input type="radio" name={`${name}-kpi`} value={k.id} checked={k.id === kpi?.id} onChange={() => setKpiId(k.id)} />
            <span class="pilot-kpi-name">{k.name || k.id}</span>
            <span class="pilot-kpi-meta small">
              {baselineOf(k) !== null && tp("reading.baseline", { value: formatNumber(baselineOf(k), lang, 1), unit: k.unit })}
              {k.target !== null && <> → {tp("reading.target", { value: formatNumber(k.target, lang), unit: k.unit })}</>}
              {(baselineOf(k) !== null || k.target !== null) && " · "}
              {tp(`better.${k.better}`)}
            </span>
          </label>
        ))}
      </fieldset>
      <div class="pilot-row">
        {rate ? (
          <fieldset class="field pilot-counts" aria-describedby={`${name}-value-hint`}>
            <legend>{tp("reading.counts")}</legend>
            <div class="pilot-counts-row">
              <label class="pilot-count">
                <span class="small">{tp("reading.numerator")}</span>
                <input
                  id={`${name}-numerator`}
                  type="text"
                  inputMode="numeric"
                  autoComplete="off"
                  class={`pilot-value${countsError || outOfRange ? " is-warn" : ""}`}
                  value={numerator}
                  onInput={(e) => edited(setNumerator, e)}
                  aria-invalid={countsError ? "true" : undefined}
                />
              </label>
              <span class="pilot-count-of" aria-hidden="true">
                {tp("reading.of")}
              </span>
              <label class="pilot-count">
                <span class="small">{tp("reading.denominator")}</span>
                <input
                  id={`${name}-denominator`}
                  type="text"
                  inputMode="numeric"
                  autoComplete="off"
                  enterKeyHint="send"
                  class={`pilot-value${countsError || outOfRange ? " is-warn" : ""}`}
                  value={denominator}
                  onInput={(e) => edited(setDenominator, e)}
                  aria-invalid={countsError ? "true" : undefined}
                />
              </label>
            </div>
            <span
              id={`${name}-value-hint`}
              class={`hint${countsError || outOfRange ? " pilot-warn" : ""}`}
              data-testid={tid("counts-hint")}
            >
              {countsError
                ? countsError
                : number !== null
                  ? tp("reading.rateIs", { value: formatNumber(number, lang, 1) })
                  : tp("reading.countsHint")}
              {!countsError && outOfRange && <> — {tp("reading.outOfRange")}</>}
            </span>
          </fieldset>
        ) : (
          <div class="field">
            <label for={`${name}-value`}>{unitLabel}</label>
            <input
              id={`${name}-value`}
              type="text"
              inputMode="decimal"
              autoComplete="off"
              enterKeyHint="send"
              class={`pilot-value${outOfRange ? " is-warn" : ""}`}
              value={value}
              onInput={(e) => edited(setValue, e)}
              aria-describedby={`${name}-value-hint`}
              aria-invalid={outOfRange ? "true" : undefined}
            />
            <span id={`${name}-value-hint`} class={`hint${outOfRange ? " pilot-warn" : ""}`}>
              {kpi && range(kpi, lang)}
              {outOfRange && <> — {tp("reading.outOfRange")}</>}
            </span>
          </div>
        )}
        <div class="field">
          <label for={`${name}-date`}>{tp("reading.date")}</label>
          <input
            id={`${name}-date`}
            type="date"
            value={date}
            max={today()}
            onInput={(e) => setDate((e.currentTarget as HTMLInputElement).value)}
            aria-describedby={`${name}-date-hint`}
          />
          <span id={`${name}-date-hint`} class={`hint${outOfPeriod ? " pilot-warn" : ""}`}>
            {outOfPeriod
              ? tp("reading.outOfPeriod", { start: start ? formatDay(start, lang) : "…", end: end ? formatDay(end, lang) : "…" })
              : date === today()
                ? tp("reading.today")
                : ""}
          </span>
        </div>
      </div>
      {sites.length > 0 || places ? (
        <fieldset class="field">
          <legend>{places ? places.legend : tp("reading.site")}</legend>
          <div class="pilot-choices">
            {(places ? places.options : sites.map((s) => ({ value: s, label: s }))).map((o) => (
              <label key={o.value} class={`pilot-choice${site === o.value ? " is-on" : ""}`}>
                <input
                  type="radio"
                  name={`${name}-${field}`}
                  value={o.value}
                  checked={site === o.value}
                  onChange={() => setSite(o.value)}
                />
                <span>{o.label}</span>
              </label>
            ))}
          </div>
        </fieldset>
      ) : (
        <div class="field">
          <label for={`${name}-site`}>{tp("reading.siteOptional")}</label>
          <input
            id={`${name}-site`}
            type="text"
            maxLength={120}
            value={site}
            onInput={(e) => setSite((e.currentTarget as HTMLInputElement).value)}
          />
        </div>
      )}
      <button type="submit" class="btn btn-primary btn-large btn-block" disabled={busy} data-testid={tid("send-reading")}>
        {tp("reading.send")}
      </button>
      <Result result={result} fate={props.fate} testid={tid("submit-result")} />
    </form>
  );
}

function RatingField({
  id,
  label,
  low,
  high,
  value,
  onChange,
}: {
  id: string;
  label: string;
  low: string;
  high: string;
  value: number | null;
  onChange: (v: number | null) => void;
}) {
  return (
    <fieldset class="field pilot-rating">
      <legend>{label}</legend>
      <div class="pilot-rating-row">
        {[1, 2, 3, 4, 5].map((n) => (
          <label key={n} class={`pilot-rate${value === n ? " is-on" : ""}${value !== null && n <= value ? " is-filled" : ""}`}>
            <input
              type="radio"
              name={id}
              value={n}
              checked={value === n}
              onChange={() => onChange(n)}
              onClick={() => value === n && onChange(null)}
              aria-label={`${n} – ${n === 1 ? low : n === 5 ? high : tp("feedback.ratingN", { n })}`}
            />
            <span aria-hidden="true">{n}</span>
          </label>
        ))}
      </div>
      <span class="pilot-rating-ends small muted" aria-hidden="true">
        <span>{low}</span>
        <span>{high}</span>
      </span>
    </fieldset>
  );
}

const KIND_ICON: Record<FeedbackKind, string> = { problem: "flag", suggestion: "bulb", praise: "check" };

export function FeedbackForm(props: {
  initial: Record<string, unknown> | null;
  fate: Fate;
  submit: (payload: Record<string, unknown>) => Promise<FormResult>;
}) {
  const init = props.initial ?? {};
  const ratings = (init.ratings ?? {}) as Record<string, unknown>;
  const [kind, setKind] = useState<FeedbackKind | null>(() =>
    FEEDBACK_KINDS.includes(init.kind as FeedbackKind) ? (init.kind as FeedbackKind) : null,
  );
  const [satisfaction, setSatisfaction] = useState<number | null>(() =>
    typeof ratings.satisfaction === "number" ? ratings.satisfaction : null,
  );
  const [ease, setEase] = useState<number | null>(() => (typeof ratings.ease === "number" ? ratings.ease : null));
  const [text, setText] = useState(() => (typeof init.text === "string" ? init.text : ""));
  const [anonymous, setAnonymous] = useState(init.anonymous === true);
  const [result, setResult] = useState<FormResult | null>(null);
  const sending = useAction(async (payload: Parameters<typeof props.submit>[0]) => {
    setResult(null);
    const outcome = await props.submit(payload);
    setResult(outcome);
    if (outcome.kind !== "refused") {
      setText("");
      setSatisfaction(null);
      setEase(null);
      setKind(null);
    }
  });
  const busy = sending.busy;

  const send = (e: Event) => {
    e.preventDefault();
    if (!kind) return setResult({ kind: "refused", text: tp("feedback.kindRequired") });
    if (!text.trim() && satisfaction === null && ease === null) return setResult({ kind: "refused", text: tp("errors.empty_feedback") });
    const r: Record<string, number> = {};
    if (satisfaction !== null) r.satisfaction = satisfaction;
    if (ease !== null) r.ease = ease;
    void sending.run({ kind, ratings: r, text: text.trim(), anonymous });
  };

  return (
    <form class="pilot-form" onSubmit={send} noValidate data-testid="feedback-form">
      <fieldset class="field">
        <legend>{tp("feedback.kind")}</legend>
        <div class="pilot-kinds">
          {FEEDBACK_KINDS.map((k) => (
            <label key={k} class={`pilot-kind pilot-kind-${k}${kind === k ? " is-on" : ""}`}>
              <input type="radio" name="pilot-kind" value={k} checked={kind === k} onChange={() => setKind(k)} />
              <Icon name={KIND_ICON[k]} size={20} />
              <span>{tp(`feedback.kinds.${k}.name`)}</span>
            </label>
          ))}
        </div>
        {kind && <span class="hint">{tp(`feedback.kinds.${kind}.hint`)}</span>}
      </fieldset>
      <RatingField
        id="pilot-satisfaction"
        label={tp("feedback.satisfaction")}
        low={tp("feedback.satisfactionLow")}
        high={tp("feedback.satisfactionHigh")}
        value={satisfaction}
        onChange={setSatisfaction}
      />
      <RatingField
        id="pilot-ease"
        label={tp("feedback.ease")}
        low={tp("feedback.easeLow")}
        high={tp("feedback.easeHigh")}
        value={ease}
        onChange={setEase}
      />
      <div class="field">
        <label for="pilot-text">{tp("feedback.text")}</label>
        <textarea
          id="pilot-text"
          rows={4}
          maxLength={MAX_TEXT}
          value={text}
          placeholder={tp("feedback.textPlaceholder")}
          onInput={(e) => setText((e.currentTarget as HTMLTextAreaElement).value)}
        />
        {text.length > MAX_TEXT - 200 && <span class="hint">{tp("feedback.left", { count: MAX_TEXT - text.length })}</span>}
      </div>
      <label class="check">
        <input type="checkbox" checked={anonymous} onChange={(e) => setAnonymous((e.currentTarget as HTMLInputElement).checked)} />
        <span>
          {tp("feedback.anonymous")}
          <span class="block hint">{tp("feedback.anonymousHint")}</span>
        </span>
      </label>
      <button type="submit" class="btn btn-primary btn-large btn-block" disabled={busy} data-testid="send-feedback">
        {tp("feedback.send")}
      </button>
      <Result result={result} fate={props.fate} testid="submit-result" />
    </form>
  );
}
