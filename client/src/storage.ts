// What this browser remembers: the participant token per workshop, links the facilitator made,
// recent workshops and the chosen language. Nothing else is stored locally.
import type { Role } from "./api";

export interface Membership {
  token: string;
  role: Role;
  participant_id: string | null;
  display_name: string;
  /** The facilitator's own secret invite token (only on the facilitator's device). */
  facilitator_invite?: string;
  title?: string;
  joined_at: string;
  /** What the server said when this browser last asked (the start page's list). */
  phase?: string;
  status?: "live" | "finished";
  last_activity?: string;
  /** The server answered that the workshop was deleted: kept until the user forgets it. */
  deleted?: boolean;
}

const KEY = "obeya.membership.";
const LINKS = "obeya.links.";

function read<T>(key: string): T | null {
  try {
    const raw = localStorage.getItem(key);
    return raw ? (JSON.parse(raw) as T) : null;
  } catch {
    return null;
  }
}

function write(key: string, value: unknown): void {
  try {
    localStorage.setItem(key, JSON.stringify(value));
  } catch {
    /* private mode or full storage: the session still works until reload */
  }
}

export const membership = (workshopId: string) => read<Membership>(KEY + workshopId);
export const saveMembership = (workshopId: string, m: Membership) => write(KEY + workshopId, m);
export const forgetMembership = (workshopId: string) => localStorage.removeItem(KEY + workshopId);
export function updateMembership(workshopId: string, patch: Partial<Membership>): void {
  const m = membership(workshopId);
  if (m) saveMembership(workshopId, { ...m, ...patch });
}

export function recentWorkshops(): { id: string; m: Membership }[] {
  const out: { id: string; m: Membership }[] = [];
  for (let i = 0; i < localStorage.length; i++) {
    const key = localStorage.key(i);
    if (!key?.startsWith(KEY)) continue;
    const m = read<Membership>(key);
    if (m) out.push({ id: key.slice(KEY.length), m });
  }
  return out.sort((a, b) => b.m.joined_at.localeCompare(a.m.joined_at));
}

/** Invite links are shown once by the server (tokens are stored hashed): keep them here. */
export const savedLinks = (workshopId: string) => read<Record<string, string>>(LINKS + workshopId) ?? {};
export function saveLink(workshopId: string, inviteId: string, link: string): void {
  write(LINKS + workshopId, { ...savedLinks(workshopId), [inviteId]: link });
}

export const storedLanguage = () => read<string>("obeya.lang");
export const storeLanguage = (lang: string) => write("obeya.lang", lang);
