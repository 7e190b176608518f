"""The import in its own process: ``python -m boards.vsm.eventlog.worker`` reads one job (JSON)
on stdin and writes JSON lines on stdout: ``{"stage", "progress"}`` while it works, then
``{"result": EventLogAnalysis, "peak_rss": bytes}`` or ``{"problem": {"code", "detail",
"params"}}``. The job may carry the upload's preview (``shown``: format, columns, encoding,
delimiter; the server read the file whole once for them). A job ``{"preview": path, "name"}`` answers ``{"preview": Preview}`` (an XLSX
preview loads polars, which the server process does not).

A process, not a thread: polars releases the GIL for most of its work (in a thread the
event loop was late by p99 32 ms, at most 110 ms: bench/README.md), but the analysis takes
~500 MB that a long-lived server would keep, and a process can be killed at its deadline and
runs at a lower priority than the rooms."""

from __future__ import annotations

import dataclasses
import json
import os
import resource
import sys
import tempfile
from pathlib import Path
from typing import Any

from .analyse import FileInfo, import_log
from .model import Mapping
from .readers import LogProblem, Preview, preview

NICENESS = 10


def _say(message: dict[str, Any]) -> None:
    sys.stdout.write(json.dumps(message, ensure_ascii=False) + "\n")
    sys.stdout.flush()


def peak_rss() -> int:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024  # Linux: KiB


def run(job: dict[str, Any]) -> dict[str, Any]:
    if "preview" in job:
        try:
            shown = preview(Path(job["preview"]), job["name"])
        except LogProblem as exc:
            return {"problem": {"code": exc.code, "detail": exc.detail, "params": exc.params}}
        return {"preview": dataclasses.asdict(shown)}
    info = FileInfo(**job["info"])
    mapping = Mapping.model_validate(job["mapping"])
    with tempfile.TemporaryDirectory(prefix="obeya-eventlog-") as scratch:
        try:
            analysis = import_log(
                Path(job["path"]),
                info,
                mapping,
                job["timezone"],
                Path(scratch),
                lambda stage, progress: _say({"stage": stage, "progress": progress}),
                Preview(**job["shown"]) if job.get("shown") else None,
            )
        except LogProblem as exc:
            return {"problem": {"code": exc.code, "detail": exc.detail, "params": exc.params}}
    return {"result": analysis.model_dump(mode="json"), "peak_rss": peak_rss()}


def main() -> None:
    job = json.loads(sys.stdin.read())
    # below the server's priority: the rooms' event loop gets the cores when it needs them
    os.nice(max(0, min(19, int(job.get("niceness", NICENESS)))))
    _say(run(job))


if __name__ == "__main__":
    main()
