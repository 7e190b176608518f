// What the server could not use on this board, for every kind: the analysis failed (the
// figures shown are the last good ones), or the reader ignored values of the wrong type
// (ledger `analysis.error` and the analysis' `read_warnings`, see boards/values.py).
import * as Y from "yjs";
import { t } from "../i18n";
import { useY } from "../sync/hooks";

type ReadWarning = { code: string; field?: string; value?: string };

export function useAnalysisError(ledger: Y.Doc | null): string {
  const map = ledger?.getMap("analysis") ?? null;
  useY(map);
  const error = map?.get("error");
  return typeof error === "string" ? error : "";
}

function warningsOf(analysis: unknown): ReadWarning[] {
  const raw = (analysis as { read_warnings?: unknown } | null)?.read_warnings;
  return Array.isArray(raw) ? raw.filter((w): w is ReadWarning => typeof w?.code === "string") : [];
}

export function ReadNotes({ ledger, analysis }: { ledger: Y.Doc | null; analysis: unknown }) {
  const error = useAnalysisError(ledger);
  const warnings = warningsOf(analysis);
  if (!error && warnings.length === 0) return null;
  return (
    <div class="read-notes">
      {error && (
        <div class="banner banner-readonly" role="alert" data-testid="analysis-error">
          <span>{t(`analysis.error.${error}`, { defaultValue: error })}</span>
        </div>
      )}
      {warnings.length > 0 && (
        <details class="notice" data-testid="read-warnings">
          <summary>
            {t("read.title")} ({warnings.length})
          </summary>
          <ul>
            {warnings.map((w, i) => (
              <li key={i}>{t(`read.warning.${w.code}`, { field: w.field ?? "", value: w.value ?? "", defaultValue: w.code })}</li>
            ))}
          </ul>
        </details>
      )}
    </div>
  );
}
