// "Import event log": a system export (CSV, XLSX, XES) is uploaded for a preview, its columns
// mapped (the server's guess first), then imported as a job whose progress is polled. Every
// refusal names the row or column it is about, inline and announced (never a silent failure).
import { useEffect, useRef, useState } from "preact/hooks";
import { Dialog } from "../../../ui/dialog";
import { Icon } from "../../../ui/icons";
import { tr, trMaybe } from "../i18n";
import { fmtNum } from "../format";
import { flatParams } from "./model";

const ROLES = ["case", "activity", "start", "complete", "resource", "department"] as const;
type Role = (typeof ROLES)[number];
const REQUIRED: readonly Role[] = ["case", "activity"];

interface Preview {
  upload_id: string;
  name: string;
  format: string;
  columns: string[];
  rows: string[][];
  guess: Record<string, unknown>;
  size: number;
  encoding?: string | null;
}

export interface LogProblem {
  code: string;
  [param: string]: unknown;
}

type Job = { state: string; progress: number; stage: string; problem: LogProblem | null };

const browserZone = () => Intl.DateTimeFormat().resolvedOptions().timeZone || "UTC";

function zones(current: string): string[] {
  const all = typeof Intl.supportedValuesOf === "function" ? Intl.supportedValuesOf("timeZone") : [];
  return [...new Set([current, browserZone(), "UTC", ...all])];
}

/** A refusal in words, naming the row, column, value or byte the server reported. */
export function problemText(p: LogProblem): string {
  const params = flatParams(p);
  if (typeof p.limit === "string") {
    const limit = trMaybe(`eventlog.problem.limit.${p.limit}`, params);
    if (limit) return limit;
  }
  return trMaybe(`eventlog.problem.${p.code}`, params) ?? tr("eventlog.problem.unknown", { code: p.code, detail: String(p.detail ?? "") });
}

async function asProblem(response: Response): Promise<LogProblem> {
  const body = (await response.json().catch(() => ({}))) as Record<string, unknown>;
  const code = typeof body.code === "string" ? body.code : `http_${response.status}`;
  const params = body.params && typeof body.params === "object" ? (body.params as Record<string, unknown>) : {};
  return { ...body, ...params, code };
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

export function ImportLogDialog(p: { boardId: string; token: string; onClose: () => void; onDone: () => void }) {
  const [preview, setPreview] = useState<Preview | null>(null);
  const [mapping, setMapping] = useState<Record<Role, string>>({
    case: "",
    activity: "",
    start: "",
    complete: "",
    resource: "",
    department: "",
  });
  const [timezone, setTimezone] = useState(browserZone());
  const [dateFormat, setDateFormat] = useState("");
  const [problem, setProblem] = useState<LogProblem | null>(null);
  const [busy, setBusy] = useState<"upload" | "import" | null>(null);
  const [job, setJob] = useState<Job | null>(null);
  const [dragging, setDragging] = useState(false);
  const alive = useRef(true);
  useEffect(
    () => () => {
      alive.current = false;
    },
    [],
  );
  const auth = { Authorization: `Bearer ${p.token}`, Accept: "application/json" };
  const base = `/api/boards/${encodeURIComponent(p.boardId)}/eventlog`;

  const upload = async (file: File) => {
    setProblem(null);
    setPreview(null);
    setBusy("upload");
    try {
      const form = new FormData();
      form.append("file", file, file.name);
      const response = await fetch(`${base}/preview`, { method: "POST", headers: auth, body: form });
      if (!response.ok) return setProblem(await asProblem(response));
      const body = (await response.json()) as Preview;
      const g = body.guess ?? {};
      const pick = (r: Role) => (typeof g[r] === "string" && body.columns.includes(g[r] as string) ? (g[r] as string) : "");
      setMapping({
        case: pick("case"),
        activity: pick("activity"),
        start: pick("start"),
        complete: pick("complete"),
        resource: pick("resource"),
        department: pick("department"),
      });
      setPreview(body);
    } catch {
      setProblem({ code: "network" });
    } finally {
      setBusy(null);
    }
  };

  const missing = REQUIRED.filter((r) => !mapping[r]);
  const noTime = !mapping.start && !mapping.complete;
  const ready = preview && !missing.length && !noTime && !busy;

  const start = async () => {
    if (!preview || !ready) return;
    setProblem(null);
    setBusy("import");
    setJob({ state: "queued", progress: 0, stage: "read", problem: null });
    const body = {
      upload_id: preview.upload_id,
      mapping: {
        case: mapping.case,
        activity: mapping.activity,
        start: mapping.start || null,
        complete: mapping.complete || null,
        resource: mapping.resource || null,
        department: mapping.department || null,
        timezone,
        date_format: dateFormat.trim() || "auto",
      },
    };
    try {
      const response = await fetch(`${base}/import`, {
        method: "POST",
        headers: { ...auth, "Content-Type": "application/json" },
        body: JSON.stringify(body),
      });
      if (!response.ok) {
        setJob(null);
        return setProblem(await asProblem(response));
      }
      const { job_id } = (await response.json()) as { job_id: string };
      for (let wait = 300; alive.current; wait = Math.min(1000, wait + 100)) {
        await sleep(wait);
        const r = await fetch(`/api/jobs/${encodeURIComponent(job_id)}`, { headers: auth });
        if (!r.ok) {
          setJob(null);
          return setProblem(await asProblem(r));
        }
        const j = (await r.json()) as Job;
        if (!alive.current) return;
        setJob(j);
        if (j.state === "done") return p.onDone();
        if (j.state === "failed") {
          setJob(null);
          return setProblem(j.problem ?? { code: "unknown" });
        }
      }
    } catch {
      setJob(null);
      setProblem({ code: "network" });
    } finally {
      setBusy(null);
    }
  };

  const onDrop = (e: DragEvent) => {
    e.preventDefault();
    setDragging(false);
    const file = e.dataTransfer?.files?.[0];
    if (file) void upload(file);
  };

  const roleOf = (column: string) => ROLES.find((r) => mapping[r] === column);

  return (
    <Dialog open title={tr("eventlog.title")} onClose={p.onClose} wide>
      <div class="stack vsm-eventlog-import" data-testid="eventlog-import">
        <p class="hint">{tr("eventlog.intro")}</p>
        <label
          class={`vsm-drop${dragging ? " is-over" : ""}`}
          onDragOver={(e) => {
            e.preventDefault();
            setDragging(true);
          }}
          onDragLeave={() => setDragging(false)}
          onDrop={onDrop}
        >
          <Icon name="up" size={22} />
          <span>
            {busy === "upload"
              ? tr("eventlog.uploading")
              : preview
                ? tr("eventlog.fileChosen", { name: preview.name, size: fmtNum(preview.size / 1024, 1) })
                : tr("eventlog.drop")}
          </span>
          <input
            type="file"
            class="vsm-drop-input"
            accept=".csv,.tsv,.txt,.xlsx,.xes,text/csv,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
            disabled={busy !== null}
            onChange={(e) => {
              const file = e.currentTarget.files?.[0];
              if (file) void upload(file);
            }}
            data-testid="eventlog-file"
          />
        </label>

        {preview && (
          <>
            <p class="hint" data-testid="eventlog-format">
              {tr("eventlog.detected", {
                format: preview.format.toUpperCase(),
                encoding: preview.encoding ?? "—",
                columns: preview.columns.length,
              })}
            </p>
            <fieldset class="vsm-eventlog-mapping">
              <legend>{tr("eventlog.mapping")}</legend>
              <div class="vsm-eventlog-grid">
                {ROLES.map((r) => (
                  <div class="field" key={r}>
                    <label for={`eventlog-map-${r}`}>
                      {tr(`eventlog.role.${r}`)}
                      {REQUIRED.includes(r) && <span aria-hidden="true"> *</span>}
                    </label>
                    <select
                      id={`eventlog-map-${r}`}
                      value={mapping[r]}
                      onChange={(e) => setMapping({ ...mapping, [r]: e.currentTarget.value })}
                      data-testid={`eventlog-map-${r}`}
                    >
                      <option value="">{tr("eventlog.none")}</option>
                      {preview.columns.map((c) => (
                        <option key={c} value={c}>
                          {c}
                        </option>
                      ))}
                    </select>
                  </div>
                ))}
                <div class="field">
                  <label for="eventlog-timezone">{tr("eventlog.timezone")}</label>
                  <select
                    id="eventlog-timezone"
                    value={timezone}
                    onChange={(e) => setTimezone(e.currentTarget.value)}
                    data-testid="eventlog-timezone"
                  >
                    {zones(timezone).map((z) => (
                      <option key={z} value={z}>
                        {z}
                      </option>
                    ))}
                  </select>
                </div>
                <div class="field">
                  <label for="eventlog-date-format">{tr("eventlog.dateFormat")}</label>
                  <input
                    id="eventlog-date-format"
                    value={dateFormat}
                    placeholder={tr("eventlog.dateAuto")}
                    onInput={(e) => setDateFormat(e.currentTarget.value)}
                    data-testid="eventlog-date-format"
                  />
                </div>
              </div>
              <p class="hint">{tr("eventlog.mappingHint")}</p>
              {(missing.length > 0 || noTime) && (
                <p class="form-error" data-testid="eventlog-mapping-missing">
                  {tr("eventlog.mappingMissing", {
                    roles: [...missing, ...(noTime ? ["start"] : [])].map((r) => tr(`eventlog.role.${r}`)).join(tr("eventlog.sep")),
                  })}
                </p>
              )}
            </fieldset>
            <div class="table-wrap vsm-eventlog-preview">
              <table class="data-table" data-testid="eventlog-preview">
                <caption class="hint">{tr("eventlog.previewCaption", { n: preview.rows.length })}</caption>
                <thead>
                  <tr>
                    {preview.columns.map((c) => {
                      const role = roleOf(c);
                      return (
                        <th key={c} scope="col" class={role ? "is-mapped" : ""}>
                          {c}
                          {role && <span class="chip vsm-eventlog-role">{tr(`eventlog.role.${role}`)}</span>}
                        </th>
                      );
                    })}
                  </tr>
                </thead>
                <tbody>
                  {preview.rows.slice(0, 8).map((row, i) => (
                    <tr key={i}>
                      {preview.columns.map((_, k) => (
                        <td key={k}>{row[k] ?? ""}</td>
                      ))}
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          </>
        )}

        <div aria-live="polite" class="vsm-eventlog-status">
          {job && (
            <div class="vsm-eventlog-progress" data-testid="eventlog-progress">
              <progress max={1} value={job.progress} aria-label={tr("eventlog.progress")} />
              <span>
                {tr(`eventlog.stage.${job.stage}`)} · {fmtNum(job.progress * 100, 0)} %
              </span>
            </div>
          )}
        </div>
        {problem && (
          <p class="form-error" role="alert" data-testid="eventlog-problem" data-code={problem.code}>
            {problemText(problem)}
          </p>
        )}

        <div class="dialog-actions">
          <button type="button" class="btn" onClick={p.onClose}>
            {tr("import.cancel")}
          </button>
          <button type="button" class="btn btn-primary" disabled={!ready} onClick={() => void start()} data-testid="eventlog-submit">
            {busy === "import" ? tr("eventlog.importing") : tr("eventlog.submit")}
          </button>
        </div>
      </div>
    </Dialog>
  );
}
