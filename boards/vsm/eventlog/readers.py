"""Reading an uploaded event log: which format it is, its columns and first rows (the preview,
without the dataframe engine), and the whole table as a polars frame of text columns (the
import, in the worker process).

Every refusal is a :class:`LogProblem` naming the column, row or byte where the file went
wrong; nothing is guessed silently."""

from __future__ import annotations

import codecs
import csv
import io
import itertools
import zipfile
from collections import Counter, deque
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from .model import LogFormat

if TYPE_CHECKING:
    import polars as pl

PREVIEW_ROWS = 20
SNIFF_BYTES = 64 * 1024
CHUNK = 1 << 20
DELIMITERS = ",;\t|"
# A zip entry may expand this many times (real sheets: 5-30x) and the whole workbook to this
# many bytes; a zip bomb posing as XLSX is refused from its directory, before anything inflates.
MAX_ZIP_RATIO = 200
MAX_XLSX_UNCOMPRESSED = 2 * 1024**3
XES_NS_EVENT = "event"
XES_CASE = "case:concept:name"
XES_TIME = "time:timestamp"
XES_START = "time:start"  # the matched start event's time, see Lifecycle
LIFECYCLE = "lifecycle:transition"


class LogProblem(Exception):
    """A file that cannot be imported: ``code`` is a catalog key, ``params`` name the row
    (1-based, as a spreadsheet shows it: the header is row 1), column or byte."""

    def __init__(self, code: str, detail: str, **params: Any) -> None:
        super().__init__(detail)
        self.code, self.detail, self.params = code, detail, params


@dataclass
class Preview:
    format: LogFormat
    columns: list[str]
    rows: list[list[str]]
    encoding: str | None = None
    delimiter: str | None = None
    extra: dict[str, Any] = field(default_factory=dict)


def detect_format(path: Path, name: str) -> LogFormat:
    with path.open("rb") as f:
        head = f.read(512)
    if not head:
        raise LogProblem("empty_file", "the file is empty")
    if head.startswith(b"PK\x03\x04"):
        return "xlsx"
    text = head.lstrip(b"\xef\xbb\xbf \t\r\n")
    lower = name.lower()
    if lower.endswith(".xes") or text.startswith((b"<?xml", b"<log")):
        return "xes"
    if lower.endswith((".xlsx", ".xlsm")):
        raise LogProblem("not_xlsx", "the file is named .xlsx but is not an Excel workbook")
    return "csv"


def unique_headers(raw: list[str]) -> list[str]:
    """Header names as the mapping refers to them: empty ones named by position, repeated
    ones numbered, so every column has one name."""
    seen: dict[str, int] = {}
    out = []
    for i, header in enumerate(raw):
        name = header.strip() or f"column_{i + 1}"
        if name in seen:
            seen[name] += 1
            name = f"{name}_{seen[name]}"
        else:
            seen[name] = 1
        out.append(name)
    return out


# -- CSV -------------------------------------------------------------------------------------
def detect_encoding(path: Path) -> str:
    """UTF-8 (with or without BOM), UTF-16 (BOM or NUL pattern) or GB18030 (which covers GBK
    and GB2312), checked over the whole file, so a bad byte at row 900,000 is found here."""
    with path.open("rb") as f:
        head = f.read(SNIFF_BYTES)
    if head.startswith(codecs.BOM_UTF8):
        candidates = ["utf-8-sig"]
    elif head.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        candidates = ["utf-16"]
    elif head.count(b"\x00") > len(head) // 4:
        odd_nuls = head[1::2].count(b"\x00") > head[0::2].count(b"\x00")
        candidates = ["utf-16-le" if odd_nuls else "utf-16-be"]
    else:
        candidates = ["utf-8", "gb18030"]
    first_error: tuple[int, int] | None = None
    for encoding in candidates:
        error = _decode_error(path, encoding)
        if error is None:
            return encoding
        first_error = first_error or error
    assert first_error is not None
    offset, line = first_error
    raise LogProblem(
        "wrong_encoding",
        f"the file is not UTF-8, UTF-16 or GB18030 text (byte {offset}, row {line})",
        byte=offset,
        row=line,
    )


def _decode_error(path: Path, encoding: str) -> tuple[int, int] | None:
    decoder = codecs.getincrementaldecoder(encoding)("strict")
    offset = lines = 0
    with path.open("rb") as f:
        while chunk := f.read(CHUNK):
            try:
                decoder.decode(chunk)
            except UnicodeDecodeError as exc:
                return offset + exc.start, lines + chunk[: exc.start].count(b"\n") + 1
            offset += len(chunk)
            lines += chunk.count(b"\n")
        try:
            decoder.decode(b"", final=True)
        except UnicodeDecodeError:
            return offset, lines + 1
    return None


def sniff_delimiter(sample: str) -> str:
    lines = sample.splitlines()[:50]
    try:
        return csv.Sniffer().sniff("\n".join(lines), delimiters=DELIMITERS).delimiter
    except csv.Error:
        header = lines[0] if lines else ""
        return max(DELIMITERS, key=header.count) if any(d in header for d in DELIMITERS) else ","


def _text_head(path: Path, encoding: str, limit: int = 4 * SNIFF_BYTES) -> str:
    with path.open("rb") as f:
        data = f.read(limit)
    return codecs.getincrementaldecoder(encoding)("replace").decode(data)


def preview_csv(path: Path) -> Preview:
    encoding = detect_encoding(path)
    head = _text_head(path, encoding)
    delimiter = sniff_delimiter(head)
    rows = list(
        itertools.islice(csv.reader(io.StringIO(head), delimiter=delimiter), 1 + PREVIEW_ROWS + 1)
    )
    if not rows or not any(cell.strip() for cell in rows[0]):
        raise LogProblem("empty_file", "the file has no header row")
    body = rows[1 : 1 + PREVIEW_ROWS]
    if len(rows) <= 1:
        raise LogProblem("no_rows", "the file has a header but no rows")
    return Preview("csv", unique_headers(rows[0]), body, encoding, delimiter)


def utf8_copy(path: Path, encoding: str, target: Path) -> Path:
    """The file as UTF-8 without BOM (what polars reads), transcoded in chunks."""
    if encoding == "utf-8":
        return path
    decoder = codecs.getincrementaldecoder(encoding)("strict")
    with path.open("rb") as source, target.open("w", encoding="utf-8", newline="") as out:
        while chunk := source.read(CHUNK):
            out.write(decoder.decode(chunk))
        out.write(decoder.decode(b"", final=True))
    return target


def read_csv(path: Path, columns: list[str], scratch: Path, info: Preview) -> pl.DataFrame:
    import polars as pl

    assert info.encoding is not None and info.delimiter is not None
    source = utf8_copy(path, info.encoding, scratch / "utf8.csv")
    try:
        frame = pl.read_csv(
            source,
            separator=info.delimiter,
            has_header=True,
            new_columns=info.columns,
            infer_schema=False,
            columns=[info.columns.index(c) for c in columns],
            truncate_ragged_lines=True,
            raise_if_empty=False,
        )
    except pl.exceptions.PolarsError as exc:
        raise LogProblem("unreadable_csv", f"the CSV cannot be read: {str(exc)[:300]}") from None
    finally:
        if source != path:
            source.unlink(missing_ok=True)
    return frame.select([pl.col(info.columns[info.columns.index(c)]) for c in columns])


# -- XLSX ------------------------------------------------------------------------------------
def check_zip(path: Path, max_uncompressed: int = MAX_XLSX_UNCOMPRESSED) -> None:
    try:
        with zipfile.ZipFile(path) as archive:
            entries = archive.infolist()
    except (zipfile.BadZipFile, OSError) as exc:
        raise LogProblem("not_xlsx", f"the workbook is not a valid zip file: {exc}") from None
    total = sum(entry.file_size for entry in entries)
    if total > max_uncompressed:
        raise LogProblem(
            "zip_bomb",
            f"the workbook would expand to {total} bytes (limit {max_uncompressed})",
            uncompressed=total,
            limit=max_uncompressed,
        )
    for entry in entries:
        ratio = entry.file_size / max(entry.compress_size, 1)
        if entry.file_size > 1 << 20 and ratio > MAX_ZIP_RATIO:
            raise LogProblem(
                "zip_bomb",
                f"{entry.filename} would expand {ratio:.0f} times (limit {MAX_ZIP_RATIO})",
                entry=entry.filename,
                ratio=round(ratio),
            )
    if not any(entry.filename.startswith("xl/worksheets/") for entry in entries):
        raise LogProblem("not_xlsx", "the zip file holds no Excel worksheet")


def preview_xlsx(path: Path) -> Preview:
    """The first rows with fastexcel (calamine), as text. openpyxl's read-only mode scans a
    whole sheet that lacks a dimension record before the first row (16.8 s against 2.1 s for
    107,000 rows), and exports often lack it. Imports polars: the server runs this in the
    worker process (``worker.py``)."""
    import fastexcel

    check_zip(path)
    try:
        sheet = fastexcel.read_excel(str(path)).load_sheet(
            0, header_row=None, n_rows=1 + PREVIEW_ROWS, dtypes="string"
        )
        frame = sheet.to_polars()
    except Exception as exc:  # fastexcel's errors have no common base class
        raise LogProblem("not_xlsx", f"the workbook cannot be read: {str(exc)[:200]}") from None
    rows = [["" if v is None else str(v) for v in row] for row in frame.iter_rows()]
    if not rows or not any(cell.strip() for cell in rows[0]):
        raise LogProblem("empty_file", "the first sheet has no header row")
    if len(rows) <= 1:
        raise LogProblem("no_rows", "the first sheet has a header but no rows")
    return Preview("xlsx", unique_headers(rows[0]), rows[1:])


def read_xlsx(path: Path, columns: list[str], info: Preview) -> pl.DataFrame:
    import fastexcel
    import polars as pl

    try:
        reader = fastexcel.read_excel(str(path))
        sheet = reader.load_sheet(
            0, header_row=0, use_columns=[info.columns.index(c) for c in columns]
        )
        frame = sheet.to_polars()
    except Exception as exc:  # fastexcel's errors have no common base class
        raise LogProblem("not_xlsx", f"the workbook cannot be read: {str(exc)[:300]}") from None
    frame.columns = columns
    return frame.with_columns(
        [
            pl.col(c).cast(pl.String)
            for c, dtype in frame.schema.items()
            if not (dtype == pl.Datetime or dtype == pl.Date or dtype.is_numeric())
        ]
    )


# -- XES -------------------------------------------------------------------------------------
def _xes_events(path: Path) -> Iterator[dict[str, str]]:
    """One dict per event: its attributes plus the trace's, as ``case:<key>``."""
    from lxml import etree

    case: dict[str, str] = {}
    # opened here, so that a preview that stops after 20 events closes the file
    with path.open("rb") as source:
        yield from _xes_parse(etree, source, case)


def _xes_parse(etree: Any, source: Any, case: dict[str, str]) -> Iterator[dict[str, str]]:
    # Only the ends of events and traces reach Python: a callback per attribute element
    # made reading 10 times slower.
    trace = None
    try:
        for _, element in etree.iterparse(
            source, events=("end",), tag=("{*}event", "{*}trace"), resolve_entities=False,
            no_network=True, huge_tree=True,
        ):  # fmt: skip
            if element.tag.endswith("trace"):
                element.clear()
                while element.getprevious() is not None:
                    del element.getparent()[0]
                continue
            parent = element.getparent()
            if parent is not trace:  # the first event of a trace: its attributes came before
                trace = parent
                case = {}
                for attribute in parent if parent is not None else ():
                    key = attribute.get("key")
                    if key is not None and not attribute.tag.endswith("event"):
                        case[f"case:{key}"] = attribute.get("value", "")
            event = dict(case)
            for child in element:
                key = child.get("key")
                if key is not None:
                    event[key] = child.get("value", "")
            yield event
            element.clear()
    except etree.XMLSyntaxError as exc:
        raise LogProblem(
            "not_xml", f"the XES file is not well-formed XML: {exc.msg}", row=exc.lineno
        ) from None


class Lifecycle:
    """XES logs (the BPI challenges, most exports of process-mining tools) often record an
    activity as two events, ``lifecycle:transition`` start and complete. Each complete event
    becomes one row, with the time of the earliest unmatched start of the same activity in
    its case as ``time:start``; start events are folded into it, and other transitions
    (schedule, assign, suspend ...) and starts never completed are counted in ``skipped``."""

    def __init__(self) -> None:
        self.skipped: Counter[str] = Counter()

    def fold(self, events: Iterator[dict[str, str]]) -> Iterator[dict[str, str]]:
        case: str | None = None
        started: dict[str, deque[str]] = {}
        for event in events:
            if event.get(XES_CASE) != case:
                self._unmatched(started)
                case, started = event.get(XES_CASE), {}
            transition = event.get(LIFECYCLE, "complete").strip().lower()
            activity = event.get("concept:name", "")
            if transition == "start":
                started.setdefault(activity, deque()).append(event.get(XES_TIME, ""))
            elif transition == "complete":
                pending = started.get(activity)
                yield {**event, XES_START: pending.popleft()} if pending else event
            else:
                self.skipped[transition] += 1
        self._unmatched(started)

    def _unmatched(self, started: dict[str, deque[str]]) -> None:
        left = sum(len(times) for times in started.values())
        if left:
            self.skipped["start_without_complete"] += left

    def notes(self) -> list[tuple[str, dict[str, Any]]]:
        return [
            ("xes_events_folded", {"transition": transition, "count": count})
            for transition, count in sorted(self.skipped.items())
        ]


def preview_xes(path: Path) -> Preview:
    events = list(itertools.islice(Lifecycle().fold(_xes_events(path)), PREVIEW_ROWS))
    if not events:
        raise LogProblem("no_rows", "the XES file holds no events")
    columns: list[str] = []
    for event in events:
        columns.extend(k for k in event if k not in columns)
    columns.sort(key=lambda c: (c != XES_CASE, c))
    rows = [[event.get(c, "") for c in columns] for event in events]
    return Preview("xes", columns, rows)


def read_xes(
    path: Path, columns: list[str], notes: list[tuple[str, dict[str, Any]]] | None = None
) -> pl.DataFrame:
    import polars as pl

    lifecycle = Lifecycle()
    values: dict[str, list[str | None]] = {c: [] for c in columns}
    for event in lifecycle.fold(_xes_events(path)):
        for c in columns:
            values[c].append(event.get(c))
    if notes is not None:
        notes.extend(lifecycle.notes())
    return pl.DataFrame(values, schema={c: pl.String for c in columns})


def preview(path: Path, name: str) -> Preview:
    fmt = detect_format(path, name)
    if fmt == "xlsx":
        return preview_xlsx(path)
    if fmt == "xes":
        return preview_xes(path)
    return preview_csv(path)


def read_table(
    path: Path,
    info: Preview,
    columns: list[str],
    scratch: Path,
    notes: list[tuple[str, dict[str, Any]]] | None = None,
) -> pl.DataFrame:
    """The named columns of the whole file (``info``: its preview), in file order (row ``i``
    is the file's row ``i + 2``; an XES event's number); how the file was read goes to
    ``notes``."""
    if info.format == "xlsx":
        return read_xlsx(path, columns, info)
    if info.format == "xes":
        return read_xes(path, columns, notes)
    return read_csv(path, columns, scratch, info)
