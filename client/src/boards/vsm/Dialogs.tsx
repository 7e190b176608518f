// Settings (working-day length, demand and available time for takt) and the table import
// (CSV/XLSX through POST /api/boards/{id}/import: every row valid, or nothing imported).
import * as Y from "yjs";
import { useState } from "preact/hooks";
import { useAction } from "../../ui/action";
import { Dialog } from "../../ui/dialog";
import { Icon } from "../../ui/icons";
import { notify } from "../../ui/toast";
import { fmtMinutes } from "./format";
import { NumberField, UnitSelect } from "./fields";
import { tr, trMaybe } from "./i18n";
import { rawText, settingsOf, setField, TIME_BASES, type FieldValue, type Settings, type State } from "./schema";

export function SettingsDialog(p: {
  open: boolean;
  onClose: () => void;
  content: Y.Doc;
  settings: Settings;
  takt: number | null;
  readOnly: boolean;
  edit: (fn: () => void) => void;
}) {
  const map = settingsOf(p.content) as Y.Map<unknown>;
  const write = (field: string, value: FieldValue) => p.edit(() => setField(settingsOf(p.content) as Y.Map<unknown>, field, value));
  return (
    <Dialog open={p.open} title={tr("settings.title")} onClose={p.onClose}>
      <div class="stack vsm-settings" data-testid="vsm-settings">
        <NumberField
          id="vsm-day-hours"
          label={tr("field.day_hours")}
          value={rawText(map, "day_hours")}
          onValue={(v) => write("day_hours", v)}
          readOnly={p.readOnly}
          openLow
          max={24}
          testid="vsm-day-hours"
        />
        <p class="hint">{tr("settings.dayHint", { hours: p.settings.day_hours })}</p>
        <div class="field">
          <label for="vsm-time-basis">{tr("field.time_basis")}</label>
          <select
            id="vsm-time-basis"
            value={p.settings.time_basis}
            disabled={p.readOnly}
            onChange={(e) => write("time_basis", e.currentTarget.value)}
            data-testid="vsm-time-basis"
          >
            {TIME_BASES.map((b) => (
              <option key={b} value={b}>
                {tr(`basisName.${b}`)}
              </option>
            ))}
          </select>
          <p class="hint">{tr("settings.basisHint")}</p>
        </div>
        <div class="vsm-pair">
          <NumberField
            id="vsm-demand"
            label={tr("field.demand")}
            value={rawText(map, "demand")}
            onValue={(v) => write("demand", v)}
            readOnly={p.readOnly}
            openLow
            testid="vsm-demand"
          />
          <NumberField
            id="vsm-available"
            label={tr("field.available_time")}
            value={rawText(map, "available_time")}
            onValue={(v) => write("available_time", v)}
            readOnly={p.readOnly}
            openLow
            testid="vsm-available"
          >
            <UnitSelect
              id="vsm-available-unit"
              label={tr("field.available_unit")}
              value={p.settings.available_unit}
              onValue={(u) => write("available_unit", u)}
              readOnly={p.readOnly}
            />
          </NumberField>
        </div>
        <p class="hint">{tr("settings.demandHint")}</p>
        <div class="vsm-takt-box" aria-live="polite" data-testid="vsm-settings-takt">
          {p.takt !== null ? tr("settings.taktIs", { takt: fmtMinutes(p.takt) }) : tr("settings.taktUnset")}
        </div>
        <div class="dialog-actions">
          <button type="button" class="btn btn-primary" onClick={p.onClose}>
            {tr("settings.done")}
          </button>
        </div>
      </div>
    </Dialog>
  );
}

interface ImportProblem {
  line: number;
  code: string;
  field?: string;
  value?: string;
}

type Outcome = { kind: "problems"; problems: ImportProblem[] } | { kind: "error"; text: string } | null;

const XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";

function contentType(file: File): string {
  if (file.type) return file.type;
  return /\.xlsx$/i.test(file.name) ? XLSX : "text/csv";
}

export function problemText(p: ImportProblem): string {
  const field = p.field ? (trMaybe(`field.${p.field}`) ?? p.field) : "";
  const value = (p.value ?? "").replace(/^(-?\d+)\.0$/, "$1"); // the server sends 140.0 for 140
  return trMaybe(`import.problem.${p.code}`, { field, value }) ?? tr("import.problem.unknown", { code: p.code, field, value });
}

export function ImportDialog(p: {
  open: boolean;
  onClose: () => void;
  boardId: string;
  token: string;
  state: State;
  onImported: (state: State) => void;
}) {
  const [state, setState] = useState<State>(p.state);
  const [replace, setReplace] = useState(false);
  const [file, setFile] = useState<File | null>(null);
  const [outcome, setOutcome] = useState<Outcome>(null);

  const upload = useAction(async (file: File) => {
    setOutcome(null);
    try {
      const query = `state=${state}${replace ? "&replace=1" : ""}`;
      const response = await fetch(`/api/boards/${encodeURIComponent(p.boardId)}/import?${query}`, {
        method: "POST",
        headers: { Authorization: `Bearer ${p.token}`, "Content-Type": contentType(file), Accept: "application/json" },
        body: file,
      });
      const body = (await response.json().catch(() => ({}))) as Record<string, unknown>;
      if (response.ok) {
        notify(tr("import.done", { count: Number(body.imported) || 0, state: tr(`state.${state}`) }));
        const notices = Array.isArray(body.notices) ? (body.notices as ImportProblem[]) : [];
        if (notices.length)
          notify(
            [
              tr("import.notices"),
              ...notices
                .slice(0, 5)
                .map(
                  (n) =>
                    `${tr("import.line")} ${n.line}: ${tr("import.notice.pct_fraction", { field: trMaybe(`field.${n.field}`) ?? n.field ?? "", value: n.value ?? "", read_as: Math.round(Number(n.value) * 1e6) / 1e4 })}`,
                ),
            ].join(" "),
          );
        setFile(null);
        p.onImported(state);
        p.onClose();
      } else if (Array.isArray(body.problems) && body.problems.length) {
        setOutcome({ kind: "problems", problems: body.problems as ImportProblem[] });
      } else {
        const code = typeof body.code === "string" ? body.code : `http_${response.status}`;
        const limit = code === "import_limit" && typeof body.limit === "string" ? trMaybe(`import.error.limit.${body.limit}`) : undefined;
        setOutcome({
          kind: "error",
          text:
            limit ??
            trMaybe(`import.error.${code}`) ??
            (response.status === 403 ? tr("import.error.role_not_allowed") : tr("import.error.generic", { status: response.status })),
        });
      }
    } catch {
      setOutcome({ kind: "error", text: tr("import.error.network") });
    }
  });
  const busy = upload.busy;
  const submit = (e: Event) => {
    e.preventDefault();
    if (!file || busy) return;
    void upload.run(file);
  };

  const template = () => {
    const blob = new Blob(["\ufeff" + tr("import.template")], { type: "text/csv;charset=utf-8" });
    const a = document.createElement("a");
    a.href = URL.createObjectURL(blob);
    a.download = tr("import.templateName");
    a.click();
    setTimeout(() => URL.revokeObjectURL(a.href), 1000);
  };

  return (
    <Dialog open={p.open} title={tr("import.title")} onClose={p.onClose} wide>
      <form class="stack vsm-import" onSubmit={submit} data-testid="vsm-import">
        <p class="hint">{tr("import.intro")}</p>
        <p class="hint">
          <button type="button" class="vsm-link" onClick={template}>
            {tr("import.downloadTemplate")}
          </button>
        </p>
        <div class="field">
          <label for="vsm-import-file">{tr("import.file")}</label>
          <input
            id="vsm-import-file"
            type="file"
            accept=".csv,.tsv,.txt,.xlsx,text/csv,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
            onChange={(e) => {
              setFile(e.currentTarget.files?.[0] ?? null);
              setOutcome(null);
            }}
            data-testid="vsm-import-file"
          />
        </div>
        <fieldset class="field">
          <legend>{tr("import.into")}</legend>
          <div class="row wrap">
            {(["current", "future"] as const).map((s) => (
              <label key={s} class="check vsm-radio">
                <input type="radio" name="vsm-import-state" value={s} checked={state === s} onChange={() => setState(s)} />
                <span>{tr(`state.${s}`)}</span>
              </label>
            ))}
          </div>
        </fieldset>
        <label class="check">
          <input type="checkbox" checked={replace} onChange={(e) => setReplace(e.currentTarget.checked)} data-testid="vsm-import-replace" />
          <span>
            {tr("import.replace")}
            <span class="block hint">{tr("import.replaceHint")}</span>
          </span>
        </label>

        {outcome?.kind === "error" && (
          <p class="form-error" role="alert">
            {outcome.text}
          </p>
        )}
        {outcome?.kind === "problems" && (
          <div class="vsm-import-problems" role="alert" data-testid="vsm-import-problems">
            <p class="form-error">{tr("import.rejected", { count: outcome.problems.length })}</p>
            <div class="table-wrap">
              <table class="data-table">
                <thead>
                  <tr>
                    <th scope="col">{tr("import.line")}</th>
                    <th scope="col">{tr("import.problem.title")}</th>
                  </tr>
                </thead>
                <tbody>
                  {outcome.problems.slice(0, 100).map((x, i) => (
                    <tr key={i} data-line={x.line} data-code={x.code}>
                      <td class="num">{x.line}</td>
                      <td>{problemText(x)}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          </div>
        )}

        <div class="dialog-actions">
          <button type="button" class="btn" onClick={p.onClose}>
            {tr("import.cancel")}
          </button>
          <button type="submit" class="btn btn-primary" disabled={!file || busy} data-testid="vsm-import-submit">
            <Icon name="plus" size={16} /> {busy ? tr("import.busy") : tr("import.submit")}
          </button>
        </div>
      </form>
    </Dialog>
  );
}
