"""The ``obeya`` command line."""

from __future__ import annotations

import asyncio
import os
import sys
from pathlib import Path
from types import FrameType
from typing import Any

import click
import uvicorn
from sqlalchemy.engine import Engine
from sqlalchemy.exc import SQLAlchemyError

from boards.kind import Role

from . import handshake, logs, reports
from .framing import FanOutProtocol
from .reports import export_command
from .settings import Settings, from_env


class _Obeya(click.Group):
    """The command group, which lets ``obeya export`` end without the interpreter's
    teardown once its file is written: freeing SciPy, SQLAlchemy and the snapshot object by
    object took 0.3-0.5 s of CPU that the user waited for, with nothing left to do."""

    def main(self, args: Any = None, *rest: Any, **options: Any) -> Any:
        try:
            return super().main(args, *rest, **options)
        except SystemExit as end:
            # ``args`` is None only when this is the process's own entry point, never
            # under a test's CliRunner, which must not see the process end
            if args is not None or not reports.done:
                raise
            sys.stdout.flush()
            sys.stderr.flush()
            code = end.code
            os._exit(code if isinstance(code, int) else 0 if code is None else 1)


@click.group(cls=_Obeya)
def main() -> None:
    """Obeya: real-time workshops for business-process improvement."""


def _settings(**options: object) -> Settings:
    return from_env().with_overrides(**options)


@main.command()
@click.option("--host", default=None, help="interface to listen on [127.0.0.1]")
@click.option("--port", type=int, default=None, help="port [8000]")
@click.option(
    "--database-url", default=None, help="SQLAlchemy URL; default: SQLite under --data-dir"
)
@click.option("--data-dir", type=click.Path(path_type=Path), default=None, help="[./data]")
@click.option("--redis-url", default=None, help="Redis for fan-out across processes")
@click.option("--public-url", default=None, help="base URL used in invite links")
@click.option("--demo/--no-demo", default=None, help="create the demo workshop on first start")
@click.option("--log-level", default=None)
def serve(**options: object) -> None:
    """Serve the app (HTTP + websockets)."""
    settings = _settings(**options)
    logs.configure(settings.log_level)
    from .app import create_app

    app = create_app(settings)
    config = uvicorn.Config(
        app,
        host=settings.host,
        port=settings.port,
        http=handshake.protocol(settings.handshake_seconds),
        loop="auto",  # uvloop where installed (a dependency but on Windows)
        ws=FanOutProtocol,
        ws_per_message_deflate=False,
        ws_max_size=settings.max_message_bytes,
        # A dead peer (phone gone to sleep) is found by ping within 40 s, not by the fd running out.
        ws_ping_interval=20.0,
        ws_ping_timeout=20.0,
        timeout_keep_alive=5,
        limit_concurrency=settings.max_connections,
        log_level="warning",
        timeout_graceful_shutdown=5,
        lifespan="on",
    )
    _raise_fd_limit()
    _GracefulServer(config).run()


def _raise_fd_limit() -> None:
    """Every websocket holds a file descriptor: take the hard limit, not the 1,024 default."""
    import resource

    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    if hard == resource.RLIM_INFINITY or hard > soft:
        target = hard if hard != resource.RLIM_INFINITY else max(soft, 65536)
        resource.setrlimit(resource.RLIMIT_NOFILE, (target, hard))


class _GracefulServer(uvicorn.Server):
    """Close our sockets with 1001 ("going away") before uvicorn's own shutdown would close
    them with 1012: clients reconnect either way, but 1001 is what the protocol documents."""

    def handle_exit(self, sig: int, frame: FrameType | None) -> None:
        hub = getattr(getattr(self.config.app, "state", None), "hub", None)
        if hub is None or self.should_exit or self._closing:
            super().handle_exit(sig, frame)
            return
        self._closing = True
        loop = asyncio.get_event_loop()
        loop.call_soon_threadsafe(hub.rooms.close_all, 1001, "server shutting down")
        loop.call_soon_threadsafe(loop.call_later, 0.3, super().handle_exit, sig, frame)

    _closing = False


@main.command()
@click.option("--database-url", default=None)
@click.option("--data-dir", type=click.Path(path_type=Path), default=None)
@click.option("--language", type=click.Choice(["zh-CN", "en"]), default="zh-CN")
@click.option("--public-url", default="http://127.0.0.1:8000")
def demo(language: str, public_url: str, **options: object) -> None:
    """Create a demo workshop and print its facilitator link."""
    from sqlmodel import Session

    from .db import make_engine, migrate
    from .workshops import create_demo

    settings = _settings(**options)
    engine = make_engine(settings.resolved_database_url)
    migrate(engine)
    with Session(engine) as session:
        created = create_demo(session, language)
        session.commit()
        click.echo(f"{public_url}/w/{created.workshop.id}/join#{created.token}")


@main.command()
@click.argument("workshop_id")
@click.option(
    "--role",
    type=click.Choice([r.value for r in Role]),
    default=Role.facilitator.value,
    show_default=True,
    help="role of the new link",
)
@click.option("--database-url", default=None)
@click.option("--data-dir", type=click.Path(path_type=Path), default=None)
@click.option("--public-url", default=None, help="base URL of the link [settings, else local]")
def invite(workshop_id: str, role: str, **options: object) -> None:
    """Mint a new invite link for a workshop, e.g. when every facilitator link is lost."""
    from sqlmodel import Session

    from .db import make_engine, migrate
    from .models import Workshop
    from .workshops import create_invite, invite_path

    settings = _settings(**options)
    engine = make_engine(settings.resolved_database_url)
    try:
        migrate(engine)
        with Session(engine) as session:
            if session.get(Workshop, workshop_id) is None:
                raise click.ClickException(f"no workshop with id {workshop_id!r} in this database")
            _, token = create_invite(session, workshop_id, Role(role))
            session.commit()
    finally:
        engine.dispose()
    base = (settings.public_url or f"http://{settings.host}:{settings.port}").rstrip("/")
    click.echo(base + invite_path(workshop_id, token, Role(role)))


@main.command()
@click.argument("path", type=click.Path(path_type=Path))
@click.option("--database-url", default=None)
@click.option("--data-dir", type=click.Path(path_type=Path), default=None)
def backup(path: Path, **options: object) -> None:
    """Write the whole server's data to a new archive PATH (works while the server runs)."""
    from . import backup as archive

    engine = _engine(**options)
    try:
        summary = archive.backup(engine, path)
    except archive.BackupError as exc:
        raise click.ClickException(str(exc)) from None
    except SQLAlchemyError as exc:
        raise click.ClickException(f"cannot read the database: {_first_line(exc)}") from None
    finally:
        engine.dispose()
    click.echo(f"backup written to {path}: {summary.rows} rows in {summary.tables} tables")


@main.command()
@click.argument("path", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--database-url", default=None)
@click.option("--data-dir", type=click.Path(path_type=Path), default=None)
def restore(path: Path, **options: object) -> None:
    """Load an archive from `obeya backup` into an EMPTY database (refuses any other)."""
    from . import backup as archive

    engine = _engine(**options)
    try:
        summary = archive.restore(engine, path)
    except archive.BackupError as exc:
        raise click.ClickException(str(exc)) from None
    except SQLAlchemyError as exc:  # the transaction rolled back: nothing was restored
        raise click.ClickException(
            f"restore failed, nothing restored: {_first_line(exc)}"
        ) from None
    finally:
        engine.dispose()
    click.echo(f"restored {summary.rows} rows in {summary.tables} tables from {path}")


@main.command()
@click.option("--delete", "delete_id", default=None, help="remove the saved template with this id")
@click.option("--database-url", default=None)
@click.option("--data-dir", type=click.Path(path_type=Path), default=None)
def templates(delete_id: str | None, **options: object) -> None:
    """List the templates saved on this server (id, language, saved at, title), or remove one
    (facilitators save them from a workshop; only the operator removes them)."""
    from sqlmodel import Session, col, select

    from .db import migrate
    from .models import SavedTemplate

    engine = _engine(**options)
    try:
        migrate(engine)
        with Session(engine) as session:
            if delete_id is not None:
                row = session.get(SavedTemplate, delete_id.removeprefix("saved:"))
                if row is None:
                    raise click.ClickException(f"no saved template with id {delete_id!r}")
                session.delete(row)
                session.commit()
                click.echo(f"removed template {row.id}: {row.title}")
                return
            query = select(SavedTemplate).order_by(col(SavedTemplate.created_at).desc())
            for row in session.exec(query).all():
                saved = row.created_at.isoformat(timespec="seconds")
                click.echo(f"{row.id}\t{row.language}\t{saved}\t{row.title}")
    finally:
        engine.dispose()


def _first_line(exc: Exception) -> str:
    return (str(exc).splitlines() or [type(exc).__name__])[0][:300]


def _engine(**options: object) -> Engine:
    from .db import make_engine

    return make_engine(_settings(**options).resolved_database_url)


main.add_command(export_command)
