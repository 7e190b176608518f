"""Throwaway PostgreSQL and Redis servers on free loopback ports, for tests.

``postgres_server()`` and ``redis_server()`` start a private server in a temporary
directory, yield its URL, then stop it and remove the directory. When the server's
binaries are not installed the test is skipped -- unless the ``CI`` environment variable
is set, where a missing server is an install bug and fails the test instead.
"""

from __future__ import annotations

import glob
import os
import pwd
import shutil
import signal
import socket
import subprocess
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import NoReturn

import pytest

START_TIMEOUT = 30.0


def in_ci() -> bool:
    """True when the ``CI`` environment variable is set to anything but empty/0/false."""
    return os.environ.get("CI", "").strip().lower() not in ("", "0", "false", "no")


def unavailable(reason: str) -> NoReturn:
    """Skip the current test, or fail it under CI, where every service must be installed."""
    if in_ci():
        pytest.fail(f"{reason} (CI is set: services must be installed, run ./setup.sh)")
    pytest.skip(reason)


def free_port() -> int:
    """A TCP port on 127.0.0.1 that nothing listens on right now."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
        return port


def find_redis_server() -> str | None:
    """Path of ``redis-server``, or None."""
    return shutil.which("redis-server")


def find_postgres_bindir() -> Path | None:
    """The newest ``/usr/lib/postgresql/*/bin`` holding initdb and pg_ctl, or PATH's."""
    candidates = sorted(
        glob.glob("/usr/lib/postgresql/*/bin"),
        key=lambda p: int(Path(p).parent.name) if Path(p).parent.name.isdigit() else 0,
        reverse=True,
    )
    on_path = shutil.which("pg_ctl")
    if on_path:
        candidates.append(str(Path(on_path).parent))
    for candidate in candidates:
        bindir = Path(candidate)
        if all((bindir / tool).is_file() for tool in ("initdb", "pg_ctl", "createdb")):
            return bindir
    return None


def _log_tail(path: Path, lines: int = 40) -> str:
    try:
        return "\n".join(path.read_text(errors="replace").splitlines()[-lines:])
    except OSError:
        return "(no log)"


def _dead(pidfile: Path) -> bool:
    """True when the pid file names a process that no longer runs."""
    try:
        pid = int(pidfile.read_text().strip())
    except (OSError, ValueError):
        return False
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return True
    return False


def _wait_for_redis(port: int, pidfile: Path, log: Path) -> None:
    deadline = time.monotonic() + START_TIMEOUT
    while time.monotonic() < deadline:
        if _dead(pidfile):
            raise RuntimeError(f"redis-server exited on port {port}:\n{_log_tail(log)}")
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=1) as sock:
                sock.sendall(b"PING\r\n")
                if sock.recv(64).startswith(b"+PONG"):
                    return
        except OSError:
            pass
        time.sleep(0.05)
    raise RuntimeError(f"redis-server did not answer on port {port}:\n{_log_tail(log)}")


def _kill_redis(pidfile: Path, port: int) -> None:
    """SIGKILL (it keeps no data; SIGTERM takes a second), then wait for the port to close."""
    try:
        os.kill(int(pidfile.read_text().strip()), signal.SIGKILL)
    except (OSError, ValueError):
        return
    deadline = time.monotonic() + 10
    while time.monotonic() < deadline:
        try:
            socket.create_connection(("127.0.0.1", port), timeout=1).close()
        except OSError:
            return
        time.sleep(0.01)


@contextmanager
def redis_server() -> Iterator[str]:
    """Start a throwaway Redis and yield ``redis://127.0.0.1:PORT/0``."""
    binary = find_redis_server()
    if binary is None:
        unavailable("redis-server is not installed (apt-get install redis-server)")
    workdir = Path(tempfile.mkdtemp(prefix="obeya-redis-"))
    pidfile, log = workdir / "redis.pid", workdir / "redis.log"
    port = free_port()
    try:
        options = f"--bind 127.0.0.1 --port {port} --appendonly no --daemonize yes".split()
        files = ["--pidfile", str(pidfile), "--dir", str(workdir), "--logfile", str(log)]
        _run([binary, *options, "--save", "", *files], "redis-server", log)
        _wait_for_redis(port, pidfile, log)
        yield f"redis://127.0.0.1:{port}/0"
    finally:
        _kill_redis(pidfile, port)
        shutil.rmtree(workdir, ignore_errors=True)


def _postgres_user() -> tuple[list[str], int, int] | None:
    """Command prefix and uid/gid to run PostgreSQL as: initdb refuses to run as root."""
    if os.geteuid() != 0:
        return [], os.getuid(), os.getgid()
    runuser = shutil.which("runuser")
    try:
        entry = pwd.getpwnam("postgres")
    except KeyError:
        return None
    if runuser is None:
        return None
    return [runuser, "-u", "postgres", "--"], entry.pw_uid, entry.pw_gid


def _run(cmd: list[str], what: str, log: Path | None = None) -> None:
    result = subprocess.run(cmd, capture_output=True, text=True, timeout=START_TIMEOUT * 2)
    if result.returncode != 0:
        tail = _log_tail(log) if log else ""
        raise RuntimeError(
            f"{what} failed ({result.returncode}): {result.stdout}{result.stderr}{tail}"
        )


@contextmanager
def postgres_server() -> Iterator[str]:
    """Start a throwaway PostgreSQL and yield ``postgresql+psycopg://postgres@…/obeya``."""
    bindir = find_postgres_bindir()
    if bindir is None:
        unavailable("PostgreSQL server binaries not found (apt-get install postgresql)")
    user = _postgres_user()
    if user is None:
        unavailable("running as root needs runuser and a 'postgres' user to run initdb")
    prefix, uid, gid = user
    # Root's TMPDIR may not be reachable by the postgres user; /tmp always is.
    workdir = Path(tempfile.mkdtemp(prefix="obeya-pg-", dir="/tmp" if prefix else None))
    workdir.chmod(0o755)
    os.chown(workdir, uid, gid)
    data, log = workdir / "data", workdir / "postgres.log"
    port = free_port()
    pg_ctl = [*prefix, str(bindir / "pg_ctl"), "-D", str(data)]
    started = False
    try:
        initdb = ["-U", "postgres", "-A", "trust", "-E", "UTF8", "--no-locale", "--no-sync"]
        _run([*prefix, str(bindir / "initdb"), "-D", str(data), *initdb], "initdb")
        options = (
            f"-c listen_addresses=127.0.0.1 -p {port} -k {workdir} -c fsync=off"
            " -c synchronous_commit=off -c full_page_writes=off"
        )
        started = True
        _run(
            [*pg_ctl, "-w", "-t", str(int(START_TIMEOUT)), "-l", str(log), "-o", options, "start"],
            "pg_ctl start",
            log,
        )
        target = f"-h 127.0.0.1 -p {port} -U postgres".split()
        _run([str(bindir / "createdb"), *target, "obeya"], "createdb", log)
        yield f"postgresql+psycopg://postgres@127.0.0.1:{port}/obeya"
    finally:
        if started:
            subprocess.run(
                [*pg_ctl, "-m", "immediate", "-w", "stop"],
                capture_output=True,
                timeout=START_TIMEOUT,
            )
        shutil.rmtree(workdir, ignore_errors=True)
