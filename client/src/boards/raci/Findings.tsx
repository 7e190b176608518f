// The analysis' findings in words (codes, params and the names of the rows and columns they
// concern translated), with severity icons; a finding brings its cells into view.
import { ActionControl } from "../workshop/ActionControl";
import { rt } from "./i18n";
import type { Finding, RaciAnalysis, RaciSnapshot, Severity } from "./schema";

export function SeverityIcon({ severity, size = 18 }: { severity: Severity; size?: number }) {
  return (
    <svg class={`raci-sev raci-sev-${severity}`} width={size} height={size} viewBox="0 0 20 20" aria-hidden="true" focusable="false">
      {severity === "error" ? (
        <>
          <circle cx="10" cy="10" r="9" />
          <path d="M10 5.2v6M10 14.2v.4" />
        </>
      ) : severity === "warning" ? (
        <>
          <path d="M10 1.8 19 17.6H1z" />
          <path d="M10 7.4v4.8M10 14.6v.3" />
        </>
      ) : (
        <>
          <circle cx="10" cy="10" r="9" />
          <path d="M10 9v5.6M10 5.6v.3" />
        </>
      )}
    </svg>
  );
}

const quote = (s: string) => rt("quote", { text: s });

export function findingText(f: Finding, snap: RaciSnapshot): string {
  const activity = (id: string) => quote(snap.activities.find((a) => a.id === id)?.name || rt("unnamed"));
  const role = (id: string) => snap.roles.find((r) => r.id === id)?.name || rt("unnamed");
  return rt(`codes.${f.code}`, {
    defaultValue: rt("codes.unknown", { code: f.code }),
    activity: f.activity_ids[0] ? activity(f.activity_ids[0]) : "",
    role: f.role_ids[0] ? role(f.role_ids[0]) : "",
    roles: f.role_ids.map(role).join(rt("sep")),
    count: f.params.count ?? f.role_ids.length,
    max: f.params.max ?? 3,
    activities: f.params.activities ?? snap.activities.length,
    cell: f.cells[0] ?? "",
    raw: String(f.params.raw ?? ""),
  });
}

/** A finding's id for an action made from it: the rule and the rows and columns it concerns
 *  (the analysis gives findings no id; this one survives unrelated edits). */
export const findingKey = (f: Finding) => [f.code, f.activity_ids.join(","), f.role_ids.join(",")].join(":");

export function FindingsList(props: { analysis: RaciAnalysis; snap: RaciSnapshot; onShow: (f: Finding) => void; boardId: string }) {
  const { analysis, snap } = props;
  if (!analysis.findings.length && !analysis.activities) return <p class="muted">{rt("findings.empty")}</p>;
  if (!analysis.findings.length)
    return (
      <p class="raci-all-good" data-testid="raci-no-findings">
        <svg width="18" height="18" viewBox="0 0 24 24" fill="none" stroke="currentColor" stroke-width="2.2" aria-hidden="true">
          <path d="M5 12.5l4.5 4.5L19 7" />
        </svg>
        {rt("findings.none")}
      </p>
    );
  return (
    <ul class="raci-findings" data-testid="raci-findings">
      {analysis.findings.map((f, i) => (
        <li key={`${f.code}-${i}`} class={`raci-finding raci-finding-${f.severity}`} data-code={f.code}>
          <SeverityIcon severity={f.severity} />
          <span class="sr-only">{rt(`severity.${f.severity}`)}:</span>
          <button type="button" class="raci-finding-text" onClick={() => props.onShow(f)}>
            {findingText(f, snap)}
          </button>
          <ActionControl
            source={{ board: props.boardId, kind: "raci", type: "raci_finding", item: findingKey(f), label: findingText(f, snap) }}
          />
        </li>
      ))}
    </ul>
  );
}
