// The plan-change log ("iterate before rolling out"): what was changed in the pilot, when and
// why. Editors add entries and correct them field by field; the numbers match the chart markers.
import * as Y from "yjs";
import { useState } from "preact/hooks";
import { useLanguage } from "../../i18n";
import { Icon } from "../../ui/icons";
import { formatDay } from "./api";
import { tp } from "./i18n";
import { LiveInput } from "../../ui/live-input";
import { SharedTextArea, sharedField } from "../../ui/shared-text";
import { changesArray, today, type PlanChange } from "./schema";

type Edit = (fn: () => void) => void;

function AddChange({ content, edit }: { content: Y.Doc; edit: Edit }) {
  const [date, setDate] = useState(today());
  const [text, setText] = useState("");
  const [reason, setReason] = useState("");
  const add = (e: Event) => {
    e.preventDefault();
    if (!text.trim()) return;
    edit(() =>
      changesArray(content).push([
        new Y.Map<unknown>([
          ["date", date],
          ["text", new Y.Text(text.trim())],
          ["reason", new Y.Text(reason.trim())],
        ]),
      ]),
    );
    setText("");
    setReason("");
  };
  return (
    <form class="pilot-change-add" onSubmit={add} data-testid="add-change">
      <h3>{tp("changes.addTitle")}</h3>
      <div class="pilot-change-grid">
        <div class="field">
          <label for="change-date">{tp("changes.date")}</label>
          <input id="change-date" type="date" value={date} onInput={(e) => setDate((e.currentTarget as HTMLInputElement).value)} />
        </div>
        <div class="field pilot-change-wide">
          <label for="change-text">{tp("changes.text")}</label>
          <input
            id="change-text"
            type="text"
            maxLength={500}
            value={text}
            placeholder={tp("changes.textPlaceholder")}
            onInput={(e) => setText((e.currentTarget as HTMLInputElement).value)}
          />
        </div>
        <div class="field pilot-change-wide">
          <label for="change-reason">{tp("changes.reason")}</label>
          <input
            id="change-reason"
            type="text"
            maxLength={500}
            value={reason}
            placeholder={tp("changes.reasonPlaceholder")}
            onInput={(e) => setReason((e.currentTarget as HTMLInputElement).value)}
          />
        </div>
      </div>
      <button type="submit" class="btn btn-small btn-primary" disabled={!text.trim()}>
        <Icon name="plus" size={16} /> <span>{tp("changes.add")}</span>
      </button>
    </form>
  );
}

export function ChangeLog({ content, changes, canEdit, edit }: { content: Y.Doc; changes: PlanChange[]; canEdit: boolean; edit: Edit }) {
  const lang = useLanguage();
  const [editing, setEditing] = useState<number | null>(null);
  const arr = changesArray(content);
  const set = (i: number, field: string, value: string) =>
    edit(() => {
      const m = arr.get(i);
      if (m instanceof Y.Map) m.set(field, value);
    });
  return (
    <section class="panel pilot-changes" aria-labelledby="pilot-changes-title">
      <div class="panel-head">
        <h2 id="pilot-changes-title">{tp("changes.title")}</h2>
        <span class="small muted">{tp("changes.count", { count: changes.length })}</span>
      </div>
      <p class="hint">{tp("changes.hint")}</p>
      {changes.length === 0 ? (
        <p class="empty-inline">{tp("changes.empty")}</p>
      ) : (
        <ol class="pilot-change-list" data-testid="change-log">
          {changes.map((c, i) => (
            <li key={i} class="pilot-change">
              <span class="pilot-change-n" aria-hidden="true">
                {i + 1}
              </span>
              {editing === i && canEdit ? (
                <div class="pilot-change-body pilot-change-editing">
                  <LiveInput
                    id={`change-${i}-date`}
                    type="date"
                    aria-label={tp("changes.date")}
                    value={c.date}
                    onValue={(v) => set(i, "date", v)}
                  />
                  <SharedTextArea
                    id={`change-${i}-text`}
                    rows={2}
                    aria-label={tp("changes.text")}
                    maxLength={500}
                    {...sharedField(arr.get(i), "text", edit)}
                  />
                  <SharedTextArea
                    id={`change-${i}-reason`}
                    rows={2}
                    aria-label={tp("changes.reason")}
                    maxLength={500}
                    placeholder={tp("changes.reasonPlaceholder")}
                    {...sharedField(arr.get(i), "reason", edit)}
                  />
                  <div class="pilot-inline">
                    <button type="button" class="btn btn-small btn-primary" onClick={() => setEditing(null)}>
                      {tp("changes.done")}
                    </button>
                    <button
                      type="button"
                      class="btn btn-small btn-ghost btn-danger-text"
                      onClick={() => {
                        setEditing(null);
                        edit(() => arr.delete(i, 1));
                      }}
                    >
                      <Icon name="trash" size={16} /> <span>{tp("changes.remove")}</span>
                    </button>
                  </div>
                </div>
              ) : (
                <div class="pilot-change-body">
                  <span class="small muted">{c.date ? formatDay(c.date, lang) : tp("changes.noDate")}</span>
                  <strong>{c.text || tp("changes.untitled")}</strong>
                  {c.reason && <span class="small">{tp("changes.because", { reason: c.reason })}</span>}
                </div>
              )}
              {canEdit && editing !== i && (
                <button
                  type="button"
                  class="btn btn-icon btn-ghost btn-small"
                  aria-label={tp("changes.edit", { n: i + 1 })}
                  title={tp("changes.editShort")}
                  onClick={() => setEditing(i)}
                >
                  <Icon name="pencil" size={16} />
                </button>
              )}
            </li>
          ))}
        </ol>
      )}
      {canEdit && <AddChange content={content} edit={edit} />}
    </section>
  );
}
