"""Hostile uploads through a real server: a CSV/XLSX import is read in a bounded child
process and refused by limit (413 ``import_limit``) or as unreadable (422), the event loop
keeps answering meanwhile, and nothing is written on refusal."""

from __future__ import annotations

import base64
import io
import json
import threading
import time
import urllib.request
import zipfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from openpyxl import Workbook

from server.protocol import varuint
from tests.support.server import Server
from tests.support.workshop import Setup, make_workshop

HEADER = "步骤,部门,周期时间,周期单位\n"
MARKER = "MARKERSTEP"


@pytest.fixture
def strict(tmp_path: Path) -> Iterator[Server]:
    """A server with a short import deadline and a small document limit, to reach them fast."""
    srv = Server(
        tmp_path / "data",
        env={"OBEYA_IMPORT_SECONDS": "3", "OBEYA_MAX_DOCUMENT_BYTES": "400000"},
    ).start()
    try:
        yield srv
    finally:
        srv.stop()


def _post(setup: Setup, data: bytes, ctype: str = "text/csv") -> tuple[int, Any]:
    request = urllib.request.Request(
        f"{setup.server.url}/api/boards/{setup.board_id}/import",
        data=data,
        method="POST",
        headers={"authorization": f"Bearer {setup.facilitator}", "content-type": ctype},
    )
    try:
        with urllib.request.urlopen(request, timeout=60) as answer:
            return answer.status, json.loads(answer.read())
    except urllib.error.HTTPError as error:
        return error.code, json.loads(error.read())


def _steps(setup: Setup) -> list[Any]:
    status, board = setup.server.request(
        "GET", f"/api/boards/{setup.board_id}", token=setup.facilitator
    )
    assert status == 200, board
    return list(board["snapshot"]["current"]["steps"])


def _peak_rss(server: Server) -> int:
    assert server.process is not None
    status = Path(f"/proc/{server.process.pid}/status").read_text()
    return int(next(x for x in status.splitlines() if x.startswith("VmHWM:")).split()[1]) * 1024


def _xlsx(name: str = MARKER) -> bytes:
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.append(["步骤", "部门"])
    sheet.append([name, "客服部"])
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def _inflated(size: int) -> bytes:
    """A valid XLSX whose one step name is ``size`` characters: small packed, huge unpacked
    (the 196 KB file that once stored a 200 MB step name)."""
    source = zipfile.ZipFile(io.BytesIO(_xlsx()))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            data = source.read(info.filename)
            if MARKER.encode() not in data:
                target.writestr(info.filename, data)
                continue
            head, tail = data.split(MARKER.encode(), 1)
            with target.open(info.filename, "w", force_zip64=True) as member:
                member.write(head)
                chunk = b"a" * 1_048_576
                for _ in range(size // len(chunk)):
                    member.write(chunk)
                member.write(tail)
    return out.getvalue()


def _wide_row(cells: int) -> bytes:
    """A valid XLSX whose second row has ``cells`` numeric cells: slow to read."""
    rows = ['<row r="1"><c r="A1" t="inlineStr"><is><t>步骤</t></is></c></row><row r="2">']
    rows += [f"<c><v>{(n * 7919) % 100003}</v></c>" for n in range(cells)]
    rows.append("</row>")
    source = zipfile.ZipFile(io.BytesIO(_xlsx()))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            data = source.read(info.filename)
            if info.filename == "xl/worksheets/sheet1.xml":
                start = data.index(b"<sheetData>") + len(b"<sheetData>")
                end = data.index(b"</sheetData>")
                data = data[:start] + "".join(rows).encode() + data[end:]
            target.writestr(info.filename, data)
    return out.getvalue()


def test_hostile_tables_are_refused_by_limit_and_nothing_is_written(server: Server) -> None:
    setup = make_workshop(server, kind="vsm")
    bomb = _inflated(200 * 1_048_576)
    assert len(bomb) < 400_000
    status, body = _post(setup, bomb, "application/octet-stream")
    assert (status, body["code"], body["limit"]) == (413, "import_limit", "unzipped_bytes"), body
    status, body = _post(setup, _inflated(20 * 1_048_576), "application/octet-stream")
    assert (status, body["code"], body["limit"]) == (413, "import_limit", "zip_ratio"), body

    long_name = (HEADER + "a" * 20_000 + ",客服部,1,min\n").encode()
    status, body = _post(setup, long_name)
    assert (status, body["code"], body["limit"]) == (413, "import_limit", "cell_chars"), body

    wide = (",".join(["步骤", *[f"c{n}" for n in range(100)]]) + "\nx\n").encode()
    status, body = _post(setup, wide)
    assert (status, body["code"], body["limit"]) == (413, "import_limit", "columns"), body

    for garbage in (b"\xc3\x28name\n", b"\x00\x81\xfe\xff" * 100, b"PK\x03\x04broken"):
        status, body = _post(setup, garbage)
        assert (status, body["code"]) == (422, "unreadable_file"), body
    status, body = _post(setup, (HEADER + "接收投诉,客服部,10,min\n").encode("utf-8") + b"\xff")
    assert (status, body["code"]) == (422, "unreadable_file"), body

    assert _steps(setup) == []
    status, body = _post(setup, _xlsx())  # a normal file still imports
    assert (status, body["imported"]) == (200, 1), body
    assert [s["name"] for s in _steps(setup)] == [MARKER]


def test_slow_table_is_killed_at_the_deadline_while_the_loop_answers(strict: Server) -> None:
    setup = make_workshop(strict, kind="vsm")
    other = make_workshop(strict, kind="vsm")
    status, body = _post(other, _xlsx())  # the first import also starts the reader's fork server
    assert status == 200, body
    hostile = _wide_row(1_500_000)
    outcome: list[tuple[int, Any]] = []
    worker = threading.Thread(target=lambda: outcome.append(_post(setup, hostile)))
    started = time.monotonic()
    worker.start()
    slowest = 0.0
    while worker.is_alive():
        asked = time.monotonic()
        with urllib.request.urlopen(strict.url + "/healthz", timeout=5) as answer:
            assert answer.status == 200
        slowest = max(slowest, time.monotonic() - asked)
        time.sleep(0.1)
    worker.join()
    took = time.monotonic() - started
    status, body = outcome[0]
    assert (status, body["code"], body["limit"]) == (413, "import_limit", "seconds"), body
    print(f"refused after {took:.1f} s; slowest /healthz meanwhile {slowest * 1000:.0f} ms")
    assert took < 3 + 4, took  # the deadline, plus starting a child and answering
    assert slowest < 0.5, slowest
    assert _steps(setup) == []


def test_an_import_that_would_outgrow_the_document_is_refused(strict: Server) -> None:
    setup = make_workshop(strict, kind="vsm")
    rows = "".join(f"步骤{n}{'x' * 2000},客服部,1,min\n" for n in range(300))
    status, body = _post(setup, (HEADER + rows).encode())
    assert (status, body["code"], body["limit"]) == (413, "import_limit", "document_bytes"), body
    assert _steps(setup) == []


def test_hostile_snapshot_json_is_a_422(server: Server) -> None:
    for raw in (b"[" * 100_000 + b"]" * 100_000, b'{"schema": "\xff\xfe"}', b"\xc3\x28"):
        request = urllib.request.Request(
            server.url + "/api/workshops/import",
            data=raw,
            method="POST",
            headers={"content-type": "application/json"},
        )
        with pytest.raises(urllib.error.HTTPError) as refused:
            urllib.request.urlopen(request, timeout=30)
        assert refused.value.code == 422
        assert json.loads(refused.value.read())["code"] == "invalid_body"
        refused.value.close()
    with urllib.request.urlopen(server.url + "/healthz", timeout=5) as answer:
        assert answer.status == 200
    # An export whose document declares 2^28 client blocks in 5 bytes (pycrdt would reserve
    # 500 MB for them): refused before it reaches the CRDT library.
    setup = make_workshop(server)
    status, snapshot = server.request(
        "GET", f"/api/workshops/{setup.workshop_id}/export/json", token=setup.facilitator
    )
    assert status == 200, snapshot
    snapshot["boards"][0]["documents"]["content"] = base64.b64encode(varuint(1 << 28)).decode()
    peak = _peak_rss(server)
    status, body = server.request("POST", "/api/workshops/import", snapshot)
    assert (status, body["code"]) == (422, "invalid_snapshot"), body
    assert _peak_rss(server) - peak < 100 * 1_048_576


def test_a_reader_out_of_memory_is_refused_and_the_server_serves_on(tmp_path: Path) -> None:
    # 256 MiB of address space: a normal table fits, a 1.5-million-cell row does not.
    srv = Server(tmp_path / "data", env={"OBEYA_IMPORT_MEMORY_BYTES": str(256 * 1_048_576)})
    srv.start()
    try:
        setup = make_workshop(srv, kind="vsm")
        status, body = _post(setup, _wide_row(1_500_000))
        assert (status, body["code"], body["limit"]) == (413, "import_limit", "memory_bytes"), body
        assert _steps(setup) == []
        with urllib.request.urlopen(srv.url + "/healthz", timeout=5) as answer:
            assert answer.status == 200
        status, body = _post(setup, _xlsx())
        assert (status, body["imported"]) == (200, 1), body
    finally:
        srv.stop()
