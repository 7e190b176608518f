// What a workshop page shows before it can show the workshop: loading, no access, errors.
import { t } from "../i18n";
import { forgetMembership } from "../storage";
import { PlainShell } from "../boards/workshop/Frame";
import { errorText } from "../ui/toast";

type Load = { kind: "loading" } | { kind: "no-token" } | { kind: "refused"; status: number } | { kind: "failed"; error: unknown };

export function Gate({ load, workshopId, retry }: { load: Load; workshopId: string; retry: () => void }) {
  let body;
  if (load.kind === "loading") {
    body = (
      <p class="muted" aria-busy="true">
        {t("app.loading")}
      </p>
    );
  } else if (load.kind === "no-token") {
    body = (
      <>
        <h1>{t("gate.noAccessTitle")}</h1>
        <p>{t("gate.noAccess")}</p>
        <a class="btn" href="/">
          {t("gate.start")}
        </a>
      </>
    );
  } else if (load.kind === "refused") {
    body = (
      <>
        <h1>{t(load.status === 410 ? "gate.deletedTitle" : load.status === 404 ? "gate.missingTitle" : "gate.revokedTitle")}</h1>
        <p>{t(load.status === 410 ? "gate.deleted" : load.status === 404 ? "gate.missing" : "gate.revoked")}</p>
        <button
          type="button"
          class="btn"
          onClick={() => {
            forgetMembership(workshopId);
            location.href = "/";
          }}
        >
          {t("gate.forget")}
        </button>
      </>
    );
  } else {
    body = (
      <>
        <h1>{t("gate.failedTitle")}</h1>
        <p>{errorText(load.error)}</p>
        <button type="button" class="btn btn-primary" onClick={retry}>
          {t("actions.retry")}
        </button>
      </>
    );
  }
  return (
    <PlainShell mainClass="narrow-page">
      <div class="panel gate">{body}</div>
    </PlainShell>
  );
}

export function NotFoundPage() {
  return (
    <PlainShell mainClass="narrow-page">
      <div class="panel gate">
        <h1>{t("gate.pageMissingTitle")}</h1>
        <p>{t("gate.pageMissing")}</p>
        <a class="btn" href="/">
          {t("gate.start")}
        </a>
      </div>
    </PlainShell>
  );
}
