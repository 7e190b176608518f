// Resources and constraints by category: budget, people, technology, interface limits and the
// compliance red lines a roll-out must not cross (shown apart, they are not negotiable).
import * as Y from "yjs";
import { useState } from "preact/hooks";
import { Icon } from "../../ui/icons";
import { LiveInput } from "../../ui/live-input";
import { SharedTextArea, sharedField } from "../../ui/shared-text";
import { tr } from "./i18n";
import { CATEGORIES, newId, resourcesMap, type Category, type Resource } from "./schema";

type Edit = (fn: () => void) => void;

function set(content: Y.Doc, id: string, key: string, value: string, edit: Edit) {
  const m = resourcesMap(content).get(id);
  if (m instanceof Y.Map) edit(() => m.set(key, value));
}

export function ResourcesPanel({
  content,
  resources,
  canEdit,
  edit,
}: {
  content: Y.Doc;
  resources: Resource[];
  canEdit: boolean;
  edit: Edit;
}) {
  const [category, setCategory] = useState<Category>("budget");
  const [text, setText] = useState("");
  const add = (e: Event) => {
    e.preventDefault();
    if (!text.trim()) return;
    edit(() =>
      resourcesMap(content).set(
        newId("c"),
        new Y.Map<unknown>([
          ["category", category],
          ["text", text.trim()],
          ["detail", new Y.Text()],
        ]),
      ),
    );
    setText("");
  };
  const groups = CATEGORIES.map((c) => [c, resources.filter((r) => r.category === c)] as const).filter(([, list]) => list.length);
  return (
    <section class="panel rollout-resources" aria-labelledby="rollout-resources-title">
      <div class="panel-head">
        <h2 id="rollout-resources-title">{tr("resources.title")}</h2>
      </div>
      {groups.length === 0 && <p class="empty-inline">{tr("resources.empty")}</p>}
      <div class="rollout-resource-groups">
        {groups.map(([c, list]) => (
          <div key={c} class={`rollout-resource-group rollout-cat-${c}`} data-category={c}>
            <h3>
              {c === "compliance" && <Icon name="flag" size={14} />} {tr(`category.${c}`)}
            </h3>
            <ul>
              {list.map((r) => (
                <li key={r.id} data-resource-id={r.id}>
                  {canEdit ? (
                    <>
                      <LiveInput
                        multiline
                        rows={2}
                        id={`res-text-${r.id}`}
                        aria-label={tr("resources.text")}
                        class="rollout-inline rollout-strong"
                        value={r.text}
                        maxLength={500}
                        onValue={(v) => set(content, r.id, "text", v, edit)}
                      />
                      <SharedTextArea
                        rows={2}
                        id={`res-detail-${r.id}`}
                        aria-label={tr("resources.detail")}
                        placeholder={tr("resources.detail")}
                        class="rollout-inline small"
                        maxLength={1000}
                        {...sharedField(resourcesMap(content).get(r.id), "detail", edit)}
                      />
                      <button
                        type="button"
                        class="btn btn-icon btn-ghost btn-small"
                        aria-label={tr("resources.remove")}
                        onClick={() => edit(() => resourcesMap(content).delete(r.id))}
                      >
                        <Icon name="trash" size={14} />
                      </button>
                    </>
                  ) : (
                    <>
                      <strong>{r.text}</strong>
                      {r.detail && <span class="small muted"> — {r.detail}</span>}
                    </>
                  )}
                </li>
              ))}
            </ul>
          </div>
        ))}
      </div>
      {canEdit && (
        <form class="rollout-inline-add" onSubmit={add}>
          <select
            aria-label={tr("resources.category")}
            value={category}
            onChange={(e) => setCategory((e.currentTarget as HTMLSelectElement).value as Category)}
          >
            {CATEGORIES.map((c) => (
              <option key={c} value={c}>
                {tr(`category.${c}`)}
              </option>
            ))}
          </select>
          <input
            type="text"
            maxLength={500}
            value={text}
            aria-label={tr("resources.text")}
            placeholder={tr("resources.addPlaceholder")}
            onInput={(e) => setText((e.currentTarget as HTMLInputElement).value)}
          />
          <button type="submit" class="btn btn-small" disabled={!text.trim()}>
            <Icon name="plus" size={14} /> {tr("resources.add")}
          </button>
        </form>
      )}
    </section>
  );
}
