// The pilot participant's page (behind the pilot link, usually a phone on a flaky network):
// send a KPI reading or feedback, see what is waiting to be sent and what arrived.
import { useEffect, useMemo, useState } from "preact/hooks";
import type { BoardViewProps } from "../registry";
import { useLanguage } from "../../i18n";
import { useConnectionStatus } from "../../sync/hooks";
import { Icon } from "../../ui/icons";
import { fetchMine, formatDay, refusalText } from "./api";
import { FeedbackForm, ReadingForm, type FormResult } from "./forms";
import { readingText } from "./Readings";
import { tp } from "./i18n";
import { Outbox, type OutboxEntry } from "./outbox";
import { usePilotDefinition } from "./doc";
import { readDefinition, readKpis, type Kpi, type MySubmission } from "./schema";

export function useOutbox(boardId: string, participant: string, token: string, onArrived: () => void) {
  const box = useMemo(() => (participant ? new Outbox(boardId, participant, token, onArrived) : null), [boardId, participant, token]);
  const [entries, setEntries] = useState<OutboxEntry[]>(() => box?.entries() ?? []);
  useEffect(() => {
    if (!box) return;
    setEntries(box.entries());
    const off = box.subscribe(() => setEntries(box.entries()));
    return () => {
      off();
      box.destroy();
    };
  }, [box]);
  return { box, entries };
}

/** Where a reading was taken, as the list says it: the pilot site, or (roll-out) the wave's name. */
export type PlaceOf = (payload: Record<string, unknown>) => string;
const siteOf: PlaceOf = (p) => String(p.site ?? "");

function describe(s: { type: "reading" | "feedback"; payload: Record<string, unknown> }, kpis: Kpi[], lang: string, placeOf: PlaceOf) {
  const p = s.payload;
  if (s.type === "reading") {
    const kpi = kpis.find((k) => k.id === p.kpi_id);
    const num = typeof p.numerator === "number" ? p.numerator : null;
    const den = typeof p.denominator === "number" ? p.denominator : null;
    const value = typeof p.value === "number" ? p.value : num !== null && den ? (num / den) * 100 : null;
    const text = value === null ? String(p.value ?? "") : readingText({ value, numerator: num, denominator: den }, kpi, lang);
    return {
      title: `${kpi?.name || tp("mine.unknownKpi")}: ${text}`,
      detail: [formatDay(String(p.date ?? ""), lang), placeOf(p)].filter(Boolean).join(" · "),
    };
  }
  const ratings = p.ratings && typeof p.ratings === "object" ? (p.ratings as Record<string, unknown>) : p;
  const parts = [
    typeof ratings.satisfaction === "number" ? tp("mine.satisfaction", { n: ratings.satisfaction }) : "",
    typeof ratings.ease === "number" ? tp("mine.ease", { n: ratings.ease }) : "",
    p.anonymous ? tp("mine.anonymous") : "",
  ].filter(Boolean);
  return { title: `${tp(`feedback.kinds.${String(p.kind)}.name`)}${p.text ? ` — ${String(p.text)}` : ""}`, detail: parts.join(" · ") };
}

function timeOf(iso: string, lang: string): string {
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return "";
  return d.toLocaleString(lang, { month: "short", day: "numeric", hour: "2-digit", minute: "2-digit" });
}

export function MySubmissions(props: {
  entries: OutboxEntry[];
  arrived: MySubmission[] | null;
  kpis: Kpi[];
  placeOf?: PlaceOf;
  /** prefix of the list's ids and test ids when not the pilot's own */
  name?: string;
  onDiscard: (id: string) => void;
  onFix: (e: OutboxEntry) => void;
  offline: boolean;
}) {
  const lang = useLanguage();
  const place = props.placeOf ?? siteOf;
  const tid = (s: string) => (props.name ? `${props.name}-${s}` : s);
  const [all, setAll] = useState(false);
  const arrived = [...(props.arrived ?? [])].reverse();
  // an entry can be seen arrived (synced) before its own answer comes back: list it once
  const seen = new Set(arrived.map((s) => s.id));
  const waiting = props.entries.filter((e) => !seen.has(e.submission_id)).reverse();
  const shown = all ? arrived : arrived.slice(0, 8);
  const pending = waiting.filter((e) => e.state === "pending").length;
  return (
    <section class="pilot-mine" aria-labelledby={tid("pilot-mine-title")} data-testid={tid("my-submissions")}>
      <div class="pilot-mine-head">
        <h3 id={tid("pilot-mine-title")}>{tp("mine.title")}</h3>
        {pending > 0 && (
          <span class="chip chip-warn" data-testid={tid("pending-count")}>
            {tp("mine.pendingCount", { count: pending })}
          </span>
        )}
      </div>
      {pending > 0 && <p class="pilot-mine-note small">{props.offline ? tp("mine.pendingOffline") : tp("mine.pendingRetry")}</p>}
      {waiting.length === 0 && arrived.length === 0 ? (
        <p class="muted small">{props.arrived === null ? tp("mine.loading") : tp("mine.empty")}</p>
      ) : (
        <ul class="pilot-mine-list">
          {waiting.map((e) => {
            const d = describe(
              { type: e.command === "pilot.feedback" ? "feedback" : "reading", payload: e.payload },
              props.kpis,
              lang,
              place,
            );
            return (
              <li key={e.submission_id} class={`pilot-sub pilot-sub-${e.state}`} data-state={e.state} data-submission-id={e.submission_id}>
                <span class="pilot-sub-icon" aria-hidden="true">
                  <Icon name={e.state === "pending" ? "timer" : "x"} size={16} />
                </span>
                <span class="pilot-sub-body">
                  <strong>{d.title}</strong>
                  {d.detail && <span class="small muted">{d.detail}</span>}
                  {e.state === "pending" ? (
                    <span class="pilot-sub-status">
                      {tp("mine.pending")}
                      {e.attempts > 0 && <> · {tp("mine.attempts", { count: e.attempts })}</>}
                    </span>
                  ) : (
                    <>
                      <span class="pilot-sub-status" role="alert">
                        {tp("mine.refused")}: {e.refusal ? refusalText(e.refusal, props.kpis, lang) : ""}
                      </span>
                      <span class="pilot-sub-actions">
                        <button type="button" class="btn btn-small" onClick={() => props.onFix(e)}>
                          {tp("mine.fix")}
                        </button>
                        <button
                          type="button"
                          class="btn btn-small btn-ghost btn-danger-text"
                          onClick={() => props.onDiscard(e.submission_id)}
                        >
                          {tp("mine.discard")}
                        </button>
                      </span>
                    </>
                  )}
                </span>
              </li>
            );
          })}
          {shown.map((s) => {
            const payload = s.type === "reading" ? { ...s } : { ...s, ratings: { satisfaction: s.satisfaction, ease: s.ease } };
            const d = describe({ type: s.type, payload: payload as unknown as Record<string, unknown> }, props.kpis, lang, place);
            return (
              <li key={s.id} class="pilot-sub pilot-sub-arrived" data-state="arrived" data-submission-id={s.id}>
                <span class="pilot-sub-icon" aria-hidden="true">
                  <Icon name="check" size={16} />
                </span>
                <span class="pilot-sub-body">
                  <strong>{d.title}</strong>
                  {d.detail && <span class="small muted">{d.detail}</span>}
                  <span class="pilot-sub-status">{tp("mine.arrived", { time: timeOf(s.submitted_at, lang) })}</span>
                </span>
              </li>
            );
          })}
        </ul>
      )}
      {arrived.length > shown.length && (
        <button type="button" class="btn btn-small btn-ghost" onClick={() => setAll(true)}>
          {tp("mine.showAll", { count: arrived.length })}
        </button>
      )}
    </section>
  );
}

export function PilotParticipantView({ board, conn, workshop: w }: BoardViewProps) {
  const lang = useLanguage();
  usePilotDefinition(conn.content);
  const status = useConnectionStatus(conn);
  const def = readDefinition(conn.content);
  const kpis = readKpis(conn.content);
  const participant = w.membership.participant_id || w.info.me.participant_id || "";
  const [mine, setMine] = useState<MySubmission[] | null>(null);
  const [tab, setTab] = useState<"reading" | "feedback">("reading");
  const [fix, setFix] = useState<OutboxEntry | null>(null);
  const [online, setOnline] = useState(navigator.onLine);

  const loadMine = useMemo(
    () => () =>
      fetchMine(board.id, w.token).then(
        (r) => setMine(r.submissions),
        () => undefined,
      ),
    [board.id, w.token],
  );
  const { box, entries } = useOutbox(board.id, participant, w.token, () => void loadMine());
  useEffect(() => void loadMine(), [loadMine]);
  useEffect(() => {
    if (status === "live") {
      void loadMine();
      box?.flush(true);
    }
  }, [status, box]);
  useEffect(() => {
    const on = () => setOnline(navigator.onLine);
    window.addEventListener("online", on);
    window.addEventListener("offline", on);
    return () => {
      window.removeEventListener("online", on);
      window.removeEventListener("offline", on);
    };
  }, []);
  useEffect(() => {
    if (box && mine) box.forgetArrived(new Set(mine.map((s) => s.id)));
  }, [box, mine]);

  const submit = async (command: "pilot.reading" | "pilot.feedback", payload: Record<string, unknown>): Promise<FormResult> => {
    if (!box) return { kind: "refused", text: tp("errors.participant_required") };
    const outcome = await box.submit(command, payload);
    if (outcome.kind === "refused") {
      // Said at the form, where the values still are: not kept as a failed entry as well.
      box.discard(outcome.id);
      return { kind: "refused", text: refusalText(outcome.refusal, kpis, lang) };
    }
    return outcome.kind === "pending" ? { kind: "pending", id: outcome.id } : { kind: "sent" };
  };
  const fate = (id: string) => {
    const e = entries.find((x) => x.submission_id === id);
    return e ? e.state : "gone";
  };

  const offline = !online || status === "offline";
  const list = (
    <MySubmissions
      entries={entries}
      arrived={mine}
      kpis={kpis}
      offline={offline}
      onDiscard={(id) => box?.discard(id)}
      onFix={(e) => {
        box?.discard(e.submission_id);
        setFix(e);
        setTab(e.command === "pilot.reading" ? "reading" : "feedback");
        window.scrollTo({ top: 0, behavior: "smooth" });
      }}
    />
  );
  if (w.finished) {
    return (
      <div class="pilot-participant" data-testid="pilot-participant">
        <p class="notice">{tp("participant.finished")}</p>
        {list}
      </div>
    );
  }
  return (
    <div class="pilot-participant" data-testid="pilot-participant">
      <p class="pilot-period small">
        {def.name && <strong>{def.name}</strong>}
        {def.start || def.end ? (
          <span>
            {tp("participant.period", {
              start: def.start ? formatDay(def.start, lang) : "…",
              end: def.end ? formatDay(def.end, lang) : "…",
            })}
          </span>
        ) : null}
      </p>
      {offline && (
        <p class="pilot-offline" role="status" data-testid="offline-note">
          <Icon name="timer" size={16} /> {tp("participant.offline")}
        </p>
      )}
      <div class="pilot-tabs" role="group" aria-label={tp("participant.what")}>
        <button
          type="button"
          class={`pilot-tab${tab === "reading" ? " is-on" : ""}`}
          aria-pressed={tab === "reading"}
          onClick={() => setTab("reading")}
          data-testid="tab-reading"
        >
          <Icon name="chart" size={18} /> {tp("participant.readingTab")}
        </button>
        <button
          type="button"
          class={`pilot-tab${tab === "feedback" ? " is-on" : ""}`}
          aria-pressed={tab === "feedback"}
          onClick={() => setTab("feedback")}
          data-testid="tab-feedback"
        >
          <Icon name="note" size={18} /> {tp("participant.feedbackTab")}
        </button>
      </div>
      {tab === "reading" ? (
        kpis.length === 0 ? (
          <p class="notice">{tp("participant.noKpis")}</p>
        ) : (
          <ReadingForm
            key={fix?.submission_id ?? "new"}
            kpis={kpis}
            def={def}
            initial={fix?.command === "pilot.reading" ? fix.payload : null}
            fate={fate}
            submit={(p) => submit("pilot.reading", p)}
          />
        )
      ) : (
        <FeedbackForm
          key={fix?.submission_id ?? "new"}
          initial={fix?.command === "pilot.feedback" ? fix.payload : null}
          fate={fate}
          submit={(p) => submit("pilot.feedback", p)}
        />
      )}
      {list}
    </div>
  );
}
