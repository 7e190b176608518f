"""Server settings: defaults, overridden by ``OBEYA_*`` environment variables, overridden by
command-line options. Every limit a client can hit is here, with its documented default."""

from __future__ import annotations

import os
from dataclasses import dataclass, field, fields, replace
from pathlib import Path
from typing import Any

ENV_PREFIX = "OBEYA_"


@dataclass(frozen=True)
class Settings:
    host: str = "127.0.0.1"
    port: int = 8000
    data_dir: Path = Path("data")
    database_url: str = ""  # default: sqlite file obeya.db under data_dir
    redis_url: str = ""  # empty: in-process broker
    public_url: str = ""  # base of invite links; default: derived from the request
    demo: bool = True  # create the demo workshop on first start
    allowed_origins: tuple[str, ...] = ()  # besides the server's own origin
    max_message_bytes: int = 1_048_576  # one websocket message
    max_document_bytes: int = 32 * 1_048_576  # a document's stored size
    max_messages_per_second: float = 300.0  # per connection, sustained
    max_message_burst: int = 600  # per connection, burst
    max_unsent_bytes: int = 8 * 1_048_576  # queued for a slow peer before it is dropped
    max_sync_requests_per_second: float = 0.2  # sync step 1 per connection, sustained
    max_sync_request_burst: int = 5  # ... and burst (a client sends one per connection)
    max_connects_per_second: float = 10.0  # websocket connections per token, sustained
    max_connect_burst: int = 300  # ... burst; per client address 5 x both
    max_creates_per_minute: float = 10.0  # new workshops per client address, sustained (429)
    max_create_burst: int = 30  # ... and burst
    max_joins_per_minute: float = 120.0  # invite token exchanges per client address (429)
    max_join_burst: int = 300  # ... burst: a whole site behind one NAT scanning a QR code
    max_imports_per_minute: float = 6.0  # snapshot and table imports per client address (429)
    max_import_burst: int = 20
    max_presence_bytes: int = 4096  # one presence (awareness) state (close 4413)
    max_presence_clients: int = 4  # client ids one connection may publish presence for
    max_presence_changes_per_second: float = 5.0  # per connection; more changes are dropped
    max_presence_change_burst: int = 20
    max_import_bytes: int = 5 * 1_048_576  # one CSV/XLSX upload (413 import_limit)
    import_seconds: float = 20.0  # reading one upload, then its child process is killed
    import_memory_bytes: int = 1024 * 1_048_576  # address space of that child process
    max_eventlog_bytes: int = 128 * 1_048_576  # one event-log upload (413 eventlog_limit)
    eventlog_seconds: float = 120.0  # one event-log import, then its child process is killed
    eventlog_niceness: int = 10  # the import process's nice value: the rooms' event loop first
    timezone: str = "UTC"  # IANA zone for event-log times written without one
    export_workers: int = 2  # PDF reports rendered at once, each in a worker process
    export_queue: int = 8  # PDF exports waiting for a worker; more get 503 exports_busy
    export_worker_tasks: int = 25  # renders before a worker is replaced (memory back to the OS)
    export_worker_idle_seconds: float = 600.0  # an idle worker exits then (0: never)
    # A report rendered while no other is takes two cores (its worker forks: exports/split.py)
    export_split: bool = True
    max_json_body_bytes: int = 262_144  # any other JSON request body (413 too_large)
    max_snapshot_bytes: int = 32 * 1_048_576  # an exported workshop JSON to import
    handshake_seconds: float = 10.0  # a connection's first request, a websocket's first message
    max_connections: int = 8192  # HTTP + websocket connections at once (then 503)
    storage_timeout_seconds: float = 15.0  # a database call not answered by then failed (4503/503)
    room_idle_seconds: float = 30.0  # unload a room this long after its last peer left
    compact_after_updates: int = 500  # fold the update log into a snapshot past this
    analysis_debounce_seconds: float = 0.15
    analysis_max_wait_seconds: float = 1.0
    presence_renewal_seconds: float = 12.0
    retention_days: float = 0.0  # delete workshops this long after they finished; 0: never
    retention_check_seconds: float = 3600.0  # how often each process looks for them
    checkpoint_burst_updates: int = 5  # edits to a board that make a burst worth a checkpoint
    checkpoint_quiet_seconds: float = 120.0  # ... taken once the board is this long quiet
    checkpoint_busy_seconds: float = 600.0  # ... or once it has been edited this long without pause
    checkpoint_max_auto: int = 40  # automatic checkpoints kept per board (older ones thinned)
    log_level: str = "info"
    extra: dict[str, Any] = field(default_factory=dict)

    @property
    def resolved_database_url(self) -> str:
        if self.database_url:
            return self.database_url
        return f"sqlite:///{(self.data_dir / 'obeya.db').resolve()}"

    def with_overrides(self, **values: Any) -> Settings:
        return replace(self, **{k: v for k, v in values.items() if v is not None})


def _parse(kind: Any, raw: str) -> Any:
    if kind in (bool, "bool"):
        return raw.strip().lower() in ("1", "true", "yes", "on")
    if kind in (int, "int"):
        return int(raw)
    if kind in (float, "float"):
        return float(raw)
    if kind in (Path, "Path"):
        return Path(raw)
    if kind in ("tuple[str, ...]",):
        return tuple(part.strip() for part in raw.split(",") if part.strip())
    return raw


def from_env(environ: dict[str, str] | None = None) -> Settings:
    env = os.environ if environ is None else environ
    values: dict[str, Any] = {}
    for f in fields(Settings):
        raw = env.get(ENV_PREFIX + f.name.upper())
        if raw is not None and f.name != "extra":
            try:
                values[f.name] = _parse(f.type, raw)
            except ValueError as exc:
                raise SystemExit(
                    f"{ENV_PREFIX}{f.name.upper()}: expected {f.type}, got {raw!r}"
                ) from exc
    return Settings(**values)
