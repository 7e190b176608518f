// The roll-out plan: waves (department / site / region) with dates, owner and status, each with
// its readiness checklist (the four standard items plus custom ones). Editors co-edit the plan;
// "mark live" goes through rollout.wave_live, which refuses while items are open unless the
// override is asked for with a reason — the override then shows on the wave for good.
import * as Y from "yjs";
import { useState } from "preact/hooks";
import { useLanguage } from "../../i18n";
import { useAction } from "../../ui/action";
import { Dialog } from "../../ui/dialog";
import { BoundInput, FieldError } from "../../ui/field";
import { Icon } from "../../ui/icons";
import { LiveInput } from "../../ui/live-input";
import { ActionControl } from "../workshop/ActionControl";
import type { WorkshopCtx } from "../workshop/context";
import { formatDay } from "../pilot/api";
import { whenText } from "./Decision";
import { tr } from "./i18n";
import {
  addReadiness,
  addWave,
  readinessMap,
  removeWave,
  SCOPES,
  standardOf,
  today,
  WAVE_STATUSES,
  wavesMap,
  type GoLive,
  type ReadinessItem,
  type Scope,
  type Wave,
} from "./schema";

type Edit = (fn: () => void) => void;

export const itemLabel = (i: ReadinessItem) => (i.std && !i.label.trim() ? tr(`readiness.${i.std}`) : i.label || tr("readiness.untitled"));
/** A recorded open item (the server writes a standard item as its catalog key). */
export const openItemText = (label: string) => {
  const std = standardOf(label);
  return std ? tr(`readiness.${std}`) : label;
};

function setField(map: Y.Map<Y.Map<unknown>>, id: string, key: string, value: unknown, edit: Edit) {
  const m = map.get(id);
  if (m instanceof Y.Map) edit(() => m.set(key, value));
}

/** A go-live before the wave's start: kept (plans move), but said at the go-live field. */
function goliveError(start: string, golive: string, lang: string): string | null {
  return start && golive && golive < start
    ? tr("waves.goliveBeforeStart", { golive: formatDay(golive, lang), start: formatDay(start, lang) })
    : null;
}

function AddWave({ content, edit, count }: { content: Y.Doc; edit: Edit; count: number }) {
  const [name, setName] = useState("");
  const [scope, setScope] = useState<Scope>("department");
  const [start, setStart] = useState("");
  const [golive, setGolive] = useState("");
  const [owner, setOwner] = useState("");
  const lang = useLanguage();
  const dates = goliveError(start, golive, lang);
  const add = (e: Event) => {
    e.preventDefault();
    if (!name.trim()) return;
    edit(() => addWave(content, { name: name.trim(), scope, start, golive, owner: owner.trim() }));
    setName("");
    setScope("department");
    setStart("");
    setGolive("");
    setOwner("");
  };
  return (
    <form class="rollout-wave-add" onSubmit={add} data-testid="add-wave">
      <h3>{tr("waves.addTitle", { n: count + 1 })}</h3>
      <div class="rollout-grid">
        <div class="field rollout-wide">
          <label for="wave-new-name">{tr("waves.name")}</label>
          <input
            id="wave-new-name"
            type="text"
            maxLength={200}
            value={name}
            placeholder={tr("waves.namePlaceholder")}
            onInput={(e) => setName((e.currentTarget as HTMLInputElement).value)}
          />
        </div>
        <div class="field">
          <label for="wave-new-scope">{tr("waves.scope")}</label>
          <select id="wave-new-scope" value={scope} onChange={(e) => setScope((e.currentTarget as HTMLSelectElement).value as Scope)}>
            {SCOPES.map((s) => (
              <option key={s} value={s}>
                {tr(`scope.${s}`)}
              </option>
            ))}
          </select>
        </div>
        <div class="field">
          <label for="wave-new-start">{tr("waves.start")}</label>
          <input id="wave-new-start" type="date" value={start} onInput={(e) => setStart((e.currentTarget as HTMLInputElement).value)} />
        </div>
        <div class="field">
          <label for="wave-new-golive">{tr("waves.golive")}</label>
          <input
            id="wave-new-golive"
            type="date"
            value={golive}
            aria-invalid={dates ? "true" : undefined}
            aria-describedby={dates ? "wave-new-golive-error" : undefined}
            onInput={(e) => setGolive((e.currentTarget as HTMLInputElement).value)}
          />
          <FieldError id="wave-new-golive" message={dates} />
        </div>
        <div class="field">
          <label for="wave-new-owner">{tr("waves.owner")}</label>
          <input
            id="wave-new-owner"
            type="text"
            maxLength={120}
            value={owner}
            onInput={(e) => setOwner((e.currentTarget as HTMLInputElement).value)}
          />
        </div>
      </div>
      <p class="hint">{tr("waves.addHint")}</p>
      <button type="submit" class="btn btn-primary btn-small" disabled={!name.trim()} data-testid="add-wave-submit">
        <Icon name="plus" size={16} /> {tr("waves.add")}
      </button>
    </form>
  );
}

/** A labelled select over a fixed set of codes, each shown through the kind's catalog. */
function ChoiceField(props: {
  id: string;
  label: string;
  value: string;
  options: readonly string[];
  prefix: string;
  onValue: (v: string) => void;
}) {
  return (
    <div class="field">
      <label for={props.id}>{props.label}</label>
      <select id={props.id} value={props.value} onChange={(e) => props.onValue((e.currentTarget as HTMLSelectElement).value)}>
        {props.options.map((o) => (
          <option key={o} value={o}>
            {tr(`${props.prefix}.${o}`)}
          </option>
        ))}
      </select>
    </div>
  );
}

function Readiness(props: { boardId: string; content: Y.Doc; wave: Wave; items: ReadinessItem[]; canEdit: boolean; edit: Edit }) {
  const { content, wave, items, canEdit, edit } = props;
  const [label, setLabel] = useState("");
  const map = readinessMap(content);
  const done = items.filter((i) => i.done).length;
  return (
    <div class="rollout-readiness" data-testid="readiness">
      <h4>
        {tr("readiness.title")}{" "}
        <span class={`chip${done === items.length && items.length ? " chip-ok" : ""}`} data-testid="readiness-count">
          {done} / {items.length}
        </span>
      </h4>
      <ul class="rollout-checklist">
        {items.map((i) => (
          <li key={i.id} class={i.done ? "is-done" : ""} data-item-id={i.id} data-std={i.std}>
            <label class="rollout-check">
              <input
                type="checkbox"
                checked={i.done}
                disabled={!canEdit}
                onChange={(e) => setField(map, i.id, "done", (e.currentTarget as HTMLInputElement).checked, edit)}
              />
              {i.std || !canEdit ? (
                <span>{itemLabel(i)}</span>
              ) : (
                <LiveInput
                  id={`item-${i.id}`}
                  class="rollout-inline"
                  aria-label={tr("readiness.custom")}
                  value={i.label}
                  maxLength={300}
                  onValue={(v) => setField(map, i.id, "label", v, edit)}
                />
              )}
            </label>
            {canEdit ? (
              <LiveInput
                id={`item-owner-${i.id}`}
                class="rollout-inline rollout-owner"
                aria-label={tr("readiness.owner")}
                placeholder={tr("readiness.owner")}
                value={i.owner}
                maxLength={120}
                onValue={(v) => setField(map, i.id, "owner", v, edit)}
              />
            ) : (
              i.owner && <span class="small muted">{i.owner}</span>
            )}
            {!i.done && (
              <ActionControl
                source={{ board: props.boardId, kind: "rollout", type: "readiness", item: i.id, label: `${wave.name}: ${itemLabel(i)}` }}
              />
            )}
            {canEdit && !i.std && (
              <button
                type="button"
                class="btn btn-icon btn-ghost btn-small"
                aria-label={tr("readiness.remove")}
                onClick={() => edit(() => map.delete(i.id))}
              >
                <Icon name="trash" size={14} />
              </button>
            )}
          </li>
        ))}
      </ul>
      {canEdit && (
        <form
          class="rollout-inline-add"
          onSubmit={(e) => {
            e.preventDefault();
            if (!label.trim()) return;
            edit(() => addReadiness(content, wave.id, "", label.trim()));
            setLabel("");
          }}
        >
          <input
            type="text"
            maxLength={300}
            value={label}
            aria-label={tr("readiness.addCustom")}
            placeholder={tr("readiness.addCustom")}
            onInput={(e) => setLabel((e.currentTarget as HTMLInputElement).value)}
          />
          <button type="submit" class="btn btn-small" disabled={!label.trim()}>
            <Icon name="plus" size={14} /> {tr("readiness.add")}
          </button>
        </form>
      )}
    </div>
  );
}

function GoLiveDialog(props: { w: WorkshopCtx; boardId: string; wave: Wave; open: string[]; onClose: () => void }) {
  const lang = useLanguage();
  const [date, setDate] = useState(today());
  const [override, setOverride] = useState(false);
  const [reason, setReason] = useState("");
  const needsOverride = props.open.length > 0;
  const action = useAction(
    async () => {
      const payload: Record<string, unknown> = { wave_id: props.wave.id, date };
      if (needsOverride) Object.assign(payload, { override: true, reason: reason.trim() });
      await props.w.command("rollout.wave_live", payload, props.boardId);
      props.onClose();
    },
    { onError: "silent" },
  );
  const send = (e: Event) => {
    e.preventDefault();
    if (needsOverride && !override) return action.setError(tr("live.overrideRequired"));
    if (needsOverride && !reason.trim()) return action.setError(tr("live.reasonRequired"));
    void action.run();
  };
  return (
    <form class="rollout-live-form" onSubmit={send} noValidate data-testid="golive-form">
      <div class="field">
        <label for="golive-date">{tr("live.date")}</label>
        <input
          id="golive-date"
          type="date"
          value={date}
          max={today()}
          onInput={(e) => setDate((e.currentTarget as HTMLInputElement).value)}
        />
        {props.wave.golive && <span class="hint">{tr("live.planned", { date: formatDay(props.wave.golive, lang) })}</span>}
      </div>
      {needsOverride ? (
        <div class="rollout-override" data-testid="override-box">
          <p class="rollout-warn-text">
            <Icon name="flag" size={16} /> {tr("live.openItems", { count: props.open.length })}
          </p>
          <ul class="rollout-open-items">
            {props.open.map((o) => (
              <li key={o}>{o}</li>
            ))}
          </ul>
          <label class="rollout-check">
            <input
              type="checkbox"
              checked={override}
              onChange={(e) => {
                setOverride((e.currentTarget as HTMLInputElement).checked);
                action.setError("");
              }}
              data-testid="override-check"
            />
            <span>{tr("live.override")}</span>
          </label>
          <div class="field">
            <label for="golive-reason">{tr("live.reason")}</label>
            <textarea
              id="golive-reason"
              rows={2}
              maxLength={2000}
              value={reason}
              placeholder={tr("live.reasonPlaceholder")}
              onInput={(e) => {
                setReason((e.currentTarget as HTMLTextAreaElement).value);
                action.setError("");
              }}
            />
            <span class="hint">{tr("live.recorded")}</span>
          </div>
        </div>
      ) : (
        <p class="rollout-ok-text">
          <Icon name="check" size={16} /> {tr("live.allDone")}
        </p>
      )}
      {action.error && (
        <p class="form-error" role="alert">
          {action.error}
        </p>
      )}
      <div class="rollout-actions">
        <button type="submit" class="btn btn-primary" disabled={action.busy} data-testid="golive-submit">
          {needsOverride ? tr("live.submitOverride") : tr("live.submit")}
        </button>
        <button type="button" class="btn btn-ghost" onClick={props.onClose}>
          {tr("cancel")}
        </button>
      </div>
    </form>
  );
}

function LiveNote({ g, canReopen, reopen }: { g: GoLive; canReopen: boolean; reopen: () => void }) {
  const lang = useLanguage();
  return (
    <div class={`rollout-live-note${g.override ? " is-override" : ""}`} data-testid="live-note">
      <p>
        <Icon name="check" size={16} /> <strong>{tr("live.since", { date: formatDay(g.date, lang) })}</strong>{" "}
        <span class="small muted">{tr("live.by", { name: g.by || "—", when: whenText(g.at, lang) })}</span>
      </p>
      {g.override && (
        <p class="rollout-override-note" data-testid="override-note">
          <Icon name="flag" size={14} /> {tr("live.overridden", { count: g.open_items.length })}
          {g.open_items.length > 0 && <span class="small"> ({g.open_items.map(openItemText).join(tr("sep"))})</span>}
          <br />
          <span class="small">{tr("live.because", { reason: g.reason })}</span>
        </p>
      )}
      {canReopen && (
        <button type="button" class="btn btn-small btn-ghost" onClick={reopen} data-testid="reopen">
          {tr("live.reopen")}
        </button>
      )}
    </div>
  );
}

function WaveCard(props: {
  content: Y.Doc;
  wave: Wave;
  index: number;
  last: boolean;
  items: ReadinessItem[];
  golive: GoLive | undefined;
  canEdit: boolean;
  canGoLive: boolean;
  edit: Edit;
  w: WorkshopCtx;
  boardId: string;
  move: (delta: number) => void;
}) {
  const lang = useLanguage();
  const { content, wave, canEdit, edit, golive: g } = props;
  const map = wavesMap(content);
  const [live, setLive] = useState(false);
  const open = props.items.filter((i) => !i.done).map(itemLabel);
  const late = !g && wave.golive && wave.golive < today();
  const statusKey = g ? "live" : wave.status;
  return (
    <article class={`rollout-wave rollout-wave-${statusKey}`} data-wave-id={wave.id} data-testid="wave" aria-label={wave.name}>
      <header class="rollout-wave-head">
        <span class="rollout-wave-n" aria-hidden="true">
          {props.index + 1}
        </span>
        {canEdit ? (
          <LiveInput
            id={`wave-name-${wave.id}`}
            class="rollout-wave-name"
            aria-label={tr("waves.name")}
            value={wave.name}
            maxLength={200}
            onValue={(v) => setField(map, wave.id, "name", v, edit)}
          />
        ) : (
          <h3 class="rollout-wave-name">{wave.name || tr("waves.untitled")}</h3>
        )}
        <span class={`chip rollout-status rollout-status-${statusKey}`} data-testid="wave-status" data-wave-status={statusKey}>
          {tr(`status.${statusKey}`)}
        </span>
        {late && <span class="chip chip-warn">{tr("waves.late")}</span>}
        {canEdit && (
          <span class="rollout-wave-tools">
            <button
              type="button"
              class="btn btn-icon btn-ghost btn-small"
              aria-label={tr("waves.up")}
              disabled={props.index === 0}
              onClick={() => props.move(-1)}
            >
              <Icon name="up" size={14} />
            </button>
            <button
              type="button"
              class="btn btn-icon btn-ghost btn-small"
              aria-label={tr("waves.down")}
              disabled={props.last}
              onClick={() => props.move(1)}
            >
              <Icon name="down" size={14} />
            </button>
            {!g && (
              <button
                type="button"
                class="btn btn-icon btn-ghost btn-small"
                aria-label={tr("waves.remove")}
                onClick={() => {
                  if (window.confirm(tr("waves.removeConfirm", { name: wave.name }))) edit(() => removeWave(content, wave.id));
                }}
              >
                <Icon name="trash" size={14} />
              </button>
            )}
          </span>
        )}
      </header>
      {canEdit ? (
        <div class="rollout-grid rollout-wave-fields">
          <ChoiceField
            id={`wave-scope-${wave.id}`}
            label={tr("waves.scope")}
            value={wave.scope}
            options={SCOPES}
            prefix="scope"
            onValue={(v) => setField(map, wave.id, "scope", v, edit)}
          />
          <div class="field">
            <label for={`wave-start-${wave.id}`}>{tr("waves.start")}</label>
            <BoundInput
              id={`wave-start-${wave.id}`}
              type="date"
              value={wave.start}
              onValue={(v) => setField(map, wave.id, "start", v, edit)}
            />
          </div>
          <div class="field">
            <label for={`wave-golive-${wave.id}`}>{tr("waves.golive")}</label>
            <BoundInput
              id={`wave-golive-${wave.id}`}
              type="date"
              value={wave.golive}
              onValue={(v) => setField(map, wave.id, "golive", v, edit)}
              error={goliveError(wave.start, wave.golive, lang)}
            />
            <FieldError id={`wave-golive-${wave.id}`} message={goliveError(wave.start, wave.golive, lang)} />
          </div>
          <div class="field">
            <label for={`wave-owner-${wave.id}`}>{tr("waves.owner")}</label>
            <LiveInput
              id={`wave-owner-${wave.id}`}
              value={wave.owner}
              maxLength={120}
              onValue={(v) => setField(map, wave.id, "owner", v, edit)}
            />
          </div>
          {!g && (
            <ChoiceField
              id={`wave-status-${wave.id}`}
              label={tr("waves.status")}
              value={wave.status}
              options={WAVE_STATUSES}
              prefix="status"
              onValue={(v) => setField(map, wave.id, "status", v, edit)}
            />
          )}
        </div>
      ) : (
        <p class="small muted rollout-wave-facts">
          {tr(`scope.${wave.scope}`)} · {wave.start ? formatDay(wave.start, lang) : "…"} →{" "}
          {wave.golive ? formatDay(wave.golive, lang) : "…"}
          {wave.owner && <> · {tr("waves.ownedBy", { name: wave.owner })}</>}
        </p>
      )}
      <Readiness boardId={props.boardId} content={content} wave={wave} items={props.items} canEdit={canEdit} edit={edit} />
      {g ? (
        <LiveNote
          g={g}
          canReopen={props.w.isFacilitator && !props.w.finished}
          reopen={() => {
            if (window.confirm(tr("live.reopenConfirm", { name: wave.name })))
              void props.w.command("rollout.wave_reopen", { wave_id: wave.id }, props.boardId).catch(() => undefined);
          }}
        />
      ) : (
        props.canGoLive && (
          <button
            type="button"
            class={`btn btn-small${open.length ? "" : " btn-primary"}`}
            onClick={() => setLive(true)}
            data-testid="mark-live"
          >
            <Icon name="flag" size={16} /> {tr("live.mark")}
          </button>
        )
      )}
      <Dialog open={live} title={tr("live.title", { name: wave.name || tr("waves.untitled") })} onClose={() => setLive(false)}>
        <GoLiveDialog w={props.w} boardId={props.boardId} wave={wave} open={open} onClose={() => setLive(false)} />
      </Dialog>
    </article>
  );
}

export function WavesPanel(props: {
  content: Y.Doc;
  waves: Wave[];
  readiness: ReadinessItem[];
  golive: Map<string, GoLive>;
  canEdit: boolean;
  edit: Edit;
  w: WorkshopCtx;
  boardId: string;
}) {
  const { content, waves, canEdit, edit } = props;
  // swap the order numbers of neighbours: a concurrent reorder converges to some order, never loses a wave
  const move = (i: number, delta: number) => {
    const a = waves[i];
    const b = waves[i + delta];
    if (!a || !b) return;
    const map = wavesMap(content);
    edit(() => {
      const ao = a.order === b.order ? a.order + delta : b.order;
      map.get(a.id)?.set("order", ao);
      map.get(b.id)?.set("order", a.order);
    });
  };
  return (
    <section class="panel rollout-waves" aria-labelledby="rollout-waves-title">
      <div class="panel-head">
        <h2 id="rollout-waves-title">{tr("waves.title")}</h2>
        <span class="small muted">{tr("waves.count", { count: waves.length })}</span>
      </div>
      {waves.length === 0 && <p class="empty-inline">{tr("waves.empty")}</p>}
      <div class="rollout-wave-list">
        {waves.map((wave, i) => (
          <WaveCard
            key={wave.id}
            content={content}
            wave={wave}
            index={i}
            last={i === waves.length - 1}
            items={props.readiness.filter((r) => r.wave_id === wave.id)}
            golive={props.golive.get(wave.id)}
            canEdit={canEdit}
            canGoLive={canEdit}
            edit={edit}
            w={props.w}
            boardId={props.boardId}
            move={(d) => move(i, d)}
          />
        ))}
      </div>
      {canEdit && <AddWave content={content} edit={edit} count={waves.length} />}
    </section>
  );
}
