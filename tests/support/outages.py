"""Dependencies a fault test may break: a Redis it kills and restarts, a PostgreSQL it stops
and starts, a small tmpfs it fills; and a watch on ``/readyz`` recording what it answered."""

from __future__ import annotations

import asyncio
import os
import shutil
import signal
import subprocess
import time
from dataclasses import dataclass, field
from pathlib import Path

from tests.support import services
from tests.support.server import Server
from tests.support.services import free_port, unavailable


class Redis:
    """A Redis on a fixed port that can be SIGKILLed and started again on the same port."""

    def __init__(self, workdir: Path) -> None:
        binary = services.find_redis_server()
        if binary is None:
            unavailable("redis-server is not installed (apt-get install redis-server)")
        self.binary, self.workdir, self.port = str(binary), workdir, free_port()
        self.process: subprocess.Popen[bytes] | None = None

    @property
    def url(self) -> str:
        return f"redis://127.0.0.1:{self.port}/0"

    def start(self) -> None:
        self.workdir.mkdir(parents=True, exist_ok=True)
        options = ["--bind", "127.0.0.1", "--port", str(self.port), "--save", ""]
        self.process = subprocess.Popen(
            [self.binary, *options, "--appendonly", "no", "--dir", str(self.workdir)],
            stdout=subprocess.DEVNULL,
        )
        services._wait_for_redis(self.port, self.workdir / "no.pid", self.workdir / "no.log")

    def pause(self) -> None:
        """SIGSTOP: a hung Redis (the kernel still accepts connections)."""
        assert self.process is not None
        self.process.send_signal(signal.SIGSTOP)

    def resume(self) -> None:
        assert self.process is not None
        self.process.send_signal(signal.SIGCONT)

    def kill(self) -> None:
        if self.process is not None and self.process.poll() is None:
            self.process.kill()
            self.process.wait()


@dataclass
class Postgres:
    """A throwaway PostgreSQL this test may stop and start again."""

    workdir: Path
    url: str = ""
    pg_ctl: list[str] = field(default_factory=list)
    options: str = ""

    def __post_init__(self) -> None:
        bindir, user = services.find_postgres_bindir(), services._postgres_user()
        if bindir is None or user is None:
            unavailable("PostgreSQL server binaries (and a postgres user when root) are needed")
        prefix, uid, gid = user
        self.workdir.mkdir(mode=0o755)
        os.chown(self.workdir, uid, gid)
        port, data = free_port(), str(self.workdir / "data")
        self.pg_ctl = [*prefix, str(bindir / "pg_ctl"), "-D", data]
        initdb = [*prefix, str(bindir / "initdb"), "-D", data, "-U", "postgres", "-A", "trust"]
        services._run([*initdb, "-E", "UTF8", "--no-locale", "--no-sync"], "initdb")
        self.options = f"-c listen_addresses=127.0.0.1 -p {port} -k {self.workdir} -c fsync=off"
        self.start(log=str(self.workdir / "pg.log"))
        target = f"-h 127.0.0.1 -p {port} -U postgres".split()
        services._run([str(bindir / "createdb"), *target, "obeya"], "createdb")
        self.url = f"postgresql+psycopg://postgres@127.0.0.1:{port}/obeya"

    def start(self, log: str = "/dev/null") -> None:
        services._run([*self.pg_ctl, "-w", "-l", log, "-o", self.options, "start"], "pg start")

    def stop(self, mode: str = "fast") -> None:
        subprocess.run([*self.pg_ctl, "-m", mode, "-w", "stop"], capture_output=True)

    def remove(self) -> None:
        """Stop at once and delete the cluster."""
        self.stop("immediate")
        shutil.rmtree(self.workdir, ignore_errors=True)

    def _processes(self) -> list[int]:
        """The postmaster (its pid file) and its children: every process of this cluster."""
        postmaster = (self.workdir / "data" / "postmaster.pid").read_text().split()[0]
        children = subprocess.run(
            ["ps", "-o", "pid=", "--ppid", postmaster], capture_output=True, text=True
        ).stdout.split()
        return [int(postmaster), *map(int, children)]

    def pause(self) -> None:
        """SIGSTOP every process: a hung database (connections open, no answers)."""
        for pid in self._processes():
            os.kill(pid, signal.SIGSTOP)

    def resume(self) -> None:
        for pid in self._processes():
            os.kill(pid, signal.SIGCONT)


def fresh_database(postgres_url: str) -> str:
    """A new, empty database on the session's PostgreSQL: its URL."""
    import secrets

    import sqlalchemy

    name = f"faults_{secrets.token_hex(4)}"
    admin = sqlalchemy.create_engine(postgres_url)
    with admin.connect().execution_options(isolation_level="AUTOCOMMIT") as connection:
        connection.execute(sqlalchemy.text(f"CREATE DATABASE {name}"))
    admin.dispose()
    return postgres_url.rsplit("/", 1)[0] + "/" + name


def mount_tmpfs(path: Path, size: str) -> None:
    path.mkdir(parents=True, exist_ok=True)
    done = subprocess.run(["mount", "-t", "tmpfs", "-o", f"size={size}", "tmpfs", str(path)])
    if done.returncode != 0:
        unavailable("mounting a small tmpfs needs root (CAP_SYS_ADMIN)")


def fill(path: Path, leave: int = 0) -> None:
    """Write zeros into ``path/filler`` until no more than ``leave`` bytes are free."""
    try:
        with (path / "filler").open("wb") as out:
            while True:
                stat = os.statvfs(path)
                free = stat.f_bavail * stat.f_frsize - leave
                if free <= 0:
                    return
                out.write(bytes(min(free, 1 << 20)))
                out.flush()
    except OSError:
        pass


class Readiness:
    """Polls ``/readyz`` of each server in the background: (monotonic time, status, degraded)."""

    def __init__(self, *servers: Server, every: float = 0.25) -> None:
        self.servers, self.every = servers, every
        self.samples: list[tuple[float, int, str]] = []
        self._task: asyncio.Task[None] | None = None

    async def __aenter__(self) -> Readiness:
        self._task = asyncio.create_task(self._poll())
        return self

    async def __aexit__(self, *exc: object) -> None:
        assert self._task is not None
        self._task.cancel()
        await asyncio.gather(self._task, return_exceptions=True)

    async def _poll(self) -> None:
        while True:
            for server in self.servers:
                status, body = await asyncio.to_thread(server.request, "GET", "/readyz")
                degraded = ",".join(sorted((body or {}).get("degraded", {})))
                self.samples.append((time.monotonic(), status, degraded))
            await asyncio.sleep(self.every)

    def told_truth(self, dependency: str, down: float, up: float, settle: float = 1.5) -> None:
        """From ``settle`` s after ``down`` until ``up`` every answer was 503 naming
        ``dependency``; once 200 again after ``up``, it stayed 200."""
        during = [(s, what) for at, s, what in self.samples if down + settle <= at <= up]
        assert during, "no /readyz answer while the dependency was down"
        assert all(s == 503 and dependency in what.split(",") for s, what in during), during
        after = [s for at, s, _ in self.samples if at > up]
        assert 200 in after, after
        assert set(after[after.index(200) :]) == {200}, after

    async def until(self, status: int, timeout: float = 20) -> None:
        deadline = time.monotonic() + timeout
        n = len(self.servers)
        while len(self.samples) < n or any(s != status for _, s, _ in self.samples[-n:]):
            assert time.monotonic() < deadline, f"/readyz never answered {status}"
            await asyncio.sleep(0.1)
