// Where the workshop's actions show outside their page: the top bar's link and the home's
// open/overdue counts.
import { t } from "../../i18n";
import { paths } from "../../router";
import { Icon } from "../../ui/icons";
import { useActions } from "./ActionControl";
import { isActive, isOverdue, todayIso } from "./actions";
import { useWorkshop } from "./context";

function useCounts() {
  const actions = useActions();
  const today = todayIso();
  return {
    total: actions.length,
    open: actions.filter(isActive).length,
    overdue: actions.filter((a) => isOverdue(a, today)).length,
  };
}

/** The top bar's way to the actions page, with the open count (overdue ones highlighted). */
export function ActionsNavLink({ current }: { current: boolean }) {
  const w = useWorkshop();
  const c = useCounts();
  if (w.role === "pilot" || !w.conn) return null;
  return (
    <a
      class={`topbar-link${c.overdue ? " has-overdue" : ""}`}
      href={paths.actions(w.id)}
      aria-current={current ? "page" : undefined}
      data-testid="nav-actions"
      title={t("actionItems.navTitle", { open: c.open, overdue: c.overdue })}
    >
      <Icon name="check" size={16} />
      <span class="topbar-link-text">{t("actionItems.nav")}</span>
      {c.open > 0 && <span class="topbar-count">{c.open}</span>}
    </a>
  );
}

/** The home's panel: how many actions are open and how many are late. */
export function ActionsHomePanel() {
  const w = useWorkshop();
  const c = useCounts();
  return (
    <section class="panel actions-home" aria-labelledby="actions-home-title" data-testid="home-actions">
      <div class="panel-head">
        <h2 id="actions-home-title">{t("actionItems.title")}</h2>
        <a class="btn btn-small" href={paths.actions(w.id)}>
          {t("actionItems.open")}
        </a>
      </div>
      {c.total === 0 ? (
        <p class="empty-inline">{t("actionItems.homeEmpty")}</p>
      ) : (
        <a class="action-tally" href={paths.actions(w.id)}>
          <span class="action-tally-n" data-testid="home-actions-open">
            <strong>{c.open}</strong> {t("actionItems.tally.open", { count: c.open })}
          </span>
          <span class={`action-tally-n${c.overdue ? " is-overdue" : ""}`} data-testid="home-actions-overdue">
            <strong>{c.overdue}</strong> {t("actionItems.tally.overdue", { count: c.overdue })}
          </span>
        </a>
      )}
    </section>
  );
}
