"""A real ``obeya serve`` process on a free port, for tests and benchmarks."""

from __future__ import annotations

import json
import os
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[2]
OBEYA = Path(sys.executable).parent / "obeya"


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@dataclass
class Server:
    data_dir: Path
    port: int = field(default_factory=free_port)
    env: dict[str, str] = field(default_factory=dict)
    args: list[str] = field(default_factory=list)
    process: subprocess.Popen[bytes] | None = None

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    @property
    def ws_url(self) -> str:
        return f"ws://127.0.0.1:{self.port}"

    @property
    def log_path(self) -> Path:
        return self.data_dir / f"server-{self.port}.log"

    def start(self, timeout: float = 20, until: str = "/readyz") -> Server:
        """Start and wait until ``until`` answers 200 (``/healthz``: serving, maybe not ready)."""
        self.data_dir.mkdir(parents=True, exist_ok=True)
        env = {
            **os.environ,
            "OBEYA_DATA_DIR": str(self.data_dir),
            "OBEYA_DEMO": "false",
            "OBEYA_LOG_LEVEL": "info",
            # Test modules create many workshops from 127.0.0.1; tests of the per-address
            # limits set their own.
            "OBEYA_MAX_CREATES_PER_MINUTE": "100000",
            "OBEYA_MAX_CREATE_BURST": "100000",
            "OBEYA_MAX_JOINS_PER_MINUTE": "100000",
            "OBEYA_MAX_JOIN_BURST": "100000",
            "OBEYA_MAX_IMPORTS_PER_MINUTE": "100000",
            "OBEYA_MAX_IMPORT_BURST": "100000",
            **self.env,
        }
        with self.log_path.open("ab") as log:
            self.process = subprocess.Popen(
                [str(OBEYA), "serve", "--host", "127.0.0.1", "--port", str(self.port), *self.args],
                env=env,
                stdout=log,
                stderr=subprocess.STDOUT,
                cwd=ROOT,
            )
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"server exited with {self.process.returncode}:\n{self.log()}")
            try:
                with urllib.request.urlopen(self.url + until, timeout=1) as answer:
                    if answer.status == 200:
                        return self
            except OSError:  # refused, or 503 (an HTTPError)
                time.sleep(0.05)
        self.kill()  # not left running (and loading the machine) behind a failed test
        raise RuntimeError(f"server did not become ready in {timeout}s:\n{self.log()}")

    def stop(self, sig: int = signal.SIGTERM, timeout: float = 10) -> int:
        assert self.process is not None
        if self.process.poll() is None:
            self.process.send_signal(sig)
        try:
            return self.process.wait(timeout)
        except subprocess.TimeoutExpired:
            self.process.kill()
            return self.process.wait()

    def kill(self) -> None:
        self.stop(signal.SIGKILL)

    def log(self) -> str:
        return self.log_path.read_text(errors="replace") if self.log_path.exists() else ""

    def request(
        self,
        method: str,
        path: str,
        body: Any = None,
        token: str = "",
        headers: dict[str, str] | None = None,
        timeout: float = 10,
    ) -> tuple[int, Any]:
        data = json.dumps(body).encode() if body is not None else None
        request = urllib.request.Request(self.url + path, data=data, method=method)
        request.add_header("content-type", "application/json")
        if token:
            request.add_header("authorization", f"Bearer {token}")
        for key, value in (headers or {}).items():
            request.add_header(key, value)
        try:
            with urllib.request.urlopen(request, timeout=timeout) as answer:
                raw = answer.read()
                return answer.status, json.loads(raw) if raw else None
        except urllib.error.HTTPError as error:
            raw = error.read()
            return error.code, json.loads(raw) if raw else None


@contextmanager
def running(data_dir: Path, **kwargs: Any) -> Iterator[Server]:
    server = Server(data_dir, **kwargs).start()
    try:
        yield server
    finally:
        server.stop()


@contextmanager
def server_pair(
    tmp_path: Path, postgres_url: str, redis_url: str
) -> Iterator[tuple[Server, Server]]:
    """Two processes of one deployment: a fresh database on the session's PostgreSQL, the
    session's Redis as their broker."""
    from .outages import fresh_database

    env = {"OBEYA_DATABASE_URL": fresh_database(postgres_url), "OBEYA_REDIS_URL": redis_url}
    with running(tmp_path / "a", env=env) as a, running(tmp_path / "b", env=env) as b:
        yield a, b
