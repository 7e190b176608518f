"""Live analysis: after a board's documents change, recompute the kind's analysis into its
ledger, debounced (quiet for ``debounce`` seconds, or at most ``max_wait`` after the first
change) so a burst of keystrokes costs one recomputation."""

from __future__ import annotations

import logging
import time
from collections.abc import Callable
from typing import Any

import anyio

from boards import ledger as ledger_layout
from boards.registry import get_kind

from .hub import Hub
from .room import Origin, Room
from .store import StorageUnavailable

log = logging.getLogger("obeya.analysis")
ANALYSIS_FAILED = "failed"
RETRY_SECONDS = 2.0


class Analyst:
    def __init__(self, hub: Hub) -> None:
        self.hub = hub
        self._pending: dict[str, float] = {}  # board id -> time of the first unanalysed change
        self._last: dict[str, float] = {}
        self.runs = 0
        self.failures = 0

    def on_change(self, room: Room, origins: set[Origin]) -> None:
        if origins <= {Origin.analysis, Origin.remote}:  # the writing process analyses
            return
        now = time.monotonic()
        self._last[room.board_id] = now
        if room.board_id not in self._pending:
            self._pending[room.board_id] = now
            self.hub.tg.start_soon(self._debounced, room.board_id)

    async def _debounced(self, board_id: str) -> None:
        settings = self.hub.settings
        while True:
            now = time.monotonic()
            quiet_at = self._last[board_id] + settings.analysis_debounce_seconds
            latest = self._pending[board_id] + settings.analysis_max_wait_seconds
            wake = min(quiet_at, latest)
            if now >= wake:
                break
            await anyio.sleep(wake - now)
        del self._pending[board_id]
        del self._last[board_id]  # a later change starts a new debounce; nothing kept per board
        try:
            await self.refresh(board_id)
        except StorageUnavailable as exc:
            # The change is stored but not analysed: try again until storage answers, or a
            # ledger would show a stale analysis once the outage is over.
            log.warning("analysis postponed", extra={"board": board_id, "error": str(exc)})
            await anyio.sleep(RETRY_SECONDS)
            if board_id not in self._pending:  # a newer change schedules it already
                self._last[board_id] = self._pending[board_id] = time.monotonic()
                self.hub.tg.start_soon(self._debounced, board_id)
        except Exception:
            log.exception("analysis failed", extra={"board": board_id})

    async def refresh(self, board_id: str) -> bool:
        found = await self.hub.board(board_id)
        if found is None:
            return False
        kind = get_kind(found[0].kind)
        async with (
            self.hub.rooms.hold(board_id, "content") as content,
            self.hub.rooms.hold(board_id, "ledger") as ledger,
        ):
            write: Callable[[Any], bool]
            try:
                analysis = kind.analyse(kind.read(content.doc, ledger.doc))
            except Exception:
                # A bug, not bad input (readers take anything): log it, and tell every
                # client the figures are stale instead of letting them freeze silently.
                log.exception("analysis failed", extra={"board": board_id})
                self.failures += 1

                def write(doc: Any) -> bool:
                    return ledger_layout.write_analysis_error(doc, ANALYSIS_FAILED)
            else:

                def write(doc: Any) -> bool:
                    return ledger_layout.write_analysis(doc, analysis)

            changed: bool = await ledger.change(write, origin=Origin.analysis)
        self.runs += 1
        return changed
