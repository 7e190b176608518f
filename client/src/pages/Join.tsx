// Join page (/w/{id}/join#<invite token>): the role comes from the link; pick a name and go.
import { useEffect, useState } from "preact/hooks";
import { api, ApiError, readWorkshop, type WorkshopInfo } from "../api";
import { t, useBrowserLanguage } from "../i18n";
import { navigate, paths } from "../router";
import { membership, saveMembership } from "../storage";
import { PlainShell } from "../boards/workshop/Frame";
import { useAction } from "../ui/action";
import { errorText } from "../ui/toast";

export function JoinPage({ workshopId, pilot = false }: { workshopId: string; pilot?: boolean }) {
  const [invite] = useState(() => decodeURIComponent(location.hash.replace(/^#/, "")));
  const [info, setInfo] = useState<WorkshopInfo | null>(null);
  const [problem, setProblem] = useState<string>(invite ? "" : t("join.noToken"));
  const [name, setName] = useState("");
  const existing = membership(workshopId);
  useBrowserLanguage();

  useEffect(() => {
    if (!invite) return;
    readWorkshop(workshopId, invite, pilot).then(setInfo, (err) => {
      if (err instanceof ApiError && err.code === "invite_expired") setProblem(t("join.expired"));
      else setProblem(err instanceof ApiError && [401, 403, 404].includes(err.status) ? t("join.invalid") : errorText(err));
    });
  }, [invite]);

  const role = info?.me.role;
  const home = (r: string | undefined) => (r === "pilot" ? paths.pilot(workshopId) : paths.home(workshopId));
  const joining = useAction(
    async () => {
      const joined = await api.join(invite, name.trim());
      saveMembership(workshopId, {
        token: joined.token,
        role: joined.role,
        participant_id: joined.participant_id,
        display_name: joined.display_name,
        facilitator_invite: joined.role === "facilitator" ? invite : undefined,
        title: info?.title,
        joined_at: new Date().toISOString(),
      });
      // The invite token must not linger in the address bar or in the history.
      navigate(home(joined.role), { replace: true });
    },
    { onError: "form", stayBusy: true },
  );
  const { busy, error } = joining;
  const submit = (e: Event) => {
    e.preventDefault();
    if (!name.trim()) return joining.setError(t("join.nameRequired"));
    void joining.run();
  };

  return (
    <PlainShell mainClass="narrow-page">
      <div class="panel join-card">
        {problem ? (
          <>
            <h1>{t("join.problemTitle")}</h1>
            <p>{problem}</p>
            <p class="hint">{t("join.askFacilitator")}</p>
          </>
        ) : !info ? (
          <p class="muted">{t("app.loading")}</p>
        ) : (
          <form onSubmit={submit} noValidate>
            <div class="join-head">
              <p class="eyebrow">{t("join.invited")}</p>
              <h1>{info.title}</h1>
              {(info.process || info.boundary) && (
                <p class="muted">
                  {info.process}
                  {info.process && info.boundary && " · "}
                  {info.boundary}
                </p>
              )}
            </div>
            <div class={`role-card role-${role}`}>
              <strong>{t("join.asRole", { role: t(`roles.${role}.name`) })}</strong>
              <span>{t(`roles.${role}.can`)}</span>
            </div>
            {existing && (
              <p class="notice">
                {t("join.already", { name: existing.display_name })}{" "}
                <a href={home(existing.role)}>{t("join.continue", { name: existing.display_name })}</a>
              </p>
            )}
            <div class="field">
              <label for="join-name">{t("join.name")}</label>
              <input
                id="join-name"
                autoFocus
                autoComplete="name"
                maxLength={60}
                value={name}
                placeholder={t("join.namePlaceholder")}
                onInput={(e) => setName((e.currentTarget as HTMLInputElement).value)}
              />
              <p class="hint">{t("join.nameHint")}</p>
            </div>
            {error && (
              <p class="form-error" role="alert">
                {error}
              </p>
            )}
            <button type="submit" class="btn btn-primary btn-large btn-block" disabled={busy}>
              {t("join.submit")}
            </button>
          </form>
        )}
      </div>
    </PlainShell>
  );
}
