// One idea card on the wall: title, description, group, what it addresses, impact/effort, author;
// in a voting round my dots on it (− / +), after the reveal its tally and who voted.
import { memo } from "preact/compat";
import type { Peer } from "../../sync/presence";
import { Icon } from "../../ui/icons";
import { ActionControl } from "../workshop/ActionControl";
import { tk } from "./i18n";
import type { LinkTarget } from "./links";
import { quadrant, type Group, type IdeaCard, type Voter } from "./schema";

export interface CardHandlers {
  vote: (id: string, delta: 1 | -1) => void;
  edit: (id: string) => void;
  remove: (id: string) => void;
}

export interface VoteState {
  /** my dots on this card */
  mine: number;
  cap: number;
  remaining: number;
  busy: boolean;
}

interface Props {
  card: IdeaCard;
  group: Group | undefined;
  cause: LinkTarget | undefined;
  step: LinkTarget | undefined;
  futureStep: LinkTarget | undefined;
  canEdit: boolean;
  deletable: boolean;
  editors: Peer[];
  vote: VoteState | null;
  tally: number | null;
  voters: Voter[] | undefined;
  pop: number | null;
  /** what the card's buttons do, by card id: the same object on every render of the wall */
  on: CardHandlers;
  /** the board whose "+ Action" control the card shows (none: no control) */
  actionBoard?: string;
  /** the board's analysis says this card needs an action */
  actionNeeded: boolean;
  /** the page's language: a memoised card says its labels in the new one */
  lang: string;
}

function Dots({ mine, cap }: { mine: number; cap: number }) {
  return (
    <span class="ideas-dots" aria-hidden="true">
      {Array.from({ length: Math.max(cap, mine) }, (_, i) => (
        <span key={i} class={`ideas-dot${i < mine ? " is-mine" : ""}`} />
      ))}
    </span>
  );
}

function VoteControl({ card, vote, onVote }: { card: IdeaCard; vote: VoteState; onVote: (d: 1 | -1) => void }) {
  const name = card.title || tk("card.untitled");
  const full = vote.mine >= vote.cap;
  return (
    <div class="ideas-vote" role="group" aria-label={tk("vote.onCard", { title: name, mine: vote.mine, cap: vote.cap })}>
      <button
        type="button"
        class="btn btn-icon btn-small ideas-vote-btn"
        disabled={vote.mine <= 0}
        aria-label={tk("vote.remove", { title: name })}
        title={tk("vote.removeShort")}
        onClick={() => onVote(-1)}
        data-testid="unvote"
      >
        <span aria-hidden="true" class="ideas-minus" />
      </button>
      <Dots mine={vote.mine} cap={vote.cap} />
      <button
        type="button"
        class="btn btn-icon btn-small ideas-vote-btn ideas-vote-add"
        disabled={vote.remaining <= 0 || full}
        aria-label={tk("vote.add", { title: name })}
        title={vote.remaining <= 0 ? tk("vote.noneLeft") : full ? tk("vote.capReached", { cap: vote.cap }) : tk("vote.addShort")}
        onClick={() => onVote(1)}
        data-testid="vote"
      >
        <Icon name="plus" size={16} />
      </button>
    </div>
  );
}

export function IdeaCardView(p: Props) {
  const { card } = p;
  const q = quadrant(card.impact, card.effort);
  const author = card.anonymous || !card.author_name ? (card.anonymous ? tk("card.anonymous") : "") : card.author_name;
  const editor = p.editors[0];
  return (
    <article
      class={`ideas-card${editor ? " is-peer-editing" : ""}${p.vote && p.vote.mine > 0 ? " has-my-dots" : ""}`}
      style={editor ? { "--peer": editor.user.color } : undefined}
      data-card-id={card.id}
      aria-labelledby={`idea-title-${card.id}`}
    >
      <div class="ideas-card-head">
        <h3 id={`idea-title-${card.id}`} class={card.title ? "" : "muted"}>
          {card.title || tk("card.untitled")}
        </h3>
        {p.tally !== null && (
          <span
            class={`ideas-tally${p.tally === 0 ? " is-zero" : ""}${p.pop !== null ? " is-pop" : ""}`}
            style={p.pop !== null ? { "--delay": `${p.pop * 90}ms` } : undefined}
            title={tk("card.tally", { count: p.tally })}
            data-testid="tally"
          >
            <span class="ideas-tally-n">{p.tally}</span>
            <span class="sr-only">{tk("card.tally", { count: p.tally })}</span>
          </span>
        )}
      </div>
      {card.description && <p class="ideas-card-desc">{card.description}</p>}
      {(p.group || p.cause || p.step || p.futureStep || q || card.impact !== null || card.effort !== null) && (
        <div class="ideas-card-meta">
          {p.group && (
            <span class="chip ideas-group-chip" style={{ "--group": p.group.color }}>
              <span class="ideas-swatch" aria-hidden="true" />
              {p.group.title || tk("groups.untitled")}
            </span>
          )}
          {q ? (
            <span class={`chip ideas-q ideas-q-${q}`} title={tk("card.scores", { impact: card.impact, effort: card.effort })}>
              {tk(`quadrants.${q}.short`)} · {tk("card.scoresShort", { impact: card.impact, effort: card.effort })}
            </span>
          ) : (
            (card.impact !== null || card.effort !== null) && (
              <span class="chip">{tk("card.partialScore", { impact: card.impact ?? "–", effort: card.effort ?? "–" })}</span>
            )
          )}
          {p.cause && (
            <span class="ideas-link" title={`${tk("card.addressesCause", { text: p.cause.label })} (${p.cause.board})`}>
              <Icon name="fishbone" size={14} />
              <span>{tk("card.addressesCause", { text: p.cause.label })}</span>
            </span>
          )}
          {p.step && (
            <span class="ideas-link" title={`${tk("card.addressesStep", { text: p.step.label })} (${p.step.board})`}>
              <Icon name="flow" size={14} />
              <span>{tk("card.addressesStep", { text: p.step.label })}</span>
            </span>
          )}
          {p.futureStep && (
            <span
              class="ideas-link"
              data-future-step={p.futureStep.id}
              title={`${tk("card.landsOnStep", { text: p.futureStep.label })} (${p.futureStep.board})`}
            >
              <Icon name="flow" size={14} />
              <span>{tk("card.landsOnStep", { text: p.futureStep.label })}</span>
            </span>
          )}
        </div>
      )}
      {p.voters && p.voters.length > 0 && (
        <p class="ideas-voters small muted">{p.voters.map((v) => (v.dots > 1 ? `${v.name} ×${v.dots}` : v.name)).join(tk("sep"))}</p>
      )}
      {p.actionBoard && (
        <div class="ideas-card-action">
          <ActionControl
            source={{ board: p.actionBoard, kind: "ideas", type: "idea", item: card.id, label: card.title }}
            needed={p.actionNeeded}
          />
        </div>
      )}
      <div class="ideas-card-foot">
        <span class="ideas-author small muted">
          {card.source === "revealed" && <Icon name="eye" size={13} />}
          {author}
        </span>
        {p.vote && <VoteControl card={card} vote={p.vote} onVote={(d) => p.on.vote(card.id, d)} />}
        {p.canEdit && (
          <span class="ideas-card-actions">
            <button
              type="button"
              class="btn btn-icon btn-ghost btn-small"
              aria-label={tk("card.edit", { title: card.title || tk("card.untitled") })}
              title={tk("card.editShort")}
              onClick={() => p.on.edit(card.id)}
              data-testid="edit-card"
            >
              <Icon name="pencil" size={16} />
            </button>
            {p.deletable && (
              <button
                type="button"
                class="btn btn-icon btn-ghost btn-small"
                aria-label={tk("card.delete", { title: card.title || tk("card.untitled") })}
                title={tk("card.deleteShort")}
                onClick={() => p.on.remove(card.id)}
              >
                <Icon name="trash" size={16} />
              </button>
            )}
          </span>
        )}
      </div>
      {editor && (
        <span class="ideas-peer" style={{ background: editor.user.color }}>
          {tk("card.peerEditing", { name: editor.user.name })}
        </span>
      )}
    </article>
  );
}

// A wall of 400 cards re-renders on every change anyone makes: a card whose data did not change
// keeps its DOM untouched. Its handlers are one object made once by the wall, calling the wall's
// latest props (Wall.tsx), so a card that skipped renders still acts on the current state; the
// "+ Action" control is made inside from plain values, so nothing per card is made and compared
// on each render of the wall but the card's own data.
function shallowSame(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (!a || !b || typeof a !== "object" || typeof b !== "object") return false;
  const ka = Object.keys(a);
  if (ka.length !== Object.keys(b).length) return false;
  return ka.every((k) => (a as Record<string, unknown>)[k] === (b as Record<string, unknown>)[k]);
}

function sameVoters(a: Voter[] | undefined, b: Voter[] | undefined): boolean {
  if (a === b) return true;
  if (!a || !b || a.length !== b.length) return false;
  return a.every((v, i) => v.name === b[i].name && v.dots === b[i].dots);
}

function sameEditors(a: Peer[], b: Peer[]): boolean {
  if (a.length !== b.length) return false;
  return a.every((p, i) => shallowSame(p.user, b[i].user));
}

function sameCard(a: Props, b: Props): boolean {
  return (
    shallowSame(a.card, b.card) &&
    shallowSame(a.group, b.group) &&
    shallowSame(a.cause, b.cause) &&
    shallowSame(a.step, b.step) &&
    shallowSame(a.futureStep, b.futureStep) &&
    a.canEdit === b.canEdit &&
    a.deletable === b.deletable &&
    a.lang === b.lang &&
    shallowSame(a.vote, b.vote) &&
    a.tally === b.tally &&
    a.pop === b.pop &&
    sameVoters(a.voters, b.voters) &&
    sameEditors(a.editors, b.editors) &&
    a.actionBoard === b.actionBoard &&
    a.actionNeeded === b.actionNeeded &&
    a.on === b.on
  );
}

/** IdeaCardView, re-rendered only when what it shows changed. */
export const IdeaCardMemo = memo(IdeaCardView, sameCard);
