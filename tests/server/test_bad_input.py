"""Bad input closes only the offending socket, with a clear code; everyone else carries on."""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from pycrdt import Doc, Map, Text

from server import protocol as p
from tests.support.server import Server
from tests.support.workshop import Setup, make_workshop
from tests.support.yclient import YClient

pytestmark = pytest.mark.anyio

SHARED_SERVER = True  # each test makes its own workshop: one server start


def _valid_update() -> bytes:
    doc: Doc = Doc()
    doc.get("text", type=Text).insert(0, "有效的更新")
    return doc.get_update()


BAD_FRAMES = {
    "empty": b"",
    "unknown type": b"\x07\x00",
    "truncated varuint": b"\x00\x02\xff",
    "declared length too long": b"\x00\x02\x10abc",
    "unknown sync subtype": b"\x00\x09\x00",
    "garbage update": p.update_frame(b"\xff\xfe\xfd\xfc\x00\x01"),
    "truncated update": p.update_frame(_valid_update()[:-3]),
    "awareness not json": b"\x01" + p.varbytes(b"\x01\x05\x01" + p.varbytes(b"{nope")),
    "awareness trailing": b"\x01" + p.varbytes(b"\x00\x00"),
    "bad utf8 string": b"\x01" + p.varbytes(b"\x01\x05\x01\x02\xff\xfe"),
}


async def _still_serving(setup: Setup, bystander: YClient, mark: str) -> None:
    async with YClient(setup.ws(setup.facilitator)) as writer:
        await writer.synced.wait()
        writer.doc.get("stickies", type=Map)[mark] = Map({"text": mark})
        await bystander.wait_for(lambda: mark in bystander.doc.get("stickies", type=Map))


@pytest.mark.parametrize("name", list(BAD_FRAMES))
async def test_malformed_frame_closes_only_its_socket(server: Server, name: str) -> None:
    setup = make_workshop(server)
    async with YClient(setup.ws(setup.facilitator)) as bystander:
        await bystander.synced.wait()
        async with YClient(setup.ws(setup.facilitator)) as bad:
            await bad.synced.wait()
            await bad.send_raw(BAD_FRAMES[name])
            assert await bad.wait_closed() == 4400
            assert bad.close_reason
        await _still_serving(setup, bystander, name.replace(" ", "_"))
        assert bystander.close_code is None


async def test_text_frames_oversize_and_floods_are_refused(tmp_path) -> None:  # type: ignore[no-untyped-def]
    srv = Server(
        tmp_path / "data",
        env={
            "OBEYA_MAX_MESSAGE_BYTES": "65536",
            "OBEYA_MAX_MESSAGES_PER_SECOND": "50",
            "OBEYA_MAX_MESSAGE_BURST": "100",
        },
    ).start()
    try:
        setup = make_workshop(srv)
        async with YClient(setup.ws(setup.facilitator)) as bystander:
            await bystander.synced.wait()
            async with YClient(setup.ws(setup.facilitator)) as c:
                await c.send_raw("hello")
                assert await c.wait_closed() == 4400
            async with YClient(setup.ws(setup.facilitator)) as c:
                await c.synced.wait()
                big: Doc = Doc()
                big.get("text", type=Text).insert(0, "大" * 40_000)
                await c.send_raw(p.update_frame(big.get_update()))
                assert await c.wait_closed() in (4413, 1009)
            async with YClient(setup.ws(setup.facilitator)) as c:
                await c.synced.wait()
                for _ in range(400):
                    await c.send_raw(p.sync_frame(p.STEP1, b"\x00"))
                    if c.close_code is not None:
                        break
                assert await c.wait_closed() == 4429
            await _still_serving(setup, bystander, "after_abuse")
    finally:
        srv.stop()


frames = st.one_of(
    st.binary(max_size=64),
    st.sampled_from(list(BAD_FRAMES.values())).map(lambda f: f[: max(0, len(f) - 1)]),
    st.builds(
        lambda t, body: bytes([t]) + p.varbytes(body), st.integers(0, 3), st.binary(max_size=40)
    ),
    st.builds(lambda body: p.update_frame(body), st.binary(max_size=40)),
)


@settings(max_examples=60, deadline=None, suppress_health_check=list(HealthCheck))
@given(junk=st.lists(frames, min_size=1, max_size=4))
def test_random_and_truncated_messages_never_hurt_the_room(
    shared_server: tuple[Server, Setup], junk: list[bytes]
) -> None:
    import anyio

    server, setup = shared_server

    async def run() -> None:
        async with YClient(setup.ws(setup.facilitator)) as fuzz:
            for frame in junk:
                if fuzz.close_code is not None:
                    break
                try:
                    await fuzz.send_raw(frame)
                except Exception:
                    break
        async with YClient(setup.ws(setup.facilitator)) as check:
            await check.synced.wait()
            text = str(check.doc.get("text", type=Text))
            assert text.startswith("基线")

    anyio.run(run)
    assert server.process is not None and server.process.poll() is None


@pytest.fixture(scope="module")
def shared_server(tmp_path_factory: pytest.TempPathFactory):  # type: ignore[no-untyped-def]
    import anyio

    srv = Server(tmp_path_factory.mktemp("fuzz")).start()
    setup = make_workshop(srv)

    async def seed() -> None:
        async with YClient(setup.ws(setup.facilitator)) as c:
            await c.synced.wait()
            c.doc.get("text", type=Text).insert(0, "基线")
            async with YClient(setup.ws(setup.facilitator)) as d:
                await d.wait_for(lambda: str(d.doc.get("text", type=Text)) == "基线")

    anyio.run(seed)
    yield srv, setup
    srv.stop()
