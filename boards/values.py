"""Reading what clients wrote, shared by every kind's reader.

Any Yjs client with an editor's link may write any JSON (or shared type) into any field, so a
reader never trusts a type: each helper here returns a clean value (or None / a default) and,
when it had to drop or reinterpret something, records a :class:`ReadWarning` with a stable
``code`` (catalog key ``read.warning.<code>``). An absent or blank value is no warning: it is
simply unset.

Numbers are bounded to :data:`LIMIT` in magnitude: a value beyond that is no plausible
measurement, and squaring or summing it (variances, lead times) would overflow to infinity.
"""

from __future__ import annotations

import math
import reprlib
from collections.abc import Collection, Iterable
from typing import Any, Literal, get_args

from pycrdt import Array, Map, Text
from pydantic import BaseModel

from .numtext import plain_number_text

LIMIT = 1e15
MAX_WARNINGS = 100
MAX_ID = 200
MAX_DEPTH = 32

ReadCode = Literal[
    "invalid_number",  # not a finite number (text, a list, NaN, infinity ...): ignored
    "out_of_range",  # a number outside what the field can hold: ignored
    "not_whole",  # a fraction where a whole count belongs: ignored
    "invalid_text",  # a list, map or flag where text belongs: ignored
    "invalid_choice",  # not one of the field's options: the default is used
    "invalid_date",  # not an ISO date (2027-03-31) where one belongs: ignored
    "invalid_id",  # an id that is not a short, non-empty text: the entry is skipped
    "invalid_record",  # an entry that is not a map of fields: skipped
    "invalid_list",  # not a list where one belongs: read as empty
    "too_many",  # more warnings than shown; ``value`` says how many more
]
READ_CODES: tuple[ReadCode, ...] = get_args(ReadCode)


class ReadWarning(BaseModel):
    """What a reader ignored: ``field`` is where (``kpis.k1.baseline``), ``value`` what was
    written there, shortened for display."""

    code: ReadCode
    field: str = ""
    value: str = ""


class Warnings:
    """Collects a reader's warnings; keeps the first :data:`MAX_WARNINGS`, counts the rest."""

    def __init__(self) -> None:
        self._items: list[ReadWarning] = []
        self._more = 0

    def add(self, code: ReadCode, field: str, value: Any = "") -> None:
        if len(self._items) < MAX_WARNINGS:
            self._items.append(ReadWarning(code=code, field=field[:MAX_ID], value=shown(value)))
        else:
            self._more += 1

    def list(self) -> list[ReadWarning]:
        more = [ReadWarning(code="too_many", value=str(self._more))] if self._more else []
        return [*self._items, *more]


def shown(value: Any) -> str:
    """A short, printable rendering of whatever a client wrote, however deeply nested (a
    plain ``repr`` of 1,000 nested lists exceeds the recursion limit)."""
    if isinstance(value, Map | Array | Text):
        value = py(value)
    if isinstance(value, float) and value.is_integer() and abs(value) < 1e16:
        value = int(value)  # Yjs numbers arrive as floats: 7, not 7.0
    text = value if isinstance(value, str) else _REPR.repr(value)
    return text[:40]


def quoted(value: Any) -> str:
    """Like :func:`shown`, but text in quotes (``'12 h'``), as findings show a raw value."""
    return repr(value)[:40] if isinstance(value, str | int | float | bool | None) else shown(value)


_REPR = reprlib.Repr()
_REPR.maxlevel, _REPR.maxstring, _REPR.maxother, _REPR.maxlong = 3, 40, 40, 40


def py(value: Any, depth: int = 0) -> Any:
    """Shared types as plain Python (Text as str), like ``to_py()`` but only
    :data:`MAX_DEPTH` levels deep: a client may nest Maps thousands deep, and a recursive
    ``to_py()`` then exceeds the recursion limit. Deeper levels read as None."""
    if isinstance(value, Text):
        return str(value)
    if isinstance(value, Map | Array):
        if depth >= MAX_DEPTH:
            return None
        if isinstance(value, Map):
            return {key: py(item, depth + 1) for key, item in value.items()}
        return [py(item, depth + 1) for item in value]
    return value


def plain(value: Any) -> dict[str, Any]:
    """A Map's or dict's contents; anything else (a client wrote junk) reads as empty."""
    if isinstance(value, Map):
        return dict(py(value))
    return dict(value) if isinstance(value, dict) else {}


def _blank(raw: Any) -> bool:
    return raw is None or (isinstance(raw, str) and not raw.strip())


def number(
    raw: Any,
    warnings: Warnings,
    field: str,
    *,
    low: float = -LIMIT,
    high: float = LIMIT,
) -> float | None:
    """A finite number in ``[low, high]``; numeric text ("12", " 3.5 ", "３０．５", "1,200")
    counts."""
    if _blank(raw):
        return None
    value: float | None = None
    try:
        if isinstance(raw, int | float) and not isinstance(raw, bool):
            value = float(raw)
        elif isinstance(raw, str):
            value = float(plain_number_text(raw))
    except (ValueError, OverflowError):  # "abc"; an integer beyond any float
        value = None
    if value is None or not math.isfinite(value):
        warnings.add("invalid_number", field, raw)
        return None
    if not low <= value <= high:
        warnings.add("out_of_range", field, raw)
        return None
    return value


def whole(
    raw: Any, warnings: Warnings, field: str, *, low: int = 0, high: int = 2**53
) -> int | None:
    """A whole number in ``[low, high]`` (``3.0`` and "3" count)."""
    value = number(raw, warnings, field, low=low, high=high)
    if value is None:
        return None
    if not value.is_integer():
        warnings.add("not_whole", field, raw)
        return None
    return int(value)


def text(raw: Any, warnings: Warnings, field: str) -> str:
    """Text as written (a shared Text too); a number as typed (Yjs numbers are floats:
    20270331, not 2.02703e+07); NaN, infinities and huge numbers are no text."""
    if raw is None:
        return ""
    if isinstance(raw, str):
        return raw
    if isinstance(raw, Text):
        return str(raw)
    if isinstance(raw, int | float) and not isinstance(raw, bool) and abs(raw) < 1e16:
        return str(int(raw)) if float(raw).is_integer() else repr(float(raw))
    warnings.add("invalid_text", field, raw)
    return ""


def choice(raw: Any, options: Collection[str], warnings: Warnings, field: str) -> str | None:
    """One of ``options``; blank is None silently, anything else None with a warning."""
    if _blank(raw):
        return None
    if isinstance(raw, str) and raw in options:
        return raw
    warnings.add("invalid_choice", field, raw)
    return None


def flag(raw: Any, warnings: Warnings, field: str, *, default: bool = False) -> bool:
    """A boolean; absent is ``default``, anything but a boolean warns and reads as default."""
    if isinstance(raw, bool):
        return raw
    if raw is not None:
        warnings.add("invalid_choice", field, raw)
    return default


def ident(raw: Any, warnings: Warnings, field: str) -> str | None:
    """An id: a non-empty text of at most :data:`MAX_ID` characters."""
    if isinstance(raw, str) and 0 < len(raw) <= MAX_ID:
        return raw
    warnings.add("invalid_id", field, raw)
    return None


def items(raw: Any, warnings: Warnings, field: str) -> list[Any]:
    """The items of a list (a shared Array or plain JSON); None is empty."""
    if raw is None:
        return []
    if isinstance(raw, Array):
        return list(raw)
    if isinstance(raw, list):
        return raw
    warnings.add("invalid_list", field, raw)
    return []


def ids(raw: Any, warnings: Warnings, field: str) -> list[str]:
    """A list of ids, junk items skipped, each id once, in order."""
    found = (ident(item, warnings, field) for item in items(raw, warnings, field))
    return list(dict.fromkeys(i for i in found if i is not None))


def texts(raw: Any, warnings: Warnings, field: str) -> list[str]:
    """A list of non-blank texts, stripped; junk items skipped."""
    found = (text(item, warnings, field).strip() for item in items(raw, warnings, field))
    return [item for item in found if item]


def numbers(raw: Any, warnings: Warnings, field: str, *, limit: int = 10_000) -> list[float]:
    """A list of numbers (a sample), junk items skipped, at most ``limit`` read."""
    found = (number(item, warnings, field) for item in items(raw, warnings, field)[:limit])
    return [n for n in found if n is not None]


def records(raw: Any, warnings: Warnings, field: str) -> list[dict[str, Any]]:
    """The maps of a list, as plain dicts; other items skipped."""
    out = []
    for i, item in enumerate(items(raw, warnings, field)):
        if isinstance(item, Map | dict):
            out.append(plain(item))
        else:
            warnings.add("invalid_record", f"{field}.{i}", item)
    return out


def entries(raw: Any, warnings: Warnings, field: str) -> list[tuple[str, dict[str, Any]]]:
    """A map's ``id -> map of fields`` entries, sorted by id; junk ids and values skipped."""
    if not isinstance(raw, Map | dict):
        if raw is not None:
            warnings.add("invalid_record", field, raw)
        return []
    out = []
    source: Iterable[tuple[Any, Any]] = raw.items()
    for key, value in source:
        key_ok = ident(key, warnings, field)
        if key_ok is None:
            continue
        if isinstance(value, Map | dict):
            out.append((key_ok, plain(value)))
        else:
            warnings.add("invalid_record", f"{field}.{key_ok}", value)
    return sorted(out, key=lambda entry: entry[0])
