// The impact/effort 2×2 matrix on the 1-5 scales (high = 4-5, as the server's analysis reads
// it). Editors drag a card to another cell or move a focused card with the arrow keys.
import { memo } from "preact/compat";
import { useMemo, useRef, useState } from "preact/hooks";
import { useLanguage } from "../../i18n";
import { tk } from "./i18n";
import { CATEGORIES, quadrant, QUADRANTS, SCORE_MAX, SCORE_MIN, type IdeaCard, type Quadrant } from "./schema";

const SCALE = Array.from({ length: SCORE_MAX - SCORE_MIN + 1 }, (_, i) => SCORE_MIN + i);
const AREA: Record<Quadrant, string> = {
  quick_win: "1 / 1 / 3 / 4",
  major_project: "1 / 4 / 3 / 6",
  fill_in: "3 / 1 / 6 / 4",
  thankless: "3 / 4 / 6 / 6",
};

const catClass = (c: string) =>
  (CATEGORIES as readonly string[]).includes(c) ? `ideas-cat-${c}` : c.trim() ? "ideas-cat-custom" : "ideas-cat-none";

function Chip(props: {
  card: IdeaCard;
  canEdit: boolean;
  onOpen: () => void;
  onMove: (impact: number, effort: number) => void;
  rank: number | null;
  /** the page's language: a memoised chip says its label in the new one */
  lang: string;
}) {
  const { card } = props;
  const title = card.title || tk("card.untitled");
  const onKeyDown = (e: KeyboardEvent) => {
    if (!props.canEdit || card.impact === null || card.effort === null) return;
    const step: Record<string, [number, number]> = { ArrowUp: [1, 0], ArrowDown: [-1, 0], ArrowRight: [0, 1], ArrowLeft: [0, -1] };
    const d = step[e.key];
    if (!d) return;
    e.preventDefault();
    const impact = Math.min(SCORE_MAX, Math.max(SCORE_MIN, card.impact + d[0]));
    const effort = Math.min(SCORE_MAX, Math.max(SCORE_MIN, card.effort + d[1]));
    if (impact !== card.impact || effort !== card.effort) {
      props.onMove(impact, effort);
      const id = card.id;
      requestAnimationFrame(() => document.querySelector<HTMLElement>(`.ideas-mx-chip[data-card-id="${CSS.escape(id)}"]`)?.focus());
    }
  };
  const label =
    card.impact !== null && card.effort !== null
      ? tk("matrix.chipLabel", { title, impact: card.impact, effort: card.effort })
      : tk("matrix.chipUnscored", { title });
  return (
    <button
      type="button"
      class={`ideas-mx-chip ${catClass(card.category)}`}
      data-card-id={card.id}
      draggable={props.canEdit}
      title={title}
      aria-label={props.canEdit ? `${label} ${tk("matrix.moveHint")}` : label}
      onDragStart={(e) => e.dataTransfer?.setData("text/x-idea", card.id)}
      onClick={props.onOpen}
      onKeyDown={onKeyDown}
    >
      {props.rank !== null && <span class="ideas-mx-rank">{props.rank}</span>}
      <span class="ideas-mx-title">{title}</span>
    </button>
  );
}

interface MatrixProps {
  cards: IdeaCard[];
  canEdit: boolean;
  ranks: Map<string, number>;
  onOpen: (id: string) => void;
  onMove: (id: string, impact: number, effort: number) => void;
}

/** The matrix, re-rendered only when its cards, ranks or rights change (a board's view renders
 * on every change, hundreds of chips need not). Its handlers go through the latest props. */
// A chip's handlers are made per render but call the matrix's stable ones with its own id:
// they are not compared.
const ChipMemo = memo(Chip, (a, b) => a.card === b.card && a.canEdit === b.canEdit && a.rank === b.rank && a.lang === b.lang);

export function MatrixPanel(props: MatrixProps) {
  const latest = useRef(props);
  latest.current = props;
  const on = useMemo(
    () => ({
      open: (id: string) => latest.current.onOpen(id),
      move: (id: string, impact: number, effort: number) => latest.current.onMove(id, impact, effort),
    }),
    [],
  );
  return <MatrixMemo cards={props.cards} canEdit={props.canEdit} ranks={props.ranks} onOpen={on.open} onMove={on.move} />;
}

const MatrixMemo = memo(Matrix);

function Matrix(props: MatrixProps) {
  const lang = useLanguage();
  const [over, setOver] = useState<string | null>(null);
  const scored = props.cards.filter((c) => c.impact !== null && c.effort !== null);
  const unscored = props.cards.filter((c) => c.impact === null || c.effort === null);
  const counts = new Map<Quadrant, number>(QUADRANTS.map((q) => [q, 0]));
  for (const c of scored) {
    const q = quadrant(c.impact, c.effort)!;
    counts.set(q, counts.get(q)! + 1);
  }
  const chip = (c: IdeaCard) => (
    <ChipMemo
      key={c.id}
      card={c}
      canEdit={props.canEdit}
      rank={props.ranks.get(c.id) ?? null}
      lang={lang}
      onOpen={() => props.onOpen(c.id)}
      onMove={(i, e) => props.onMove(c.id, i, e)}
    />
  );
  const qlabel = (q: Quadrant) => (
    <span class={`ideas-mx-qlabel ideas-q-${q}`} title={tk(`quadrants.${q}.desc`)}>
      {tk(`quadrants.${q}.name`)} <span class="ideas-mx-qcount">{counts.get(q)}</span>
    </span>
  );
  const drop = (impact: number, effort: number) => (e: DragEvent) => {
    e.preventDefault();
    setOver(null);
    const id = e.dataTransfer?.getData("text/x-idea");
    if (id) props.onMove(id, impact, effort);
  };
  return (
    <section class="panel ideas-matrix-panel" aria-labelledby="ideas-matrix-title">
      <div class="panel-head">
        <h2 id="ideas-matrix-title">{tk("matrix.title")}</h2>
        <span class="small muted">{props.canEdit ? tk("matrix.hintEdit") : tk("matrix.hint")}</span>
      </div>
      <div class="ideas-mx">
        <div class="ideas-mx-qrow" aria-hidden="true">
          {qlabel("quick_win")}
          {qlabel("major_project")}
        </div>
        <div class="ideas-mx-yaxis" aria-hidden="true">
          <span>{tk("matrix.high")}</span>
          <strong>{tk("matrix.impact")}</strong>
          <span>{tk("matrix.low")}</span>
        </div>
        <div class="ideas-mx-grid" role="group" aria-label={tk("matrix.title")}>
          {QUADRANTS.map((q) => (
            <div key={q} class={`ideas-mx-quadrant ideas-q-${q}`} style={{ gridArea: AREA[q] }} />
          ))}
          {[...SCALE].reverse().map((impact, row) =>
            SCALE.map((effort) => {
              const key = `${impact}-${effort}`;
              const here = scored.filter((c) => c.impact === impact && c.effort === effort);
              return (
                <div
                  key={key}
                  class={`ideas-mx-cell${over === key ? " is-over" : ""}`}
                  style={{ gridRow: row + 1, gridColumn: effort }}
                  data-impact={impact}
                  data-effort={effort}
                  onDragOver={props.canEdit ? (e) => (e.preventDefault(), setOver(key)) : undefined}
                  onDragLeave={() => setOver((o) => (o === key ? null : o))}
                  onDrop={props.canEdit ? drop(impact, effort) : undefined}
                >
                  {here.map(chip)}
                </div>
              );
            }),
          )}
        </div>
        <div class="ideas-mx-qrow" aria-hidden="true">
          {qlabel("fill_in")}
          {qlabel("thankless")}
        </div>
        <div class="ideas-mx-xaxis" aria-hidden="true">
          <span>{tk("matrix.low")}</span>
          <strong>{tk("matrix.effort")}</strong>
          <span>{tk("matrix.high")}</span>
        </div>
      </div>
      {unscored.length > 0 && (
        <div class="ideas-mx-unscored">
          <span class="small muted">{tk("matrix.unscored", { count: unscored.length })}</span>
          <div class="ideas-mx-tray">{unscored.map(chip)}</div>
        </div>
      )}
    </section>
  );
}
