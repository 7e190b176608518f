// The `ideas` board: a wall of idea cards by category, private writing, facilitator-run dot
// voting (budget, cap, hidden until revealed), the ranking and the impact/effort matrix.
import * as Y from "yjs";
import { useEffect, useMemo, useState } from "preact/hooks";
import type { BoardViewDef, BoardViewProps } from "../registry";
import { commitmentsOf } from "../workshop/commitments";
import { useLanguage } from "../../i18n";
import { sharedTextIn } from "../../sync/text-binding";
import { useAwarenessStates } from "../../sync/hooks";
import { peers as listPeers } from "../../sync/presence";
import { useAction } from "../../ui/action";
import { notify } from "../../ui/toast";
import { refusalText, runCommand } from "./api";
import type { SetField } from "./CardFields";
import { CardEditorDialog, OpenRoundDialog, PrivateCardDialog } from "./dialogs";
import { tk } from "./i18n";
import { useLinkTargets } from "./links";
import { MatrixPanel } from "./Matrix";
import { localRanking, RankingPanel } from "./Ranking";
import { RoundBar, type Voice } from "./RoundBar";
import {
  CARD_FIELDS,
  cardsMap,
  COMMANDS,
  GROUP_COLORS,
  groupsMap,
  newId,
  orderArray,
  revealedMap,
  type IdeaCard,
  type IdeasAnalysis,
  type IdeasPrivate,
} from "./schema";
import { useIdeasDocs, usePrivate } from "./state";
import { useRevealMoment, useVoteQueue } from "./voting";
import { ModerationQueue, PrivateCards, RevealBanner, Wall } from "./Wall";

function IdeasView({ board, conn, readOnly, analysis, me, workshop: w, edit }: BoardViewProps) {
  useLanguage();
  const docs = useIdeasDocs(conn);
  const { round, visible, cards, writing } = docs;
  const participant = w.membership.participant_id || w.info.me.participant_id || "";
  const { mine, update, refresh } = usePrivate(conn, board.id, w.token, Boolean(participant));
  const links = useLinkTargets(w);
  const states = useAwarenessStates(conn.awareness);
  const others = listPeers(conn.awareness, states).filter((p) => !p.self);
  const stats = analysis as IdeasAnalysis | null;

  const [editing, setEditing] = useState<{ id: string; created: boolean } | null>(null);
  const [privateForm, setPrivateForm] = useState<string | null>(null);
  const [roundForm, setRoundForm] = useState(false);

  // --- who may do what ------------------------------------------------------------------
  const canEdit = !readOnly;
  const voice: Voice =
    !participant || w.role === "viewer" || w.role === "pilot" || w.finished
      ? "viewer"
      : w.role === "facilitator" && !round.facilitator_votes
        ? "facilitator-out"
        : "voter";
  const voting = round.status === "open" && voice === "voter";
  const eligible = w.info.participants.filter((p) => p.role === "editor" || (p.role === "facilitator" && round.facilitator_votes)).length;

  const [revealing, setRevealing] = useRevealMoment(round, visible);

  // --- editing cards (per field, in the content document) --------------------------------
  const content = conn.content;
  const ensureContentCard = (id: string): Y.Map<unknown> => {
    const own = cardsMap(content).get(id);
    if (own instanceof Y.Map) return own;
    const raw = (revealedMap(conn.ledger).get(id)?.toJSON() ?? {}) as Record<string, unknown>;
    const entries = CARD_FIELDS.filter((f) => raw[f] !== undefined && raw[f] !== null).map((f) => [f, raw[f]] as [string, unknown]);
    const copy = new Y.Map<unknown>(entries);
    cardsMap(content).set(id, copy);
    if (!orderArray(content).toArray().includes(id)) orderArray(content).push([id]);
    return copy;
  };
  const setField =
    (id: string): SetField =>
    (field, value) =>
      edit(() => {
        const m = ensureContentCard(id);
        if ((field === "impact" || field === "effort") && value === null) m.delete(field);
        else if (field === "anonymous") {
          m.set("anonymous", value);
          m.set("author_id", value ? "" : me.id);
          m.set("author_name", value ? "" : me.name);
        } else m.set(field, value);
      });
  const description = (id: string) => {
    const card = cardsMap(content).get(id);
    return {
      // a revealed card not edited yet lives in the ledger: its text becomes content on the first edit
      value: card instanceof Y.Map ? card.get("description") : (editingCard?.description ?? ""),
      convert: (text: string) => {
        let shared: Y.Text | null = null;
        edit(() => (shared = sharedTextIn(ensureContentCard(id), "description", text)));
        return shared;
      },
    };
  };
  const moveOnMatrix = (id: string, impact: number, effort: number) =>
    edit(() => {
      const m = ensureContentCard(id);
      m.set("impact", impact);
      m.set("effort", effort);
    });
  const createGroup = (title: string): string => {
    const id = newId("g");
    const color = GROUP_COLORS[groupsMap(content).size % GROUP_COLORS.length];
    edit(() =>
      groupsMap(content).set(
        id,
        new Y.Map<unknown>([
          ["title", title],
          ["color", color],
        ]),
      ),
    );
    return id;
  };
  const deletable = (id: string) => canEdit && (docs.revealed.has(id) || cardsMap(content).has(id));
  const removeCard = async (id: string, quiet = false) => {
    const revealed = docs.revealed.has(id);
    if (revealed) {
      // A revealed card lives in the ledger (server-written): the server deletes it there, then
      // its edited copy in content goes too, or the ledger version would show again.
      try {
        await runCommand(board.id, COMMANDS.removeRevealed, { id }, w.token);
      } catch (error) {
        return notify(refusalText(error), "error");
      }
    }
    edit(() => {
      cardsMap(content).delete(id);
      const order = orderArray(content);
      for (let i = order.length - 1; i >= 0; i--) if (order.get(i) === id) order.delete(i, 1);
    });
    if (!quiet) notify(tk(revealed ? "card.deletedRevealed" : "card.deleted"));
  };
  const newCard = (category: string, title: string) =>
    new Y.Map<unknown>(
      Object.entries({
        title,
        description: new Y.Text(),
        category,
        author_id: me.id,
        author_name: me.name,
        anonymous: false,
        cause_id: "",
        step_id: "",
        future_step_id: "",
        group: "",
      }),
    );
  const addCard = (category: string) => {
    if (writing.private) return setPrivateForm(category);
    const id = newId("i");
    edit(() => {
      cardsMap(content).set(id, newCard(category, ""));
      orderArray(content).push([id]);
    });
    setEditing({ id, created: true });
  };
  // several pasted titles: one card per line in the open card's category (the first titles the
  // open card if it has none), in one undo step
  const addLines = (id: string, lines: string[]) => {
    const card = cards.find((c) => c.id === id);
    if (!card) return;
    const rest = card.title.trim() ? lines : lines.slice(1);
    edit(() => {
      if (!card.title.trim()) ensureContentCard(id).set("title", lines[0]);
      for (const line of rest) {
        const added = newId("i");
        cardsMap(content).set(added, newCard(card.category, line));
        orderArray(content).push([added]);
      }
    });
    notify(tk("card.addedLines", { count: lines.length }));
  };
  const openEditor = (id: string) => {
    if (!canEdit) return;
    links.reload();
    setEditing({ id, created: false });
  };
  const closeEditor = () => {
    const e = editing;
    setEditing(null);
    conn.awareness.setLocalStateField("focus", null);
    if (!e?.created) return;
    const card = cards.find((c) => c.id === e.id);
    if (card && !card.title.trim() && !card.description.trim()) void removeCard(e.id, true);
  };
  useEffect(() => {
    if (editing) conn.awareness.setLocalStateField("focus", editing.id);
  }, [editing?.id]);

  // --- commands -----------------------------------------------------------------------------
  const { castVote, pending, voteError } = useVoteQueue(board.id, w.token, update, refresh);
  const facilitation = useAction(
    async (name: string, payload: Record<string, unknown> = {}, done?: (r: Record<string, unknown>) => void) => {
      const result = await runCommand(board.id, name, payload, w.token);
      done?.(result);
      refresh();
    },
    { text: refusalText },
  );
  const facilitate = facilitation.run;
  const busy = facilitation.pending?.[0] ?? "";

  // --- derived ------------------------------------------------------------------------------
  const myVotes: IdeasPrivate | null = mine && mine.round === round.number ? mine : null;
  const remaining = myVotes ? myVotes.remaining : round.budget;
  // (kept between renders while their inputs stay: the matrix and the ranking skip renders on them)
  const { ranking, ranks, popOrder } = useMemo(() => {
    const ranking = visible
      ? stats?.results_visible && stats.round.number === round.number
        ? stats.ranking
        : localRanking(cards, docs.tallies)
      : [];
    return {
      ranking,
      ranks: new Map(ranking.map((r) => [r.idea_id, r.rank])),
      popOrder: new Map(ranking.map((r, i) => [r.idea_id, ranking.length - 1 - i])),
    };
  }, [visible, stats, round, cards, docs.tallies]);
  // (once per analysis, not once per card and render: 400 cards scanned the commitments each)
  const actions = useMemo(
    () => ({ board: board.id, needed: new Set(commitmentsOf(analysis).map((c) => c.item_id)) }),
    [board.id, analysis],
  );
  const customCategories = useMemo(() => [...new Set(cards.map((c) => c.category.trim()).filter(Boolean))], [cards]);
  const editingCard: IdeaCard | null = editing ? (cards.find((c) => c.id === editing.id) ?? null) : null;

  return (
    <div class="ideas-board" data-voting={voting ? "on" : "off"}>
      <RoundBar
        round={round}
        visible={visible}
        writing={writing}
        mine={myVotes}
        voice={voice}
        isFacilitator={w.isFacilitator}
        finished={w.finished}
        eligible={eligible}
        busy={busy}
        voteError={voteError}
        onOpenRound={() => setRoundForm(true)}
        onReveal={() => void facilitate(COMMANDS.reveal)}
        onClose={() => void facilitate(COMMANDS.close)}
        onPrivateWriting={(on, mode, showAuthors) =>
          void facilitate(COMMANDS.privateWriting, on ? { enabled: true, mode, show_authors: showAuthors } : { enabled: false })
        }
        onRevealCards={() =>
          void facilitate(COMMANDS.revealCards, {}, (r) =>
            notify(tk("private.revealedToast", { count: Array.isArray(r.revealed) ? r.revealed.length : 0 })),
          )
        }
      />
      {revealing && <RevealBanner round={round} ranking={ranking} onDismiss={() => setRevealing(false)} />}
      {mine && mine.cards.length > 0 && (
        <PrivateCards
          cards={mine.cards}
          onWithdraw={(id) => void facilitate(COMMANDS.withdrawPrivate, { id }, () => notify(tk("private.withdrawn")))}
          busy={!!busy}
        />
      )}
      {w.isFacilitator && writing.mode !== "blind" && mine && mine.moderation.length > 0 && (
        <ModerationQueue
          cards={mine.moderation}
          onRemove={(id) => void facilitate(COMMANDS.removePrivate, { id }, () => notify(tk("private.removed")))}
          busy={!!busy}
        />
      )}
      <div class="ideas-layout">
        <Wall
          cards={cards}
          groups={docs.groups}
          links={links}
          canAdd={canEdit}
          privateWriting={writing.private}
          canEdit={canEdit}
          deletable={deletable}
          peers={others}
          voting={voting}
          vote={(id) => (voting ? { mine: myVotes?.votes[id] ?? 0, cap: round.cap, remaining, busy: pending > 0 } : null)}
          tally={(id) => (visible ? (docs.tallies.get(id) ?? 0) : null)}
          voters={(id) => (visible && !round.anonymous ? docs.voters.get(id) : undefined)}
          pop={(id) => (revealing ? (popOrder.get(id) ?? 0) : null)}
          onVote={castVote}
          onAdd={addCard}
          onEdit={openEditor}
          onDelete={(id) => void removeCard(id)}
          actions={actions}
        />
        <RankingPanel
          analysis={stats}
          round={round}
          visible={visible}
          cards={cards}
          tallies={docs.tallies}
          voters={docs.voters}
          revealing={revealing}
        />
      </div>
      <MatrixPanel cards={cards} canEdit={canEdit} ranks={ranks} onOpen={openEditor} onMove={moveOnMatrix} />

      <CardEditorDialog
        card={editingCard}
        justCreated={Boolean(editing?.created)}
        set={setField(editing?.id ?? "")}
        onLines={(lines) => editing && addLines(editing.id, lines)}
        description={description(editing?.id ?? "")}
        links={links}
        customCategories={customCategories}
        groups={{ list: docs.groups, create: createGroup }}
        deletable={Boolean(editing && deletable(editing.id))}
        onDelete={() => {
          const id = editing!.id;
          setEditing(null);
          void removeCard(id);
        }}
        onClose={closeEditor}
      />
      <PrivateCardDialog
        open={privateForm}
        boardId={board.id}
        token={w.token}
        links={links}
        customCategories={customCategories}
        writing={writing}
        onAdded={refresh}
        onClose={() => setPrivateForm(null)}
      />
      <OpenRoundDialog
        open={roundForm}
        next={round.number + 1}
        boardId={board.id}
        token={w.token}
        onOpened={refresh}
        onClose={() => setRoundForm(false)}
      />
    </div>
  );
}

export const ideasView: BoardViewDef = {
  kind: "ideas",
  View: IdeasView,
  undoScope: (content) => [cardsMap(content), groupsMap(content), orderArray(content)],
};
