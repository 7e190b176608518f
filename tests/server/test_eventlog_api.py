"""Event-log import over HTTP against a real server: preview, mapping, a job polled to its end,
the analysis arriving in the ledger at a connected client; every bad file a problem naming the
row or column, with the ledger unchanged; who may import."""

from __future__ import annotations

import hashlib
import io
import json
import subprocess
import sys
import time
import zipfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import anyio
import httpx
import pytest
from pycrdt import Map

from tests.support import eventlogs
from tests.support.server import Server
from tests.support.workshop import Setup, make_workshop
from tests.support.yclient import YClient

pytestmark = pytest.mark.anyio


@pytest.fixture(scope="module")
def shared(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Server]:
    srv = Server(
        tmp_path_factory.mktemp("eventlog") / "data",
        env={
            "OBEYA_MAX_EVENTLOG_BYTES": str(16 * 1_048_576),
            "OBEYA_MAX_IMPORTS_PER_MINUTE": "100000",
            "OBEYA_MAX_IMPORT_BURST": "100000",
        },
    ).start()
    try:
        yield srv
    finally:
        srv.stop()


@pytest.fixture(scope="module")
def setup(shared: Server) -> Setup:
    return make_workshop(shared, kind="vsm")


def preview(setup: Setup, name: str, data: bytes, token: str = "") -> tuple[int, Any]:
    answer = httpx.post(
        f"{setup.server.url}/api/boards/{setup.board_id}/eventlog/preview",
        files={"file": (name, data)},
        headers={"authorization": f"Bearer {token or setup.facilitator}"},
        timeout=60,
    )
    return answer.status_code, answer.json()


def start_import(
    setup: Setup, upload_id: str, mapping: dict[str, Any], token: str = ""
) -> tuple[int, Any]:
    return setup.server.request(
        "POST",
        f"/api/boards/{setup.board_id}/eventlog/import",
        {"upload_id": upload_id, "mapping": mapping},
        token=token or setup.facilitator,
    )


def wait_job(setup: Setup, job_id: str, token: str = "", timeout: float = 60) -> dict[str, Any]:
    deadline = time.monotonic() + timeout
    seen = []
    while time.monotonic() < deadline:
        status, job = setup.server.request(
            "GET", f"/api/jobs/{job_id}", token=token or setup.facilitator
        )
        assert status == 200, job
        seen.append(job["progress"])
        if job["state"] in ("done", "failed"):
            assert seen == sorted(seen)  # progress only moves forward
            return dict(job)
        time.sleep(0.1)
    raise AssertionError(f"job {job_id} still running after {timeout} s")


def import_file(setup: Setup, name: str, data: bytes, **mapping: Any) -> dict[str, Any]:
    status, shown = preview(setup, name, data)
    assert status == 200, shown
    status, started = start_import(setup, shown["upload_id"], {**shown["guess"], **mapping})
    assert status == 202, started
    return wait_job(setup, started["job_id"])


def ledger_eventlog(setup: Setup) -> dict[str, Any] | None:
    """The ``eventlog`` root of the board's ledger, as a fresh Yjs client receives it."""

    async def read() -> dict[str, Any] | None:
        async with YClient(setup.ws(setup.facilitator, "ledger")) as client:
            await client.synced.wait()
            text = client.doc.get("eventlog", type=Map).get("json")
            return json.loads(text) if text else None

    return anyio.run(read)


def csv_bytes(cases: int = 40, **kwargs: Any) -> bytes:
    out = io.StringIO()
    eventlogs.write_csv(out, eventlogs.events(cases), **kwargs)
    return out.getvalue().encode(kwargs.get("encoding", "utf-8"))


async def test_import_reaches_connected_clients_through_the_ledger(setup: Setup) -> None:
    data = csv_bytes(100)
    editor, _ = setup.join("editor", "李")
    async with YClient(setup.ws(editor, "ledger")) as watcher:
        await watcher.synced.wait()
        status, shown = preview(setup, "工单导出.csv", data, token=editor)
        assert status == 200, shown
        assert shown["format"] == "csv"
        assert shown["columns"] == eventlogs.HEADER
        assert len(shown["rows"]) == 20
        assert shown["sha256"] == hashlib.sha256(data).hexdigest()
        assert shown["size"] == len(data)
        assert shown["guess"]["case"] == "工单号" and shown["guess"]["start"] == "开始时间"
        mapping = {**shown["guess"], "timezone": "Asia/Shanghai"}
        status, started = start_import(setup, shown["upload_id"], mapping, token=editor)
        assert status == 202, started
        job = await anyio.to_thread.run_sync(lambda: wait_job(setup, started["job_id"], editor))
        assert job["state"] == "done", job
        assert job["progress"] == 1.0
        events = watcher.doc.get("eventlog", type=Map)
        await watcher.wait_for(lambda: events.get("json") is not None)
        analysis = json.loads(events.get("json"))
        assert analysis["source"]["cases"] == 100
        assert analysis["source"]["sha256"] == hashlib.sha256(data).hexdigest()
        assert analysis["source"]["name"] == "工单导出.csv"
        assert analysis["source"]["imported_by"] == "李"
        assert analysis["rework"]["cases"] == 20
        assert events.get("rev") >= 1
    # the upload is gone once imported
    status, again = start_import(setup, shown["upload_id"], mapping)
    assert status == 404 and again["code"] == "upload_not_found"
    assert "eventlog imported" in setup.server.log()


def test_viewers_pilots_and_other_kinds_cannot_import(setup: Setup, shared: Server) -> None:
    data = csv_bytes(5)
    viewer, _ = setup.join("viewer", "看")
    assert preview(setup, "a.csv", data, token=viewer)[0] == 403
    pilot = setup.invite("pilot")
    assert preview(setup, "a.csv", data, token=pilot)[0] in (401, 403, 404)
    notes = make_workshop(shared, kind="notes")
    answer = httpx.post(
        f"{shared.url}/api/boards/{notes.board_id}/eventlog/preview",
        files={"file": ("a.csv", data)},
        headers={"authorization": f"Bearer {notes.facilitator}"},
    )
    assert answer.status_code == 422 and answer.json()["code"] == "not_importable"
    # an upload is only imported into the board it was sent to
    status, shown = preview(setup, "a.csv", data)
    other = make_workshop(shared, kind="vsm")
    status, refused = other.server.request(
        "POST",
        f"/api/boards/{other.board_id}/eventlog/import",
        {"upload_id": shown["upload_id"], "mapping": shown["guess"]},
        token=other.facilitator,
    )
    assert status == 404 and refused["code"] == "upload_not_found"
    # a job is polled only from its own workshop
    status, started = start_import(setup, shown["upload_id"], shown["guess"])
    assert status == 202, started
    status, _ = other.server.request(
        "GET", f"/api/jobs/{started['job_id']}", token=other.facilitator
    )
    assert status == 404
    assert wait_job(setup, started["job_id"], token=viewer)["state"] == "done"


LAUGHS = (
    b'<?xml version="1.0"?><!DOCTYPE log [<!ENTITY a "ha"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;">'
    b'<!ENTITY c "&b;&b;&b;&b;&b;&b;&b;&b;&b;"><!ENTITY d "&c;&c;&c;&c;&c;&c;&c;&c;&c;">]>'
    b'<log><trace><string key="concept:name" value="&d;"/></trace></log>'
)


def zip_bomb() -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("xl/worksheets/sheet1.xml", b"<" + b"a" * (300 * 1_048_576) + b">")
    return out.getvalue()


@pytest.mark.parametrize(
    ("name", "make", "code", "params"),
    [
        ("empty.csv", lambda: b"", "empty_file", {}),
        ("header.csv", lambda: "工单号,环节,开始时间\n".encode(), "no_rows", {}),
        (
            "latin.csv",
            lambda: (
                csv_bytes(5)
                + "T9,caf\xe9,2026-11-03 10:00,2026-11-03 11:00,u,d\n".encode("latin-1")
                + b"\xff\xfe\xfa"
            ),
            "wrong_encoding",
            {"row": 27},
        ),
        ("bomb.xlsx", zip_bomb, "zip_bomb", {}),
        ("fake.xlsx", lambda: b"case,activity\n1,a\n", "not_xlsx", {}),
        (
            "log.xes",
            lambda: b"<?xml version='1.0'?>\n<log><trace><event></trace>",
            "not_xml",
            {"row": 2},
        ),
        ("laughs.xes", lambda: LAUGHS, "no_rows", {}),  # entities are not expanded
    ],
)
def test_bad_files_are_refused_at_preview(
    setup: Setup, name: str, make: Any, code: str, params: dict[str, Any]
) -> None:
    before = ledger_eventlog(setup)
    status, problem = preview(setup, name, make())
    assert status == 422, problem
    assert problem["code"] == code, problem
    for key, value in params.items():
        assert problem[key] == value, problem
    assert ledger_eventlog(setup) == before


def test_oversized_upload_is_refused_while_streaming(setup: Setup) -> None:
    def body() -> Iterator[bytes]:  # chunked: no content-length to refuse up front
        yield b'--b\r\ncontent-disposition: form-data; name="file"; filename="big.csv"\r\n\r\n'
        for _ in range(400):  # 400 x 256 KiB = 100 MiB, far over the 16 MiB of this server
            yield b"x" * 262_144

    answer = httpx.post(
        f"{setup.server.url}/api/boards/{setup.board_id}/eventlog/preview",
        content=body(),
        headers={
            "authorization": f"Bearer {setup.facilitator}",
            "content-type": "multipart/form-data; boundary=b",
        },
        timeout=30,
    )
    assert answer.status_code == 413
    assert answer.json()["code"] == "eventlog_limit"


def bad_time_csv(bad_rows: set[int], value: str = "下周二") -> bytes:
    lines = [",".join(eventlogs.HEADER)]
    for n, e in enumerate(eventlogs.events(60)):
        start = value if n + 2 in bad_rows else e.start.strftime("%Y-%m-%d %H:%M")
        lines.append(f"{e.case},{e.activity},{start},{e.complete:%Y-%m-%d %H:%M},{e.resource},")
    return ("\n".join(lines) + "\n").encode()


def test_bad_files_fail_the_job_naming_row_and_column(setup: Setup) -> None:
    before = ledger_eventlog(setup)
    # mostly bad timestamps: refused, naming the column, the first row and its value
    job = import_file(setup, "t.csv", bad_time_csv(set(range(2, 300))))
    assert job["state"] == "failed"
    problem = job["problem"]
    assert problem["status"] == 422 and problem["type"].endswith("/bad_timestamps")
    assert (problem["code"], problem["column"], problem["row"], problem["value"]) == (
        "bad_timestamps", "开始时间", 2, "下周二",
    )  # fmt: skip
    # complete before start
    lines = csv_bytes(20).decode().splitlines()
    fields = lines[7].split(",")
    fields[2], fields[3] = fields[3], fields[2]
    lines[7] = ",".join(fields)
    job = import_file(setup, "n.csv", ("\n".join(lines) + "\n").encode())
    assert job["state"] == "failed"
    assert job["problem"]["code"] == "negative_duration"
    assert job["problem"]["row"] == 8
    assert ledger_eventlog(setup) == before
    # a mapping naming a column the file does not have: refused before any job
    status, shown = preview(setup, "m.csv", csv_bytes(5))
    status, problem = start_import(setup, shown["upload_id"], {**shown["guess"], "start": "到达"})
    assert status == 422 and problem["code"] == "missing_column" and problem["column"] == "到达"
    status, problem = start_import(
        setup, shown["upload_id"], {**shown["guess"], "timezone": "Mars/Olympus"}
    )
    assert status == 422 and problem["code"] == "bad_timezone"


def test_a_few_bad_timestamps_are_reported_not_dropped_silently(setup: Setup) -> None:
    job = import_file(setup, "few.csv", bad_time_csv({5, 9}))
    assert job["state"] == "done", job
    analysis = ledger_eventlog(setup)
    assert analysis is not None
    warning = next(w for w in analysis["warnings"] if w["code"] == "bad_timestamps_dropped")
    assert warning["params"] == {"column": "开始时间", "count": 2, "rows": "5, 9"}


def test_server_app_does_not_import_the_dataframe_engines() -> None:
    code = (
        "import sys, server.app; "
        "print(sorted(m for m in ('polars', 'pandas', 'pm4py', 'fastexcel') if m in sys.modules))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"


async def test_an_import_does_not_block_another_room(setup: Setup, shared: Server) -> None:
    """Two peers of another board echo an edit every 20 ms while ~94,000 events are imported:
    the echo keeps its pace (an import on the event loop's thread would stall it for seconds)."""
    data = csv_bytes(20_000)
    status, shown = await anyio.to_thread.run_sync(lambda: preview(setup, "big.csv", data))
    assert status == 200, shown
    busy = make_workshop(shared, kind="notes")
    url = busy.ws(busy.facilitator)
    samples: list[tuple[str, float]] = []
    phase = "idle"
    async with YClient(url) as a, YClient(url) as b:
        await a.synced.wait()
        await b.synced.wait()
        sent, seen = a.doc.get("echo", type=Map), b.doc.get("echo", type=Map)
        job: dict[str, Any] = {}

        async def importer() -> None:
            nonlocal phase
            await anyio.sleep(1)
            status, started = start_import(setup, shown["upload_id"], shown["guess"])
            assert status == 202, started
            phase = "import"
            job.update(await anyio.to_thread.run_sync(lambda: wait_job(setup, started["job_id"])))
            phase = "done"

        async with anyio.create_task_group() as tg:
            tg.start_soon(importer)
            i = 0
            while phase != "done":
                i += 1
                began = time.perf_counter()
                sent["n"] = i
                await b.wait_for(lambda n=i: seen.get("n") == n, timeout=10)
                samples.append((phase, time.perf_counter() - began))
                await anyio.sleep(0.02)
    assert job["state"] == "done", job
    during = sorted(s for p, s in samples if p == "import")
    assert len(during) >= 10, samples  # the echo really ran while the job did
    assert during[len(during) // 2] < 0.2, during
    assert during[-1] < 1.0, during


def test_xlsx_is_previewed_and_imported(setup: Setup, tmp_path: Path) -> None:
    path = eventlogs.write_xlsx(tmp_path / "导出.xlsx", list(eventlogs.events(30)))
    status, shown = preview(setup, path.name, path.read_bytes())
    assert status == 200, shown
    assert shown["format"] == "xlsx"
    assert shown["columns"] == eventlogs.HEADER
    assert shown["rows"][0][:2] == ["T0000000", "受理"]
    status, started = start_import(setup, shown["upload_id"], shown["guess"])
    assert status == 202, started
    job = wait_job(setup, started["job_id"])
    assert job["state"] == "done", job
    analysis = ledger_eventlog(setup)
    assert analysis is not None
    assert (analysis["source"]["format"], analysis["source"]["cases"]) == ("xlsx", 30)


def test_a_free_text_column_mapped_as_activity_is_refused(setup: Setup) -> None:
    lines = ["case,title,time"] + [
        f"C{i % 50},问题描述{i},2026-11-03 10:{i % 60:02d}" for i in range(600)
    ]
    job = import_file(setup, "titles.csv", ("\n".join(lines) + "\n").encode())
    assert job["state"] == "failed"
    problem = job["problem"]
    assert (problem["code"], problem["column"], problem["count"]) == (
        "too_many_activities", "title", 600,
    )  # fmt: skip
