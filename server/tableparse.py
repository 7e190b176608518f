"""Reading an uploaded table (CSV or XLSX) where a hostile file cannot hurt the server.

A 243 KB XLSX once held the event loop 20 s and took 2.3 GB; a 196 KB one stored a 200 MB
step name. So the file is read in a child process (forkserver: a fresh, small process, not a
copy of the server) under an address-space limit and a wall deadline after which it is
killed; an XLSX is refused from its zip directory before any XML is read when it would
unpack to too much; and rows, columns and cell lengths are bounded while reading.

The outcome is a :class:`Refused` (413 ``import_limit``, naming the limit) or
:class:`Unreadable` (422 ``unreadable_file``), or the rows.
"""

from __future__ import annotations

import csv
import io
import multiprocessing
import zipfile
from dataclasses import dataclass
from multiprocessing.connection import Connection
from typing import Any

import anyio

MIB = 1_048_576


@dataclass(frozen=True)
class Limits:
    upload_bytes: int = 5 * MIB
    unzipped_bytes: int = 64 * MIB  # all zip members together, as the directory declares
    zip_ratio: float = 100.0  # unpacked / packed, for a member over 1 MiB unpacked
    zip_members: int = 1000
    # The header plus one more than the kind's import accepts (TableImport.max_rows), so that
    # the kind says "too many rows"; see server/imports.py.
    rows: int = 502
    columns: int = 64
    cell_chars: int = 10_000
    total_chars: int = 2_000_000
    memory_bytes: int = 1024 * MIB  # the child's address space
    seconds: float = 20.0  # wall time of the child, then it is killed


class Refused(Exception):
    """Over a limit: 413 ``import_limit``; ``limit`` names which."""

    def __init__(self, limit: str, detail: str) -> None:
        super().__init__(detail)
        self.limit, self.detail = limit, detail


class Unreadable(Exception):
    """Not CSV or XLSX: 422 ``unreadable_file``."""


_RATIO_FLOOR = MIB  # small members compress arbitrarily well and cost nothing
_workers = anyio.CapacityLimiter(2)  # children at once; more uploads wait their turn


def is_xlsx(data: bytes, content_type: str) -> bool:
    return data[:2] == b"PK" or "spreadsheetml" in content_type


def check_zip(data: bytes, limits: Limits) -> None:
    """Refuse a zip bomb from its central directory, before anything is unpacked.
    (Python's zipfile never unpacks a member past the size its directory declares.)"""
    try:
        members = zipfile.ZipFile(io.BytesIO(data)).infolist()
    except (zipfile.BadZipFile, ValueError, OSError) as exc:
        raise Unreadable(f"not a valid XLSX (zip) file: {exc}") from None
    if len(members) > limits.zip_members:
        raise Refused("zip_members", f"more than {limits.zip_members} files inside the XLSX")
    total = sum(m.file_size for m in members)
    if total > limits.unzipped_bytes:
        raise Refused(
            "unzipped_bytes", f"the XLSX unpacks to {total} bytes, over {limits.unzipped_bytes}"
        )
    for m in members:
        if m.file_size > _RATIO_FLOOR and m.file_size > limits.zip_ratio * max(m.compress_size, 1):
            raise Refused(
                "zip_ratio",
                f"{m.filename!r} unpacks {m.file_size // max(m.compress_size, 1)} times its "
                f"size, over {limits.zip_ratio:g}",
            )


def _bounded(rows: Any, limits: Limits) -> list[list[Any]]:
    out: list[list[Any]] = []
    chars = 0
    for row in rows:
        if len(out) >= limits.rows:
            break
        cells = list(row)
        while cells and cells[-1] in (None, ""):  # spreadsheets pad rows with empty cells
            cells.pop()
        if len(cells) > limits.columns:
            raise Refused("columns", f"row {len(out) + 1} has over {limits.columns} columns")
        values = ["" if cell is None else cell for cell in cells]
        for cell in values:
            size = len(cell) if isinstance(cell, str) else 0
            if size > limits.cell_chars:
                raise Refused(
                    "cell_chars",
                    f"a cell in row {len(out) + 1} holds {size} characters, "
                    f"over {limits.cell_chars}",
                )
            chars += size
        if chars > limits.total_chars:
            raise Refused("total_chars", f"the table holds over {limits.total_chars} characters")
        out.append(values)
    return out


def rows_from_csv(data: bytes) -> list[list[Any]]:
    text = data.decode("utf-8-sig") if not data.startswith(b"\xff\xfe") else data.decode("utf-16")
    header = text.split("\n", 1)[0]
    delimiter = max(",;\t", key=header.count)  # Excel writes ";" in some locales, TSV pastes "\t"
    return [list(row) for row in csv.reader(io.StringIO(text), delimiter=delimiter)]


def read_table(data: bytes, content_type: str, limits: Limits) -> list[list[Any]]:
    """The rows of the file, within ``limits`` (apart from memory and time: see :func:`parse`)."""
    if len(data) > limits.upload_bytes:
        raise Refused("upload_bytes", f"the file is over {limits.upload_bytes} bytes")
    if is_xlsx(data, content_type):
        check_zip(data, limits)
        from openpyxl import load_workbook

        try:
            book = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
            try:
                sheet = book.worksheets[0]
                return _bounded(sheet.iter_rows(values_only=True), limits)
            finally:
                book.close()
        except (Refused, MemoryError):
            raise
        except Exception as exc:  # a broken upload is the uploader's problem, said plainly
            raise Unreadable(f"could not read the file as XLSX: {exc}"[:300]) from None
    csv.field_size_limit(limits.cell_chars)
    try:
        return _bounded(rows_from_csv(data), limits)
    except (Refused, MemoryError):
        raise
    except csv.Error as exc:
        if "field limit" in str(exc):
            raise Refused(
                "cell_chars", f"a cell holds over {limits.cell_chars} characters"
            ) from None
        raise Unreadable(f"could not read the file as CSV: {exc}"[:300]) from None
    except Exception as exc:
        raise Unreadable(f"could not read the file as CSV or XLSX: {exc}"[:300]) from None


# -- the child process -------------------------------------------------------------------


def _child(out: Connection, data: bytes, content_type: str, limits: Limits) -> None:
    import resource

    resource.setrlimit(resource.RLIMIT_AS, (limits.memory_bytes, limits.memory_bytes))
    try:
        answer: tuple[Any, ...] = ("rows", read_table(data, content_type, limits))
    except Refused as exc:
        answer = ("refused", exc.limit, exc.detail)
    except Unreadable as exc:
        answer = ("unreadable", str(exc))
    except MemoryError:
        answer = ("refused", "memory_bytes", f"reading needs over {limits.memory_bytes} bytes")
    out.send(answer)
    out.close()


# The fork server imports once what a child needs, then forks one child per upload. A child
# re-runs the main script (`obeya`: Python 3.11 ignores "__main__" here), whose imports are
# then already loaded -- otherwise a second of imports per upload, counted in its deadline.
_context = multiprocessing.get_context("forkserver")
_context.set_forkserver_preload(["__main__", "server.cli", "server.tableparse", "openpyxl"])


def _run_child(data: bytes, content_type: str, limits: Limits) -> list[list[Any]]:
    receiver, sender = _context.Pipe(duplex=False)
    child = _context.Process(target=_child, args=(sender, data, content_type, limits), daemon=True)
    child.start()
    sender.close()
    try:
        if not receiver.poll(limits.seconds):
            raise Refused("seconds", f"reading the file took over {limits.seconds:g} s")
        try:
            answer = receiver.recv()
        except EOFError:  # ended without answering: memory ran out where Python could not say
            raise Refused(
                "memory_bytes",
                f"the reader ended without an answer, most likely over its "
                f"{limits.memory_bytes}-byte memory limit",
            ) from None
    finally:
        receiver.close()
        if child.is_alive():
            child.kill()
        child.join(5)
        child.close()
    if answer[0] == "refused":
        raise Refused(answer[1], answer[2])
    if answer[0] == "unreadable":
        raise Unreadable(answer[1])
    rows: list[list[Any]] = answer[1]
    return rows


async def parse(data: bytes, content_type: str, limits: Limits) -> list[list[Any]]:
    """The rows of an uploaded table, read in a bounded child process; the event loop only
    waits. Raises :class:`Refused` or :class:`Unreadable`."""
    if len(data) > limits.upload_bytes:
        raise Refused("upload_bytes", f"the file is over {limits.upload_bytes} bytes")
    if is_xlsx(data, content_type):
        check_zip(data, limits)  # the directory alone: cheap, and spares a child
    async with _workers:
        return await anyio.to_thread.run_sync(_run_child, data, content_type, limits)
