"""The SMART check of a workshop goal, letter by letter, each with a reason code.

Reasons are machine codes with params; the client and the report translate them
(``goals.letters.<code>`` in ``client/src/i18n``, ``smart.<code>`` in ``exports/i18n``).
What the letters can honestly check:

* S -- the metric is named, not left as a placeholder ("TBD", "待定", "xxx");
* M -- baseline and target are numbers and differ;
* A -- the target lies on the side of the baseline the goal declares better. Whether it can
  be reached is the team's judgement, which the reason says rather than pretending to know;
* R -- the goal names the KPI, pilot or value-stream step it moves (the report also accepts
  a pilot KPI it matches by name or figures);
* T -- the deadline reads as a date (see :mod:`boards.goals_deadline`) after today.
"""

from __future__ import annotations

import re
import unicodedata
from datetime import date
from typing import Literal

from pydantic import BaseModel, Field

from .goals_deadline import parse_deadline
from .numtext import number_text

__all__ = ["SmartLetter", "letters", "parse_deadline", "parse_number"]

Letter = Literal["S", "M", "A", "R", "T"]
Param = str | float | int

# Compared after NFKC, casefolding and dropping spaces and punctuation.
PLACEHOLDERS = frozenset(
    {
        "tbd", "tbc", "tba", "todo", "na", "none", "null", "nil", "unknown", "test", "asdf",
        "metric", "kpi", "goal", "target", "name", "placeholder", "example", "sample", "foo",
        "指标", "某指标", "待定", "待补充", "待确定", "待填", "未定", "暂无", "无", "略", "目标",
        "名称", "测试",
    }
)  # fmt: skip
_REPEATED = re.compile(r"^(.)\1*$")  # "xxx", "aaaa", "111" -- a name typed to fill the field

_NUMBER = re.compile(
    r"^[^\d+\-.]*?(?P<num>[+\-]?(?:\d{1,3}(?:,\d{3})+|\d+)?(?:[.,]\d+)?)\s*[^\d]*$"
)


QUOTE = 80  # characters of user text a reason quotes


class SmartLetter(BaseModel):
    letter: Letter
    ok: bool
    code: str
    params: dict[str, Param] = Field(default_factory=dict)


def parse_number(raw: object) -> float | None:
    """A number as people type it in a goal: "12%", "3.5 天", "1,200", "3,5", "¥ 1 200".

    One number with a unit or currency around it; a comma before exactly three digits groups
    thousands, otherwise it is a decimal comma. Ranges and prose ("10-15", "about 3 or 4")
    are not one number, so they read as None."""
    if isinstance(raw, bool) or not isinstance(raw, int | float | str):
        return None
    if isinstance(raw, int | float):
        value = float(raw)
    else:
        text = number_text(unicodedata.normalize("NFKC", raw))
        if not text or len(text) > 40:
            return None
        text = re.sub(r"(?<=\d)[ \u00a0'](?=\d{3}\b)", "", text)  # 1 200, 1'200
        m = _NUMBER.match(text)
        if m is None or not re.search(r"\d", m["num"]):
            return None
        num = m["num"]
        if re.fullmatch(r"[+\-]?\d{1,3}(?:,\d{3})+(?:\.\d+)?", num):
            num = num.replace(",", "")
        try:
            value = float(num.replace(",", "."))
        except ValueError:
            return None
    return value if abs(value) < 1e15 else None  # also drops inf and nan


def is_placeholder(metric: str) -> bool:
    folded = unicodedata.normalize("NFKC", metric).casefold()
    core = "".join(ch for ch in folded if ch.isalnum())
    if len(core) <= 1:
        return not core or core.isascii()  # "?", "x"; a single Chinese character may be a name
    return core in PLACEHOLDERS or bool(_REPEATED.match(core))


def _quote(text: str) -> str:
    """User text quoted in a reason: one line, short (the analysis is copied to every client)."""
    flat = " ".join(text.split())
    return flat if len(flat) <= QUOTE else flat[: QUOTE - 1] + "…"


def _num(value: float) -> float | int:
    return int(value) if value.is_integer() else value


def specific(metric: str) -> SmartLetter:
    if not metric.strip():
        return SmartLetter(letter="S", ok=False, code="metric_missing")
    if is_placeholder(metric):
        return SmartLetter(
            letter="S", ok=False, code="metric_placeholder", params={"metric": _quote(metric)}
        )
    return SmartLetter(letter="S", ok=True, code="specific", params={"metric": _quote(metric)})


def measurable(baseline: float | None, target: float | None) -> SmartLetter:
    if baseline is None and target is None:
        return SmartLetter(letter="M", ok=False, code="numbers_missing")
    if baseline is None:
        return SmartLetter(letter="M", ok=False, code="baseline_missing")
    if target is None:
        return SmartLetter(letter="M", ok=False, code="target_missing")
    if baseline == target:
        return SmartLetter(letter="M", ok=False, code="no_change", params={"value": _num(target)})
    return SmartLetter(
        letter="M",
        ok=True,
        code="measurable",
        params={"baseline": _num(baseline), "target": _num(target)},
    )


def achievable(
    baseline: float | None, target: float | None, better: Literal["lower", "higher"]
) -> SmartLetter:
    if baseline is None or target is None or baseline == target:
        return SmartLetter(letter="A", ok=False, code="not_comparable")
    right = target < baseline if better == "lower" else target > baseline
    params: dict[str, Param] = {"baseline": _num(baseline), "target": _num(target)}
    if right:
        return SmartLetter(letter="A", ok=True, code=f"direction_{better}", params=params)
    return SmartLetter(letter="A", ok=False, code=f"wrong_{better}", params=params)


def relevant(link: str, kpi: str | None = None) -> SmartLetter:
    if link.strip():
        return SmartLetter(letter="R", ok=True, code="linked", params={"link": _quote(link)})
    if kpi:
        return SmartLetter(letter="R", ok=True, code="kpi", params={"kpi": _quote(kpi)})
    return SmartLetter(letter="R", ok=False, code="not_linked")


def time_bound(deadline: str, today: date) -> SmartLetter:
    if not deadline.strip():
        return SmartLetter(letter="T", ok=False, code="deadline_missing")
    when = parse_deadline(deadline)
    if when is None:
        return SmartLetter(
            letter="T", ok=False, code="deadline_unreadable", params={"text": _quote(deadline)}
        )
    params: dict[str, Param] = {"date": when.isoformat(), "today": today.isoformat()}
    if when <= today:
        return SmartLetter(letter="T", ok=False, code="deadline_past", params=params)
    return SmartLetter(
        letter="T", ok=True, code="due", params={**params, "days": (when - today).days}
    )


def letters(
    *,
    metric: str,
    baseline: float | None,
    target: float | None,
    better: Literal["lower", "higher"],
    deadline: str,
    link: str,
    today: date,
    kpi: str | None = None,
) -> list[SmartLetter]:
    """S, M, A, R, T in this order; ``kpi`` is a pilot KPI the goal was matched to."""
    return [
        specific(metric),
        measurable(baseline, target),
        achievable(baseline, target, better),
        relevant(link, kpi),
        time_bound(deadline, today),
    ]
