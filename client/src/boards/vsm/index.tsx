// The `vsm` board: a value-stream map with a current and a future state, edited together live
// (one CRDT field per change), with the server's live analysis: lead time, VA time, PCE,
// rolled %C&A, takt, bottleneck, time by class and department, and current vs future.
import { useEffect, useMemo, useRef, useState } from "preact/hooks";
import type { BoardViewDef, BoardViewProps } from "../registry";
import { notify, notifyError } from "../../ui/toast";
import { useAwarenessStates, useDocUpdates } from "../../sync/hooks";
import { peers as listPeers, type Peer } from "../../sync/presence";
import { useLanguage } from "../../i18n";
import { tr } from "./i18n";
import { Compare } from "./Compare";
import { EmptyMap, VsmBar, type Mode } from "./Frame";
import { ImportDialog, SettingsDialog } from "./Dialogs";
import { MapCanvas } from "./MapCanvas";
import { MapTools, useZoom } from "./MapTools";
import { KaizenList, KpiStrip, TimeShares, Warnings } from "./Metrics";
import { StepEditor } from "./StepEditor";
import { AnalysisPanel } from "./eventlog/Analysis";
import { downloadBpmn } from "./eventlog/bpmn";
import { ImportLogDialog } from "./eventlog/ImportLog";
import { parseAnalysis } from "./eventlog/model";
import { useCanvasViewport } from "../../sync/viewport";
import {
  addStep,
  allRoots,
  asAnalysis,
  copyCurrentToFuture,
  moveStep,
  newId,
  readMap,
  readSettings,
  removeStep,
  type State,
} from "./schema";

const FOCUS = "vsm:";

function VsmView({ board, conn, readOnly, analysis, workshop, edit }: BoardViewProps) {
  useLanguage();
  const content = conn.content;
  useDocUpdates(content);
  useDocUpdates(conn.ledger);
  const [mode, setMode] = useState<Mode>("current");
  const [selected, setSelected] = useState<string | null>(null);
  const [focusName, setFocusName] = useState(false);
  const [dialog, setDialog] = useState<"settings" | "import" | "eventlog" | null>(null);
  const scroller = useRef<HTMLDivElement>(null);

  const state: State = mode === "future" ? "future" : "current";
  const maps = { current: readMap(content, "current"), future: readMap(content, "future") };
  const map = maps[state];
  const settings = readSettings(content);
  const a = asAnalysis(analysis);
  // parsed once per import, not on every keystroke in the map
  const eventlogJson = conn.ledger.getMap("eventlog").get("json");
  const eventlog = useMemo(() => parseAnalysis(eventlogJson), [eventlogJson]);
  const info = workshop.info as typeof workshop.info & { allow_viewer_export?: boolean };
  const canExport =
    workshop.role === "facilitator" || (workshop.role === "viewer" && Boolean(workshop.state.viewer_export || info.allow_viewer_export));
  const bpmn = () => void downloadBpmn(workshop.id, board.id, state, workshop.token, board.title).catch(notifyError);
  const stats = a?.[state] ?? null;
  const step = mode !== "compare" ? (map.steps.find((s) => s.id === selected) ?? null) : null;
  const index = step ? map.steps.indexOf(step) : -1;

  const zoom = useZoom(map.steps.length);
  useCanvasViewport(zoom.el, zoom.zoom, zoom.set);

  // Presence: which step each peer is editing.
  const states = useAwarenessStates(conn.awareness);
  const focusKey = step ? `${FOCUS}${state}:${step.id}` : null;
  useEffect(() => {
    conn.awareness.setLocalStateField("focus", focusKey);
  }, [focusKey]);
  useEffect(() => () => conn.awareness.setLocalStateField("focus", null), []);
  // (not memoised: the awareness map is the same object, changed in place)
  const peersOn = (() => {
    const on = new Map<string, Peer[]>();
    for (const peer of listPeers(conn.awareness, states)) {
      const f = peer.focus;
      if (peer.self || typeof f !== "string" || !f.startsWith(`${FOCUS}${state}:`)) continue;
      const id = f.slice(`${FOCUS}${state}:`.length);
      on.set(id, [...(on.get(id) ?? []), peer]);
    }
    return on;
  })();

  // The map reads from its first step: a step that fits beside it is shown without scrolling
  // it away, and closing the editor goes back to the start.
  const scrollToStep = (id: string) =>
    requestAnimationFrame(() => {
      const el = scroller.current;
      const box = el?.querySelector(`[data-step-id="${CSS.escape(id)}"]`);
      if (!el || !box) return;
      const right = box.getBoundingClientRect().right - el.getBoundingClientRect().left + el.scrollLeft;
      if (right <= el.clientWidth) el.scrollTo({ left: 0, behavior: "smooth" });
      else box.scrollIntoView({ block: "nearest", inline: "center", behavior: "smooth" });
    });

  const select = (id: string | null, keyboard = false) => {
    setSelected(id);
    setFocusName(keyboard);
    if (id) scrollToStep(id);
  };
  const closeEditor = () => {
    const id = selected;
    setSelected(null);
    if (!id) return;
    requestAnimationFrame(() => {
      scroller.current?.querySelector<HTMLElement>(`[data-step-id="${CSS.escape(id)}"]`)?.focus({ preventScroll: true });
      scroller.current?.scrollTo({ left: 0, behavior: "smooth" });
    });
  };

  // Escape closes the editor wherever the focus is (dialogs handle their own Escape).
  useEffect(() => {
    if (!step) return;
    const onKey = (e: KeyboardEvent) => {
      if (e.key !== "Escape" || e.defaultPrevented || dialog || document.querySelector("dialog[open]")) return;
      e.preventDefault();
      closeEditor();
    };
    document.addEventListener("keydown", onKey);
    return () => document.removeEventListener("keydown", onKey);
  });

  const add = () => {
    const id = newId(state === "current" ? "c" : "f");
    const last = map.steps[map.steps.length - 1];
    edit(() =>
      addStep(content, state, id, {
        name: "",
        department: last?.department ?? "",
        cycle_unit: last?.cycle_unit ?? "min",
        wait_unit: last?.wait_unit ?? "min",
      }),
    );
    setSelected(id);
    setFocusName(true);
    scrollToStep(id);
  };

  const move = (id: string, to: number) => {
    const ids = map.steps.map((s) => s.id);
    const rest = ids.filter((x) => x !== id);
    rest.splice(to, 0, id);
    edit(() => moveStep(content, state, id, rest[to + 1] ?? null));
    scrollToStep(id);
  };

  const remove = (id: string) => {
    const s = map.steps.find((x) => x.id === id);
    edit(() => removeStep(content, state, id));
    setSelected(null);
    notify(tr("editor.deleted", { name: s?.name || tr("map.unnamed") }));
  };

  const openStep = (s: State, id: string) => {
    setMode(s);
    select(id);
  };

  const switchMode = (m: Mode) => {
    setMode(m);
    setSelected(null);
    scroller.current?.scrollTo({ left: 0 }); // each state's map starts at its first step
  };

  const departments = [...new Set([...maps.current.steps, ...maps.future.steps].map((s) => s.department).filter(Boolean))];
  const warnings = (a?.warnings ?? []).filter((w) => mode === "compare" || !w.params?.state || w.params.state === state);

  return (
    <div class={`vsm-view${step ? " has-editor" : ""}`} data-testid="vsm-view" data-state={mode}>
      <div class="vsm-main">
        <VsmBar
          mode={mode}
          counts={{ current: maps.current.steps.length, future: maps.future.steps.length }}
          readOnly={readOnly}
          onMode={switchMode}
          onDialog={setDialog}
          onAdd={add}
          onBpmn={canExport ? bpmn : undefined}
        />

        {mode === "compare" ? (
          <Compare a={a} steps={{ current: maps.current.steps, future: maps.future.steps }} onState={switchMode} />
        ) : (
          <>
            {map.steps.length > 0 && (
              <KpiStrip a={a} state={state} steps={map.steps} dayHours={settings.day_hours} basis={a?.time_basis ?? settings.time_basis} />
            )}
            <section class="panel vsm-map-panel" aria-labelledby="vsm-map-title">
              <div class="vsm-map-head">
                <h2 id="vsm-map-title">{tr(`state.${state}`)}</h2>
                {map.steps.length > 0 && <MapTools zoom={zoom} />}
              </div>
              {map.steps.length === 0 ? (
                <EmptyMap
                  state={state}
                  readOnly={readOnly}
                  canCopy={maps.current.steps.length > 0}
                  onCopy={() => edit(() => copyCurrentToFuture(content))}
                  onAdd={add}
                  onImport={() => setDialog("import")}
                  onEventlog={() => setDialog("eventlog")}
                />
              ) : (
                <>
                  <p class="hint vsm-map-hint">
                    {readOnly ? (
                      tr("map.hintReadOnly")
                    ) : (
                      <>
                        <span class="vsm-hint-mouse">{tr("map.hint")}</span>
                        <span class="vsm-hint-touch">{tr("map.hintTouch")}</span>
                      </>
                    )}
                  </p>
                  <div
                    class="vsm-scroll"
                    ref={(el) => {
                      scroller.current = el;
                      zoom.ref(el);
                    }}
                    tabIndex={-1}
                  >
                    <MapCanvas
                      steps={map.steps}
                      markers={map.markers}
                      stats={stats}
                      takt={a?.takt_minutes ?? null}
                      basis={a?.time_basis ?? settings.time_basis}
                      selected={step?.id ?? null}
                      readOnly={readOnly}
                      peersOn={peersOn}
                      onSelect={(id, keyboard) => select(id === selected ? null : id, keyboard)}
                      onMove={move}
                      zoom={zoom.zoom}
                    />
                  </div>
                </>
              )}
            </section>
            {map.steps.length > 0 && (
              <div class="vsm-lower">
                <TimeShares s={stats} />
                <div class="vsm-lower-side">
                  <KaizenList markers={map.markers} steps={map.steps} onStep={(id) => select(id)} boardId={board.id} />
                  <Warnings warnings={warnings} steps={{ current: maps.current.steps, future: maps.future.steps }} onStep={openStep} />
                </div>
              </div>
            )}
          </>
        )}
        {mode !== "compare" && eventlog && (
          <AnalysisPanel
            analysis={eventlog}
            boardId={board.id}
            token={workshop.token}
            readOnly={readOnly}
            canExport={canExport}
            dataSources={maps.current.steps.filter((s) => s.data_activity).map((s) => s.data_source)}
            onImport={() => setDialog("eventlog")}
          />
        )}
        {mode === "compare" && (
          <Warnings warnings={warnings} steps={{ current: maps.current.steps, future: maps.future.steps }} onStep={openStep} showState />
        )}
      </div>
      {step && (
        <StepEditor
          key={`${state}:${step.id}`}
          content={content}
          state={state}
          step={step}
          index={index}
          total={map.steps.length}
          markers={map.markers.filter((k) => k.step === step.id)}
          metrics={stats?.step_metrics.find((m) => m.id === step.id) ?? null}
          isBottleneck={stats?.bottleneck === step.id}
          readOnly={readOnly}
          mapBasis={settings.time_basis}
          workshop={workshop}
          edit={edit}
          focusName={focusName}
          onClose={closeEditor}
          onMove={(to) => move(step.id, to)}
          onDelete={() => remove(step.id)}
        />
      )}

      <datalist id="vsm-departments">
        {departments.map((d) => (
          <option key={d} value={d} />
        ))}
      </datalist>
      {dialog === "settings" && (
        <SettingsDialog
          open
          onClose={() => setDialog(null)}
          content={content}
          settings={settings}
          takt={a?.takt_minutes ?? null}
          readOnly={readOnly}
          edit={edit}
        />
      )}
      {dialog === "eventlog" && (
        <ImportLogDialog
          boardId={board.id}
          token={workshop.token}
          onClose={() => setDialog(null)}
          onDone={() => {
            setDialog(null);
            notify(tr("eventlog.done"));
            switchMode("current");
          }}
        />
      )}
      {dialog === "import" && (
        <ImportDialog
          open
          onClose={() => setDialog(null)}
          boardId={board.id}
          token={workshop.token}
          state={state}
          onImported={(s) => switchMode(s)}
        />
      )}
    </div>
  );
}

export const vsmView: BoardViewDef = {
  kind: "vsm",
  View: VsmView,
  undoScope: allRoots,
};
