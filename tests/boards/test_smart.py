"""The SMART check letter by letter: deadlines typed in either language read as the date a
team means, numbers typed with units read as numbers, and each letter's verdict carries the
reason a facilitator sees. Goals go through a real content document and the workshop kind's
reader, as the server reads them."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from pycrdt import Doc, Map

from boards.goals_deadline import parse_deadline
from boards.smart import is_placeholder, parse_number
from boards.workshop import WorkshopAnalysis, WorkshopKind

TODAY = date(2026, 12, 6)

DEADLINES = [
    # ISO and numeric
    ("2027-03-31", date(2027, 3, 31)),
    ("2027/3/31", date(2027, 3, 31)),
    ("2027.3.31", date(2027, 3, 31)),
    ("31.3.2027", date(2027, 3, 31)),
    ("1.4.2027", date(2027, 4, 1)),  # dots: day first
    ("2027-03", date(2027, 3, 31)),
    # English words
    ("31 March 2027", date(2027, 3, 31)),
    ("March 31, 2027", date(2027, 3, 31)),
    ("March 2027", date(2027, 3, 31)),
    ("Feb 2028", date(2028, 2, 29)),  # leap year: the month's real end
    ("end of March 2027", date(2027, 3, 31)),
    ("by 30 June 2027", date(2027, 6, 30)),
    ("end of 2027", date(2027, 12, 31)),
    ("2027", date(2027, 12, 31)),
    # quarters and halves
    ("Q1 2027", date(2027, 3, 31)),
    ("q2 2027", date(2027, 6, 30)),
    ("2027 Q3", date(2027, 9, 30)),
    ("2027-Q4", date(2027, 12, 31)),
    ("Q1/2027", date(2027, 3, 31)),
    ("1Q 2027", date(2027, 3, 31)),
    ("H1 2027", date(2027, 6, 30)),
    ("2027 H2", date(2027, 12, 31)),
    # Chinese
    ("2027年3月31日", date(2027, 3, 31)),
    ("2027年3月31号", date(2027, 3, 31)),
    ("2027年3月31日前", date(2027, 3, 31)),
    ("截至2027年6月30日", date(2027, 6, 30)),
    ("2027年3月", date(2027, 3, 31)),
    ("2027年三月", date(2027, 3, 31)),
    ("2027年十二月", date(2027, 12, 31)),
    ("2027年3月底", date(2027, 3, 31)),
    ("2027年第一季度", date(2027, 3, 31)),
    ("2027年第2季度", date(2027, 6, 30)),
    ("2027年三季度", date(2027, 9, 30)),
    ("2027年Q1", date(2027, 3, 31)),
    ("2027年第四季度末", date(2027, 12, 31)),
    ("2027年上半年", date(2027, 6, 30)),
    ("2027年下半年", date(2027, 12, 31)),
    ("2027年底", date(2027, 12, 31)),
    ("2027年末", date(2027, 12, 31)),
    ("2027年年底", date(2027, 12, 31)),
    ("2027年", date(2027, 12, 31)),
    ("２０２７年３月３１日", date(2027, 3, 31)),  # full-width digits from a Chinese IME
    ("  2027-03-31  ", date(2027, 3, 31)),
]

NOT_DATES: list[Any] = [
    "",
    "   ",
    "TBD",
    "待定",
    "soon",
    "next year",
    "明年",
    "March",  # no year
    "31 March",
    "12",
    "Q5 2027",
    "2027年13月",
    "2027年2月30日",
    "31.2.2027",
    "10:30",
    "x" * 500,
    None,
    2027,
    ["2027-03-31"],
    {"date": "2027-03-31"},
]


@pytest.mark.parametrize(("text", "expected"), DEADLINES)
def test_deadline_forms_read_as_the_date_meant(text: str, expected: date) -> None:
    assert parse_deadline(text) == expected


@pytest.mark.parametrize("raw", NOT_DATES)
def test_text_naming_no_dated_deadline_reads_as_none(raw: Any) -> None:
    assert parse_deadline(raw) is None


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("12%", 12.0),
        ("3.5 天", 3.5),
        ("3.5天", 3.5),
        ("1,200", 1200.0),
        ("1,200.5", 1200.5),
        ("1 200", 1200.0),
        ("3,5", 3.5),  # a decimal comma
        ("¥1,200", 1200.0),
        ("约 48 小时", 48.0),
        ("-3", -3.0),
        ("48 h", 48.0),
        ("０.９５", 0.95),
        (24, 24.0),
        (2.5, 2.5),
    ],
)
def test_numbers_typed_with_units_read_as_numbers(raw: Any, expected: float) -> None:
    assert parse_number(raw) == expected


@pytest.mark.parametrize(
    "raw",
    ["", "abc", "TBD", "10-15", "3 or 4", "inf", "nan", "1e308", 1e308, float("inf"), True, None],
)
def test_what_is_not_one_number_reads_as_none(raw: Any) -> None:
    assert parse_number(raw) is None


@pytest.mark.parametrize(
    "metric",
    ["TBD", "tbd.", "待定", "xxx", "XXXX", "?", "???", "metric", "指标", "N/A", "...", "x"],
)
def test_placeholders_are_recognised(metric: str) -> None:
    assert is_placeholder(metric)


@pytest.mark.parametrize("metric", ["Lead time", "平均投诉处理时长", "重复投诉率", "NPS", "人效"])
def test_real_metric_names_are_not_placeholders(metric: str) -> None:
    assert not is_placeholder(metric)


# --- the letters, through a content document and the workshop kind -------------------------


def analyse(**goal: Any) -> dict[str, Any]:
    """The check of one goal written into a real content document as a client would."""
    content, ledger = Doc(), Doc()
    kind = WorkshopKind()
    kind.seed(content, ledger, language="en", demo=False)
    content.get("goals", type=Map)["g1"] = Map(goal)
    analysis: WorkshopAnalysis = kind.analyse(kind.read(content, ledger), today=TODAY)
    check = analysis.goals[0].model_dump()
    check["by_letter"] = {letter["letter"]: letter for letter in check["letters"]}
    return check


GOOD: dict[str, Any] = {
    "metric": "Average handling time",
    "unit": "h",
    "baseline": 48.0,
    "target": 24.0,
    "better": "lower",
    "deadline": "2027年3月31日",
    "link": "pilot KPI: handling time",
}


def verdict(check: dict[str, Any], letter: str) -> tuple[bool, str]:
    item = check["by_letter"][letter]
    return item["ok"], item["code"]


def test_a_complete_goal_passes_every_letter_with_its_reason() -> None:
    check = analyse(**GOOD)
    assert [x["letter"] for x in check["letters"]] == ["S", "M", "A", "R", "T"]
    assert all(x["ok"] for x in check["letters"])
    assert check["smart"] is True
    assert check["deadline_date"] == "2027-03-31"
    assert check["by_letter"]["S"]["params"] == {"metric": "Average handling time"}
    assert check["by_letter"]["M"]["params"] == {"baseline": 48, "target": 24}
    assert verdict(check, "A") == (True, "direction_lower")
    assert check["by_letter"]["R"]["params"] == {"link": "pilot KPI: handling time"}
    assert check["by_letter"]["T"]["params"] == {
        "date": "2027-03-31",
        "today": "2026-12-06",
        "days": (date(2027, 3, 31) - TODAY).days,
    }


@pytest.mark.parametrize(
    ("metric", "code"),
    [("", "metric_missing"), ("   ", "metric_missing"), ("TBD", "metric_placeholder"),
     ("待定", "metric_placeholder"), ("xxx", "metric_placeholder"), (12, "specific")],
)  # fmt: skip
def test_specific_needs_a_named_metric(metric: Any, code: str) -> None:
    check = analyse(**{**GOOD, "metric": metric})
    assert verdict(check, "S") == (code == "specific", code)
    assert check["smart"] is (code == "specific")


@pytest.mark.parametrize(
    ("baseline", "target", "code"),
    [
        (None, None, "numbers_missing"),
        (None, 24.0, "baseline_missing"),
        (48.0, None, "target_missing"),
        ("abc", 24.0, "baseline_missing"),
        (48.0, 48.0, "no_change"),
        ("48 h", "48", "no_change"),
        ("12%", "8%", "measurable"),
        ("3.5 天", "2 天", "measurable"),
        ("1,200", "900", "measurable"),
        ([1], {"a": 2}, "numbers_missing"),
    ],
)
def test_measurable_needs_two_different_numbers(baseline: Any, target: Any, code: str) -> None:
    goal = {**GOOD, "baseline": baseline, "target": target}
    goal = {k: v for k, v in goal.items() if v is not None}
    check = analyse(**goal)
    assert verdict(check, "M") == (code == "measurable", code)


def test_measurable_reads_typed_units_as_the_numbers_they_say() -> None:
    check = analyse(**{**GOOD, "baseline": "1,200", "target": "900 件"})
    assert check["by_letter"]["M"]["params"] == {"baseline": 1200, "target": 900}


@pytest.mark.parametrize(
    ("better", "baseline", "target", "ok", "code"),
    [
        ("lower", 48.0, 24.0, True, "direction_lower"),
        ("lower", 20.0, 30.0, False, "wrong_lower"),
        ("higher", 70.0, 85.0, True, "direction_higher"),
        ("higher", 85.0, 70.0, False, "wrong_higher"),
        ("higher", 5.0, 5.0, False, "not_comparable"),
        ("lower", None, 5.0, False, "not_comparable"),
    ],
)
def test_achievable_checks_the_target_lies_in_the_better_direction(
    better: str, baseline: float | None, target: float, ok: bool, code: str
) -> None:
    check = analyse(**{**GOOD, "better": better, "baseline": baseline, "target": target})
    assert verdict(check, "A") == (ok, code)


@pytest.mark.parametrize(
    ("link", "ok", "code"),
    [("VSM step: information verification", True, "linked"), ("", False, "not_linked"),
     ("  ", False, "not_linked"), ([42], False, "not_linked"),
     (42, True, "linked")],  # a number typed into a text field is kept as typed ("42")
)  # fmt: skip
def test_relevant_needs_a_link(link: Any, ok: bool, code: str) -> None:
    assert verdict(analyse(**{**GOOD, "link": link}), "R") == (ok, code)


def test_relevant_without_a_link_field_says_not_linked() -> None:
    goal = {k: v for k, v in GOOD.items() if k != "link"}
    assert verdict(analyse(**goal), "R") == (False, "not_linked")


@pytest.mark.parametrize(
    ("deadline", "ok", "code"),
    [
        ("Q1 2027", True, "due"),
        ("2027年底", True, "due"),
        ("2026-12-07", True, "due"),  # tomorrow
        ("2026-12-06", False, "deadline_past"),  # today is not in the future
        ("2026年第三季度", False, "deadline_past"),
        ("March 2025", False, "deadline_past"),
        ("", False, "deadline_missing"),
        ("ASAP", False, "deadline_unreadable"),
        ("下个月", False, "deadline_unreadable"),
        (["2027"], False, "deadline_missing"),
    ],
)
def test_time_bound_needs_a_readable_future_deadline(deadline: Any, ok: bool, code: str) -> None:
    check = analyse(**{**GOOD, "deadline": deadline})
    assert verdict(check, "T") == (ok, code)
    assert check["smart"] is ok


def test_an_unreadable_deadline_reason_quotes_what_was_typed() -> None:
    check = analyse(**{**GOOD, "deadline": "ASAP"})
    assert check["by_letter"]["T"]["params"] == {"text": "ASAP"}
    assert check["deadline_date"] == ""


def test_the_demo_goals_are_smart_before_their_deadline() -> None:
    for language in ("en", "zh-CN"):
        content, ledger = Doc(), Doc()
        kind = WorkshopKind()
        kind.seed(content, ledger, language=language, demo=True)
        analysis = kind.analyse(kind.read(content, ledger), today=TODAY)
        assert [g.smart for g in analysis.goals] == [True, True]
        after = kind.analyse(kind.read(content, ledger), today=date(2027, 4, 1))
        assert [g.letters[4].code for g in after.goals] == ["deadline_past"] * 2


def test_reasons_quote_long_user_text_short_and_on_one_line() -> None:
    check = analyse(**{**GOOD, "metric": "Lead\ntime " * 100, "deadline": "x" * 200})
    assert check["by_letter"]["S"]["params"]["metric"].startswith("Lead time Lead time")
    assert len(check["by_letter"]["S"]["params"]["metric"]) == 80
    assert check["by_letter"]["T"]["params"]["text"].endswith("…")


@settings(max_examples=300, deadline=None)
@given(
    st.one_of(
        st.text(max_size=70),
        st.text(alphabet="0123456789年月日号第季度底末上下半QqHh/.-, 一二三四十", max_size=20),
        st.from_regex(r"[A-Za-z]{3,9} \d{1,2},? \d{1,6}", fullmatch=True),
    )
)
def test_any_typed_text_reads_as_a_date_or_none_never_an_error(text: str) -> None:
    when = parse_deadline(text)
    assert when is None or isinstance(when, date)
    assert parse_number(text) is None or isinstance(parse_number(text), float)
