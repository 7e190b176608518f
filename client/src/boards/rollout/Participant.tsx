// The roll-out on the phone page (pilot link): after go-live, participants of live waves keep
// sending the decided pilot's KPI readings. Same reading form, same offline outbox and the same
// "my submissions" list as the pilot's participant page (exactly once by submission id).
// The pilot link never syncs a roll-out board (its risks, resources, rationale and everyone's
// readings stay with the team): all it shows comes from the pilot page's narrow `phone` view,
// which the frame polls; a reading that arrives refreshes it at once.
import { useEffect, useState } from "preact/hooks";
import type { PhoneViewProps } from "../registry";
import { useLanguage } from "../../i18n";
import { Icon } from "../../ui/icons";
import { formatDay, refusalText } from "../pilot/api";
import { ReadingForm, type FormResult } from "../pilot/forms";
import type { OutboxEntry } from "../pilot/outbox";
import { MySubmissions, useOutbox } from "../pilot/Participant";
import type { MySubmission } from "../pilot/schema";
import { tr, trMaybe } from "./i18n";
import { COMMANDS, phoneKpi, readPhone } from "./schema";

export function RolloutPhoneView({ board, phone, workshop: w }: PhoneViewProps) {
  const lang = useLanguage();
  const view = readPhone(phone);
  const participant = w.membership.participant_id || w.info.me.participant_id || "";
  const kpis = view.kpis.map(phoneKpi);
  const live = view.waves;
  const waveName = (id: unknown) => live.find((x) => x.id === id)?.name ?? "";
  const mine: MySubmission[] = view.mine.map((r) => ({
    ...r,
    type: "reading" as const,
    site: r.wave_id,
    participant_id: participant,
    display_name: "",
    withdrawn: null,
    corrected: null,
  }));
  const arrivedIds = mine.map((s) => s.id).join(",");
  const { box, entries } = useOutbox(board.id, participant, w.token, () => void w.refresh());
  const [fix, setFix] = useState<OutboxEntry | null>(null);
  useEffect(() => {
    if (box) box.forgetArrived(new Set(arrivedIds.split(",")));
  }, [box, arrivedIds]);
  useEffect(() => {
    if (w.status === "live") box?.flush(true);
  }, [w.status, box]);

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
  const offline = w.status === "offline";
  const ours = entries.filter((e) => e.command === COMMANDS.reading);
  return (
    <div class="pilot-participant rollout-participant" data-testid="rollout-participant">
      <p class="pilot-period small">{tr("participant.intro")}</p>
      {offline && (
        <p class="pilot-offline" role="status" data-testid="rollout-offline-note">
          <Icon name="timer" size={16} /> {tr("participant.offline")}
        </p>
      )}
      {view.decision !== "go" ? (
        <p class="notice">{view.decision === "stop" ? tr("participant.stopped") : tr("participant.noDecision")}</p>
      ) : live.length === 0 ? (
        <p class="notice">{tr("participant.noLiveWave")}</p>
      ) : kpis.length === 0 ? (
        <p class="notice">{tr("participant.noKpis")}</p>
      ) : (
        <>
          <p class="small muted">
            {tr("participant.live", {
              waves: live.map((x) => `${x.name} (${formatDay(x.golive, lang)})`).join(tr("sep")),
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
