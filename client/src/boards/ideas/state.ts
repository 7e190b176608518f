// Live state of an ideas board: the shared documents (re-rendering on change) and this
// participant's private part (my votes, dots left, my unrevealed cards), refetched whenever the
// round or private writing changes and after each of my commands.
import { useCallback, useEffect, useMemo, useRef, useState } from "preact/hooks";
import type { BoardConnection } from "../../sync/connection";
import { useRevision } from "../../sync/hooks";
import { useItemCache } from "../../sync/item-cache";
import { fetchPrivate } from "./api";
import {
  cardsMap,
  groupsMap,
  orderArray,
  readCards,
  readGroups,
  readRound,
  readTallies,
  readVoters,
  readWriting,
  revealedIds,
  revealedMap,
  roundMap,
  talliesMap,
  talliesVisible,
  votersMap,
  writingMap,
  type IdeaCard,
  type IdeasPrivate,
} from "./schema";

// A wall of hundreds of cards: the cards are read again only when the documents change, and
// then only those an edit touched (kept per Y.Map); the ledger's parts only when the ledger
// changes. Views get the same objects otherwise, so memoised parts skip their renders.
export function useIdeasDocs(conn: BoardConnection) {
  const { content, ledger } = conn;
  const kept = useItemCache<IdeaCard>(cardsMap(content));
  const contentRev = useRevision([cardsMap(content), groupsMap(content), orderArray(content)]);
  const ledgerRev = useRevision([revealedMap(ledger), roundMap(ledger), talliesMap(ledger), votersMap(ledger), writingMap(ledger)]);
  const cards = useMemo(() => readCards(content, ledger, kept), [content, ledger, contentRev, ledgerRev]);
  const groups = useMemo(() => readGroups(content), [content, contentRev]);
  const fromLedger = useMemo(() => {
    const round = readRound(ledger);
    return {
      revealed: revealedIds(ledger),
      round,
      visible: talliesVisible(round),
      tallies: readTallies(ledger),
      voters: readVoters(ledger),
      writing: readWriting(ledger),
    };
  }, [ledger, ledgerRev]);
  return { cards, groups, ...fromLedger };
}

export type IdeasDocs = ReturnType<typeof useIdeasDocs>;

export function usePrivate(conn: BoardConnection, boardId: string, token: string, enabled: boolean) {
  const [mine, setMine] = useState<IdeasPrivate | null>(null);
  const timer = useRef<number | undefined>(undefined);
  const seq = useRef(0);
  const load = useCallback(async () => {
    if (!enabled) return;
    const n = ++seq.current;
    try {
      const answer = await fetchPrivate(boardId, token);
      if (n === seq.current) setMine(answer);
    } catch {
      /* offline or refused: keep what we have, the next change retries */
    }
  }, [boardId, token, enabled]);
  const refresh = useCallback(() => {
    window.clearTimeout(timer.current);
    timer.current = window.setTimeout(() => void load(), 150);
  }, [load]);
  useEffect(() => {
    void load();
    const round = roundMap(conn.ledger);
    const writing = writingMap(conn.ledger);
    const revealed = revealedMap(conn.ledger);
    round.observe(refresh);
    writing.observe(refresh);
    revealed.observe(refresh);
    return () => {
      round.unobserve(refresh);
      writing.unobserve(refresh);
      revealed.unobserve(refresh);
      window.clearTimeout(timer.current);
    };
  }, [conn, load, refresh]);
  /** An answer of my own command is newer than any fetch still under way: those are dropped. */
  const update = useCallback((fn: (prev: IdeasPrivate | null) => IdeasPrivate | null) => {
    seq.current++;
    setMine(fn);
  }, []);
  return { mine, update, refresh };
}
