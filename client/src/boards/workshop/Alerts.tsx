// What a board raises for the home (server: `BoardKind.alerts`, from its stored analysis).
import type { BoardAlert } from "../../api";
import { t } from "../../i18n";
import { Icon } from "../../ui/icons";

/** Catalog params: a list (e.g. the relapsing KPIs) reads as one phrase. */
const params = (alert: BoardAlert) =>
  Object.fromEntries(
    Object.entries(alert.params).map(([k, v]) => [k, Array.isArray(v) ? v.map(String).join(t("alerts.separator")) : String(v)]),
  );

/** One line per alert, under the board's title on its card. */
export function AlertLines({ alerts }: { alerts: BoardAlert[] | undefined }) {
  if (!alerts?.length) return null;
  return (
    <>
      {alerts.map((alert) => (
        <span key={alert.code} class="alert-line small" data-alert={alert.code}>
          <Icon name="alert" size={14} /> <span>{t(`alerts.${alert.code}`, params(alert))}</span>
        </span>
      ))}
    </>
  );
}
