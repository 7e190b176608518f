// The voting panel above the wall: the round's state and rules, my dots left, and the
// facilitator's controls (private writing, open / reveal / close a round).
import { useState } from "preact/hooks";
import { Icon } from "../../ui/icons";
import { tk } from "./i18n";
import type { IdeasPrivate, PrivateMode, Round, Writing } from "./schema";

type ModeChoice = "moderated" | "blind" | "blindNamed";

/** What authors are told before writing, by the round's mode (also on the private form). */
export function privatePromise(writing: Writing): "Moderated" | "Blind" | "BlindNamed" {
  if (writing.mode !== "blind") return "Moderated";
  return writing.show_authors ? "BlindNamed" : "Blind";
}

export type Voice = "voter" | "facilitator-out" | "viewer" | "none";

interface Props {
  round: Round;
  visible: boolean;
  writing: Writing;
  mine: IdeasPrivate | null;
  voice: Voice;
  isFacilitator: boolean;
  finished: boolean;
  eligible: number;
  busy: string;
  voteError: string;
  onOpenRound: () => void;
  onReveal: () => void;
  onClose: () => void;
  onPrivateWriting: (on: boolean, mode?: PrivateMode, showAuthors?: boolean) => void;
  onRevealCards: () => void;
}

function MyDots({ round, mine }: { round: Round; mine: IdeasPrivate | null }) {
  const fresh = mine && mine.round === round.number;
  const used = fresh ? mine.used : 0;
  const budget = round.budget;
  const remaining = Math.max(budget - used, 0);
  return (
    <div class="ideas-mydots" data-testid="my-dots" data-remaining={fresh ? remaining : ""}>
      <span class="ideas-mydots-label">{tk("round.myDots")}</span>
      {budget <= 20 ? (
        <span class="ideas-mydots-row" aria-hidden="true">
          {Array.from({ length: budget }, (_, i) => (
            <span key={i} class={`ideas-bigdot${i < remaining ? " is-left" : ""}`} />
          ))}
        </span>
      ) : (
        <span class="ideas-meter" aria-hidden="true">
          <span style={{ width: `${(remaining / budget) * 100}%` }} />
        </span>
      )}
      <strong class="ideas-mydots-count" aria-live="polite">
        {tk("round.left", { count: remaining, budget })}
      </strong>
    </div>
  );
}

function rules(round: Round): string {
  return [
    tk("round.rules.budget", { count: round.budget }),
    tk("round.rules.cap", { count: round.cap }),
    round.hidden ? tk("round.rules.hidden") : tk("round.rules.live"),
    round.anonymous ? tk("round.rules.anonymous") : tk("round.rules.named"),
  ].join(tk("dotSep"));
}

function statusChip(round: Round, visible: boolean) {
  if (round.status === "open")
    return (
      <span class="chip chip-ok ideas-status">
        <span class="ideas-pulse" aria-hidden="true" /> {tk("round.status.open")}
      </span>
    );
  if (round.status === "closed")
    return (
      <span class={`chip ${visible ? "chip-accent" : "chip-warn"}`}>
        {visible ? tk("round.status.closedVisible") : tk("round.status.closedHidden")}
      </span>
    );
  return null;
}

export function RoundBar(p: Props) {
  const { round, visible, writing } = p;
  const facilitate = p.isFacilitator && !p.finished;
  const [choice, setChoice] = useState<ModeChoice>("moderated");
  const canReveal = round.number > 0 && round.hidden && !round.revealed;
  return (
    <section class="panel ideas-round" aria-labelledby="ideas-round-title" data-round-status={round.status} data-testid="round-panel">
      <div class="ideas-round-main">
        <div class="ideas-round-text">
          <div class="ideas-round-title-row">
            <h2 id="ideas-round-title">{round.number > 0 ? tk("round.heading", { number: round.number }) : tk("round.headingNone")}</h2>
            {round.title && <span class="ideas-round-name">{round.title}</span>}
            {statusChip(round, visible)}
          </div>
          {round.number > 0 ? (
            <>
              <p class="ideas-round-rules">{rules(round)}</p>
              <p class="small muted" data-testid="round-progress">
                {p.eligible >= round.voters && p.eligible > 0
                  ? tk("round.progressOf", { count: round.voters, eligible: p.eligible, dots: round.dots_cast })
                  : tk("round.progress", { count: round.voters, dots: round.dots_cast })}
                {canReveal && <> · {tk("round.hiddenUntil")}</>}
              </p>
            </>
          ) : (
            <p class="small muted">{facilitate ? tk("round.noneFacilitator") : tk("round.none")}</p>
          )}
        </div>
        {round.status === "open" && p.voice === "voter" && <MyDots round={round} mine={p.mine} />}
        {round.status === "open" && p.voice === "facilitator-out" && <p class="ideas-voice small">{tk("round.facilitatorOut")}</p>}
        {round.status === "open" && p.voice === "viewer" && <p class="ideas-voice small">{tk("round.viewerNoVote")}</p>}
      </div>
      {p.voteError && (
        <p class="ideas-vote-error" role="alert" data-testid="vote-error">
          <Icon name="x" size={16} /> {p.voteError}
        </p>
      )}
      {facilitate && (
        <div class="ideas-facilitate" role="group" aria-label={tk("facilitate.label")}>
          <span class="ideas-facilitate-label">{tk("facilitate.label")}</span>
          <div class="ideas-facilitate-buttons">
            {round.status !== "open" && (
              <button type="button" class="btn btn-small btn-primary" onClick={p.onOpenRound} disabled={!!p.busy} data-testid="open-round">
                <Icon name="plus" size={16} /> <span>{round.number ? tk("facilitate.newRound") : tk("facilitate.openRound")}</span>
              </button>
            )}
            {canReveal && (
              <button type="button" class="btn btn-small btn-primary" onClick={p.onReveal} disabled={!!p.busy} data-testid="reveal-votes">
                <Icon name="eye" size={16} /> <span>{tk("facilitate.reveal")}</span>
              </button>
            )}
            {round.status === "open" && (
              <button type="button" class="btn btn-small" onClick={p.onClose} disabled={!!p.busy} data-testid="close-round">
                <Icon name="stop" size={16} /> <span>{tk("facilitate.close")}</span>
              </button>
            )}
            <span class="ideas-divider" aria-hidden="true" />
            {!writing.private && (
              <select
                class="ideas-private-mode"
                aria-label={tk("facilitate.privateMode")}
                value={choice}
                onChange={(e) => setChoice((e.target as HTMLSelectElement).value as ModeChoice)}
                disabled={!!p.busy}
                data-testid="private-mode"
              >
                <option value="moderated">{tk("facilitate.modeModerated")}</option>
                <option value="blind">{tk("facilitate.modeBlind")}</option>
                <option value="blindNamed">{tk("facilitate.modeBlindNamed")}</option>
              </select>
            )}
            <button
              type="button"
              class={`btn btn-small${writing.private ? " btn-active" : ""}`}
              aria-pressed={writing.private}
              onClick={() =>
                writing.private
                  ? p.onPrivateWriting(false)
                  : p.onPrivateWriting(true, choice === "moderated" ? "moderated" : "blind", choice === "blindNamed")
              }
              disabled={!!p.busy}
              title={tk("facilitate.privateHint")}
              data-testid="private-writing"
            >
              <Icon name="lock" size={16} /> <span>{writing.private ? tk("facilitate.privateOn") : tk("facilitate.privateOff")}</span>
            </button>
            {(writing.private || writing.pending > 0) && (
              <button type="button" class="btn btn-small" onClick={p.onRevealCards} disabled={!!p.busy} data-testid="reveal-cards">
                <Icon name="eye" size={16} /> <span>{tk("facilitate.revealCards", { count: writing.pending })}</span>
              </button>
            )}
          </div>
        </div>
      )}
      {writing.private && (
        <p class="ideas-private-banner" data-testid="private-banner">
          <Icon name="lock" size={16} />
          <span>
            {facilitate
              ? `${tk("private.bannerFacilitator", { count: writing.pending })} ${tk(
                  writing.mode === "blind" ? "private.facilitatorBlind" : "private.facilitatorModerated",
                )}`
              : tk(`private.banner${privatePromise(writing)}`)}
          </span>
        </p>
      )}
    </section>
  );
}
