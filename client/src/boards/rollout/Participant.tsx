// The roll-out on the phone page (pilot link): after go-live, participants of live waves keep
// sending the decided pilot's KPI readings. Same reading form, same offline outbox and the same
// "my submissions" list as the pilot's participant page (exactly once by submission id).
import { useEffect, useState } from "preact/hooks";
import type { BoardViewProps } from "../registry";
import { useLanguage } from "../../i18n";
import { useConnectionStatus } from "../../sync/hooks";
import { Icon } from "../../ui/icons";
import { formatDay, refusalText } from "../pilot/api";
import { ReadingForm, type FormResult } from "../pilot/forms";
import type { OutboxEntry } from "../pilot/outbox";
import { MySubmissions, useOutbox } from "../pilot/Participant";
import type { MySubmission } from "../pilot/schema";
import { useRolloutLedger, useRolloutPlan } from "./doc";
import { tr, trMaybe } from "./i18n";
import { asPilotKpi, COMMANDS, readDecisions, readGolive, readReadings, readWaves } from "./schema";

function useOnline(): boolean {
  const [online, setOnline] = useState(navigator.onLine);
  useEffect(() => {
    const on = () => setOnline(navigator.onLine);
    window.addEventListener("online", on);
    window.addEventListener("offline", on);
    return () => {
      window.removeEventListener("online", on);
      window.removeEventListener("offline", on);
    };
  }, []);
  return online;
}

export function RolloutParticipantView({ board, conn, workshop: w }: BoardViewProps) {
  const lang = useLanguage();
  useRolloutPlan(conn.content);
  useRolloutLedger(conn.ledger);
  const status = useConnectionStatus(conn);
  const online = useOnline();
  const participant = w.membership.participant_id || w.info.me.participant_id || "";
  const decisions = readDecisions(conn.ledger);
  const decision = decisions.length ? decisions[decisions.length - 1] : null;
  const kpis = (decision?.pilot.kpis ?? []).map(asPilotKpi);
  const golive = readGolive(conn.ledger);
  const waves = readWaves(conn.content);
  const live = waves.filter((x) => golive.has(x.id));
  const waveName = (id: unknown) => waves.find((x) => x.id === id)?.name ?? "";
  // what arrived is in the ledger the board syncs anyway: mine, as the shared list reads them
  const mine: MySubmission[] = readReadings(conn.ledger)
    .filter((r) => r.participant_id === participant)
    .map((r) => ({ ...r, type: "reading" as const, site: r.wave_id, withdrawn: null, corrected: null }));
  const arrivedIds = mine.map((s) => s.id).join(",");
  const { box, entries } = useOutbox(board.id, participant, w.token, () => undefined);
  const [fix, setFix] = useState<OutboxEntry | null>(null);
  useEffect(() => {
    if (box) box.forgetArrived(new Set(arrivedIds.split(",")));
  }, [box, arrivedIds]);
  useEffect(() => {
    if (status === "live") box?.flush(true);
  }, [status, box]);

  const submit = async (payload: Record<string, unknown>): Promise<FormResult> => {
    if (!box) return { kind: "refused", text: tr("errors.participant_required") };
    const outcome = await box.submit(COMMANDS.reading, payload);
    if (outcome.kind === "refused") {
      box.discard(outcome.id);
      const r = outcome.refusal;
      return {
        kind: "refused",
        text:
          trMaybe(`errors.${r.code}`, {
            ...r.params,
            date: formatDay(String(r.params.date ?? ""), lang),
            golive: formatDay(String(r.params.golive ?? ""), lang),
          }) ?? refusalText(r, kpis, lang),
      };
    }
    return outcome.kind === "pending" ? { kind: "pending", id: outcome.id } : { kind: "sent" };
  };
  const fate = (id: string) => entries.find((x) => x.submission_id === id)?.state ?? "gone";
  const offline = !online || status === "offline";
  const ours = entries.filter((e) => e.command === COMMANDS.reading);
  return (
    <div class="pilot-participant rollout-participant" data-testid="rollout-participant">
      <p class="pilot-period small">{tr("participant.intro")}</p>
      {offline && (
        <p class="pilot-offline" role="status" data-testid="rollout-offline-note">
          <Icon name="timer" size={16} /> {tr("participant.offline")}
        </p>
      )}
      {!decision || decision.verdict === "stop" ? (
        <p class="notice">{decision ? tr("participant.stopped") : tr("participant.noDecision")}</p>
      ) : live.length === 0 ? (
        <p class="notice">{tr("participant.noLiveWave")}</p>
      ) : kpis.length === 0 ? (
        <p class="notice">{tr("participant.noKpis")}</p>
      ) : (
        <>
          <p class="small muted">
            {tr("participant.live", {
              waves: live.map((x) => `${x.name} (${formatDay(golive.get(x.id)?.date ?? "", lang)})`).join(tr("sep")),
            })}
          </p>
          <ReadingForm
            name="rollout"
            key={fix?.submission_id ?? "new"}
            kpis={kpis}
            def={{ start: "", end: "", sites: [] }}
            places={{
              field: "wave_id",
              legend: tr("participant.wave"),
              required: tr("participant.waveRequired"),
              options: live.map((x) => ({ value: x.id, label: x.name || tr("waves.untitled") })),
            }}
            initial={fix ? fix.payload : null}
            fate={fate}
            submit={submit}
          />
        </>
      )}
      <MySubmissions
        name="rollout"
        entries={ours}
        arrived={mine}
        kpis={kpis}
        placeOf={(p) => waveName(p.wave_id ?? p.site)}
        offline={offline}
        onDiscard={(id) => box?.discard(id)}
        onFix={(e) => {
          box?.discard(e.submission_id);
          setFix(e);
          window.scrollTo({ top: 0, behavior: "smooth" });
        }}
      />
    </div>
  );
}
