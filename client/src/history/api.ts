// Version history of a board (docs/api.md, "Version history"): checkpoints of its content
// document, a read-only preview of one, restores as new forward changes.
import { ApiError, request } from "../api";

export interface Checkpoint {
  id: string;
  created_at: string;
  kind: "auto" | "named" | "before-restore";
  /** what took an automatic one: "burst", "import", "phase:<phase>" */
  reason: string;
  name: string;
  authors: string[];
  /** per root of the content document: items added, removed, changed since the one before */
  summary: Record<string, { added?: number; removed?: number; changed?: number }>;
  bytes: number;
}

export interface DeletedItem {
  root: string;
  id: string;
  label: string;
}

const base = (boardId: string) => `/api/boards/${encodeURIComponent(boardId)}/checkpoints`;

export const listCheckpoints = (boardId: string, token: string) => request<Checkpoint[]>("GET", base(boardId), { token });

export const nameCheckpoint = (boardId: string, name: string, token: string) =>
  request<Checkpoint>("POST", base(boardId), { token, body: { name } });

export const deletedItems = (boardId: string, id: string, token: string) =>
  request<DeletedItem[]>("GET", `${base(boardId)}/${encodeURIComponent(id)}/deleted`, { token });

export const restoreBoard = (boardId: string, id: string, token: string) =>
  request<{ counts: { restored: number; reverted: number }; before_restore: Checkpoint }>(
    "POST",
    `${base(boardId)}/${encodeURIComponent(id)}/restore`,
    { token, body: {} },
  );

export const restoreItem = (boardId: string, id: string, item: DeletedItem, token: string) =>
  request<unknown>("POST", `${base(boardId)}/${encodeURIComponent(id)}/restore-item`, {
    token,
    body: { root: item.root, id: item.id },
  });

/** The version's content document as one Yjs update. */
export async function checkpointState(boardId: string, id: string, token: string): Promise<Uint8Array> {
  let response: Response;
  try {
    response = await fetch(`${base(boardId)}/${encodeURIComponent(id)}`, {
      headers: { Authorization: `Bearer ${token}` },
    });
  } catch (error) {
    throw new ApiError(0, "network", "Network error", String(error));
  }
  if (!response.ok) throw new ApiError(response.status, `http_${response.status}`, response.statusText, "");
  return new Uint8Array(await response.arrayBuffer());
}
