// The card wall (one column per category: the seed's three, custom labels, uncategorised), my
// unrevealed private cards, the facilitator's moderation queue, and the banner of the reveal moment.
import { useMemo, useRef, useState } from "preact/hooks";
import type { Peer } from "../../sync/presence";
import { useLanguage } from "../../i18n";
import { Icon } from "../../ui/icons";
import { IdeaCardMemo, type CardHandlers, type VoteState } from "./IdeaCard";
import { tk } from "./i18n";
import type { LinkTargets } from "./links";
import {
  CATEGORIES,
  categoryKey,
  GROUP_COLORS,
  UNCATEGORISED,
  type Group,
  type IdeaCard,
  type IdeasPrivate,
  type RankEntry,
  type Round,
  type Voter,
} from "./schema";

function columnsOf(cards: IdeaCard[]): string[] {
  const custom: string[] = [];
  let none = false;
  for (const c of cards) {
    const key = categoryKey(c);
    if (key === UNCATEGORISED) none = true;
    else if (!(CATEGORIES as readonly string[]).includes(key) && !custom.includes(key)) custom.push(key);
  }
  return [...CATEGORIES, ...custom, ...(none ? [UNCATEGORISED] : [])];
}

const NO_PEERS: Peer[] = [];

const isSeed = (key: string) => (CATEGORIES as readonly string[]).includes(key);
const columnClass = (key: string) => (isSeed(key) ? `ideas-cat-${key}` : key === UNCATEGORISED ? "ideas-cat-none" : "ideas-cat-custom");
const columnLabel = (key: string) => (isSeed(key) || key === UNCATEGORISED ? tk(`categories.${key}`) : key);

export function Wall(props: {
  cards: IdeaCard[];
  groups: Group[];
  links: LinkTargets;
  canAdd: boolean;
  canEdit: boolean;
  privateWriting: boolean;
  deletable: (id: string) => boolean;
  peers: Peer[];
  voting: boolean;
  vote: (id: string) => VoteState | null;
  tally: (id: string) => number | null;
  voters: (id: string) => Voter[] | undefined;
  pop: (id: string) => number | null;
  onVote: (id: string, delta: 1 | -1) => void;
  onAdd: (category: string) => void;
  onEdit: (id: string) => void;
  onDelete: (id: string) => void;
  /** the "+ Action" control on each card: the board's id and the cards its analysis says need one */
  actions?: { board: string; needed: Set<string> };
}) {
  const groups = new Map(props.groups.map((g, i) => [g.id, { ...g, color: g.color || GROUP_COLORS[i % GROUP_COLORS.length] }]));
  const causes = new Map(props.links.causes.map((c) => [c.id, c]));
  const steps = new Map(props.links.steps.map((s) => [s.id, s]));
  const columns = columnsOf(props.cards);
  const editorsOf = new Map<string, Peer[]>();
  for (const p of props.peers) if (p.focus) editorsOf.set(p.focus, [...(editorsOf.get(p.focus) ?? []), p]);
  const lang = useLanguage();
  // Cards skip renders when their data did not change (IdeaCardMemo): their handlers go through
  // the wall's latest props, never a closure over an older render's state.
  const latest = useRef(props);
  latest.current = props;
  const on = useMemo<CardHandlers>(
    () => ({
      vote: (id: string, d: 1 | -1) => latest.current.onVote(id, d),
      edit: (id: string) => latest.current.onEdit(id),
      remove: (id: string) => latest.current.onDelete(id),
    }),
    [],
  );
  return (
    <section class="ideas-wall" aria-labelledby="ideas-wall-title">
      <h2 id="ideas-wall-title" class="sr-only">
        {tk("wall.title")}
      </h2>
      <div class="ideas-columns">
        {columns.map((key) => {
          const list = props.cards.filter((c) => categoryKey(c) === key);
          const label = columnLabel(key);
          return (
            <section key={key} class={`ideas-column ${columnClass(key)}`} aria-label={label} data-category={key}>
              <header class="ideas-column-head">
                <span class="ideas-column-mark" aria-hidden="true" />
                <h3>{label}</h3>
                <span class="ideas-count" aria-label={tk("wall.count", { count: list.length })}>
                  {list.length}
                </span>
                {props.canAdd && (
                  <button
                    type="button"
                    class="btn btn-icon btn-ghost btn-small ideas-column-add"
                    aria-label={props.privateWriting ? tk("wall.addPrivateTo", { category: label }) : tk("wall.addTo", { category: label })}
                    title={props.privateWriting ? tk("wall.addPrivate") : tk("wall.add")}
                    onClick={() => props.onAdd(key === UNCATEGORISED ? "" : key)}
                    data-testid="add-idea"
                  >
                    <Icon name={props.privateWriting ? "lock" : "plus"} size={16} />
                  </button>
                )}
              </header>
              {isSeed(key) && <p class="ideas-column-hint">{tk(`categories.${key}Hint`)}</p>}
              <div class="ideas-column-cards">
                {list.length === 0 ? (
                  <p class="ideas-column-empty">{props.canAdd ? tk("wall.emptyColumn") : tk("wall.emptyColumnReadOnly")}</p>
                ) : (
                  list.map((card) => (
                    <IdeaCardMemo
                      key={card.id}
                      card={card}
                      group={groups.get(card.group)}
                      cause={causes.get(card.cause_id)}
                      step={steps.get(card.step_id)}
                      futureStep={steps.get(card.future_step_id)}
                      canEdit={props.canEdit}
                      deletable={props.deletable(card.id)}
                      editors={editorsOf.get(card.id) ?? NO_PEERS}
                      vote={props.vote(card.id)}
                      tally={props.tally(card.id)}
                      voters={props.voters(card.id)}
                      pop={props.pop(card.id)}
                      on={on}
                      actionBoard={props.actions?.board}
                      actionNeeded={props.actions?.needed.has(card.id) ?? false}
                      lang={lang}
                    />
                  ))
                )}
              </div>
            </section>
          );
        })}
      </div>
    </section>
  );
}

export function PrivateCards({
  cards,
  onWithdraw,
  busy,
}: {
  cards: IdeasPrivate["cards"];
  onWithdraw: (id: string) => void;
  busy: boolean;
}) {
  return (
    <section class="panel ideas-private" aria-labelledby="ideas-private-title" data-testid="my-private-cards">
      <div class="panel-head">
        <h2 id="ideas-private-title">
          <Icon name="lock" size={16} /> {tk("private.mineTitle", { count: cards.length })}
        </h2>
        <span class="small muted">{tk(cards.every((c) => c.blind === true) ? "private.mineHintBlind" : "private.mineHintModerated")}</span>
      </div>
      <ul class="ideas-private-list">
        {cards.map((c) => (
          <li key={c.id} class="ideas-private-card">
            <strong>{c.title}</strong>
            {c.description && <span class="small muted">{c.description}</span>}
            <span class="ideas-private-foot">
              <span class="chip">
                {c.category && isSeed(c.category) ? tk(`categories.${c.category}`) : c.category || tk("categories.uncategorised")}
              </span>
              {c.anonymous && <span class="chip">{tk("card.anonymous")}</span>}
              <button type="button" class="btn btn-small btn-ghost btn-danger-text" disabled={busy} onClick={() => onWithdraw(c.id)}>
                {tk("private.withdraw")}
              </button>
            </span>
          </li>
        ))}
      </ul>
    </section>
  );
}

/** The facilitator's look at others' unrevealed cards, to take out what should not reach the
 *  wall before the reveal. An anonymous card stays anonymous here too. */
export function ModerationQueue({
  cards,
  onRemove,
  busy,
}: {
  cards: IdeasPrivate["moderation"];
  onRemove: (id: string) => void;
  busy: boolean;
}) {
  const [asking, setAsking] = useState<string | null>(null);
  const pending = cards.find((c) => c.id === asking) ?? null;
  return (
    <section class="panel ideas-private ideas-moderation" aria-labelledby="ideas-moderation-title" data-testid="moderation-queue">
      <div class="panel-head">
        <h2 id="ideas-moderation-title">
          <Icon name="eye" size={16} /> {tk("private.moderationTitle", { count: cards.length })}
        </h2>
        <span class="small muted">{tk("private.moderationHint")}</span>
      </div>
      <ul class="ideas-private-list">
        {cards.map((c) => (
          <li key={c.id} class="ideas-private-card" data-testid="moderation-card">
            <strong>{c.title}</strong>
            <span class="small muted ideas-moderation-author">
              {c.anonymous || !c.author_name ? tk("private.anonymousAuthor") : c.author_name}
            </span>
            {c.description && <span class="small muted">{c.description}</span>}
            <span class="ideas-private-foot">
              <span class="chip">
                {c.category && isSeed(c.category) ? tk(`categories.${c.category}`) : c.category || tk("categories.uncategorised")}
              </span>
              <button type="button" class="btn btn-small btn-ghost btn-danger-text" disabled={busy} onClick={() => setAsking(c.id)}>
                {tk("private.remove")}
              </button>
            </span>
          </li>
        ))}
      </ul>
      {pending && (
        <div class="confirm-inline" role="alertdialog" aria-labelledby="moderation-q">
          <p id="moderation-q">{tk("private.removeQuestion", { title: pending.title })}</p>
          <div class="row">
            <button type="button" class="btn btn-small" onClick={() => setAsking(null)}>
              {tk("private.cancel")}
            </button>
            <button
              type="button"
              class="btn btn-danger btn-small"
              disabled={busy}
              onClick={() => {
                setAsking(null);
                onRemove(pending.id);
              }}
            >
              {tk("private.removeConfirm")}
            </button>
          </div>
        </div>
      )}
    </section>
  );
}

export function RevealBanner({ round, ranking, onDismiss }: { round: Round; ranking: RankEntry[]; onDismiss: () => void }) {
  const top = ranking.filter((r) => r.rank === 1 && r.dots > 0);
  return (
    <div class="ideas-reveal" role="status" data-testid="reveal-banner">
      <span class="ideas-reveal-burst" aria-hidden="true">
        <Icon name="eye" size={22} />
      </span>
      <div class="ideas-reveal-text">
        <strong>{tk("reveal.title", { number: round.number })}</strong>
        <span>
          {tk("reveal.summary", { count: round.voters, dots: round.dots_cast })}
          {top.length > 0 && <> {tk("reveal.top", { title: top.map((r) => r.title).join(tk("sep")), count: top[0].dots })}</>}
        </span>
      </div>
      <button
        type="button"
        class="btn btn-small"
        onClick={() => document.getElementById("ideas-ranking")?.scrollIntoView({ behavior: "smooth", block: "start" })}
      >
        {tk("reveal.see")}
      </button>
      <button type="button" class="btn btn-icon btn-ghost btn-small" aria-label={tk("reveal.dismiss")} onClick={onDismiss}>
        <Icon name="x" size={16} />
      </button>
    </div>
  );
}
