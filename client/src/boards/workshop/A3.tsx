// The A3's free text (background, problem, decision needed, next steps), co-edited in the
// workshop board's content document (root `a3`, boards/a3.py). A field left empty is written
// by the report from the data: that sentence shows as the placeholder.
import { useCallback, useEffect, useMemo, useRef, useState } from "preact/hooks";
import { request } from "../../api";
import { t } from "../../i18n";
import { LOCAL } from "../../sync/connection";
import { useY } from "../../sync/hooks";
import { SharedTextArea, sharedField } from "../../ui/shared-text";
import { useWorkshop } from "./context";
import { A3_FIELDS, a3Map, type A3Field } from "./schema";

const MAX = 2000;

const STALE_MS = 15_000; // the boards change while the team writes: refetch on focus after this

function useGenerated(id: string, token: string, enabled: boolean) {
  const [generated, setGenerated] = useState<Partial<Record<A3Field, string>>>({});
  const fetched = useRef(0);
  const refresh = useCallback(() => {
    if (!enabled || Date.now() - fetched.current < STALE_MS) return;
    fetched.current = Date.now();
    request<{ generated: Record<A3Field, string> }>("GET", `/api/workshops/${encodeURIComponent(id)}/a3`, { token })
      .then((body) => setGenerated(body.generated ?? {}))
      .catch(() => {
        fetched.current = 0; // the placeholders stay as they were: the report still writes the sentence
      });
  }, [id, token, enabled]);
  useEffect(refresh, [refresh]);
  return { generated, refresh };
}

export function A3Panel() {
  const w = useWorkshop();
  const content = w.conn?.content ?? null;
  const map = useMemo(() => (content ? a3Map(content) : null), [content]);
  useY(map);
  const editable = w.canEdit && w.status !== "denied" && w.status !== "too_large";
  const { generated, refresh } = useGenerated(w.id, w.token, editable);
  if (!editable || !map) return null;
  const edit = (fn: () => void) => map.doc!.transact(fn, LOCAL);
  return (
    <section class="panel a3-panel" aria-labelledby="a3-title" data-testid="a3-panel" onFocusIn={refresh}>
      <div class="panel-head">
        <h2 id="a3-title">{t("a3.title")}</h2>
      </div>
      <p class="hint">{t("a3.hint")}</p>
      <div class="stack">
        {A3_FIELDS.map((field) => (
          <div class="field" key={field}>
            <label for={`a3-${field}`}>{t(`a3.fields.${field}`)}</label>
            <SharedTextArea
              id={`a3-${field}`}
              rows={3}
              maxLength={MAX}
              placeholder={generated[field] || t("a3.generatedPlaceholder")}
              {...sharedField(map, field, edit)}
            />
          </div>
        ))}
      </div>
    </section>
  );
}
