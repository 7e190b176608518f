// The `fishbone` board: problem and 5W1H, the diagram, the keyboard outline with the selected
// cause's details (5 whys, evidence, counts), the Pareto of counted causes and the ranked
// root causes, all on the same content document (boards/fishbone, schema 1).
import { useEffect, useMemo, useState } from "preact/hooks";
import type { BoardViewDef, BoardViewProps } from "../registry";
import { ActionControl } from "../workshop/ActionControl";
import { Icon } from "../../ui/icons";
import { notify } from "../../ui/toast";
import { useAwarenessStates } from "../../sync/hooks";
import { peers as listPeers } from "../../sync/presence";
import { ft, inLanguage } from "./i18n";
import { Diagram } from "./Diagram";
import { useFishboneDoc } from "./doc";
import { Outline } from "./Outline";
import { CategoryDetail, CauseDetail, TextField } from "./Detail";
import { Pareto } from "./Pareto";
import { WarningList } from "./Warnings";
import {
  asAnalysis,
  fiveWOf,
  FIVE_W_ONE_H_KEYS,
  PRESETS,
  problemOf,
  rootTypes,
  type FishboneAnalysis,
  type FishboneSnapshot,
} from "./schema";
import { addCategory, applyPreset, newId, presetChanges } from "./write";
import * as Y from "yjs";

function ProblemPanel({ content, readOnly }: { content: Y.Doc; readOnly: boolean }) {
  const table = fiveWOf(content);
  return (
    <section class="panel fishbone-problem" aria-labelledby="fb-problem-title">
      <div class="fb-problem-main">
        <h2 id="fb-problem-title">
          <label for="fb-problem">{ft("problem.title")}</label>
        </h2>
        <p class="hint">{ft("problem.hint")}</p>
        <TextField
          id="fb-problem"
          text={problemOf(content)}
          readOnly={readOnly}
          multiline
          rows={2}
          class="fb-problem-input"
          placeholder={ft("problem.placeholder")}
          testid="fb-problem"
        />
      </div>
      <div class="fb-5w" role="group" aria-labelledby="fb-5w-title">
        <h3 id="fb-5w-title">{ft("fiveW.title")}</h3>
        <div class="fb-5w-grid">
          {FIVE_W_ONE_H_KEYS.map((key) => {
            const text = table.get(key);
            const filled = (text instanceof Y.Text ? text.toString() : "").trim().length > 0;
            return (
              <div key={key} class={`fb-5w-cell${filled ? "" : " blank"}`}>
                <label for={`fb-5w-${key}`}>
                  <span class="fb-5w-key">{ft(`fiveW.${key}.label`)}</span>
                  <span class="fb-5w-q">{ft(`fiveW.${key}.question`)}</span>
                </label>
                <TextField
                  id={`fb-5w-${key}`}
                  text={text instanceof Y.Text ? text : null}
                  readOnly={readOnly}
                  multiline
                  rows={2}
                  placeholder={ft(`fiveW.${key}.placeholder`)}
                />
              </div>
            );
          })}
        </div>
      </div>
    </section>
  );
}

function RootCauses({
  boardId,
  snap,
  analysis,
  onSelect,
}: {
  boardId: string;
  snap: FishboneSnapshot;
  analysis: FishboneAnalysis | null;
  onSelect: (key: string) => void;
}) {
  const bars = analysis?.pareto.bars ?? [];
  const share = (id: string) => bars.find((b) => b.id === id);
  const roots = snap.causes.filter((c) => c.root);
  roots.sort((a, b) => (b.votes ?? 0) - (a.votes ?? 0) || (b.weight ?? 0) - (a.weight ?? 0) || (b.count ?? 0) - (a.count ?? 0));
  const candidates = (analysis?.top_weighted ?? []).map((r) => snap.byId.get(r.id)).filter((c) => c && !c.root);
  return (
    <div class="fb-roots" data-testid="fishbone-roots">
      {roots.length === 0 ? (
        <p class="muted">{ft("roots.none")}</p>
      ) : (
        <ol class="fb-roots-list">
          {roots.map((c) => {
            const bar = share(c.id);
            return (
              <li key={c.id}>
                <button type="button" class="fb-root-card" onClick={() => onSelect(`cause:${c.id}`)}>
                  <span class="fb-root-text">{c.text || ft("diagram.emptyCause")}</span>
                  {c.whys.length > 0 && (
                    <span class="fb-root-chain">
                      {ft("roots.chain", { count: c.whys.length })} <strong>{c.whys[c.whys.length - 1]}</strong>
                    </span>
                  )}
                  <span class="fb-root-facts">
                    {c.votes !== null && <span class="chip">{ft("roots.votes", { count: c.votes })}</span>}
                    {bar && <span class={`chip ${bar.vital ? "chip-accent" : ""}`}>{ft("roots.share", { share: bar.share_pct })}</span>}
                    {(c.figure || c.source) && <span class="chip">{[c.figure, c.source].filter(Boolean).join(" · ")}</span>}
                    {!c.whys.length && !c.figure && !c.source && <span class="chip chip-warn">{ft("roots.unsupported")}</span>}
                  </span>
                </button>
                <div class="fb-root-action">
                  <ActionControl source={{ board: boardId, kind: "fishbone", type: "root_cause", item: c.id, label: c.text }} needed />
                </div>
              </li>
            );
          })}
        </ol>
      )}
      {candidates.length > 0 && (
        <>
          <h3 class="fb-sub-title">{ft("roots.candidates")}</h3>
          <ul class="fb-candidates">
            {candidates.map((c) => (
              <li key={c!.id}>
                <button type="button" class="fb-candidate" onClick={() => onSelect(`cause:${c!.id}`)}>
                  <span>{c!.text}</span>
                  <span class="chip">
                    {c!.votes !== null ? ft("roots.votes", { count: c!.votes }) : ft("roots.weight", { weight: c!.weight })}
                  </span>
                </button>
              </li>
            ))}
          </ul>
        </>
      )}
    </div>
  );
}

function BoneTools({
  content,
  snap,
  edit,
  lang,
  onAdded,
}: {
  content: Y.Doc;
  snap: FishboneSnapshot;
  edit: (fn: () => void) => void;
  lang: string;
  onAdded: (key: string) => void;
}) {
  const [name, setName] = useState("");
  // (in the workshop's language, so looked up apart from the page's: once per language, not per key typed)
  const titles = useMemo(
    () =>
      Object.fromEntries(
        Object.entries(PRESETS).map(([preset, ids]) => [
          preset,
          `${ids.map((id) => inLanguage(lang, `presets.labels.${id}`)).join(" · ")} — ${ft("bones.presetHint")}`,
        ]),
      ),
    [lang, ft("bones.presetHint")],
  );
  const add = (e: Event) => {
    e.preventDefault();
    const label = name.trim();
    if (!label) return;
    const id = newId("k");
    edit(() => addCategory(content, id, label));
    setName("");
    onAdded(`cat:${id}`);
  };
  return (
    <div class="fb-bone-tools">
      <form class="fb-bone-form" onSubmit={add}>
        <label class="sr-only" for="fb-new-bone">
          {ft("bones.newName")}
        </label>
        <input
          id="fb-new-bone"
          value={name}
          maxLength={60}
          placeholder={ft("bones.newName")}
          onInput={(e) => setName((e.currentTarget as HTMLInputElement).value)}
        />
        <button type="submit" class="btn btn-small" disabled={!name.trim()}>
          <Icon name="plus" size={16} />
          <span>{ft("bones.add")}</span>
        </button>
      </form>
      <div class="fb-presets" role="group" aria-label={ft("bones.presets")}>
        <span class="hint">{ft("bones.presets")}</span>
        {Object.keys(PRESETS).map((preset) => {
          const use = () => {
            let moved = 0;
            edit(() => {
              moved = applyPreset(content, snap, preset, (id) => inLanguage(lang, `presets.labels.${id}`));
            });
            if (moved) notify(ft("bones.movedCauses", { count: moved }));
          };
          return (
            <button
              key={preset}
              type="button"
              class="btn btn-small btn-ghost"
              data-preset={preset}
              disabled={!presetChanges(snap, preset)}
              title={titles[preset]}
              onClick={use}
            >
              {ft(`presets.${preset}`)}
            </button>
          );
        })}
      </div>
    </div>
  );
}

function FishboneView({ board, conn, readOnly, edit, analysis: raw, workshop }: BoardViewProps) {
  const content = conn.content;
  const snap = useFishboneDoc(content);
  const analysis = asAnalysis(raw);
  const vitalKey = analysis?.pareto.vital_few.join(",") ?? "";
  const vital = useMemo(() => new Set(vitalKey ? vitalKey.split(",") : []), [vitalKey]);
  const [active, setActive] = useState<string | null>(null);
  const states = useAwarenessStates(conn.awareness);
  const others = listPeers(conn.awareness, states).filter((p) => !p.self);

  // Until someone picks one, the details show the (first) root cause and its 5 whys.
  const first = snap.causes.find((c) => c.root) ?? snap.causes[0];
  const activeRow = active ?? (first ? `cause:${first.id}` : snap.categories[0] ? `cat:${snap.categories[0].id}` : null);
  const selectedCause = activeRow?.startsWith("cause:") ? snap.byId.get(activeRow.slice(6)) : undefined;
  const selectedCat = activeRow?.startsWith("cat:") ? activeRow.slice(4) : null;
  const select = (key: string) => {
    setActive(key);
    // bring the row into view in the outline without taking the pointer user's focus
    requestAnimationFrame(() =>
      document.querySelector(`.fishbone-outline [data-row-key="${CSS.escape(key)}"]`)?.scrollIntoView({ block: "nearest" }),
    );
  };
  useEffect(() => () => conn.awareness.setLocalStateField("focus", null), [conn]);

  const stats = [
    { label: ft("stats.causes"), value: snap.causes.length },
    { label: ft("stats.bones"), value: snap.categories.length },
    { label: ft("stats.roots"), value: snap.causes.filter((c) => c.root).length },
    { label: ft("stats.chains"), value: analysis?.chains.length ?? snap.causes.filter((c) => c.whys.length).length },
    { label: ft("stats.vital"), value: analysis?.pareto.vital_few.length ?? 0 },
  ];
  const common = { boardId: board.id, content, snap, analysis, readOnly, edit, onSelect: select };

  return (
    <div class="fishbone-board" data-testid="fishbone-board">
      <ProblemPanel content={content} readOnly={readOnly} />

      <section class="panel fishbone-diagram-panel" aria-labelledby="fb-diagram-title">
        <div class="panel-head">
          <h2 id="fb-diagram-title">{ft("diagram.title")}</h2>
          <dl class="fb-kpis">
            {stats.map((s) => (
              <div key={s.label} class="fb-kpi">
                <dt>{s.label}</dt>
                <dd>{s.value}</dd>
              </div>
            ))}
          </dl>
        </div>
        <Diagram
          snap={snap}
          vital={vital}
          selected={selectedCause?.id ?? null}
          onSelect={(id) => select(`cause:${id}`)}
          onSelectCategory={(id) => select(`cat:${id}`)}
        />
        <div class="fb-legend" aria-hidden="true">
          <span>
            <i class="fb-key fb-key-root" />
            {ft("legend.root")}
          </span>
          <span>
            <i class="fb-key fb-key-vital" />
            {ft("legend.vital")}
          </span>
          <span>
            <i class="fb-key fb-key-count" />
            {ft("legend.count")}
          </span>
          <span class="muted">{ft("legend.click")}</span>
        </div>
      </section>

      <div class="fishbone-work">
        <section class="panel fishbone-outline-panel" aria-labelledby="fb-outline-title">
          <div class="panel-head">
            <h2 id="fb-outline-title">{ft("outline.title")}</h2>
          </div>
          <p id="fishbone-outline-keys" class="fb-keys">
            {readOnly ? ft("outline.keysReadOnly") : ft("outline.keys")}
          </p>
          <Outline
            content={content}
            snap={snap}
            readOnly={readOnly}
            edit={edit}
            active={activeRow}
            onActive={setActive}
            peers={others}
            vital={vital}
            onFocusCause={(id) => conn.awareness.setLocalStateField("focus", id)}
            onDeleted={(n) => notify(ft("outline.deleted", { count: n }))}
          />
          {!readOnly && <BoneTools content={content} snap={snap} edit={edit} lang={workshop.info.language} onAdded={select} />}
        </section>
        <section class="panel fishbone-detail-panel" aria-labelledby="fb-detail-title" aria-live="off">
          <h2 id="fb-detail-title" class="fb-detail-title">
            {selectedCause ? ft("detail.causeTitle") : ft("detail.categoryTitle")}
          </h2>
          {selectedCause ? (
            <CauseDetail key={selectedCause.id} {...common} cause={selectedCause} />
          ) : selectedCat ? (
            <CategoryDetail key={selectedCat} {...common} categoryId={selectedCat} lang={workshop.info.language} />
          ) : (
            <p class="muted">{ft("detail.nothing")}</p>
          )}
        </section>
      </div>

      <div class="fishbone-results">
        <section class="panel fishbone-pareto-panel" aria-labelledby="fb-pareto-title">
          <div class="panel-head">
            <h2 id="fb-pareto-title">{ft("pareto.title")}</h2>
            {analysis && analysis.pareto.total > 0 && <span class="chip">{ft("pareto.total", { total: analysis.pareto.total })}</span>}
          </div>
          <p class="hint fb-panel-hint">{ft("pareto.hint")}</p>
          {analysis ? (
            <Pareto analysis={analysis} snap={snap} selected={selectedCause?.id ?? null} onSelect={(id) => select(`cause:${id}`)} />
          ) : (
            <p class="muted">{ft("waiting")}</p>
          )}
        </section>
        <div class="fishbone-side">
          <section class="panel" aria-labelledby="fb-roots-title">
            <h2 id="fb-roots-title" class="fb-side-title">
              {ft("roots.title")}
            </h2>
            <RootCauses boardId={board.id} snap={snap} analysis={analysis} onSelect={select} />
          </section>
          <section class="panel" aria-labelledby="fb-checks-title">
            <h2 id="fb-checks-title" class="fb-side-title">
              {ft("warnings.title")}
            </h2>
            {analysis ? (
              analysis.warnings.length ? (
                <WarningList warnings={analysis.warnings} snap={snap} onSelect={select} />
              ) : (
                <p class="fb-all-good">
                  <Icon name="check" size={16} /> {ft("warnings.none")}
                </p>
              )
            ) : (
              <p class="muted">{ft("waiting")}</p>
            )}
          </section>
        </div>
      </div>
    </div>
  );
}

export const fishboneView: BoardViewDef = {
  kind: "fishbone",
  View: FishboneView,
  undoScope: rootTypes,
};
