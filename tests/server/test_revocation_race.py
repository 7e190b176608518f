"""A token lookup already under way when its link is revoked must neither admit the token
nor keep its identity cached: the hub reads it again (``Hub._current``). The race is made
certain by holding one real SQLite read back until the revocation has been announced."""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from pathlib import Path
from typing import Any, TypeVar

import anyio
import pytest
from sqlmodel import Session

from server import workshops
from server.auth import Role
from server.db import make_engine, migrate
from server.hub import Hub
from server.models import Invite
from server.rooms import Rooms
from server.settings import from_env
from server.store import Database

pytestmark = pytest.mark.anyio

T = TypeVar("T")


class HeldBackDatabase(Database):
    """The real database; the first read, once it has run, waits for ``release``."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.read_done = asyncio.Event()
        self.release = asyncio.Event()
        self.reads = 0

    async def read(self, fn: Callable[[Session], T], within: float | None = None) -> T:
        result = await super().read(fn, within)
        self.reads += 1
        if self.reads == 1:
            self.read_done.set()
            await self.release.wait()
        return result


async def test_a_lookup_under_way_when_its_link_is_revoked_does_not_admit_it(
    tmp_path: Path,
) -> None:
    engine = make_engine(f"sqlite:///{tmp_path / 'obeya.db'}")
    migrate(engine)
    with Session(engine) as session:
        created = workshops.create_workshop(
            session, title="T", process="P", boundary="B", language="en"
        )
        invite, token = workshops.create_invite(session, created.workshop.id, Role.editor)
        session.commit()
        invite_id = invite.id
    db = HeldBackDatabase(engine)
    settings = from_env({"OBEYA_DATA_DIR": str(tmp_path)})
    async with anyio.create_task_group() as tg:
        hub = Hub(settings=settings, db=db, rooms=Rooms(db, settings, tg), tg=tg)
        lookup = asyncio.ensure_future(hub.identify(token))
        await db.read_done.wait()  # it has read the live invite and is on its way back

        def revoke(session: Session) -> None:
            found = session.get(Invite, invite_id)
            assert found is not None
            workshops.revoke_invite(session, found)

        await db.write(revoke)
        hub.close_invite(invite_id)  # what the announcement does on every process
        db.release.set()
        assert await lookup is None
        assert db.reads == 2  # read again once, after the revocation
        assert await hub.identify(token) is None  # nothing of the revoked token was cached
        hub.renders.close()
        tg.cancel_scope.cancel()
    engine.dispose()
