"""A goal's deadline as a date, from what people type in either language.

English and numeric forms go through python-dateutil; the Chinese and quarter forms, which it
does not know, are small explicit rules here. A deadline without a day means the end of the
month, quarter, half-year or year it names ("March 2027", "Q1 2027", "2027年底"), since that
is what a team means by it. A date needs a year: "31 March" alone is not a deadline.
Dots separate day.month.year (European); slashes with the year last are read month first,
as dateutil does ("3/4/2027" is 4 March), and slashes with the year first are year/month/day.
"""

from __future__ import annotations

import calendar
import re
import unicodedata
from datetime import date, datetime

from dateutil import parser as dateutil_parser

MAX_LENGTH = 60

_CN_DIGITS = {"一": 1, "二": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9}
_CN_MONTHS = {
    "一": 1,
    "二": 2,
    "三": 3,
    "四": 4,
    "五": 5,
    "六": 6,
    "七": 7,
    "八": 8,
    "九": 9,
    "十": 10,
    "十一": 11,
    "十二": 12,
}

# Words around the date that do not change it: "by 31 March 2027", "2027年3月31日前".
_PREFIX = re.compile(r"^(?:by|before|until|till|due|deadline:?|截至|截止|截止到|到|在)\s*", re.I)
_SUFFIX = re.compile(r"\s*(?:前|之前|以前|为止|止)$")

_YEAR = r"(?P<year>\d{4})\s*年?"
_QUARTER_PATTERNS = (
    re.compile(r"^q(?P<q>[1-4])[\s/\-.,]*(?P<year>\d{4})$", re.I),
    re.compile(r"^(?P<year>\d{4})[\s/\-.,]*q(?P<q>[1-4])$", re.I),
    re.compile(r"^(?P<q>[1-4])q[\s/\-.,]*(?P<year>\d{4})$", re.I),
    re.compile(_YEAR + r"\s*q(?P<q>[1-4])(?:季度)?$", re.I),
    re.compile(_YEAR + r"\s*第?(?P<q>[1-4一二三四])季度?(?:末|底)?$"),
)
_HALF_PATTERNS = (
    re.compile(r"^h(?P<h>[12])[\s/\-.,]*(?P<year>\d{4})$", re.I),
    re.compile(r"^(?P<year>\d{4})[\s/\-.,]*h(?P<h>[12])$", re.I),
    re.compile(_YEAR + r"\s*(?P<h>上|下)半年(?:末|底)?$"),
)
_CN_DAY = re.compile(
    r"^" + _YEAR + r"\s*(?P<month>\d{1,2}|[一二三四五六七八九十]{1,2})\s*月"
    r"(?:\s*(?P<day>\d{1,2})\s*[日号]?)?(?:底|末)?$"
)
_YEAR_END = re.compile(
    r"^(?:end\s+of\s+(?:the\s+year\s+)?(?P<year_en>\d{4})|(?P<year_cn>\d{4})\s*年?\s*(?:年底|年末|底|末|年))$",
    re.I,
)
_END_OF = re.compile(r"^end\s+of\s+", re.I)
_NUMERIC = re.compile(r"^\d{1,4}([./\-])\d{1,2}\1\d{1,4}$")


def _month_end(year: int, month: int) -> date:
    return date(year, month, calendar.monthrange(year, month)[1])


def _number(text: str, table: dict[str, int]) -> int:
    return int(text) if text.isdigit() else table[text]


def _rules(text: str) -> date | None:
    """The forms dateutil does not read: quarters, halves, year ends and Chinese dates."""
    for pattern in _QUARTER_PATTERNS:
        if m := pattern.match(text):
            return _month_end(int(m["year"]), 3 * _number(m["q"], _CN_DIGITS))
    for pattern in _HALF_PATTERNS:
        if m := pattern.match(text):
            first = m["h"] in ("1", "上")
            return date(int(m["year"]), 6, 30) if first else date(int(m["year"]), 12, 31)
    if m := _YEAR_END.match(text):
        return date(int(m["year_en"] or m["year_cn"]), 12, 31)
    if m := _CN_DAY.match(text):
        year, month = int(m["year"]), _number(m["month"], _CN_MONTHS)
        if m["day"] is None:
            return _month_end(year, month)
        return date(year, month, int(m["day"]))
    return None


def _dateutil(text: str) -> date | None:
    """English and numeric dates; a missing day or month is the end of the period named."""
    text = _END_OF.sub("", text)
    numeric = _NUMERIC.match(text)
    yearfirst = bool(re.match(r"^\d{4}\D", text))
    dayfirst = bool(numeric and numeric.group(1) == "." and not yearfirst)
    # Parse twice with different defaults: a field that differs was not in the text.
    a = dateutil_parser.parse(
        text, default=datetime(2000, 1, 1), dayfirst=dayfirst, yearfirst=yearfirst
    )
    b = dateutil_parser.parse(
        text, default=datetime(2001, 2, 2), dayfirst=dayfirst, yearfirst=yearfirst
    )
    if a.year != b.year:
        return None
    if a.month != b.month:
        return date(a.year, 12, 31)
    if a.day != b.day:
        return _month_end(a.year, a.month)
    return a.date()


def parse_deadline(raw: object) -> date | None:
    """The date a typed deadline means, or None when it names no date with a year."""
    if isinstance(raw, date):
        return raw
    if not isinstance(raw, str):
        return None
    text = unicodedata.normalize("NFKC", raw).strip()
    if not text or len(text) > MAX_LENGTH:
        return None
    text = _SUFFIX.sub("", _PREFIX.sub("", text)).strip()
    try:
        return _rules(text) or _dateutil(text)
    except (ValueError, OverflowError, KeyError, TypeError):
        # dateutil's ParserError is a ValueError; so is 2027年2月30日.
        return None
