"""Timestamps and column names as ticket systems and spreadsheets write them."""

from __future__ import annotations

from datetime import UTC, datetime
from zoneinfo import ZoneInfo

import polars as pl
import pytest

from boards.vsm.eventlog.columns import guess
from boards.vsm.eventlog.timestamps import parse_column

SHANGHAI = ZoneInfo("Asia/Shanghai")


def local(*parts: int, zone: ZoneInfo = SHANGHAI) -> datetime:
    return datetime(*parts, tzinfo=zone).astimezone(UTC)  # type: ignore[misc]


def parsed(values: list[str | None], zone: str = "Asia/Shanghai") -> list[datetime | None]:
    return list(parse_column(pl.Series("t", values), zone).values)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("2026-11-03T14:05:07+08:00", local(2026, 11, 3, 14, 5, 7)),
        ("2026-11-03T06:05:07Z", local(2026, 11, 3, 14, 5, 7)),
        ("2026-11-03T01:05:07-05:00", local(2026, 11, 3, 14, 5, 7)),
        ("2026-11-03 14:05:07", local(2026, 11, 3, 14, 5, 7)),
        ("2026-11-03 14:05", local(2026, 11, 3, 14, 5)),
        ("2026/11/03 14:05", local(2026, 11, 3, 14, 5)),
        ("2026-11-03", local(2026, 11, 3)),
        ("2026年11月3日 14:05", local(2026, 11, 3, 14, 5)),
        ("2026年11月3日 14时05分", local(2026, 11, 3, 14, 5)),
        ("２０２６年１１月３日　１４：０５", local(2026, 11, 3, 14, 5)),
        ("２０２６－１１－０３ １４：０５", local(2026, 11, 3, 14, 5)),
        ("Nov 3, 2026 2:05 PM", local(2026, 11, 3, 14, 5)),
        ("November 3, 2026", local(2026, 11, 3)),
        ("3 Nov 2026 14:05", local(2026, 11, 3, 14, 5)),
        ("Nov 3, 2026 12:05 AM", local(2026, 11, 3, 0, 5)),
        ("46329.5", local(2026, 11, 3, 12)),  # an Excel serial date, read in the local zone
        ("1793692800", datetime(2026, 11, 3, 8, 0, tzinfo=UTC)),  # epoch seconds are UTC
        ("1793692800000", datetime(2026, 11, 3, 8, 0, tzinfo=UTC)),  # ... and milliseconds
        ("2026-11-03 14:05:07.250", local(2026, 11, 3, 14, 5, 7, 250_000)),
    ],
)
def test_each_format_alone_in_its_column(text: str, expected: datetime) -> None:
    assert parsed([text]) == [expected]


def test_a_column_of_mixed_formats_and_bad_values() -> None:
    values = ["2026-11-03 14:05", "2026年11月3日 14:05", "", None, "下周二", "2026-11-31 10:00"]
    result = parse_column(pl.Series("t", values), "Asia/Shanghai")
    assert list(result.values[:2]) == [local(2026, 11, 3, 14, 5)] * 2
    # empty is missing, not bad; text and 31 November are bad (never rolled over to December)
    assert result.bad.to_list() == [4, 5]


def test_day_and_month_are_decided_per_column() -> None:
    # a first field over 12 anywhere in the column: day first for every value
    assert parsed(["03.11.2026", "25.11.2026"]) == [local(2026, 11, 3), local(2026, 11, 25)]
    # a second field over 12: month first
    assert parsed(["11/03/2026", "11/25/2026"]) == [local(2026, 11, 3), local(2026, 11, 25)]
    # nothing decides: dots are read day first, and a warning says so
    result = parse_column(pl.Series("开始", ["03.11.2026", "04.11.2026"]), "Asia/Shanghai")
    assert list(result.values) == [local(2026, 11, 3), local(2026, 11, 4)]
    assert result.notes == [("date_order_assumed", {"column": "开始", "order": "day_month"})]
    result = parse_column(pl.Series("t", ["11/03/2026 2:05 PM"]), "Asia/Shanghai")
    assert list(result.values) == [local(2026, 11, 3, 14, 5)]
    assert result.notes == [("date_order_assumed", {"column": "t", "order": "month_day"})]


def test_naive_times_in_the_mappings_zone_with_daylight_saving() -> None:
    berlin = ZoneInfo("Europe/Berlin")
    values = ["2026-07-01 12:00", "2026-12-01 12:00", "2026-03-29 02:30"]
    result = parse_column(pl.Series("t", values), "Europe/Berlin")
    assert list(result.values[:2]) == [
        local(2026, 7, 1, 12, zone=berlin),
        local(2026, 12, 1, 12, zone=berlin),
    ]
    assert result.bad.to_list() == [2]  # 02:30 did not exist that night: bad, not shifted


def test_explicit_format_and_spreadsheet_datetimes() -> None:
    result = parse_column(pl.Series("t", ["03|11|2026 14h05"]), "UTC", "%d|%m|%Y %Hh%M")
    assert list(result.values) == [datetime(2026, 11, 3, 14, 5, tzinfo=UTC)]
    cells = pl.Series("t", [datetime(2026, 11, 3, 14, 5)])
    assert list(parse_column(cells, "Asia/Shanghai").values) == [local(2026, 11, 3, 14, 5)]


def test_a_large_column_takes_the_fast_path_and_still_reports_stragglers() -> None:
    values = [f"2026-11-{1 + i % 28:02d} {i % 24:02d}:{i % 60:02d}:00" for i in range(50_000)]
    values[40_000] = "2026年11月3日 14:05"  # another format, after the sample
    values[45_000] = "garbage"
    result = parse_column(pl.Series("t", values), "Asia/Shanghai")
    assert result.values[40_000] == local(2026, 11, 3, 14, 5)
    assert result.values[1] == local(2026, 11, 2, 1, 1)
    assert result.bad.to_list() == [45_000]


@pytest.mark.parametrize(
    ("headers", "expected"),
    [
        (
            ["工单号", "环节", "开始时间", "完成时间", "处理人", "部门"],
            ("工单号", "环节", "开始时间", "完成时间", "处理人", "部门"),
        ),
        (
            ["案例编号", "活动名称", "开始", "结束时间", "经办人", "所属部门"],
            ("案例编号", "活动名称", "开始", "结束时间", "经办人", "所属部门"),
        ),
        (
            ["Case ID", "Activity", "Start Timestamp", "Complete Timestamp", "Resource", "Dept"],
            ("Case ID", "Activity", "Start Timestamp", "Complete Timestamp", "Resource", "Dept"),
        ),
        (
            ["case:concept:name", "concept:name", "time:timestamp", "org:resource", "org:group"],
            (
                "case:concept:name",
                "concept:name",
                None,
                "time:timestamp",
                "org:resource",
                "org:group",
            ),
        ),
        (["Ticket ID (SAP)", "Step", "End"], ("Ticket ID (SAP)", "Step", None, "End", None, None)),
        # nothing recognised: the first two columns stand in, for the team to correct
        (["a", "b", "c"], ("a", "b", None, None, None, None)),
    ],
)
def test_column_guess(headers: list[str], expected: tuple[str | None, ...]) -> None:
    mapping = guess(headers)
    found = (
        mapping.case, mapping.activity, mapping.start, mapping.complete, mapping.resource,
        mapping.department,
    )  # fmt: skip
    assert found == expected


def test_spreadsheet_numbers_as_ids_read_as_written() -> None:
    from boards.vsm.eventlog.events import _text

    frame = pl.DataFrame({"id": [1001.0, None, 2.0], "x": [1.5, 2.0, None], "t": [" a ", "", None]})
    assert _text(frame, "id").to_list() == ["1001", None, "2"]
    assert _text(frame, "x").to_list() == ["1.5", "2.0", None]
    assert _text(frame, "t").to_list() == ["a", None, None]
