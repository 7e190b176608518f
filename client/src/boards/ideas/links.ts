// What an idea can address: the root causes on the workshop's fishbone boards and the steps on
// its value-stream maps, read from each board's snapshot over HTTP (GET /api/boards/{id}).
import { useCallback, useEffect, useState } from "preact/hooks";
import { request } from "../../api";
import type { WorkshopCtx } from "../workshop/context";

export interface LinkTarget {
  id: string;
  label: string;
  /** the board it is on (shown when the workshop has several) */
  board: string;
  /** nesting depth (sub-causes) or "current"/"future" state of a step */
  depth: number;
  state?: "current" | "future";
  root?: boolean;
}

export interface LinkTargets {
  causes: LinkTarget[];
  steps: LinkTarget[];
  loaded: boolean;
}

interface BoardAnswer {
  title: string;
  kind: string;
  snapshot: Record<string, unknown> | null;
}

const str = (v: unknown) => (typeof v === "string" ? v : "");
const list = (v: unknown): Record<string, unknown>[] => (Array.isArray(v) ? v.filter((x) => x && typeof x === "object") : []);

function causesOf(answer: BoardAnswer): LinkTarget[] {
  return list(answer.snapshot?.causes).map((c) => ({
    id: str(c.id),
    label: str(c.text),
    board: answer.title,
    depth: typeof c.depth === "number" ? c.depth : 1,
    root: c.root === true,
  }));
}

function stepsOf(answer: BoardAnswer): LinkTarget[] {
  const out: LinkTarget[] = [];
  for (const state of ["current", "future"] as const) {
    const part = answer.snapshot?.[state] as Record<string, unknown> | undefined;
    for (const s of list(part?.steps)) out.push({ id: str(s.id), label: str(s.name), board: answer.title, depth: 1, state });
  }
  return out;
}

export function useLinkTargets(w: WorkshopCtx): LinkTargets & { reload: () => void } {
  const [targets, setTargets] = useState<LinkTargets>({ causes: [], steps: [], loaded: false });
  const boards = w.info.boards.filter((b) => b.kind === "fishbone" || b.kind === "vsm");
  const key = boards.map((b) => b.id).join(",");
  const reload = useCallback(async () => {
    const answers = await Promise.all(
      boards.map((b) => request<BoardAnswer>("GET", `/api/boards/${encodeURIComponent(b.id)}`, { token: w.token }).catch(() => null)),
    );
    const causes: LinkTarget[] = [];
    const steps: LinkTarget[] = [];
    for (const a of answers) {
      if (!a) continue;
      if (a.kind === "fishbone") causes.push(...causesOf(a));
      if (a.kind === "vsm") steps.push(...stepsOf(a));
    }
    setTargets({ causes: causes.filter((c) => c.id), steps: steps.filter((s) => s.id), loaded: true });
  }, [key, w.token]);
  useEffect(() => void reload(), [reload]);
  return { ...targets, reload: () => void reload() };
}
