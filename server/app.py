"""The Starlette application factory."""

from __future__ import annotations

import contextlib
import logging
import re
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

import anyio
from sqlmodel import Session, select
from starlette.applications import Starlette
from starlette.exceptions import HTTPException
from starlette.middleware import Middleware
from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Mount, Route
from starlette.staticfiles import StaticFiles
from starlette.types import Receive, Scope, Send
from starlette.websockets import WebSocket

from . import (
    api,
    bodylimit,
    eventlog,
    eventlog_jobs,
    headers,
    heap,
    history_api,
    imports,
    openapi,
    pages,
    pilot_page,
    pwa,
    removal,
    reports,
    retention,
    workshops,
    ws,
)
from .analysis import Analyst
from .broker import Broker, LocalBroker, RedisBroker
from .db import make_engine, migrate
from .health import Health, supervise
from .history import History
from .hub import Hub
from .models import Workshop
from .problems import Problem, handle_http, handle_problem, problem_response
from .rooms import Rooms
from .settings import Settings, from_env
from .store import Database, StorageUnavailable

log = logging.getLogger("obeya.app")
WS_PATH = re.compile(r"/ws/(?P<board_id>[^/]+)/(?P<room>[^/]+)")


class App(Starlette):
    """Starlette, but our one websocket route is served before the middleware stack and the
    router: the security headers and body limits apply to HTTP only, and each of a connect
    storm's sockets would otherwise pay for (and keep alive, for as long as it is open) five
    middleware and routing frames around its handler."""

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "websocket":
            match = WS_PATH.fullmatch(scope["path"])
            if match is not None:
                scope["app"] = self
                scope["path_params"] = match.groupdict()
                del match  # this frame lives as long as the socket
                await ws.endpoint(WebSocket(scope, receive, send))
                return
        await super().__call__(scope, receive, send)


def create_app(settings: Settings | None = None) -> App:
    settings = settings or from_env()

    @asynccontextmanager
    async def lifespan(app: Starlette) -> AsyncIterator[None]:
        engine = make_engine(settings.resolved_database_url)
        await anyio.to_thread.run_sync(migrate, engine)
        health = Health()
        db = Database(engine, health, timeout=settings.storage_timeout_seconds)
        broker: Broker = RedisBroker(settings.redis_url) if settings.redis_url else LocalBroker()
        broker.health = health
        app.state.health, app.state.broker = health, broker
        async with anyio.create_task_group() as tg:
            await broker.start(tg)
            rooms = Rooms(db, settings, tg, broker)
            hub = Hub(settings=settings, db=db, rooms=rooms, tg=tg)
            analyst = Analyst(hub)
            rooms.listeners.append(analyst.on_change)
            hub.history = History(hub)
            rooms.listeners.append(hub.history.on_change)
            rooms.unload_listeners.append(hub.history.on_unload)
            app.state.hub, app.state.analyst = hub, analyst
            if settings.demo:
                await _ensure_demo(db)
            tg.start_soon(supervise, "rooms tick", rooms.tick)
            tg.start_soon(supervise, "retention", lambda: retention.run(hub))
            tg.start_soon(supervise, "checkpoints tick", hub.history.tick)
            tg.start_soon(supervise, "health probe", lambda: _probe_forever(db, broker))
            heap.settle()
            log.info("ready", extra={"database": engine.url.render_as_string(hide_password=True)})
            try:
                yield
            finally:
                rooms.close_all(1001, "server shutting down")
                hub.renders.close()
                await anyio.sleep(0.2)  # let writers send their close frames
                tg.cancel_scope.cancel()
        await broker.close()
        db.close()
        engine.dispose()
        eventlog_jobs.remove_directory(app.state)  # uploads not imported yet

    routes = [
        *api.routes,
        *history_api.routes,
        *pilot_page.routes,
        *imports.routes,
        *eventlog.routes,
        *reports.routes,
        *removal.routes,
        Route("/api/openapi.json", openapi_json),
        Route("/healthz", healthz),
        Route("/readyz", readyz),
        Mount("/static", StaticFiles(directory=pages.STATIC, check_dir=False), name="static"),
        Route("/", pages.shell),
        Route("/w/{path:path}", pages.shell),
        *pwa.routes,
        Route("/p/{path:path}", pages.shell),
    ]
    app = App(
        routes=routes,
        lifespan=lifespan,
        middleware=[
            Middleware(headers.SecurityHeaders),
            Middleware(
                bodylimit.BodyLimit,
                rules=body_rules(settings),
                default=settings.max_json_body_bytes,
            ),
        ],
        exception_handlers={
            Problem: handle_problem,
            StorageUnavailable: storage_unavailable,
            HTTPException: handle_http,
            500: internal_error,
        },
    )
    app.state.settings = settings
    return app


MULTIPART_OVERHEAD = 64 * 1024  # the multipart headers and boundaries around the file


def body_rules(settings: Settings) -> list[bodylimit.Rule]:
    return [
        bodylimit.Rule(
            re.compile(r"/api/boards/[^/]+/import"),
            settings.max_import_bytes,
            "import_limit",
            {"limit": "upload_bytes"},
        ),
        bodylimit.Rule(re.compile(r"/api/workshops/import"), settings.max_snapshot_bytes),
        bodylimit.Rule(
            re.compile(r"/api/boards/[^/]+/eventlog/preview"),
            settings.max_eventlog_bytes + MULTIPART_OVERHEAD,
            "eventlog_limit",
            {"limit": "upload_bytes", "max_bytes": settings.max_eventlog_bytes},
        ),
    ]


async def _ensure_demo(db: Database) -> None:
    def ensure(session: Session) -> str | None:
        if session.exec(select(Workshop.id)).first() is not None:
            return None
        created = workshops.create_demo(session)
        return f"/w/{created.workshop.id}/join#{created.token}"

    path = await db.write(ensure)
    if path:
        # The link carries the facilitator token: it goes to the terminal once, never to the
        # log, which operators ship to collectors that more people can read.
        log.info("demo workshop created")
        print(f"Demo workshop created. Facilitator link: {path}", flush=True)


async def openapi_json(_: Request) -> Response:
    return JSONResponse(openapi.document())


async def healthz(_: Request) -> Response:
    return JSONResponse({"status": "ok"})


PROBE_SECONDS = 1.0
PROBE_TIMEOUT = 2.0  # a database that answers no "SELECT 1" within this is degraded


async def _probe(db: Database, broker: Broker) -> None:
    """Ask every dependency now; the answers land in the health registry."""

    async def database() -> None:
        await db.probe(within=PROBE_TIMEOUT)

    for check in (database, broker.ping):  # each fails (and reports) by itself in time
        with contextlib.suppress(Exception), anyio.move_on_after(PROBE_TIMEOUT + 1):
            await check()


async def _probe_forever(db: Database, broker: Broker) -> None:
    """Keep the registry true while nothing else touches a dependency (a full disk is only
    seen recovering by writing)."""
    while True:
        await anyio.sleep(PROBE_SECONDS)
        await _probe(db, broker)


async def readyz(request: Request) -> Response:
    """200 while every dependency works; 503 naming each degraded one (redis, database,
    disk) otherwise. A load balancer stops sending new clients here meanwhile."""
    health: Health = request.app.state.health
    await _probe(request.app.state.hub.db, request.app.state.broker)
    if health.ready:
        return JSONResponse({"status": "ok"})
    return problem_response(
        503,
        "degraded",
        "degraded: " + ", ".join(sorted(health.degraded)),
        degraded=dict(sorted(health.degraded.items())),
    )


async def storage_unavailable(_: Request, exc: Exception) -> Response:
    return problem_response(
        503, "storage_unavailable", "the database cannot store this right now; retry shortly"
    )


async def internal_error(_: Request, exc: Exception) -> Response:
    log.exception("unhandled error", exc_info=exc)
    return problem_response(500, "internal_error", "the server failed; the error was logged")
