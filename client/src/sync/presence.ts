// What each peer shares through awareness: who they are and where they are.
import type { Awareness } from "y-protocols/awareness";
import type { Role } from "../api";

export interface PeerUser {
  id: string;
  name: string;
  color: string;
  role: Role;
}

export interface Peer {
  clientId: number;
  user: PeerUser;
  /** board id the peer is looking at ("" = workshop home) */
  at?: string;
  /** element the peer is editing (for instance a sticky note id) */
  focus?: string | null;
  self: boolean;
}

const PALETTE = ["#3b5bdb", "#0c8599", "#2b8a3e", "#e8590c", "#c2255c", "#7048e8", "#e67700", "#1971c2"];

export function colorFor(id: string): string {
  let h = 0;
  for (const ch of id) h = (h * 31 + ch.charCodeAt(0)) >>> 0;
  return PALETTE[h % PALETTE.length];
}

export function initials(name: string): string {
  // Brackets, quotes and other marks are not part of anyone's name: "（王）" is 王, "[Li]" is L.
  const trimmed = name.replace(/[^\p{L}\p{N}\s]+/gu, " ").trim();
  if (!trimmed) return "?";
  // CJK names: the last one or two characters are what people call each other by.
  if (/[\u3400-\u9fff]/.test(trimmed)) return trimmed.replace(/\s+/g, "").slice(-2);
  const parts = trimmed.split(/\s+/);
  return ((parts[0][0] ?? "") + (parts.length > 1 ? parts[parts.length - 1][0] : "")).toUpperCase();
}

const HEX_COLOR = /^#[0-9a-fA-F]{6}$/;
const ROLES: readonly string[] = ["facilitator", "editor", "viewer", "pilot"];

/** A peer's user as we may draw it, or null: presence comes from any client, and one numeric
 * name or `url(...)` colour must not break (or make a request from) every board. */
export function readUser(raw: unknown): PeerUser | null {
  if (!raw || typeof raw !== "object") return null;
  const user = raw as Record<string, unknown>;
  if (typeof user.id !== "string" || !user.id || user.id.length > 200) return null;
  const name = typeof user.name === "string" ? user.name.slice(0, 80) : "";
  const color = typeof user.color === "string" && HEX_COLOR.test(user.color) ? user.color : colorFor(user.id);
  const role = (typeof user.role === "string" && ROLES.includes(user.role) ? user.role : "viewer") as Role;
  return { id: user.id, name, color, role };
}

function shortString(value: unknown): string | undefined {
  return typeof value === "string" && value.length <= 200 ? value : undefined;
}

/** Peers with a user, one entry per participant (several tabs collapse), self first. */
export function peers(awareness: Awareness | null, states: Map<number, any>): Peer[] {
  const byUser = new Map<string, Peer>();
  const own = awareness?.clientID;
  for (const [clientId, state] of states) {
    const user = readUser(state?.user);
    if (!user) continue;
    const self = clientId === own;
    const existing = byUser.get(user.id);
    if (existing && !self) continue;
    byUser.set(user.id, { clientId, user, at: shortString(state.at), focus: shortString(state.focus) ?? null, self });
  }
  return [...byUser.values()].sort((a, b) => Number(b.self) - Number(a.self) || a.user.name.localeCompare(b.user.name));
}
