// The ranking of a round (every idea, zero-vote ones included), as the server computes it, with
// earlier rounds below. While a round is hidden only its progress shows.
import { memo } from "preact/compat";
import { useLanguage } from "../../i18n";
import { Icon } from "../../ui/icons";
import { tk } from "./i18n";
import { CATEGORIES, type IdeaCard, type IdeasAnalysis, type RankEntry, type Round, type Voter } from "./schema";

/** Same rule as boards/ideas/analysis.py: by dots, ties in display order; competition ranks. */
export function localRanking(cards: IdeaCard[], tallies: Map<string, number>): RankEntry[] {
  const position = new Map(cards.map((c, i) => [c.id, i]));
  const ordered = [...cards].sort(
    (a, b) => (tallies.get(b.id) ?? 0) - (tallies.get(a.id) ?? 0) || position.get(a.id)! - position.get(b.id)!,
  );
  const out: RankEntry[] = [];
  ordered.forEach((card, i) => {
    const dots = tallies.get(card.id) ?? 0;
    const rank = out.length && out[out.length - 1].dots === dots ? out[out.length - 1].rank : i + 1;
    out.push({ idea_id: card.id, title: card.title, category: card.category, dots, rank });
  });
  return out;
}

const catClass = (category: string) =>
  (CATEGORIES as readonly string[]).includes(category) ? `ideas-cat-${category}` : category.trim() ? "ideas-cat-custom" : "ideas-cat-none";

const categoryLabel = (category: string) =>
  (CATEGORIES as readonly string[]).includes(category) ? tk(`categories.${category}`) : category.trim() || tk("categories.uncategorised");

interface RankRowProps {
  entry: RankEntry;
  title: string;
  names: Voter[] | undefined;
  i: number;
  max: number;
  /** the page's language: a memoised row says its labels in the new one */
  lang: string;
}

function RankRow({ entry: r, title, names, i, max }: RankRowProps) {
  return (
    <li class={`ideas-rank-row${r.dots === 0 ? " is-zero" : ""}`} data-idea-id={r.idea_id} data-dots={r.dots} style={{ "--i": i }}>
      <span
        class={`ideas-rank-n${r.rank <= 3 && r.dots > 0 ? ` is-top is-top-${r.rank}` : ""}`}
        aria-label={tk("ranking.rank", { rank: r.rank })}
      >
        {r.rank}
      </span>
      <div class="ideas-rank-body">
        <div class="ideas-rank-title">
          <span class="ideas-rank-name">{title || tk("card.untitled")}</span>
          <span class={`ideas-cat-tag ${catClass(r.category)}`}>{categoryLabel(r.category)}</span>
        </div>
        <div class="ideas-bar" aria-hidden="true">
          <span style={{ width: `${(r.dots / max) * 100}%` }} />
        </div>
        {names && names.length > 0 && (
          <span class="small muted">{names.map((v) => (v.dots > 1 ? `${v.name} ×${v.dots}` : v.name)).join(tk("sep"))}</span>
        )}
      </div>
      <span class="ideas-rank-dots num">{tk("ranking.dots", { count: r.dots })}</span>
    </li>
  );
}

// Every idea has a row (400 on a large wall) and the list is rebuilt whenever a card changes:
// a row whose entry, title, voters and place are the same is not built and diffed again.
const RankRowMemo = memo(
  RankRow,
  (a, b) =>
    a.entry.idea_id === b.entry.idea_id &&
    a.entry.rank === b.entry.rank &&
    a.entry.dots === b.entry.dots &&
    a.entry.category === b.entry.category &&
    a.title === b.title &&
    a.names === b.names &&
    a.i === b.i &&
    a.max === b.max &&
    a.lang === b.lang,
);

function RankList({
  ranking,
  voters,
  animate,
  titles,
}: {
  ranking: RankEntry[];
  voters: Map<string, Voter[]>;
  animate: boolean;
  titles: Map<string, string>;
}) {
  const lang = useLanguage();
  const max = Math.max(1, ...ranking.map((r) => r.dots));
  return (
    <ol class={`ideas-ranking${animate ? " is-revealing" : ""}`} data-testid="ranking">
      {ranking.map((r, i) => (
        <RankRowMemo
          key={r.idea_id}
          entry={r}
          title={titles.get(r.idea_id) ?? r.title}
          names={voters.get(r.idea_id)}
          i={i}
          max={max}
          lang={lang}
        />
      ))}
    </ol>
  );
}

function RankingView(props: {
  analysis: IdeasAnalysis | null;
  round: Round;
  visible: boolean;
  cards: IdeaCard[];
  tallies: Map<string, number>;
  voters: Map<string, Voter[]>;
  revealing: boolean;
}) {
  useLanguage();
  const { round, analysis } = props;
  const titles = new Map(props.cards.map((c) => [c.id, c.title]));
  // The server's ranking once it has caught up with the ledger; the same rule locally until then.
  const serverCurrent =
    analysis && analysis.results_visible && analysis.round.number === round.number && analysis.round.dots_cast === round.dots_cast;
  const ranking = serverCurrent ? analysis!.ranking : localRanking(props.cards, props.tallies);
  const earlier = (analysis?.history ?? []).filter((h) => h.number < round.number).reverse();
  return (
    <section class="panel ideas-ranking-panel" aria-labelledby="ideas-ranking-title" id="ideas-ranking">
      <div class="panel-head">
        <h2 id="ideas-ranking-title">{tk("ranking.title")}</h2>
        {round.number > 0 && props.visible && (
          <span class="small muted">
            {round.title || tk("round.heading", { number: round.number })}
            {round.status === "open" && <> · {tk("ranking.live")}</>}
          </span>
        )}
      </div>
      {round.number === 0 ? (
        <p class="empty-inline">{tk("ranking.noRound")}</p>
      ) : !props.visible ? (
        <div class="ideas-hidden-results" data-testid="results-hidden">
          <Icon name="eye" size={22} />
          <p>
            <strong>{tk("ranking.hiddenTitle")}</strong>
            <span class="block muted">{tk("ranking.hiddenText", { count: round.voters, dots: round.dots_cast })}</span>
          </p>
        </div>
      ) : props.cards.length === 0 ? (
        <p class="empty-inline">{tk("ranking.noCards")}</p>
      ) : (
        <RankList ranking={ranking} voters={props.voters} animate={props.revealing} titles={titles} />
      )}
      {earlier.length > 0 && (
        <details class="ideas-history">
          <summary>{tk("ranking.earlier", { count: earlier.length })}</summary>
          {earlier.map((h) => (
            <div key={h.number} class="ideas-history-round">
              <h3>{h.title || tk("round.heading", { number: h.number })}</h3>
              <ol class="ideas-history-list">
                {h.ranking.map((r) => (
                  <li key={r.idea_id}>
                    <span class="num">{r.rank}.</span> {titles.get(r.idea_id) ?? r.title}{" "}
                    <span class="muted">· {tk("ranking.dots", { count: r.dots })}</span>
                  </li>
                ))}
              </ol>
            </div>
          ))}
        </details>
      )}
    </section>
  );
}

/** Re-rendered only when its props change: the view keeps the cards, tallies and voters between
 * changes of the documents (state.ts). */
export const RankingPanel = memo(RankingView);
