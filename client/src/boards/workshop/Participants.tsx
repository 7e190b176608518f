// Who is in the workshop right now (awareness on the workshop board) and who has joined.
import { useEffect, useRef } from "preact/hooks";
import { t } from "../../i18n";
import { useAwarenessStates } from "../../sync/hooks";
import { colorFor, peers as listPeers } from "../../sync/presence";
import { Avatar } from "../../ui/presence";
import { useWorkshop } from "./context";

export function ParticipantsPanel() {
  const w = useWorkshop();
  const states = useAwarenessStates(w.conn?.awareness ?? null);
  const online = listPeers(w.conn?.awareness ?? null, states);
  const onlineIds = new Set(online.map((p) => p.user.id));
  const offline = w.info.participants.filter((p) => !onlineIds.has(p.participant_id));
  // Someone joined since the list was loaded: fetch it again (once per newcomer).
  const known = new Set(w.info.participants.map((p) => p.participant_id));
  const newcomers = online.filter((p) => !known.has(p.user.id) && !p.user.id.startsWith("invite-"));
  const key = newcomers
    .map((p) => p.user.id)
    .sort()
    .join(",");
  const asked = useRef("");
  useEffect(() => {
    if (key && asked.current !== key) {
      asked.current = key;
      void w.refresh();
    }
  }, [key]);
  const where = (at?: string) => {
    if (!at) return t("participants.atHome");
    const board = w.info.boards.find((b) => b.id === at);
    return board ? t("participants.atBoard", { board: board.title }) : t("participants.atHome");
  };
  return (
    <section class="panel people-panel" aria-labelledby="people-title">
      <div class="panel-head">
        <h2 id="people-title">{t("participants.title")}</h2>
        <span class="muted small" data-testid="online-count">
          {t("participants.count", { online: online.length, count: Math.max(w.info.participants.length, online.length) })}
        </span>
      </div>
      <ul class="people" data-testid="people-online">
        {online.map((p) => (
          <li key={p.clientId} class="person online" data-name={p.user.name}>
            <Avatar name={p.user.name} color={p.user.color} />
            <span class="person-text">
              <span class="person-name">
                {p.user.name}
                {p.self && <span class="muted"> {t("participants.you")}</span>}
              </span>
              <span class="small muted">
                {t(`roles.${p.user.role}.name`)} · {where(p.at)}
              </span>
            </span>
            <span class="online-dot" aria-label={t("participants.online")} />
          </li>
        ))}
        {offline.map((p) => (
          <li key={p.participant_id} class="person offline">
            <Avatar name={p.display_name} color={colorFor(p.participant_id)} />
            <span class="person-text">
              <span class="person-name">{p.display_name}</span>
              <span class="small muted">
                {t(`roles.${p.role}.name`)} · {t("participants.away")}
              </span>
            </span>
          </li>
        ))}
      </ul>
    </section>
  );
}
