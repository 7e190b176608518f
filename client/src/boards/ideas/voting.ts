// Dot voting as the view sees it: my votes sent one at a time, and the reveal moment.
import { useEffect, useRef, useState } from "preact/hooks";
import { refusalText, runCommand } from "./api";
import { COMMANDS, type IdeasPrivate, type Round } from "./schema";

type Update = (fn: (prev: IdeasPrivate | null) => IdeasPrivate | null) => void;

/** Dots go one at a time, in click order; the server's answer is the truth about my dots. */
export function useVoteQueue(boardId: string, token: string, update: Update, refresh: () => void) {
  const [voteError, setVoteError] = useState("");
  const [pending, setPending] = useState(0);
  const errorTimer = useRef<number | undefined>(undefined);
  const queue = useRef<Promise<void>>(Promise.resolve());
  const showVoteError = (text: string) => {
    setVoteError(text);
    window.clearTimeout(errorTimer.current);
    errorTimer.current = window.setTimeout(() => setVoteError(""), 8000);
  };
  const castVote = (ideaId: string, delta: 1 | -1) => {
    setPending((n) => n + 1);
    queue.current = queue.current.then(async () => {
      try {
        const r = await runCommand<{ round: number; idea_id: string; dots: number; used: number; remaining: number }>(
          boardId,
          delta > 0 ? COMMANDS.vote : COMMANDS.unvote,
          { idea_id: ideaId, dots: 1 },
          token,
        );
        update((prev) =>
          prev && prev.round === r.round
            ? { ...prev, votes: { ...prev.votes, [ideaId]: r.dots }, used: r.used, remaining: r.remaining }
            : prev,
        );
        setVoteError("");
      } catch (error) {
        showVoteError(refusalText(error));
      } finally {
        setPending((n) => n - 1);
        refresh();
      }
    });
  };
  return { castVote, pending, voteError };
}

/** The reveal moment: the tallies of a hidden round appear while we watch. */
export function useRevealMoment(round: Round, visible: boolean) {
  const seen = useRef<{ number: number; visible: boolean } | null>(null);
  const [revealing, setRevealing] = useState(false);
  useEffect(() => {
    const before = seen.current;
    seen.current = { number: round.number, visible };
    if (before && visible && round.hidden && round.revealed && (!before.visible || before.number !== round.number)) {
      setRevealing(true);
      const id = window.setTimeout(() => setRevealing(false), 9000);
      return () => window.clearTimeout(id);
    }
  }, [visible, round.number]);
  return [revealing, setRevealing] as const;
}
