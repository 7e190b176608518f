// Board frame: title, toolbar (undo/redo, lock, follow me), presence, connection state and
// read-only reasons around the kind's own view from the registry.
import * as Y from "yjs";
import { useCallback, useContext, useEffect, useMemo, useRef, useState } from "preact/hooks";
import { opens } from "../api";
import { t } from "../i18n";
import { paths } from "../router";
import { LOCAL } from "../sync/connection";
import { useAnalysis, useAwarenessStates, useBoardConnection, useConnectionStatus, useLocked } from "../sync/hooks";
import { peers as listPeers } from "../sync/presence";
import { Icon } from "../ui/icons";
import { AvatarStack } from "../ui/presence";
import { ConnectionBadge } from "../ui/status";
import { ReadNotes } from "../ui/readnotes";
import { useBoardView } from "../boards/registry";
import { useWorkshop } from "../boards/workshop/context";
import { FollowContext } from "../boards/workshop/Frame";
import { leaderViewport, throttled, ViewportContext, type Viewport, type ViewportShare } from "../sync/viewport";
import { COMMANDS } from "../boards/workshop/schema";
import { HistoryPanel, checkpointTime, checkpointTitle } from "../history/HistoryPanel";
import { checkpointState, type Checkpoint } from "../history/api";
import { previewConnection } from "../history/preview";
import type { BoardConnection } from "../sync/connection";
import { notifyError } from "../ui/toast";
import { EditingPeers } from "../sync/editing";
import { EditingContext } from "../ui/editing";

function useUndo(content: Y.Doc | null, scope: ((d: Y.Doc) => Y.AbstractType<any>[]) | undefined) {
  const [, bump] = useState(0);
  const manager = useMemo(
    () => (content && scope ? new Y.UndoManager(scope(content), { trackedOrigins: new Set([LOCAL]) }) : null),
    [content, scope],
  );
  useEffect(() => {
    if (!manager) return;
    const on = () => bump((n) => n + 1);
    manager.on("stack-item-added", on);
    manager.on("stack-item-popped", on);
    manager.on("stack-cleared", on);
    return () => manager.destroy();
  }, [manager]);
  return manager;
}

/** Marks `obeya:board-ready` (User Timing) once per board and page: the board's first full render is
 *  committed and its inputs take keys. Effects run after the browser painted that render, so
 *  the mark's time is what a user waits after navigating (bench/browser_bench.py reads it). */
function BoardReady({ boardId }: { boardId: string }) {
  useEffect(() => {
    const marks = performance.getEntriesByName("obeya:board-ready") as PerformanceMark[];
    if (!marks.some((m) => m.detail?.board === boardId)) {
      performance.mark("obeya:board-ready", { detail: { board: boardId } });
    }
  }, [boardId]);
  return null;
}

/** A view's chunk did not arrive (usually: the app was redeployed since this page loaded). */
export function LoadFailed() {
  return (
    <div class="panel" role="alert" data-testid="view-load-failed">
      <p>{t("board.loadFailed")}</p>
      <button type="button" class="btn btn-primary" onClick={() => location.reload()}>
        {t("board.reload")}
      </button>
    </div>
  );
}

export function BoardPage({ boardId }: { boardId: string }) {
  const w = useWorkshop();
  const listed = w.info.boards.find((b) => b.id === boardId);
  // A board of a kind this role may not open (a pilot link on the value-stream map): say so
  // instead of connecting and being refused.
  const closed = Boolean(listed) && !opens(w.info.me.board_kinds, listed?.kind ?? "");
  const board = closed ? undefined : listed;
  const [looked, setLooked] = useState(false);
  // A pilot participant's list names its own boards only: any other board is one it may not
  // open -- or one that does not exist, which the server answers alike on purpose.
  const hidden = looked && !listed && w.role === "pilot";
  useEffect(() => {
    if (!board && !closed && !looked) void w.refresh().finally(() => setLooked(true));
  }, [board, looked]);

  const conn = useBoardConnection(board ? boardId : null, w.token);
  const status = useConnectionStatus(conn);
  const locked = useLocked(conn?.ledger ?? null);
  const analysis = useAnalysis(conn?.ledger ?? null);
  const states = useAwarenessStates(conn?.awareness ?? null);
  const here = listPeers(conn?.awareness ?? null, states);
  const view = useBoardView(board?.kind ?? "");
  const def = view === "failed" ? null : view;
  const undo = useUndo(conn?.content ?? null, def?.undoScope);
  const [historyOpen, setHistoryOpen] = useState(false);
  const [preview, setPreview] = useState<{ checkpoint: Checkpoint; conn: BoardConnection } | null>(null);
  useEffect(() => () => preview?.conn.destroy(), [preview]);
  useEffect(() => setPreview(null), [boardId]);
  const showVersion = (checkpoint: Checkpoint | null) => {
    if (!checkpoint || !conn) return setPreview(null);
    checkpointState(boardId, checkpoint.id, w.token).then(
      (update) => setPreview({ checkpoint, conn: previewConnection(conn, update) }),
      notifyError,
    );
  };

  useEffect(() => {
    if (conn) conn.awareness.setLocalState({ user: w.me, focus: null });
  }, [conn, w.me]);
  const editingPeers = useMemo(() => (conn ? new EditingPeers(conn.awareness, boardId) : null), [conn, boardId]);
  useEffect(() => () => editingPeers?.destroy(), [editingPeers]);

  // "Follow me": while it is on, the facilitator's board is the one everyone is taken to.
  // Once per board visit (the workshop state may sync after this page mounted).
  const followedHere = useRef(false);
  useEffect(() => {
    if (followedHere.current || !w.isFacilitator || w.finished) return;
    if (!w.state.follow || w.state.follow === boardId) return;
    followedHere.current = true;
    void w.command(COMMANDS.follow, { board_id: boardId }).catch(() => {});
  }, [w.state.follow]);

  // ... and, on the followed board, where the facilitator looks: scroll and zoom.
  const onFollowedBoard = Boolean(w.state.follow) && w.state.follow === boardId;
  const leads = onFollowedBoard && w.isFacilitator && !w.finished;
  const followContext = useContext(FollowContext);
  const follows = onFollowedBoard && followContext.active;
  const publish = useMemo(() => {
    let current: Viewport = { page: window.scrollY };
    const send = throttled(() => conn?.awareness.setLocalStateField("view", current));
    return (part: Partial<Viewport>) => {
      current = { ...current, ...part };
      send(null);
    };
  }, [conn]);
  useEffect(() => {
    if (!conn || !leads) return;
    const on = () => publish({ page: window.scrollY });
    on();
    window.addEventListener("scroll", on, { passive: true });
    return () => {
      window.removeEventListener("scroll", on);
      conn.awareness.setLocalStateField("view", null);
    };
  }, [conn, leads]);
  const followed = follows ? leaderViewport(here, states) : null;
  useEffect(() => {
    if (followed) window.scrollTo({ top: followed.page });
  }, [followed?.page]);
  // (memoised: a new value each render would re-render the board's view on every awareness change)
  const followedKey = JSON.stringify(followed);
  const share: ViewportShare = useMemo(() => ({ leads, followed, publish }), [leads, followedKey, publish]);

  const reason = w.finished
    ? "finished"
    : !w.canEdit
      ? w.role
      : locked && !w.isFacilitator // the server lets facilitators edit a locked board
        ? "locked"
        : status === "denied" || status === "too_large"
          ? status
          : null;
  const readOnly = reason !== null || !def?.undoScope;
  const edit = useCallback((fn: () => void) => conn?.content.transact(fn, LOCAL), [conn]);

  const onKeyDown = (e: KeyboardEvent) => {
    if (!undo || readOnly || !(e.ctrlKey || e.metaKey)) return;
    const key = e.key.toLowerCase();
    if (key === "z" && !e.shiftKey) undo.undo();
    else if ((key === "z" && e.shiftKey) || key === "y") undo.redo();
    else return;
    e.preventDefault();
  };

  if (!board) {
    return (
      <div class="narrow-page">
        <div class="panel">
          <h1>{closed || hidden ? t("board.notForRole") : looked ? t("board.notFound") : t("app.loading")}</h1>
          {(looked || closed) && <a href={paths.home(w.id)}>{t("board.backHome")}</a>}
        </div>
      </div>
    );
  }

  const View = def?.View;
  const kindLabel = t(`kinds.${board.kind}.name`, { defaultValue: board.kind });
  return (
    <div class="board-page" onKeyDown={onKeyDown}>
      <div class="board-head">
        <a class="back-link" href={paths.home(w.id)}>
          <Icon name="back" size={16} /> <span>{t("board.backHome")}</span>
        </a>
        <div class="board-title-row">
          <div class="board-title">
            <h1 data-testid="board-title">{board.title}</h1>
            <span class="chip">{kindLabel}</span>
            {locked && (
              <span class="chip chip-warn" data-testid="locked-chip">
                <Icon name="lock" size={14} /> {t("board.locked")}
              </span>
            )}
          </div>
          <div class="board-presence">
            <AvatarStack peers={here} />
            <ConnectionBadge status={status} />
          </div>
        </div>
        {(def?.undoScope || (w.isFacilitator && !w.finished) || w.role !== "pilot") && (
          <div class="toolbar" role="toolbar" aria-label={t("board.toolbar")}>
            {w.role !== "pilot" && (
              <div class="tool-group">
                <button
                  type="button"
                  class={`btn btn-small${historyOpen ? " btn-active" : ""}`}
                  aria-pressed={historyOpen}
                  onClick={() => setHistoryOpen(!historyOpen)}
                  data-testid="history-toggle"
                >
                  <Icon name="timer" size={16} />
                  <span>{t("history.open")}</span>
                </button>
              </div>
            )}
            {def?.undoScope && (
              <div class="tool-group">
                <button
                  type="button"
                  class="btn btn-small btn-ghost"
                  disabled={readOnly || !undo?.canUndo()}
                  onClick={() => undo?.undo()}
                  aria-label={t("board.undo")}
                  title={`${t("board.undo")} (Ctrl+Z)`}
                >
                  <Icon name="undo" /> <span class="tool-label">{t("board.undo")}</span>
                </button>
                <button
                  type="button"
                  class="btn btn-small btn-ghost"
                  disabled={readOnly || !undo?.canRedo()}
                  onClick={() => undo?.redo()}
                  aria-label={t("board.redo")}
                  title={`${t("board.redo")} (Ctrl+Shift+Z)`}
                >
                  <Icon name="redo" /> <span class="tool-label">{t("board.redo")}</span>
                </button>
              </div>
            )}
            {w.isFacilitator && !w.finished && (
              <div class="tool-group">
                <button
                  type="button"
                  class={`btn btn-small${locked ? " btn-active" : ""}`}
                  aria-pressed={locked}
                  onClick={() =>
                    void w.command(locked ? "board.unlock" : "board.lock", {}, boardId).then(
                      () => w.refresh(),
                      () => {},
                    )
                  }
                  data-testid="lock-toggle"
                >
                  <Icon name={locked ? "unlock" : "lock"} size={16} />
                  <span>{locked ? t("board.unlock") : t("board.lock")}</span>
                </button>
                <button
                  type="button"
                  class={`btn btn-small${w.state.follow === boardId ? " btn-active" : ""}`}
                  aria-pressed={w.state.follow === boardId}
                  onClick={() => void w.command(COMMANDS.follow, { board_id: w.state.follow === boardId ? "" : boardId }).catch(() => {})}
                  title={t("follow.hint")}
                >
                  <Icon name="follow" size={16} />
                  <span>{w.state.follow === boardId ? t("follow.stopMe") : t("follow.me")}</span>
                </button>
              </div>
            )}
          </div>
        )}
      </div>
      {!reason && locked && (
        <div class="banner banner-readonly" role="status" data-testid="locked-note">
          <Icon name="lock" size={16} />
          <span>{t("readonly.lockedFacilitator")}</span>
        </div>
      )}
      {reason && (
        <div class="banner banner-readonly" role="status" data-testid="readonly-banner">
          <Icon name={reason === "viewer" || reason === "pilot" ? "eye" : "lock"} size={16} />
          <span>{t(`readonly.${reason}`)}</span>
        </div>
      )}
      {historyOpen && (
        <HistoryPanel
          boardId={boardId}
          token={w.token}
          canName={w.isFacilitator && !w.finished}
          canRestoreBoard={w.isFacilitator && !w.finished}
          canRestoreItem={w.canEdit && !w.finished && (!locked || w.isFacilitator)}
          previewing={preview?.checkpoint.id ?? null}
          onPreview={showVersion}
          onClose={() => {
            setHistoryOpen(false);
            setPreview(null);
          }}
        />
      )}
      {preview && (
        <div class="banner banner-readonly banner-preview" role="status" data-testid="preview-banner">
          <Icon name="eye" size={16} />
          <span>{t("history.viewing", { time: checkpointTime(preview.checkpoint), title: checkpointTitle(preview.checkpoint) })}</span>
          <button type="button" class="btn btn-small" onClick={() => setPreview(null)}>
            {t("history.backToLive")}
          </button>
        </div>
      )}
      <ReadNotes ledger={conn?.ledger ?? null} analysis={analysis} />
      {View && conn && preview ? (
        <View
          key={preview.checkpoint.id}
          board={board}
          conn={preview.conn}
          readOnly={true}
          // the live analysis is of today's board, not of this version: none is shown
          analysis={null}
          me={w.me}
          workshop={w}
          edit={() => {}}
        />
      ) : View && conn && (conn.synced || status !== "connecting") ? (
        <ViewportContext.Provider value={share}>
          <EditingContext.Provider value={editingPeers}>
            <View board={board} conn={conn} readOnly={readOnly} analysis={analysis} me={w.me} workshop={w} edit={edit} />
          </EditingContext.Provider>
          <BoardReady boardId={boardId} />
        </ViewportContext.Provider>
      ) : view === "failed" ? (
        <LoadFailed />
      ) : (
        <div class="panel skeleton" aria-busy="true">
          {t("board.loading")}
        </div>
      )}
    </div>
  );
}
