"""Throwaway PostgreSQL and Redis for the benchmark's multi-process targets.

    .venv/bin/python bench/services.py [--no-redis] [--no-postgres]

Starts the servers with the test suite's context managers (``tests/support/services.py``:
private data directory, free loopback port, fsync off), prints ONE line of JSON on stdout

    {"database_url": "postgresql+psycopg://…", "redis_url": "redis://…",
     "pids": {"postgres": 123, "redis": 456}}

(pids of the listening processes, so the harness can meter their CPU), then stays alive until
SIGTERM/SIGINT or until its stdin closes (the harness died), and stops and removes both. On
failure it prints ``{"error": "…"}`` and exits 1.
"""

from __future__ import annotations

import argparse
import json
import os
import signal
import sys
import threading
from contextlib import ExitStack
from pathlib import Path
from urllib.parse import urlsplit

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))


def listening_pid(port: int) -> int | None:
    """Pid of the process holding a LISTEN socket on 127.0.0.1:port (reads /proc)."""
    inodes: set[str] = set()
    for table in ("/proc/net/tcp", "/proc/net/tcp6"):
        try:
            lines = Path(table).read_text().splitlines()[1:]
        except OSError:
            continue
        for line in lines:
            fields = line.split()
            local, state, inode = fields[1], fields[3], fields[9]
            if state == "0A" and int(local.rsplit(":", 1)[1], 16) == port:
                inodes.add(inode)
    if not inodes:
        return None
    wanted = {f"socket:[{i}]" for i in inodes}
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            fds = os.listdir(f"/proc/{entry}/fd")
        except OSError:
            continue
        for fd in fds:
            try:
                if os.readlink(f"/proc/{entry}/fd/{fd}") in wanted:
                    return int(entry)
            except OSError:
                continue
    return None


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--no-redis", action="store_true")
    parser.add_argument("--no-postgres", action="store_true")
    args = parser.parse_args()

    stop = threading.Event()
    signal.signal(signal.SIGTERM, lambda *_: stop.set())
    signal.signal(signal.SIGINT, lambda *_: stop.set())

    def watch_stdin() -> None:
        try:
            while sys.stdin.buffer.read(4096):
                pass
        except OSError:
            pass
        stop.set()

    from tests.support import services  # imports pytest: skip() raises its Skipped

    with ExitStack() as stack:
        out: dict[str, object] = {"pids": {}}
        pids: dict[str, int | None] = {}
        try:
            if not args.no_postgres:
                url = stack.enter_context(services.postgres_server())
                out["database_url"] = url
                pids["postgres"] = listening_pid(urlsplit(url).port or 0)
            if not args.no_redis:
                url = stack.enter_context(services.redis_server())
                out["redis_url"] = url
                pids["redis"] = listening_pid(urlsplit(url).port or 0)
        except BaseException as e:  # pytest's Skipped derives from BaseException
            print(json.dumps({"error": f"{type(e).__name__}: {e}"}), flush=True)
            return 1
        out["pids"] = pids
        print(json.dumps(out), flush=True)
        threading.Thread(target=watch_stdin, daemon=True).start()
        while not stop.wait(0.5):
            pass
    return 0


if __name__ == "__main__":
    sys.exit(main())
