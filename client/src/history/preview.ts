// A read-only preview of a checkpoint in the board's normal view: the version's content
// document, loaded into a fresh Y.Doc that is connected to nothing, beside the live ledger.
import * as Y from "yjs";
import { Awareness } from "y-protocols/awareness";
import type { BoardConnection } from "../sync/connection";

export function previewConnection(live: BoardConnection, update: Uint8Array): BoardConnection {
  const content = new Y.Doc();
  Y.applyUpdate(content, update);
  const awareness = new Awareness(content);
  awareness.setLocalState(null); // nobody is "here" in a past version
  const preview = {
    boardId: live.boardId,
    content,
    ledger: live.ledger,
    awareness,
    contentProvider: live.contentProvider,
    ledgerProvider: live.ledgerProvider,
    status: "live",
    closeCode: 0,
    synced: true,
    onChange: () => () => {},
    destroy: () => {
      awareness.destroy();
      content.destroy();
    },
  };
  return preview as unknown as BoardConnection;
}
