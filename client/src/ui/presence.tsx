// Presence avatars: who is here, in their colour, with their name on hover and for readers.
import { initials, type Peer } from "../sync/presence";
import { t } from "../i18n";

export function Avatar({ name, color, size = "md" }: { name: string; color: string; size?: "sm" | "md" }) {
  return (
    <span class={`avatar avatar-${size}`} style={{ background: color }} aria-hidden="true">
      {initials(name)}
    </span>
  );
}

export function AvatarStack({ peers, max = 5 }: { peers: Peer[]; max?: number }) {
  const shown = peers.slice(0, max);
  const rest = peers.length - shown.length;
  const names = peers.map((p) => (p.self ? t("presence.you", { name: p.user.name }) : p.user.name));
  return (
    <div class="avatar-stack" role="group" aria-label={t("presence.here", { names: names.join(", ") })}>
      {shown.map((p) => (
        <span
          key={p.clientId}
          class="avatar-slot"
          title={p.self ? t("presence.you", { name: p.user.name }) : p.user.name}
          data-peer={p.user.name}
        >
          <Avatar name={p.user.name} color={p.user.color} />
        </span>
      ))}
      {rest > 0 && <span class="avatar avatar-md avatar-more">+{rest}</span>}
    </div>
  );
}
