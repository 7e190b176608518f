"""Generated event logs with a known structure, for the import tests and the benchmark.

Case ``i`` (0-based) passes 受理 -> 信息核实 -> [审批 when i % 10 < 3] -> 处理 -> ... -> 回访;
when ``i % 5 == 0`` it is sent back once after the first 信息核实 (信息核实 -> 退回 -> 信息核实):
so exactly 20 % of the cases rework, 30 % pass 审批, and 信息核实 has a planted waiting time
(the bottleneck). Every duration is a function of ``i``, and :class:`Event` keeps them, so the
tests compute the expected medians from the events with numpy, independently of the importer.
"""

from __future__ import annotations

import contextlib
import csv
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import datetime, timedelta
from pathlib import Path
from typing import TextIO

BASE = datetime(2026, 11, 2, 8, 0)  # naive: local time in the log's zone
DEPARTMENTS = {
    "受理": "客服部",
    "信息核实": "风控部",
    "退回": "客服部",
    "审批": "风控部",
    "处理": "运营部",
    "回访": "客服部",
}
EXTRA_STEPS = ["复核", "归档准备", "质检", "通知", "结算", "出库"]
HEADER = ["工单号", "环节", "开始时间", "完成时间", "处理人", "部门"]


@dataclass(frozen=True)
class Event:
    case: str
    activity: str
    start: datetime
    complete: datetime
    resource: str
    department: str


def trace(i: int, extra: int = 0) -> list[str]:
    steps = ["受理", "信息核实"]
    if i % 5 == 0:
        steps += ["退回", "信息核实"]
    if i % 10 < 3:
        steps.append("审批")
    steps.append("处理")
    steps += EXTRA_STEPS[:extra]
    steps.append("回访")
    return steps


def processing_minutes(activity: str, i: int) -> float:
    return {"信息核实": 20 + i % 13, "审批": 15 + i % 4, "处理": 30 + i % 17}.get(
        activity, 5 + i % 7
    )


def waiting_minutes(activity: str, i: int) -> float:
    # the planted bottleneck: 信息核实 waits 4 to 9.5 hours in the queue
    return {"信息核实": 240 + (i % 12) * 30, "审批": 60 + i % 9 * 5}.get(activity, 10 + i % 5)


def events(cases: int, extra: int = 0, spacing_minutes: float = 37.0) -> Iterator[Event]:
    for i in range(cases):
        case = f"T{i:07d}"
        at = BASE + timedelta(minutes=i * spacing_minutes)
        for position, activity in enumerate(trace(i, extra)):
            if position:
                at += timedelta(minutes=waiting_minutes(activity, i))
            done = at + timedelta(minutes=processing_minutes(activity, i))
            department = DEPARTMENTS.get(activity, "运营部")
            yield Event(case, activity, at, done, f"u{i % 23}", department)
            at = done


def write_csv(
    path: Path | TextIO,
    rows: Iterator[Event] | list[Event],
    *,
    encoding: str = "utf-8",
    delimiter: str = ",",
    fmt: str = "%Y-%m-%d %H:%M:%S",
    header: list[str] = HEADER,
) -> Path:
    with (
        path.open("w", encoding=encoding, newline="")
        if isinstance(path, Path)
        else contextlib.nullcontext(path)
    ) as f:
        out = csv.writer(f, delimiter=delimiter)
        out.writerow(header)
        for e in rows:
            out.writerow(
                [
                    e.case,
                    e.activity,
                    e.start.strftime(fmt),
                    e.complete.strftime(fmt),
                    e.resource,
                    e.department,
                ]
            )
    return path if isinstance(path, Path) else Path()


def write_xlsx(path: Path, rows: Iterator[Event] | list[Event]) -> Path:
    from openpyxl import Workbook

    book = Workbook(write_only=True)
    sheet = book.create_sheet()
    sheet.append(HEADER)
    for e in rows:
        sheet.append([e.case, e.activity, e.start, e.complete, e.resource, e.department])
    book.save(path)
    return path


def write_xes(
    path: Path, rows: Iterator[Event] | list[Event], zone: str = "+08:00", lifecycle: bool = False
) -> Path:
    """XES 1.0 (IEEE 1849) as process-mining tools write it: one trace per case, the start as
    an extra date attribute, times with their offset; with ``lifecycle``, as the BPI logs do:
    a schedule, a start and a complete event per activity (``lifecycle:transition``)."""
    from xml.sax.saxutils import quoteattr

    def date(key: str, value: datetime) -> str:
        return f'<date key="{key}" value="{value:%Y-%m-%dT%H:%M:%S}.000{zone}"/>'

    def transition(name: str) -> str:
        return f'<string key="lifecycle:transition" value="{name}"/>'

    with path.open("w", encoding="utf-8") as out:
        out.write('<?xml version="1.0" encoding="UTF-8"?>\n<log xes.version="1849-2016">\n')
        case = None
        for e in rows:
            if e.case != case:
                if case is not None:
                    out.write("</trace>\n")
                out.write(f'<trace><string key="concept:name" value={quoteattr(e.case)}/>\n')
                case = e.case
            common = (
                f'<string key="concept:name" value={quoteattr(e.activity)}/>'
                f'<string key="org:resource" value={quoteattr(e.resource)}/>'
                f'<string key="org:group" value={quoteattr(e.department)}/>'
            )
            if lifecycle:
                out.write(
                    f"<event>{common}{transition('schedule')}{date('time:timestamp', e.start)}</event>\n"
                )
                out.write(
                    f"<event>{common}{transition('start')}{date('time:timestamp', e.start)}</event>\n"
                )
                out.write(
                    f"<event>{common}{transition('complete')}"
                    f"{date('time:timestamp', e.complete)}</event>\n"
                )
            else:
                out.write(
                    f"<event>{common}{date('start_timestamp', e.start)}"
                    f"{date('time:timestamp', e.complete)}</event>\n"
                )
        if case is not None:
            out.write("</trace>\n")
        out.write("</log>\n")
    return path
