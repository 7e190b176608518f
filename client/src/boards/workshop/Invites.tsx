// Invite links per role, with a label and an optional expiry, created and revoked by the
// facilitator, who sees each working link again after a reload (the server shows it to
// facilitators only) and removes one participant without revoking their link. Links made
// before the server kept them are still remembered by the browser that created them.
import { useEffect, useState } from "preact/hooks";
import { api, type Invite, type InviteParticipant, type Role } from "../../api";
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

function ParticipantRow({ person, onRemove }: { person: InviteParticipant; onRemove: () => Promise<void> }) {
  const [asking, setAsking] = useState(false);
  return (
    <li class={`invite-person${person.removed ? " removed" : ""}`} data-testid="invite-participant">
      <span>{person.display_name}</span>
      {person.removed ? (
        <span class="chip">{t("invites.removed")}</span>
      ) : asking ? (
        <span class="row" role="group" aria-label={t("invites.removeConfirm", { name: person.display_name })}>
          <span class="small">{t("invites.removeConfirm", { name: person.display_name })}</span>
          <button type="button" class="btn btn-ghost btn-small" onClick={() => setAsking(false)}>
            {t("actions.cancel")}
          </button>
          <button type="button" class="btn btn-danger btn-small" onClick={() => void onRemove().then(() => setAsking(false))}>
            {t("invites.remove")}
          </button>
        </span>
      ) : (
        <button type="button" class="btn btn-ghost btn-small btn-danger-text" onClick={() => setAsking(true)}>
          {t("invites.remove")}
        </button>
      )}
    </li>
  );
}

function InviteRow({
  invite,
  link,
  last,
  onRevoke,
  onRemove,
}: {
  invite: Invite;
  link?: string;
  last: boolean;
  onRevoke: () => void;
  onRemove: (person: InviteParticipant) => Promise<void>;
}) {
  const lang = useLanguage();
  const [qr, setQr] = useState(invite.role === "pilot");
  const dead = invite.revoked || invite.expired;
  return (
    <li class={`invite${dead ? " revoked" : ""}`} data-role={invite.role} data-testid="invite-row">
      {invite.label && <strong class="invite-label">{invite.label}</strong>}
      {link && !dead ? (
        <CopyField value={link} label={t("invites.linkFor", { role: t(`roles.${invite.role}.name`) })} />
      ) : (
        <p class="muted small">
          {invite.revoked ? t("invites.revokedNote") : invite.expired ? t("invites.expiredNote") : t("invites.hiddenNote")}
        </p>
      )}
      <div class="invite-meta">
        <span class="muted small">
          {t("invites.created", { date: formatDateTime(invite.created_at, lang) })}
          {" · "}
          {invite.expires_at
            ? t(invite.expired ? "invites.expiredAt" : "invites.expiresAt", { date: formatDateTime(invite.expires_at, lang) })
            : t("invites.noExpiry")}
          {" · "}
          {t("invites.uses", { count: invite.uses })}
        </span>
        {invite.revoked ? (
          <span class="chip">{t("invites.revoked")}</span>
        ) : (
          <div class="row">
            {invite.expired && <span class="chip">{t("invites.expired")}</span>}
            {link && !dead && invite.role === "pilot" && (
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
      {qr && link && !dead && (
        <div class="qr-box">
          <QrCode text={link} label={t("invites.qrLabel")} />
          <p class="small muted">{t("invites.qrHint")}</p>
        </div>
      )}
      {invite.participants.length > 0 && !invite.revoked && (
        <ul class="invite-people" aria-label={t("invites.joinedList")}>
          {invite.participants.map((person) => (
            <ParticipantRow key={person.participant_id} person={person} onRemove={() => onRemove(person)} />
          ))}
        </ul>
      )}
    </li>
  );
}

/** A ``datetime-local`` value (the browser's time zone) as an instant the server accepts. */
const instant = (local: string) => (local ? new Date(local).toISOString() : null);

function NewLinkForm({ role, onCreate }: { role: Role; onCreate: (label: string, expires: string | null) => Promise<boolean> }) {
  const [label, setLabel] = useState("");
  const [expires, setExpires] = useState("");
  const submit = async (event: Event) => {
    event.preventDefault();
    if (await onCreate(label.trim(), instant(expires))) {
      setLabel("");
      setExpires("");
    }
  };
  return (
    <form class="invite-new" onSubmit={submit}>
      <label class="field">
        <span class="small">{t("invites.label")}</span>
        <input
          type="text"
          maxLength={80}
          value={label}
          placeholder={t("invites.labelPlaceholder")}
          data-testid={`invite-label-${role}`}
          onInput={(e) => setLabel(e.currentTarget.value)}
        />
      </label>
      {role !== "facilitator" && (
        <label class="field">
          <span class="small">{t("invites.expiry")}</span>
          <input
            type="datetime-local"
            value={expires}
            data-testid={`invite-expiry-${role}`}
            onInput={(e) => setExpires(e.currentTarget.value)}
          />
        </label>
      )}
      <button type="submit" class="btn btn-small" data-testid={`create-invite-${role}`}>
        <Icon name="link" size={16} /> <span>{t("invites.create")}</span>
      </button>
    </form>
  );
}

function InvitesBody() {
  const w = useWorkshop();
  const [invites, setInvites] = useState<Invite[] | null>(null);
  const [links, setLinks] = useState(() => savedLinks(w.id));
  const [confirm, setConfirm] = useState<Invite | null>(null);
  const load = () => api.invites(w.id, w.token).then(setInvites, notifyError);
  useEffect(() => void load(), []);

  const create = async (role: Role, label: string, expires: string | null) => {
    try {
      const made = await api.createInvite(w.id, role, w.token, { label, expires_at: expires });
      const link = absolute(made.link || `${paths.join(w.id)}#${made.token}`);
      saveLink(w.id, made.id, link);
      setLinks(savedLinks(w.id));
      await load();
      notify(t("invites.createdToast", { role: t(`roles.${role}.name`) }));
      return true;
    } catch (error) {
      notifyError(error);
      return false;
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
  const remove = async (person: InviteParticipant) => {
    try {
      await api.removeParticipant(w.id, person.participant_id, w.token);
      await load();
      notify(t("invites.removedToast", { name: person.display_name }));
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
            </div>
            <NewLinkForm role={role} onCreate={(label, expires) => create(role, label, expires)} />
            {list.length > 0 && (
              <ul class="invite-list">
                {list.map((inv) => (
                  <InviteRow
                    key={inv.id}
                    invite={inv}
                    link={inv.link ? absolute(inv.link) : links[inv.id]}
                    last={inv.role === "facilitator" && !inv.revoked && liveFacilitators <= 1}
                    onRevoke={() => setConfirm(inv)}
                    onRemove={remove}
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
