"""A process that renders PDF reports for its parent: ``python -m exports.worker``.

The renderer (WeasyPrint, Pango, the CJK fonts) is the memory-hungry part of an export, so it
lives in a process of its own that imports nothing else: not the server, the database or the
statistics the snapshot was built with. The parent writes a projected snapshot, the worker
answers with the PDF; frames are an 8-byte length and a pickle, over the worker's stdin and
stdout (a private pipe between two processes of the same program: never user input).
A worker renders ``--tasks`` reports, then exits so its memory goes back to the system; with
``--idle`` it also exits after that many seconds without a request.
"""

from __future__ import annotations

import contextlib
import os
import pickle
import select
import struct
import subprocess
import sys
import time
from typing import IO, Any

HEADER = struct.Struct(">Q")


class WorkerDied(RuntimeError):
    """The worker ended without answering (killed, out of memory)."""


class RenderFailed(RuntimeError):
    """The render raised; the message is the worker's exception."""


def _send(stream: IO[bytes], value: Any) -> None:
    data = pickle.dumps(value, protocol=pickle.HIGHEST_PROTOCOL)
    stream.write(HEADER.pack(len(data)) + data)
    stream.flush()


def _receive(stream: IO[bytes]) -> Any:
    header = stream.read(HEADER.size)
    if len(header) < HEADER.size:
        raise EOFError
    size = HEADER.unpack(header)[0]
    data = stream.read(size)
    if len(data) < size:
        raise EOFError
    return pickle.loads(data)


class RenderProcess:
    """The parent's handle on one worker. Not thread-safe: one render at a time."""

    def __init__(self, tasks: int = 1, warm: bool = False, idle_seconds: float = 0) -> None:
        command = [sys.executable, "-m", "exports.worker", "--tasks", str(tasks)]
        if idle_seconds:
            command += ["--idle", str(idle_seconds)]
        self.idle_seconds = idle_seconds
        self.last_used = time.monotonic()
        self.process = subprocess.Popen(
            [*command, "--warm"] if warm else command,
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            cwd=os.path.dirname(os.path.dirname(os.path.abspath(__file__))),
        )
        self.left = tasks
        self.peak_rss_bytes = 0  # of the worker, as it reported after its last render

    @property
    def usable(self) -> bool:
        # an idle worker leaves by itself after idle_seconds: never send it one just then
        idle = time.monotonic() - self.last_used
        if self.idle_seconds and idle > 0.8 * self.idle_seconds:
            return False
        return self.left > 0 and self.process.poll() is None

    def render(self, snapshot: dict[str, Any], fork: bool = False, role: str = "") -> bytes:
        """The report's PDF; with ``fork``, the worker renders half of it in a forked copy
        of itself at the same time (``exports/split.py``): twice the CPU for a moment, for
        ~40 % less waiting, worth it when the machine has a core to spare. With ``role``,
        the worker projects the snapshot for it first (``exports/projection.py``, whose
        modules a warm worker holds: ``obeya export`` need not import them)."""
        assert self.process.stdin is not None and self.process.stdout is not None
        self.left -= 1
        try:
            _send(self.process.stdin, {"snapshot": snapshot, "fork": fork, "role": role})
            answer = _receive(self.process.stdout)
        except (BrokenPipeError, EOFError, OSError):
            self.close()
            raise WorkerDied(f"the report worker ended (exit code {self.process.poll()})") from None
        self.last_used = time.monotonic()
        if answer[0] == "error":
            raise RenderFailed(answer[1])
        self.peak_rss_bytes = answer[2]
        pdf: bytes = answer[1]
        return pdf

    def close(self, timeout: float = 5) -> None:
        if self.process.stdin is not None and not self.process.stdin.closed:
            with contextlib.suppress(OSError):  # the worker exits at the end of its input
                self.process.stdin.close()
        try:
            self.process.wait(timeout)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()
        if self.process.stdout is not None:
            self.process.stdout.close()


def peak_rss_bytes() -> int:
    import resource

    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024  # Linux: KiB


def serve(tasks: int, warm: bool, idle_seconds: float = 0) -> None:
    requests, answers = sys.stdin.buffer, sys.stdout.buffer
    sys.stdout = sys.stderr  # anything printed by a library must not corrupt the frames
    from .pdf import release_memory, render_pdf_uncollected, warm_up
    from .projection import project

    if warm:
        warm_up()
    for task in range(tasks):
        if idle_seconds and not select.select([requests], [], [], idle_seconds)[0]:
            return  # unused for that long: give the memory back
        try:
            request = _receive(requests)
        except EOFError:
            return
        try:
            snapshot = request["snapshot"]
            if request["role"]:
                snapshot = project(snapshot, request["role"])
            pdf = render_pdf_uncollected(snapshot, fork=request["fork"])
            del snapshot
            answer: tuple[Any, ...] = ("pdf", pdf, peak_rss_bytes())
            del pdf
        except Exception as exc:  # the parent reports it; the worker goes on serving
            answer = ("error", repr(exc)[:1000])
        _send(answers, answer)
        del answer, request
        if task == tasks - 1:
            # The last answer is sent: end now, and the memory goes with the process. The
            # collection and the interpreter's teardown of a render's heap took 0.4-0.6 s,
            # which ``obeya export`` waited for (it waits for its worker to exit).
            sys.stderr.flush()
            os._exit(0)
        # after the answer: the collection and malloc_trim (0.3-0.8 s) delay no one
        release_memory()


def main() -> None:
    import argparse

    parser = argparse.ArgumentParser(prog="python -m exports.worker", description=__doc__)
    parser.add_argument("--tasks", type=int, default=1, help="renders before exiting [1]")
    parser.add_argument("--warm", action="store_true", help="warm up before the first request")
    parser.add_argument("--idle", type=float, default=0, help="exit when idle this long [never]")
    args = parser.parse_args()
    serve(max(1, args.tasks), args.warm, max(0.0, args.idle))


if __name__ == "__main__":
    main()
