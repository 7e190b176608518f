// Connection state, always visible: live, connecting, reconnecting, offline, or refused.
import type { ConnectionStatus } from "../sync/connection";
import { t } from "../i18n";

export function ConnectionBadge({ status }: { status: ConnectionStatus }) {
  return (
    <span class={`conn conn-${status}`} role="status" aria-live="polite" title={t(`connection.${status}.hint`)} data-status={status}>
      <span class="conn-dot" aria-hidden="true" />
      <span class="conn-label">{t(`connection.${status}.label`)}</span>
    </span>
  );
}

/** A banner under the top bar when the connection is not live: what happened, what it means. */
export function ConnectionBanner({ status }: { status: ConnectionStatus }) {
  if (status === "live" || status === "connecting") return null;
  const final = status === "denied" || status === "too_large";
  return (
    <div class={`banner banner-${final ? "error" : "warn"}`} role="alert" data-testid="connection-banner">
      <strong>{t(`connection.${status}.label`)}</strong> {t(`connection.${status}.hint`)}
      {final && (
        <button type="button" class="btn btn-small" onClick={() => location.reload()}>
          {t("actions.reload")}
        </button>
      )}
    </div>
  );
}
