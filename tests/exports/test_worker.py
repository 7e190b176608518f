"""The render worker process (``python -m exports.worker``) as its parents use it."""

from __future__ import annotations

import io

from pypdf import PdfReader

from exports.worker import RenderProcess

SNAPSHOT = {"workshop": {"title": "Worker", "language": "en"}, "boards": []}


def test_a_worker_answers_each_task_whole_and_exits_after_its_last() -> None:
    worker = RenderProcess(tasks=2)
    try:
        first = worker.render(SNAPSHOT)
        assert worker.process.poll() is None  # one task left: it waits for it
        last = worker.render({**SNAPSHOT, "workshop": {"title": "Last", "language": "en"}})
        # it ends right after the last answer, which arrived whole
        assert worker.process.wait(timeout=30) == 0
    finally:
        worker.close()
    for pdf, title in ((first, "Worker"), (last, "Last")):
        assert pdf.startswith(b"%PDF") and pdf.rstrip().endswith(b"%%EOF")
        assert title in PdfReader(io.BytesIO(pdf)).pages[1].extract_text()
