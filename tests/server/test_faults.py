"""A dependency failing (Redis killed and restarted) leaves a working server: local peers keep
syncing, ``/readyz`` says 503 naming the dependency during the outage and 200 after."""

from __future__ import annotations

import asyncio
import subprocess
import time
from pathlib import Path

import pytest
from pycrdt import Map

from tests.support.server import Server
from tests.support.services import find_redis_server, free_port, unavailable
from tests.support.workshop import make_workshop
from tests.support.yclient import YClient

pytestmark = [pytest.mark.anyio, pytest.mark.timeout(60)]


class Redis:
    def __init__(self, workdir: Path) -> None:
        binary = find_redis_server()
        if binary is None:
            unavailable("redis-server is not installed (apt-get install redis-server)")
        self.binary, self.workdir, self.port = str(binary), workdir, free_port()
        self.process: subprocess.Popen[bytes] | None = None

    @property
    def url(self) -> str:
        return f"redis://127.0.0.1:{self.port}/0"

    def start(self) -> None:
        self.workdir.mkdir(parents=True, exist_ok=True)
        args = f"--bind 127.0.0.1 --port {self.port} --save '' --appendonly no".split()
        self.process = subprocess.Popen(
            [self.binary, *[a.strip("'") for a in args], "--dir", str(self.workdir)],
            stdout=subprocess.DEVNULL,
        )
        time.sleep(0.3)

    def kill(self) -> None:
        assert self.process is not None
        self.process.kill()
        self.process.wait()


def ready(server: Server) -> tuple[int, object]:
    return server.request("GET", "/readyz")


async def until(predicate, timeout: float = 20) -> None:  # type: ignore[no-untyped-def]
    deadline = time.monotonic() + timeout
    while not predicate():
        assert time.monotonic() < deadline, "condition not reached in time"
        await asyncio.sleep(0.1)


async def test_redis_outage_keeps_one_process_serving_and_readyz_truthful(tmp_path: Path) -> None:
    redis = Redis(tmp_path / "redis")
    redis.start()
    server = Server(tmp_path / "data", env={"OBEYA_REDIS_URL": redis.url}).start()
    try:
        setup = make_workshop(server)
        async with (
            YClient(setup.ws(setup.facilitator)) as a,
            YClient(setup.ws(setup.facilitator)) as b,
        ):
            await a.synced.wait()
            await b.synced.wait()
            notes = a.doc.get("stickies", type=Map)
            notes["before"] = "1"
            await b.wait_for(lambda: "before" in b.doc.get("stickies", type=Map))
            redis.kill()
            notes["during"] = "2"  # peers of one process keep relaying without Redis
            await b.wait_for(lambda: "during" in b.doc.get("stickies", type=Map), timeout=10)
            await until(lambda: ready(server)[0] == 503)
            status, body = ready(server)
            assert status == 503 and "redis" in body["degraded"]  # type: ignore[index]
            assert server.request("GET", "/healthz")[0] == 200
            redis.start()
            await until(lambda: ready(server)[0] == 200)
            notes["after"] = "3"
            await b.wait_for(lambda: "after" in b.doc.get("stickies", type=Map), timeout=10)
        async with YClient(setup.ws(setup.facilitator)) as fresh:  # all of it was stored
            await fresh.synced.wait()
            assert {"before", "during", "after"} <= set(fresh.doc.get("stickies", type=Map).keys())
    finally:
        server.stop()
        redis.kill()


def mount_tmpfs(path: Path, size: str) -> None:
    path.mkdir(parents=True, exist_ok=True)
    done = subprocess.run(["mount", "-t", "tmpfs", "-o", f"size={size}", "tmpfs", str(path)])
    if done.returncode != 0:
        unavailable("mounting a small tmpfs needs root (CAP_SYS_ADMIN)")


def fill(path: Path) -> None:
    try:
        with (path / "filler").open("wb") as out:
            while True:
                out.write(bytes(4096))
                out.flush()
    except OSError:
        pass


async def test_full_disk_refuses_writes_then_everything_syncs_again(tmp_path: Path) -> None:
    disk = tmp_path / "disk"
    mount_tmpfs(disk, "16m")
    env = {"OBEYA_COMPACT_AFTER_UPDATES": "20"}
    server = Server(disk, env=env).start()
    try:
        setup = make_workshop(server)
        writer = YClient(setup.ws(setup.facilitator))
        async with writer, YClient(setup.ws(setup.facilitator)) as watcher:
            await writer.synced.wait()
            await watcher.synced.wait()
            notes = writer.doc.get("stickies", type=Map)
            for i in range(30):
                notes[f"a{i}"] = "x" * 200
                await asyncio.sleep(0.01)
            fill(disk)
            for i in range(200):  # compaction and appends now hit the full disk
                notes[f"b{i}"] = "y" * 2000
                await asyncio.sleep(0.01)
                if writer.ws.close_code is not None:
                    break
            await until(lambda: ready(server)[0] == 503)
            assert "disk" in ready(server)[1]["degraded"]  # type: ignore[index]
            assert writer.close_code == 4503 or writer.ws.close_code == 4503
            seen = set(watcher.doc.get("stickies", type=Map).keys())
        (disk / "filler").unlink()
        await until(lambda: ready(server)[0] == 200)
        async with YClient(setup.ws(setup.facilitator), doc=writer.doc) as again:
            await again.synced.wait()
            await asyncio.sleep(0.5)
        async with YClient(setup.ws(setup.facilitator)) as fresh:
            await fresh.synced.wait()
            stored = set(fresh.doc.get("stickies", type=Map).keys())
            assert seen <= stored  # nothing a peer saw is lost
            assert set(notes.keys()) <= stored  # the writer's refused edits came back
    finally:
        server.stop()
        subprocess.run(["umount", "-l", str(disk)])  # noqa: ASYNC221


async def test_redis_outage_with_two_processes_converges_after(
    tmp_path: Path, postgres_url: str
) -> None:
    import random

    import sqlalchemy

    name = f"faults{random.randrange(10**9)}"
    admin = sqlalchemy.create_engine(postgres_url)
    with admin.connect().execution_options(isolation_level="AUTOCOMMIT") as c:
        c.execute(sqlalchemy.text(f"CREATE DATABASE {name}"))
    admin.dispose()
    redis = Redis(tmp_path / "redis")
    redis.start()
    env = {
        "OBEYA_DATABASE_URL": postgres_url.rsplit("/", 1)[0] + "/" + name,
        "OBEYA_REDIS_URL": redis.url,
    }
    a = Server(tmp_path / "a", env=env).start()
    b = Server(tmp_path / "b", env=env).start()
    try:
        setup = make_workshop(a)
        url_b = setup.ws(setup.facilitator).replace(a.ws_url, b.ws_url)
        async with YClient(setup.ws(setup.facilitator)) as x, YClient(url_b) as y:
            await x.synced.wait()
            await y.synced.wait()
            x.doc.get("stickies", type=Map)["before"] = "1"
            await y.wait_for(lambda: "before" in y.doc.get("stickies", type=Map))
            redis.kill()
            await until(lambda: ready(a)[0] == 503 and ready(b)[0] == 503)
            for i in range(20):  # stored by each process, not carried between them
                x.doc.get("stickies", type=Map)[f"x{i}"] = "x"
                y.doc.get("stickies", type=Map)[f"y{i}"] = "y"
                await asyncio.sleep(0.02)
            redis.start()
            await until(lambda: ready(a)[0] == 200 and ready(b)[0] == 200)
            everything = {"before", *(f"x{i}" for i in range(20)), *(f"y{i}" for i in range(20))}
            for c in (x, y):  # caught up from the store, without reconnecting
                await c.wait_for(
                    lambda c=c: everything <= set(c.doc.get("stickies", type=Map).keys()),
                    timeout=15,
                )
            x.doc.get("stickies", type=Map)["after"] = "1"
            await y.wait_for(lambda: "after" in y.doc.get("stickies", type=Map), timeout=10)
    finally:
        for srv in (a, b):
            srv.stop()
        redis.kill()


def own_postgres(workdir: Path) -> tuple[str, list[str], str]:
    """A throwaway PostgreSQL this test may restart: (url, pg_ctl prefix, start options)."""
    from tests.support import services

    bindir = services.find_postgres_bindir()
    user = services._postgres_user()
    if bindir is None or user is None:
        unavailable("PostgreSQL server binaries (and a postgres user when root) are needed")
    prefix, uid, gid = user
    workdir.mkdir(mode=0o755)
    import os

    os.chown(workdir, uid, gid)
    port = free_port()
    pg_ctl = [*prefix, str(bindir / "pg_ctl"), "-D", str(workdir / "data")]
    initdb = [*prefix, str(bindir / "initdb"), "-D", str(workdir / "data"), "-U", "postgres"]
    services._run([*initdb, "-A", "trust", "-E", "UTF8", "--no-locale", "--no-sync"], "initdb")
    options = f"-c listen_addresses=127.0.0.1 -p {port} -k {workdir} -c fsync=off"
    start = [*pg_ctl, "-w", "-l", str(workdir / "pg.log"), "-o", options, "start"]
    services._run(start, "pg_ctl start")
    target = f"-h 127.0.0.1 -p {port} -U postgres".split()
    services._run([str(bindir / "createdb"), *target, "obeya"], "createdb")
    return f"postgresql+psycopg://postgres@127.0.0.1:{port}/obeya", pg_ctl, options


async def test_postgres_restart_during_writes_loses_nothing(tmp_path: Path) -> None:
    url, pg_ctl, options = own_postgres(Path(f"/tmp/obeya-faults-pg-{free_port()}"))
    server = Server(tmp_path / "data", env={"OBEYA_DATABASE_URL": url}).start()
    try:
        setup = make_workshop(server)
        writer = YClient(setup.ws(setup.facilitator))
        async with writer, YClient(setup.ws(setup.facilitator)) as watcher:
            await writer.synced.wait()
            await watcher.synced.wait()
            notes = writer.doc.get("stickies", type=Map)
            notes["before"] = "1"
            await watcher.wait_for(lambda: "before" in watcher.doc.get("stickies", type=Map))
            subprocess.run([*pg_ctl, "-m", "fast", "-w", "stop"], check=True)  # noqa: ASYNC221
            for i in range(20):
                notes[f"w{i}"] = "x"
                await asyncio.sleep(0.02)
            await until(lambda: ready(server)[0] == 503)
            assert "database" in ready(server)[1]["degraded"]  # type: ignore[index]
            status, body = setup.command(setup.facilitator, "board.lock")
            assert status == 503, body
            await writer.wait_closed(timeout=10)
            assert writer.close_code == 4503
            seen = set(watcher.doc.get("stickies", type=Map).keys())
            subprocess.run(  # noqa: ASYNC221
                [*pg_ctl, "-w", "-o", options, "-l", "/dev/null", "start"], check=True
            )
            await until(lambda: ready(server)[0] == 200)
        async with YClient(setup.ws(setup.facilitator), doc=writer.doc) as again:
            await again.synced.wait()
            await asyncio.sleep(0.5)
        async with YClient(setup.ws(setup.facilitator)) as fresh:
            await fresh.synced.wait()
            stored = set(fresh.doc.get("stickies", type=Map).keys())
            assert seen <= stored and set(notes.keys()) <= stored
    finally:
        server.stop()
        subprocess.run([*pg_ctl, "-m", "immediate", "-w", "stop"])  # noqa: ASYNC221
