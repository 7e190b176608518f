// Pilot participant page (/p/{workshop}): phone-first; the workshop's boards of kinds with a
// participant view (the pilot, then the roll-out's sustain readings), each in that view. For a
// pilot participant `w.info` is the server's narrow pilot view (no other boards, goals or
// participants), so it links nowhere else. A board the pilot link reaches by commands only (the
// roll-out) comes with its own narrow `phone` data in that view: its PhoneView draws from it and
// the board is never synced.
import { t } from "../i18n";
import { paths } from "../router";
import { useAnalysis, useBoardConnection, useConnectionStatus, useLocked } from "../sync/hooks";
import { Icon } from "../ui/icons";
import { hasParticipantView, kindIcon, useBoardView } from "../boards/registry";
import { useWorkshop } from "../boards/workshop/context";
import type { BoardSummary } from "../api";
import { LOCAL } from "../sync/connection";
import { LoadFailed } from "./Board";
import { useKeptContent } from "./pilotOffline";

function PilotBoard({ board }: { board: BoardSummary }) {
  const w = useWorkshop();
  const participant = hasParticipantView(board.kind);
  const view = useBoardView(participant ? board.kind : "");
  const def = view === "failed" ? null : view;
  const phone = board.phone !== undefined;
  const conn = useBoardConnection(participant && !phone ? board.id : null, w.token);
  const status = useConnectionStatus(conn);
  useKeptContent(conn, w.role === "pilot");
  const analysis = useAnalysis(conn?.ledger ?? null);
  const locked = useLocked(conn?.ledger ?? null);
  if (!participant) {
    return (
      <a class="board-card" href={paths.board(w.id, board.id)}>
        <span class="board-icon" aria-hidden="true">
          <Icon name={kindIcon(board.kind)} size={22} />
        </span>
        <span class="board-card-text">
          <strong>{board.title}</strong>
          <span class="small muted">{t("pilot.open")}</span>
        </span>
      </a>
    );
  }
  const View = def?.ParticipantView;
  const Phone = def?.PhoneView;
  if (phone) {
    return (
      <section class="panel" aria-label={board.title}>
        <h2>{board.title}</h2>
        {Phone ? (
          <Phone board={board} phone={board.phone} workshop={w} />
        ) : view === "failed" ? (
          <LoadFailed />
        ) : (
          <p class="muted">{t("board.loading")}</p>
        )}
      </section>
    );
  }
  return (
    <section class="panel" aria-label={board.title}>
      <h2>{board.title}</h2>
      {View && conn && status !== "connecting" ? (
        <View
          board={board}
          conn={conn}
          readOnly={w.finished || locked}
          analysis={analysis}
          me={w.me}
          workshop={w}
          edit={(fn) => conn.content.transact(fn, LOCAL)}
        />
      ) : view === "failed" ? (
        <LoadFailed />
      ) : (
        <p class="muted">{t("board.loading")}</p>
      )}
    </section>
  );
}

export function PilotPage() {
  const w = useWorkshop();
  const boards = w.info.boards.filter((b) => hasParticipantView(b.kind));
  return (
    <div class="narrow-page pilot-page">
      <header class="page-head">
        <p class="eyebrow">{t("pilot.eyebrow")}</p>
        <h1>{w.info.title}</h1>
        <p class="page-sub">{t("pilot.intro", { name: w.me.name })}</p>
      </header>
      {boards.length === 0 ? (
        <div class="panel empty-state">
          <Icon name="timer" size={28} />
          <p>{t("pilot.none")}</p>
        </div>
      ) : (
        <div class="stack">
          {boards.map((b) => (
            <PilotBoard key={b.id} board={b} />
          ))}
        </div>
      )}
    </div>
  );
}
