// "Download BPMN": one state of the map as a BPMN 2.0 file from the export route (facilitators,
// and viewers when the facilitator allows exports; docs/boards/vsm.md).
import { ApiError } from "../../../api";
import type { State } from "../schema";

export async function downloadBpmn(workshopId: string, boardId: string, state: State, token: string, title: string): Promise<void> {
  const path = `/api/workshops/${encodeURIComponent(workshopId)}/export/bpmn?board=${encodeURIComponent(boardId)}&state=${state}`;
  let response: Response;
  try {
    response = await fetch(path, { headers: { Authorization: `Bearer ${token}` } });
  } catch (error) {
    throw new ApiError(0, "network", "Network error", String(error));
  }
  if (!response.ok) {
    const body = (await response.json().catch(() => ({}))) as Record<string, unknown>;
    throw new ApiError(
      response.status,
      typeof body.code === "string" ? body.code : `http_${response.status}`,
      response.statusText,
      String(body.detail ?? ""),
    );
  }
  const url = URL.createObjectURL(await response.blob());
  const a = document.createElement("a");
  a.href = url;
  a.download = `${title.replace(/[\\/:*?"<>|]+/g, " ").trim() || "map"} ${state}.bpmn`;
  document.body.appendChild(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 1000);
}
