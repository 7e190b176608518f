// The `raci` board: the responsibility matrix with live rule checks (boards/raci, schema 1).
// The grid is the editor; findings from the server's analysis mark cells, rows and columns
// and are listed beside it; load per role sits under each column.
import { useEffect, useMemo, useRef, useState } from "preact/hooks";
import type { BoardViewDef, BoardViewProps } from "../registry";
import { ApiError } from "../../api";
import { Icon } from "../../ui/icons";
import { notify, notifyError } from "../../ui/toast";
import { useAwarenessStates } from "../../sync/hooks";
import { peers as listPeers } from "../../sync/presence";
import { useRaciDoc } from "./doc";
import { rt } from "./i18n";
import { Grid, type Pos } from "./Grid";
import { marksOf } from "./marks";
import { FindingsList, SeverityIcon } from "./Findings";
import { ImportVsm } from "./ImportVsm";
import { asAnalysis, cellKey, rootTypes, SEVERITIES, toCsv, type Finding } from "./schema";

function download(blob: Blob, name: string): void {
  const url = URL.createObjectURL(blob);
  const a = document.createElement("a");
  a.href = url;
  a.download = name;
  document.body.appendChild(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 1000);
}

const safeName = (title: string) => title.replace(/[\\/:*?"<>|]+/g, " ").trim() || "raci";

function RaciView({ conn, readOnly, edit, analysis: raw, workshop, board }: BoardViewProps) {
  const content = conn.content;
  const snap = useRaciDoc(content);
  const analysis = asAnalysis(raw);
  const marks = useMemo(() => marksOf(analysis, snap), [raw, snap]);
  const states = useAwarenessStates(conn.awareness);
  const others = listPeers(conn.awareness, states).filter((p) => !p.self);

  const [pos, setPos] = useState<Pos | null>(null);
  const [shown, setShown] = useState<Set<string>>(new Set());
  const [onlyFindings, setOnlyFindings] = useState(false);
  const [onlyInvolved, setOnlyInvolved] = useState(true);
  const [importing, setImporting] = useState(false);
  const [highlight, setHighlight] = useState<Set<string>>(new Set());
  const [focusRequest, setFocusRequest] = useState<{ pos: Pos; n: number } | null>(null);
  const hlTimer = useRef<number>(0);
  useEffect(() => () => conn.awareness.setLocalStateField("focus", null), [conn]);

  const selected = new Set([...shown].filter((id) => snap.roles.some((r) => r.id === id)));
  const roles = selected.size ? snap.roles.filter((r) => selected.has(r.id)) : snap.roles;
  const flagged = (id: string) => marks.row.has(id) || snap.roles.some((r) => marks.cell.has(cellKey(id, r.id)));
  const activities = snap.activities.filter(
    (a) => (!onlyFindings || flagged(a.id)) && (!selected.size || !onlyInvolved || roles.some((r) => snap.cells.has(cellKey(a.id, r.id)))),
  );
  const hidden = snap.activities.length - activities.length;

  const toggleRole = (id: string) => {
    const next = new Set(selected);
    if (next.has(id)) next.delete(id);
    else next.add(id);
    setShown(next);
  };

  const show = (f: Finding) => {
    const keys = new Set<string>([...f.cells, ...f.activity_ids.map((a) => `activity:${a}`)]);
    if (!f.activity_ids.length) f.role_ids.forEach((r) => keys.add(`role:${r}`));
    // make sure what the finding points at is not filtered away
    if (f.activity_ids.some((a) => !activities.some((x) => x.id === a)) || f.role_ids.some((r) => !roles.some((x) => x.id === r))) {
      setShown(new Set());
      setOnlyFindings(false);
    }
    setHighlight(keys);
    clearTimeout(hlTimer.current);
    hlTimer.current = window.setTimeout(() => setHighlight(new Set()), 2600);
    const [a, r] = f.cells[0]?.split(":") ?? [f.activity_ids[0] ?? null, f.activity_ids.length ? null : (f.role_ids[0] ?? null)];
    if (a || r) setFocusRequest({ pos: { a: a ?? null, r: r ?? null }, n: Date.now() });
  };

  const exportCsv = () => {
    const csv = toCsv(snap, rt("grid.activity"));
    download(new Blob([csv], { type: "text/csv;charset=utf-8" }), `${safeName(board.title)}.csv`);
  };
  const info = workshop.info as typeof workshop.info & { allow_viewer_export?: boolean };
  const canXlsx = workshop.role === "facilitator" || (workshop.role === "viewer" && Boolean(info.allow_viewer_export));
  const exportXlsx = async () => {
    try {
      const response = await fetch(
        `/api/workshops/${encodeURIComponent(workshop.id)}/export/raci.xlsx?board=${encodeURIComponent(board.id)}`,
        {
          headers: { Authorization: `Bearer ${workshop.token}` },
        },
      );
      if (response.status === 404) return notify(rt("export.xlsxMissing"), "error");
      if (!response.ok) throw new ApiError(response.status, `http_${response.status}`, response.statusText, "");
      download(await response.blob(), `${safeName(board.title)}.xlsx`);
    } catch (error) {
      notifyError(error);
    }
  };

  const counts = analysis?.counts;
  const empty = !snap.activities.length && !snap.roles.length;

  return (
    <div class="raci-board" data-testid="raci-board">
      <section class="panel raci-main" aria-labelledby="raci-title">
        <div class="panel-head raci-head-row">
          <h2 id="raci-title">{rt("title")}</h2>
          <div class="raci-actions">
            {!readOnly && (
              <button type="button" class="btn btn-small" onClick={() => setImporting(true)} data-testid="raci-import">
                <Icon name="flow" size={16} />
                <span>{rt("import.button")}</span>
              </button>
            )}
            <button type="button" class="btn btn-small btn-ghost" onClick={exportCsv} disabled={empty} data-testid="raci-export-csv">
              <Icon name="download" size={16} />
              <span>CSV</span>
            </button>
            {canXlsx && (
              <button
                type="button"
                class="btn btn-small btn-ghost"
                onClick={() => void exportXlsx()}
                disabled={empty}
                data-testid="raci-export-xlsx"
              >
                <Icon name="download" size={16} />
                <span>XLSX</span>
              </button>
            )}
          </div>
        </div>
        <ul class="raci-legend" aria-label={rt("legend.label")}>
          {(["R", "A", "C", "I"] as const).map((l) => (
            <li key={l}>
              <span class={`raci-l raci-l-${l}`}>{l}</span>
              <span>
                <strong>{rt(`legend.${l}.name`)}</strong> <span class="muted">{rt(`legend.${l}.desc`)}</span>
              </span>
            </li>
          ))}
        </ul>

        {snap.roles.length > 1 && (
          <div class="raci-filters" role="group" aria-label={rt("filter.label")}>
            <span class="raci-filter-label">{rt("filter.roles")}</span>
            <button
              type="button"
              class={`raci-chip${selected.size ? "" : " on"}`}
              aria-pressed={!selected.size}
              onClick={() => setShown(new Set())}
            >
              {rt("filter.all")}
            </button>
            {snap.roles.map((r) => (
              <button
                key={r.id}
                type="button"
                class={`raci-chip${selected.has(r.id) ? " on" : ""}`}
                aria-pressed={selected.has(r.id)}
                onClick={() => toggleRole(r.id)}
              >
                {r.name || rt("unnamed")}
              </button>
            ))}
            <span class="raci-filter-sep" aria-hidden="true" />
            {selected.size > 0 && (
              <label class="raci-toggle">
                <input
                  type="checkbox"
                  checked={onlyInvolved}
                  onChange={(e) => setOnlyInvolved((e.currentTarget as HTMLInputElement).checked)}
                />
                <span>{rt("filter.involved")}</span>
              </label>
            )}
            <label class="raci-toggle">
              <input
                type="checkbox"
                checked={onlyFindings}
                onChange={(e) => setOnlyFindings((e.currentTarget as HTMLInputElement).checked)}
                data-testid="raci-only-findings"
              />
              <span>{rt("filter.findings")}</span>
            </label>
          </div>
        )}

        {empty ? (
          <div class="empty-state raci-empty">
            <Icon name="grid" size={28} />
            <p>{readOnly ? rt("emptyReadOnly") : rt("empty")}</p>
            {!readOnly && (
              <div class="row wrap">
                <button type="button" class="btn btn-primary btn-small" onClick={() => setImporting(true)}>
                  <Icon name="flow" size={16} />
                  <span>{rt("import.button")}</span>
                </button>
              </div>
            )}
          </div>
        ) : null}
        {(!empty || !readOnly) && (
          <Grid
            content={content}
            snap={snap}
            activities={activities}
            roles={roles}
            analysis={analysis}
            marks={marks}
            readOnly={readOnly}
            edit={edit}
            peers={others}
            pos={pos}
            onPos={setPos}
            highlight={highlight}
            onFocusCell={(key) => conn.awareness.setLocalStateField("focus", key)}
            onDeleted={(name) => notify(rt("deleted", { name }))}
            focusRequest={focusRequest}
          />
        )}
        {(hidden > 0 || roles.length < snap.roles.length) && (
          <p class="raci-filtered" role="status">
            {rt("filter.hidden", { rows: hidden, cols: snap.roles.length - roles.length })}{" "}
            <button
              type="button"
              class="raci-link"
              onClick={() => {
                setShown(new Set());
                setOnlyFindings(false);
              }}
            >
              {rt("filter.reset")}
            </button>
          </p>
        )}
        <p id="raci-keys" class="raci-keys">
          {readOnly ? rt("keys.readOnly") : rt("keys.edit")}
        </p>
      </section>

      <aside class="panel raci-side" aria-labelledby="raci-findings-title">
        <div class="panel-head">
          <h2 id="raci-findings-title">{rt("findings.title")}</h2>
        </div>
        {analysis ? (
          <>
            <ul class="raci-counts" aria-label={rt("findings.counts")} data-testid="raci-counts">
              {SEVERITIES.map((s) => (
                <li
                  key={s}
                  class={`raci-count raci-count-${s}${counts?.[s] ? "" : " zero"}`}
                  data-severity={s}
                  data-count={counts?.[s] ?? 0}
                >
                  <SeverityIcon severity={s} size={16} />
                  <strong>{counts?.[s] ?? 0}</strong>
                  <span>{rt(`severity.${s}`)}</span>
                </li>
              ))}
            </ul>
            <FindingsList analysis={analysis} snap={snap} onShow={show} boardId={board.id} />
            <p class="hint raci-rules">{rt("findings.rules")}</p>
          </>
        ) : (
          <p class="muted">{rt("waiting")}</p>
        )}
      </aside>

      {importing && (
        <ImportVsm
          open={importing}
          onClose={() => setImporting(false)}
          boards={workshop.info.boards}
          token={workshop.token}
          content={content}
          snap={snap}
          edit={edit}
        />
      )}
    </div>
  );
}

export const raciView: BoardViewDef = {
  kind: "raci",
  View: RaciView,
  undoScope: rootTypes,
};
