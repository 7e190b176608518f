// Live state of an ideas board: the shared documents (re-rendering on change) and this
// participant's private part (my votes, dots left, my unrevealed cards), refetched whenever the
// round or private writing changes and after each of my commands.
import { useCallback, useEffect, useRef, useState } from "preact/hooks";
import type { BoardConnection } from "../../sync/connection";
import { useY } from "../../sync/hooks";
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
  type IdeasPrivate,
} from "./schema";

export function useIdeasDocs(conn: BoardConnection) {
  const { content, ledger } = conn;
  useY(cardsMap(content));
  useY(groupsMap(content));
  useY(orderArray(content));
  useY(revealedMap(ledger));
  useY(roundMap(ledger));
  useY(talliesMap(ledger));
  useY(votersMap(ledger));
  useY(writingMap(ledger));
  const round = readRound(ledger);
  return {
    cards: readCards(content, ledger),
    groups: readGroups(content),
    revealed: revealedIds(ledger),
    round,
    visible: talliesVisible(round),
    tallies: readTallies(ledger),
    voters: readVoters(ledger),
    writing: readWriting(ledger),
  };
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
