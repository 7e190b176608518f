// "Your workshops": what this browser joined (storage.ts), refreshed from the server with the
// stored token -- title, phase, last activity -- and marked when the server says the workshop
// was deleted, with a way to forget it. Opening one needs this browser's stored link.
import { useEffect, useState } from "preact/hooks";
import { ApiError, api } from "../../api";
import { formatDateTime, t, useLanguage } from "../../i18n";
import { paths } from "../../router";
import { forgetMembership, recentWorkshops, updateMembership } from "../../storage";

const GONE = new Set(["workshop_deleted", "not_found"]);

export function YourWorkshops() {
  const lang = useLanguage();
  const [list, setList] = useState(() => recentWorkshops().slice(0, 12));
  const reload = () => setList(recentWorkshops().slice(0, 12));
  useEffect(() => {
    let live = true;
    const stale = recentWorkshops()
      .slice(0, 12)
      .filter(({ m }) => !m.deleted && m.role !== "pilot");
    void Promise.all(
      stale.map(({ id, m }) =>
        api.workshop(id, m.token).then(
          (w) =>
            updateMembership(id, {
              title: w.title,
              phase: w.phase,
              status: w.status,
              last_activity: w.last_activity,
            }),
          (error: unknown) => {
            // Deleted (410, or 404 once the server restarted): say so; offline or a revoked
            // link: keep what we knew.
            if (error instanceof ApiError && GONE.has(error.code)) updateMembership(id, { deleted: true });
          },
        ),
      ),
    ).then(() => live && reload());
    return () => {
      live = false;
    };
  }, []);
  if (!list.length) return null;
  const forget = (id: string) => {
    forgetMembership(id);
    reload();
  };
  return (
    <section class="panel recent" aria-labelledby="recent-title" data-testid="your-workshops">
      <h2 id="recent-title">{t("start.recent")}</h2>
      <p class="hint">{t("start.recentHint")}</p>
      <ul class="recent-list">
        {list.map(({ id, m }) => (
          <li key={id} data-testid="your-workshop" data-deleted={m.deleted ? "true" : undefined}>
            {m.deleted ? (
              <div class="recent-deleted">
                <span>
                  <strong>{m.title || id}</strong>
                  <span class="small muted">{t("start.deleted")}</span>
                </span>
                <button type="button" class="btn btn-small" onClick={() => forget(id)}>
                  {t("start.forget")}
                </button>
              </div>
            ) : (
              <a href={m.role === "pilot" ? paths.pilot(id) : paths.home(id)}>
                <strong>{m.title || id}</strong>
                <span class="small muted">
                  {m.display_name} · {t(`roles.${m.role}.name`)}
                  {m.phase && (
                    <>
                      {" · "}
                      {m.status === "finished" ? t("start.finished") : t(`phases.${m.phase}.name`)}
                    </>
                  )}
                </span>
                {m.last_activity && (
                  <span class="small muted">{t("start.lastActivity", { when: formatDateTime(m.last_activity, lang) })}</span>
                )}
              </a>
            )}
          </li>
        ))}
      </ul>
    </section>
  );
}
