// Dialogs of the ideas board: live card editor, private card form, opening a voting round.
import type * as Y from "yjs";
import { useState } from "preact/hooks";
import { useAction } from "../../ui/action";
import { Dialog } from "../../ui/dialog";
import { Icon } from "../../ui/icons";
import { notify } from "../../ui/toast";
import { multiLinePaste, PasteLinesPrompt } from "../../ui/paste-lines";
import { FieldError } from "../../ui/field";
import { plainNumberText } from "../../ui/numtext";
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

/** A title field's offer to make one idea per pasted line: `create` gets the lines, "paste as
 *  one" puts them, joined, into the title as typed so far. */
function usePasteLines(title: string, setTitle: (v: string) => void, create: (lines: string[]) => void) {
  const [lines, setLines] = useState<string[] | null>(null);
  const onPaste = (e: ClipboardEvent) => {
    const pasted = multiLinePaste(e);
    if (!pasted) return;
    e.preventDefault();
    setLines(pasted);
  };
  const prompt = lines && (
    <PasteLinesPrompt
      lines={lines}
      onCreate={() => {
        setLines(null);
        create(lines);
      }}
      onAsOne={() => {
        setLines(null);
        setTitle(`${title}${title ? " " : ""}${lines.join(" ")}`);
      }}
      onCancel={() => setLines(null)}
    />
  );
  return { onPaste, prompt };
}

export function CardEditorDialog(props: {
  card: IdeaCard | null;
  justCreated: boolean;
  set: SetField;
  onLines: (lines: string[]) => void;
  description: { value: unknown; convert: (text: string) => Y.Text | null };
  links: LinkTargets;
  customCategories: string[];
  groups: { list: Group[]; create: (title: string) => string };
  deletable: boolean;
  onDelete: () => void;
  onClose: () => void;
}) {
  const card = props.card;
  const paste = usePasteLines(card?.title ?? "", (v) => props.set("title", v), props.onLines);
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
            paste={paste}
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
  const payloadOf = (cardId: string, title: string): Record<string, unknown> => {
    const payload: Record<string, unknown> = {
      id: cardId,
      title,
      description: draft.description.trim(),
      category: draft.category.trim(),
      anonymous: draft.anonymous,
      cause_id: draft.cause_id,
      step_id: draft.step_id,
      future_step_id: draft.future_step_id,
    };
    if (draft.impact !== null) payload.impact = draft.impact;
    if (draft.effort !== null) payload.effort = draft.effort;
    return payload;
  };
  const submit = (e: Event) => {
    e.preventDefault();
    if (!draft.title.trim()) return add.setError(tk("private.titleRequired"));
    void add.run(payloadOf(id, draft.title.trim()));
  };
  // one private card per pasted line, sent in order; a refusal (the per-author limit) stops
  // there, and the lines not sent stay in the form with the reason, none dropped
  const [left, setLeft] = useState<string[]>([]);
  const addLines = async (lines: string[]) => {
    const all = draft.title.trim() ? [draft.title.trim(), ...lines] : lines;
    let sent = 0;
    add.setError("");
    try {
      for (const line of all) {
        await runCommand(props.boardId, COMMANDS.addPrivate, payloadOf(newId("p"), line), props.token);
        sent += 1;
      }
    } catch (err) {
      const rest = all.slice(sent);
      setLeft(rest);
      set("title", rest[0]);
      add.setError(tk("private.linesLeft", { count: all.length, sent, reason: refusalText(err) }));
      if (sent) props.onAdded();
      return;
    }
    notify(tk("private.addedLines", { count: sent }));
    props.onAdded();
    props.onClose();
  };
  const paste = usePasteLines(
    draft.title,
    (v) => set("title", v),
    (lines) => void addLines(lines),
  );
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
        paste={paste}
      />
      {error && (
        <p class="form-error" role="alert" data-testid="private-error">
          {error}
        </p>
      )}
      {left.length > 1 && (
        <ol class="ideas-lines-left" data-testid="private-lines-left" aria-label={tk("private.linesLeftList")}>
          {left.map((line, i) => (
            <li key={i}>{line}</li>
          ))}
        </ol>
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
  const asInt = (s: string) => (/^\d+$/.test(plainNumberText(s)) ? Number(plainNumberText(s)) : NaN);
  const inRange = (s: string) => asInt(s) >= 1 && asInt(s) <= MAX_BUDGET;
  const [checked, setChecked] = useState(false); // messages show once the form was sent
  const fieldError = (s: string) => (checked && !inRange(s) ? tk("round.fieldError", { text: s.trim(), max: MAX_BUDGET }) : null);
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
    setChecked(true);
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
            type="text"
            inputMode="numeric"
            value={budget}
            onInput={(e) => setBudget((e.currentTarget as HTMLInputElement).value)}
            aria-invalid={fieldError(budget) ? "true" : undefined}
            aria-describedby={fieldError(budget) ? "round-budget-error round-budget-hint" : "round-budget-hint"}
          />
          <FieldError id="round-budget" message={fieldError(budget)} />
          <span id="round-budget-hint" class="hint">
            {tk("round.budgetHint")}
          </span>
        </div>
        <div class="field">
          <label for="round-cap">{tk("round.cap")}</label>
          <input
            id="round-cap"
            type="text"
            inputMode="numeric"
            value={cap}
            onInput={(e) => setCap((e.currentTarget as HTMLInputElement).value)}
            aria-invalid={fieldError(cap) ? "true" : undefined}
            aria-describedby={fieldError(cap) ? "round-cap-error round-cap-hint" : "round-cap-hint"}
          />
          <FieldError id="round-cap" message={fieldError(cap)} />
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
