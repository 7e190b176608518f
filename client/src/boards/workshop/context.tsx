// The workshop frame's state, shared by every page of a workshop: who I am, the workshop's
// info, and the live connection to the workshop board (phase, timer, follow, finished, goals,
// participants online). It stays open while the user moves between home and boards.
// A pilot participant never opens the workshop board (server/access.py): their frame polls the
// narrow pilot view instead (title, language, phase, finished, their pilot boards).
import { createContext, type ComponentChildren } from "preact";
import { useCallback, useContext, useEffect, useMemo, useRef, useState } from "preact/hooks";
import { api, ApiError, fromPilot, pilotPage, sendCommand, type Role, type WorkshopInfo } from "../../api";
import { membership as loadMembership, updateMembership, type Membership } from "../../storage";
import { BoardConnection, type ConnectionStatus } from "../../sync/connection";
import { useBoardConnection, useConnectionStatus, useY } from "../../sync/hooks";
import { colorFor, type PeerUser } from "../../sync/presence";
import { notifyError } from "../../ui/toast";
import { useWorkshopLanguage } from "../../i18n";
import { PHASES, readState, stateMap, type Phase, type WorkshopState } from "./schema";
import { EditingPeers } from "../../sync/editing";
import { EditingContext } from "../../ui/editing";

export interface WorkshopCtx {
  id: string;
  info: WorkshopInfo;
  membership: Membership;
  token: string;
  role: Role;
  me: PeerUser;
  conn: BoardConnection | null;
  status: ConnectionStatus;
  /** the workshop board has synced at least once: `state` is the real one, not defaults */
  ready: boolean;
  state: WorkshopState;
  finished: boolean;
  isFacilitator: boolean;
  /** this participant may edit board content (role allows and the workshop is not finished) */
  canEdit: boolean;
  refresh: () => Promise<void>;
  /** a facilitator/participant command; errors are shown to the user, then rethrown */
  command: (name: string, payload?: Record<string, unknown>, boardId?: string) => Promise<unknown>;
}

const Ctx = createContext<WorkshopCtx | null>(null);

export function useWorkshop(): WorkshopCtx {
  const ctx = useContext(Ctx);
  if (!ctx) throw new Error("useWorkshop() needs a <WorkshopProvider> above it");
  return ctx;
}

type Load =
  | { kind: "loading" }
  | { kind: "no-token" }
  | { kind: "refused"; status: number }
  | { kind: "failed"; error: unknown }
  | { kind: "ready"; info: WorkshopInfo };

export function useWorkshopInfo(id: string, token: string | null, pilot = false) {
  const [load, setLoad] = useState<Load>(token ? { kind: "loading" } : { kind: "no-token" });
  // Whether the last request got an answer: the pilot frame's connection state.
  const [answered, setAnswered] = useState(true);
  const etag = useRef("");
  const refresh = useCallback(async () => {
    if (!token) return setLoad({ kind: "no-token" });
    try {
      if (pilot) {
        const page = await pilotPage(id, token, etag.current);
        if (page) {
          etag.current = page.etag;
          setLoad({ kind: "ready", info: fromPilot(page.info) });
        }
      } else setLoad({ kind: "ready", info: await api.workshop(id, token) });
      setAnswered(true);
    } catch (error) {
      etag.current = "";
      setAnswered(!(error instanceof ApiError && error.offline));
      if (error instanceof ApiError && [401, 403, 404, 410].includes(error.status)) setLoad({ kind: "refused", status: error.status });
      else setLoad((prev) => (prev.kind === "ready" ? prev : { kind: "failed", error }));
    }
  }, [id, token, pilot]);
  useEffect(() => void refresh(), [refresh]);
  return { load, refresh, answered };
}

/** The browser's own idea of being online (the pilot frame has no socket to tell it). */
function useOnline(onBack: () => void): boolean {
  const [online, setOnline] = useState(() => navigator.onLine);
  useEffect(() => {
    const on = () => {
      setOnline(navigator.onLine);
      if (navigator.onLine) onBack();
    };
    addEventListener("online", on);
    addEventListener("offline", on);
    return () => {
      removeEventListener("online", on);
      removeEventListener("offline", on);
    };
  }, [onBack]);
  return online;
}

const phaseOf = (phase: string | undefined): Phase => (PHASES.includes(phase as Phase) ? (phase as Phase) : "diagnose");

export function WorkshopProvider(props: {
  id: string;
  children: ComponentChildren;
  fallback: (load: Exclude<Load, { kind: "ready" }>, retry: () => void) => ComponentChildren;
}) {
  const [m] = useState(() => loadMembership(props.id));
  const token = m?.token ?? null;
  const pilot = m?.role === "pilot";
  const { load, refresh, answered } = useWorkshopInfo(props.id, token, pilot);
  const info = load.kind === "ready" ? load.info : null;
  const conn = useBoardConnection(pilot ? null : (info?.workshop_board_id ?? null), token);
  const online = useOnline(refresh);
  const socketStatus = useConnectionStatus(conn);
  const status: ConnectionStatus = !pilot ? socketStatus : !online ? "offline" : answered ? "live" : "reconnecting";
  const state = useMemo(() => (conn ? stateMap(conn.ledger) : null), [conn]);
  useY(state);
  useWorkshopLanguage(info?.language);

  // Participants joining are HTTP-only: refresh while the page is visible, and when the tab
  // comes back.
  useEffect(() => {
    if (!info) return;
    const tick = () => document.visibilityState === "visible" && void refresh();
    // The pilot phone learns this way that the workshop finished or a pilot board was added.
    const id = setInterval(tick, pilot ? 10000 : 15000);
    document.addEventListener("visibilitychange", tick);
    return () => {
      clearInterval(id);
      document.removeEventListener("visibilitychange", tick);
    };
  }, [Boolean(info), refresh, pilot]);

  // The server mirrors the board list into the workshop ledger (`boards.json`): a board
  // added, renamed or locked by anyone refreshes everyone's list at once.
  useEffect(() => {
    if (!conn) return;
    const boards = conn.ledger.getMap("boards");
    let seen = boards.get("json");
    const onChange = () => {
      const now = boards.get("json");
      if (now !== seen) {
        seen = now;
        void refresh();
      }
    };
    boards.observe(onChange);
    return () => boards.unobserve(onChange);
  }, [conn, refresh]);

  // The server closed the workshop connection for good (revoked link): find out why over HTTP,
  // which turns the page into "your access ended" when the token no longer works.
  useEffect(() => {
    if (status === "denied") void refresh();
  }, [status]);

  const me = useMemo<PeerUser | null>(() => {
    if (!m || !info) return null;
    const id = m.participant_id || info.me.participant_id || `invite-${m.role}`;
    const name = m.display_name || info.me.display_name || m.role;
    return { id, name, color: colorFor(id), role: info.me.role ?? m.role };
  }, [m, info?.me.participant_id, info?.me.role]);

  useEffect(() => {
    if (conn && me) conn.awareness.setLocalStateField("user", me);
  }, [conn, me]);
  // who is editing which field of the workshop board (the A3 on the home); a board page
  // provides its own for its board
  const workshopBoard = info?.workshop_board_id ?? "";
  const editingPeers = useMemo(() => (conn ? new EditingPeers(conn.awareness, workshopBoard) : null), [conn, workshopBoard]);
  useEffect(() => () => editingPeers?.destroy(), [editingPeers]);

  const wsState = conn && state ? readState(conn.ledger) : null;

  // Keep what the start page's "Your workshops" shows fresh: title, phase (live from the
  // workshop board once connected), finished, last activity.
  const livePhase = wsState?.phase ?? info?.phase;
  const liveFinished = Boolean(wsState?.finished) || info?.status === "finished";
  useEffect(() => {
    if (!info || !m) return;
    updateMembership(props.id, {
      title: info.title,
      phase: livePhase,
      status: liveFinished ? "finished" : "live",
      last_activity: info.last_activity,
      deleted: false,
    });
  }, [info?.title, info?.last_activity, livePhase, liveFinished]);
  const command = useCallback(
    async (name: string, payload: Record<string, unknown> = {}, boardId?: string) => {
      if (!token || !info) return;
      try {
        return await sendCommand(boardId ?? info.workshop_board_id, name, payload, token);
      } catch (error) {
        notifyError(error);
        throw error;
      }
    },
    [token, info?.workshop_board_id],
  );

  if (load.kind !== "ready" || !m || !token || !me) {
    return <>{props.fallback(load as Exclude<Load, { kind: "ready" }>, refresh)}</>;
  }
  const role = info!.me.role ?? m.role;
  const finished = Boolean(wsState?.finished) || info!.status === "finished";
  const value: WorkshopCtx = {
    id: props.id,
    info: info!,
    membership: m,
    token,
    role,
    me,
    conn,
    status,
    ready: pilot || (status !== "connecting" && status !== "denied"),
    state: wsState ?? { phase: phaseOf(info!.phase), timer_ends_at: "", timer_seconds: 0, follow: "", finished, viewer_export: false },
    finished,
    isFacilitator: role === "facilitator",
    canEdit: (role === "facilitator" || role === "editor") && !finished,
    refresh,
    command,
  };
  return (
    <Ctx.Provider value={value}>
      <EditingContext.Provider value={editingPeers}>{props.children}</EditingContext.Provider>
    </Ctx.Provider>
  );
}
