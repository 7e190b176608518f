// Invite links per role, created and revoked by the facilitator. The server shows a link's
// token only once (it stores it hashed), so this browser remembers the links it created.
import { useEffect, useState } from "preact/hooks";
import { api, type Invite, type Role } from "../../api";
import { formatDateTime, t, useLanguage } from "../../i18n";
import { saveLink, savedLinks } from "../../storage";
import { CopyField } from "../../ui/copy";
import { Dialog } from "../../ui/dialog";
import { Icon } from "../../ui/icons";
import { notify, notifyError } from "../../ui/toast";
import { paths } from "../../router";
import { useWorkshop } from "./context";

const ROLES: Role[] = ["editor", "viewer", "pilot", "facilitator"];

export const absolute = (link: string) => new URL(link, location.origin).href;
const joinLink = (workshopId: string, token: string) => absolute(`${paths.join(workshopId)}#${token}`);

type QrGeometry = { size: number; d: string };
let encoder: Promise<(text: string) => QrGeometry> | null = null;

/** QR code as inline SVG; the encoder loads only when a facilitator shows a code. */
function QrCode({ text, label }: { text: string; label: string }) {
  const [qr, setQr] = useState<QrGeometry | null>(null);
  useEffect(() => {
    encoder ??= import("../../ui/qr").then((m) => m.qrPath);
    void encoder.then((qrPath) => setQr(qrPath(text)));
  }, [text]);
  if (!qr) return <div class="qr qr-loading" aria-busy="true" />;
  return (
    <svg
      class="qr"
      role="img"
      aria-label={label}
      width={176}
      height={176}
      viewBox={`0 0 ${qr.size} ${qr.size}`}
      shape-rendering="crispEdges"
    >
      <rect class="qr-light" width={qr.size} height={qr.size} />
      <path class="qr-dark" d={qr.d} />
    </svg>
  );
}

function InviteRow({ invite, link, last, onRevoke }: { invite: Invite; link?: string; last: boolean; onRevoke: () => void }) {
  const lang = useLanguage();
  const [qr, setQr] = useState(invite.role === "pilot");
  return (
    <li class={`invite${invite.revoked ? " revoked" : ""}`} data-role={invite.role}>
      {link && !invite.revoked ? (
        <CopyField value={link} label={t("invites.linkFor", { role: t(`roles.${invite.role}.name`) })} />
      ) : (
        <p class="muted small">{invite.revoked ? t("invites.revokedNote") : t("invites.hiddenNote")}</p>
      )}
      <div class="invite-meta">
        <span class="muted small">{t("invites.created", { date: formatDateTime(invite.created_at, lang) })}</span>
        {invite.revoked ? (
          <span class="chip">{t("invites.revoked")}</span>
        ) : (
          <div class="row">
            {link && invite.role === "pilot" && (
              <button type="button" class="btn btn-ghost btn-small" aria-expanded={qr} onClick={() => setQr(!qr)}>
                {qr ? t("invites.hideQr") : t("invites.showQr")}
              </button>
            )}
            {last ? (
              <span class="muted small" data-testid="last-facilitator">
                {t("invites.lastFacilitator")}
              </span>
            ) : (
              <button type="button" class="btn btn-ghost btn-small btn-danger-text" onClick={onRevoke}>
                {t("invites.revoke")}
              </button>
            )}
          </div>
        )}
      </div>
      {qr && link && !invite.revoked && (
        <div class="qr-box">
          <QrCode text={link} label={t("invites.qrLabel")} />
          <p class="small muted">{t("invites.qrHint")}</p>
        </div>
      )}
    </li>
  );
}

function InvitesBody() {
  const w = useWorkshop();
  const [invites, setInvites] = useState<Invite[] | null>(null);
  const [links, setLinks] = useState(() => savedLinks(w.id));
  const [confirm, setConfirm] = useState<Invite | null>(null);
  const load = () => api.invites(w.id, w.token).then(setInvites, notifyError);
  useEffect(() => void load(), []);

  const create = async (role: Role) => {
    try {
      const made = await api.createInvite(w.id, role, w.token);
      const link = absolute(made.link || `${paths.join(w.id)}#${made.token}`);
      saveLink(w.id, made.id, link);
      setLinks(savedLinks(w.id));
      await load();
      notify(t("invites.createdToast", { role: t(`roles.${role}.name`) }));
    } catch (error) {
      notifyError(error);
    }
  };
  const revoke = async (invite: Invite) => {
    try {
      await api.revokeInvite(w.id, invite.id, w.token);
      setConfirm(null);
      await load();
      notify(t("invites.revokedToast"));
    } catch (error) {
      notifyError(error);
    }
  };

  const own = w.membership.facilitator_invite;
  // The server refuses to revoke the last live facilitator link (lock-out): do not offer it.
  const liveFacilitators = (invites ?? []).filter((i) => i.role === "facilitator" && !i.revoked).length;
  return (
    <div class="invites">
      <p>{t("invites.intro")}</p>
      {own && (
        <div class="invite-own">
          <h3>{t("invites.ownTitle")}</h3>
          <p class="hint">{t("invites.ownHint")}</p>
          <CopyField value={joinLink(w.id, own)} label={t("invites.ownTitle")} />
        </div>
      )}
      {ROLES.map((role) => {
        const list = (invites ?? [])
          .filter((i) => i.role === role)
          .sort((a, b) => Number(a.revoked) - Number(b.revoked) || b.created_at.localeCompare(a.created_at));
        return (
          <section key={role} class="invite-role" aria-labelledby={`invite-${role}`}>
            <div class="invite-role-head">
              <div>
                <h3 id={`invite-${role}`}>{t(`roles.${role}.name`)}</h3>
                <p class="hint">{t(`roles.${role}.can`)}</p>
              </div>
              <button type="button" class="btn btn-small" onClick={() => create(role)} data-testid={`create-invite-${role}`}>
                <Icon name="link" size={16} /> <span>{t("invites.create")}</span>
              </button>
            </div>
            {list.length > 0 && (
              <ul class="invite-list">
                {list.map((inv) => (
                  <InviteRow
                    key={inv.id}
                    invite={inv}
                    link={links[inv.id]}
                    last={inv.role === "facilitator" && !inv.revoked && liveFacilitators <= 1}
                    onRevoke={() => setConfirm(inv)}
                  />
                ))}
              </ul>
            )}
          </section>
        );
      })}
      {invites === null && <p class="muted">{t("app.loading")}</p>}
      {confirm && (
        <div class="confirm-inline" role="alertdialog" aria-labelledby="revoke-q">
          <p id="revoke-q">{t("invites.revokeConfirm", { role: t(`roles.${confirm.role}.name`) })}</p>
          <div class="row">
            <button type="button" class="btn btn-small" onClick={() => setConfirm(null)}>
              {t("actions.cancel")}
            </button>
            <button type="button" class="btn btn-danger btn-small" onClick={() => revoke(confirm)}>
              {t("invites.revoke")}
            </button>
          </div>
        </div>
      )}
    </div>
  );
}

export function InviteControl() {
  const w = useWorkshop();
  const [open, setOpen] = useState(false);
  if (!w.isFacilitator) return null;
  return (
    <>
      <button type="button" class="btn btn-primary btn-block" onClick={() => setOpen(true)} data-testid="open-invites">
        <Icon name="users" size={16} /> <span>{t("invites.open")}</span>
      </button>
      <Dialog open={open} title={t("invites.title")} onClose={() => setOpen(false)} wide>
        <InvitesBody />
      </Dialog>
    </>
  );
}
