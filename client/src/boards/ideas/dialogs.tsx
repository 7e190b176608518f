// Dialogs of the ideas board: live card editor, private card form, opening a voting round.
import type * as Y from "yjs";
import { useState } from "preact/hooks";
import { useAction } from "../../ui/action";
import { Dialog } from "../../ui/dialog";
import { Icon } from "../../ui/icons";
import { notify } from "../../ui/toast";
import { refusalText, runCommand } from "./api";
import { CardFields, type CardDraft, type SetField } from "./CardFields";
import { privatePromise } from "./RoundBar";
import { tk } from "./i18n";
import type { LinkTargets } from "./links";
import { COMMANDS, MAX_BUDGET, newId, type Group, type IdeaCard, type Writing } from "./schema";

export const draftOf = (card: IdeaCard): CardDraft => ({
  title: card.title,
  description: card.description,
  category: card.category,
  impact: card.impact,
  effort: card.effort,
  cause_id: card.cause_id,
  step_id: card.step_id,
  future_step_id: card.future_step_id,
  group: card.group,
  anonymous: card.anonymous,
});

export function CardEditorDialog(props: {
  card: IdeaCard | null;
  justCreated: boolean;
  set: SetField;
  description: { value: unknown; convert: (text: string) => Y.Text | null };
  links: LinkTargets;
  customCategories: string[];
  groups: { list: Group[]; create: (title: string) => string };
  deletable: boolean;
  onDelete: () => void;
  onClose: () => void;
}) {
  const card = props.card;
  return (
    <Dialog
      open={card !== null}
      title={card?.title ? tk("editor.editTitle", { title: card.title }) : tk("editor.newTitle")}
      onClose={props.onClose}
      wide
    >
      {card && (
        <div class="ideas-editor" data-testid="card-editor">
          <p class="hint ideas-live-hint">
            <span class="ideas-live-dot" aria-hidden="true" /> {tk("editor.liveHint")}
          </p>
          <CardFields
            idPrefix={`edit-${card.id}`}
            draft={draftOf(card)}
            set={props.set}
            links={props.links}
            customCategories={props.customCategories}
            groups={props.groups}
            autoFocus={props.justCreated}
            showAnonymous={props.justCreated}
            description={props.description}
          />
          <div class="dialog-actions ideas-dialog-actions">
            {props.deletable && (
              <button type="button" class="btn btn-danger-outline" onClick={props.onDelete}>
                <Icon name="trash" size={16} /> <span>{tk("editor.delete")}</span>
              </button>
            )}
            <button type="button" class="btn btn-primary" onClick={props.onClose} data-testid="editor-done">
              <Icon name="check" size={16} /> <span>{tk("editor.done")}</span>
            </button>
          </div>
        </div>
      )}
    </Dialog>
  );
}

const emptyDraft = (category: string): CardDraft => ({
  title: "",
  description: "",
  category,
  impact: null,
  effort: null,
  cause_id: "",
  step_id: "",
  future_step_id: "",
  group: "",
  anonymous: false,
});

export function PrivateCardDialog(props: {
  open: string | null; // the category to start with, or null when closed
  boardId: string;
  token: string;
  links: LinkTargets;
  customCategories: string[];
  writing: Writing;
  onAdded: () => void;
  onClose: () => void;
}) {
  return (
    <Dialog open={props.open !== null} title={tk("private.formTitle")} onClose={props.onClose} wide>
      {props.open !== null && <PrivateCardForm {...props} category={props.open} />}
    </Dialog>
  );
}

function PrivateCardForm(props: {
  category: string;
  boardId: string;
  token: string;
  links: LinkTargets;
  customCategories: string[];
  writing: Writing;
  onAdded: () => void;
  onClose: () => void;
}) {
  const promise = privatePromise(props.writing);
  const [draft, setDraft] = useState(() => emptyDraft(props.category));
  const [id] = useState(() => newId("p"));
  const set: SetField = (field, value) => setDraft((d) => ({ ...d, [field]: value }));
  const add = useAction(
    async (payload: Record<string, unknown>) => {
      await runCommand(props.boardId, COMMANDS.addPrivate, payload, props.token);
      notify(tk(promise === "Moderated" ? "private.addedModerated" : "private.addedBlind"));
      props.onAdded();
      props.onClose();
    },
    { onError: "form", text: refusalText },
  );
  const { busy, error } = add;
  const submit = (e: Event) => {
    e.preventDefault();
    if (!draft.title.trim()) return add.setError(tk("private.titleRequired"));
    const payload: Record<string, unknown> = {
      id,
      title: draft.title.trim(),
      description: draft.description.trim(),
      category: draft.category.trim(),
      anonymous: draft.anonymous,
      cause_id: draft.cause_id,
      step_id: draft.step_id,
      future_step_id: draft.future_step_id,
    };
    if (draft.impact !== null) payload.impact = draft.impact;
    if (draft.effort !== null) payload.effort = draft.effort;
    void add.run(payload);
  };
  return (
    <form class="ideas-editor" onSubmit={submit} data-testid="private-form">
      <p class="notice ideas-private-notice" data-testid="private-promise" data-mode={promise}>
        <Icon name="lock" size={16} /> {tk(`private.formHint${promise}`)}
      </p>
      <CardFields
        idPrefix="private"
        draft={draft}
        set={set}
        links={props.links}
        customCategories={props.customCategories}
        autoFocus
        showAnonymous
      />
      {error && (
        <p class="form-error" role="alert">
          {error}
        </p>
      )}
      <div class="dialog-actions ideas-dialog-actions">
        <button type="button" class="btn" onClick={props.onClose}>
          {tk("editor.cancel")}
        </button>
        <button type="submit" class="btn btn-primary" disabled={busy}>
          <Icon name="lock" size={16} /> <span>{tk("private.submit")}</span>
        </button>
      </div>
    </form>
  );
}

export function OpenRoundDialog(props: {
  open: boolean;
  next: number;
  boardId: string;
  token: string;
  onOpened: () => void;
  onClose: () => void;
}) {
  return (
    <Dialog open={props.open} title={tk("round.openTitle", { number: props.next })} onClose={props.onClose}>
      {props.open && <OpenRoundForm {...props} />}
    </Dialog>
  );
}

function OpenRoundForm(props: { next: number; boardId: string; token: string; onOpened: () => void; onClose: () => void }) {
  const [budget, setBudget] = useState("5");
  const [cap, setCap] = useState("3");
  const [title, setTitle] = useState("");
  const [hidden, setHidden] = useState(true);
  const [anonymous, setAnonymous] = useState(false);
  const [facilitatorVotes, setFacilitatorVotes] = useState(true);
  const asInt = (s: string) => (/^\s*\d+\s*$/.test(s) ? Number(s) : NaN);
  const open = useAction(
    async (budgetDots: number, capDots: number) => {
      await runCommand(
        props.boardId,
        COMMANDS.openRound,
        { budget: budgetDots, cap: capDots, title: title.trim(), hidden, anonymous, facilitator_votes: facilitatorVotes },
        props.token,
      );
      props.onOpened();
      props.onClose();
    },
    { onError: "form", text: refusalText },
  );
  const { busy, error } = open;
  const submit = (e: Event) => {
    e.preventDefault();
    const b = asInt(budget);
    const c = asInt(cap);
    if (!(b >= 1 && b <= MAX_BUDGET) || !(c >= 1 && c <= MAX_BUDGET)) return open.setError(tk("round.rangeError", { max: MAX_BUDGET }));
    if (c > b) return open.setError(tk("round.capError", { cap: c, budget: b }));
    void open.run(b, c);
  };
  return (
    <form class="ideas-round-form" onSubmit={submit} data-testid="open-round-form">
      <div class="field">
        <label for="round-title">{tk("round.titleLabel")}</label>
        <input
          id="round-title"
          type="text"
          maxLength={120}
          value={title}
          placeholder={tk("round.titlePlaceholder", { number: props.next })}
          onInput={(e) => setTitle((e.currentTarget as HTMLInputElement).value)}
        />
      </div>
      <div class="ideas-field-row">
        <div class="field">
          <label for="round-budget">{tk("round.budget")}</label>
          <input
            id="round-budget"
            type="number"
            inputMode="numeric"
            min={1}
            max={MAX_BUDGET}
            value={budget}
            onInput={(e) => setBudget((e.currentTarget as HTMLInputElement).value)}
            aria-describedby="round-budget-hint"
          />
          <span id="round-budget-hint" class="hint">
            {tk("round.budgetHint")}
          </span>
        </div>
        <div class="field">
          <label for="round-cap">{tk("round.cap")}</label>
          <input
            id="round-cap"
            type="number"
            inputMode="numeric"
            min={1}
            max={MAX_BUDGET}
            value={cap}
            onInput={(e) => setCap((e.currentTarget as HTMLInputElement).value)}
            aria-describedby="round-cap-hint"
          />
          <span id="round-cap-hint" class="hint">
            {tk("round.capHint")}
          </span>
        </div>
      </div>
      <div class="stack">
        <label class="check">
          <input type="checkbox" checked={hidden} onChange={(e) => setHidden((e.currentTarget as HTMLInputElement).checked)} />
          <span>
            {tk("round.hidden")}
            <span class="block hint">{tk("round.hiddenHint")}</span>
          </span>
        </label>
        <label class="check">
          <input type="checkbox" checked={anonymous} onChange={(e) => setAnonymous((e.currentTarget as HTMLInputElement).checked)} />
          <span>
            {tk("round.anonymous")}
            <span class="block hint">{tk("round.anonymousHint")}</span>
          </span>
        </label>
        <label class="check">
          <input
            type="checkbox"
            checked={facilitatorVotes}
            onChange={(e) => setFacilitatorVotes((e.currentTarget as HTMLInputElement).checked)}
          />
          <span>
            {tk("round.facilitatorVotes")}
            <span class="block hint">{tk("round.facilitatorVotesHint")}</span>
          </span>
        </label>
      </div>
      {error && (
        <p class="form-error" role="alert">
          {error}
        </p>
      )}
      <div class="dialog-actions ideas-dialog-actions">
        <button type="button" class="btn" onClick={props.onClose}>
          {tk("editor.cancel")}
        </button>
        <button type="submit" class="btn btn-primary" disabled={busy} data-testid="open-round-submit">
          {tk("round.start")}
        </button>
      </div>
    </form>
  );
}
