"""When a board's analysis fails unexpectedly, every client is told the figures are stale
(ledger ``analysis.error``), the last good figures stay, and the next good run clears it.

No client input makes a reader fail any more (see ``test_arbitrary_documents.py``), so the
failure is injected into a real server process: a ``sitecustomize`` on its ``PYTHONPATH``
makes the notes analysis raise while the free text contains a marker.
"""

from __future__ import annotations

import json
import textwrap
from collections.abc import Iterator
from pathlib import Path

import pytest
from pycrdt import Map, Text

from boards import ledger as ledger_layout
from tests.support.server import Server
from tests.support.workshop import make_workshop
from tests.support.yclient import YClient

pytestmark = pytest.mark.anyio
MARKER = "💥"

FAULT = f"""
import boards.notes as notes

_analyse = notes.NotesKind.analyse


def analyse(self, snapshot):
    if {MARKER!r} in snapshot.text:
        raise RuntimeError("injected analysis fault")
    return _analyse(self, snapshot)


notes.NotesKind.analyse = analyse
"""


@pytest.fixture
def faulty(tmp_path: Path) -> Iterator[Server]:
    inject = tmp_path / "inject"
    inject.mkdir()
    (inject / "sitecustomize.py").write_text(textwrap.dedent(FAULT))
    srv = Server(tmp_path / "data", env={"PYTHONPATH": str(inject)}).start()
    try:
        yield srv
    finally:
        srv.stop()


def state(client: YClient) -> tuple[int | None, str]:
    """The live word count, and the analysis error."""
    target = client.doc.get("analysis", type=Map)
    raw, error = target.get("json"), target.get("error")
    words = json.loads(raw)["words"] if isinstance(raw, str) else None
    return words, error if isinstance(error, str) else ""


async def test_a_failing_analysis_is_published_then_cleared(faulty: Server) -> None:
    setup = make_workshop(faulty, kind="notes", language="en")
    token = setup.facilitator
    async with YClient(setup.ws(token)) as content, YClient(setup.ws(token, "ledger")) as ledger:
        await content.synced.wait()
        await ledger.synced.wait()
        text = content.doc.get("text", type=Text)
        text += "three good words"
        await ledger.wait_for(lambda: state(ledger) == (3, ""))

        text += f" {MARKER}"
        await ledger.wait_for(lambda: state(ledger)[1] == "failed", timeout=10)
        # the last good figures stay, flagged as stale
        assert state(ledger)[0] == 3
        status, board = faulty.request("GET", f"/api/boards/{setup.board_id}", token=token)
        assert status == 200 and board["analysis_error"] == "failed"
        assert board["analysis"]["words"] == 3
        # the export still goes through, saying the figures could not be computed
        status, exported = faulty.request(
            "GET", f"/api/workshops/{setup.workshop_id}/export/json", token=token
        )
        assert status == 200
        (notes,) = [b for b in exported["boards"] if b["kind"] == "notes"]
        assert notes["analysis_error"] == "failed"

        with content.doc.transaction():
            del text[0 : len(text)]
            text += "fixed now"
        await ledger.wait_for(lambda: state(ledger) == (2, ""))
    status, board = faulty.request("GET", f"/api/boards/{setup.board_id}", token=token)
    assert board["analysis_error"] == ""
    assert "injected analysis fault" in faulty.log()


def test_an_unchanged_analysis_after_an_error_clears_it() -> None:
    from pycrdt import Doc

    from boards.notes import NotesAnalysis

    ledger: Doc = Doc()
    good = NotesAnalysis(stickies=0, words=1)
    assert ledger_layout.write_analysis(ledger, good)
    assert ledger_layout.write_analysis_error(ledger, "failed")
    assert not ledger_layout.write_analysis_error(ledger, "failed")  # no update for nothing
    assert ledger_layout.analysis_error(ledger) == "failed"
    assert ledger_layout.write_analysis(ledger, good)  # same figures, but now current again
    assert ledger_layout.analysis_error(ledger) == ""
    assert not ledger_layout.write_analysis(ledger, good)
