"""Full-width digits and punctuation read as numbers everywhere the server reads one."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from boards import values
from boards.numtext import number_text, plain_number_text
from boards.vsm.read import parse_number, parse_percent


def wide(text: str) -> str:
    """``text`` typed with a Chinese input method in full-width mode."""
    return "".join(chr(ord(c) + 0xFEE0) if "!" <= c <= "~" else c for c in text)


@given(st.floats(allow_nan=False, allow_infinity=False, min_value=-1e12, max_value=1e12))
def test_any_number_typed_full_width_reads_as_typed_in_ascii(value: float) -> None:
    typed = repr(value)
    assert number_text(wide(typed)) == typed
    warnings = values.Warnings()
    assert values.number(wide(typed), warnings, "x") == float(typed)
    assert parse_number(wide(typed)) == float(typed)
    assert warnings.list() == []


@given(st.text())
def test_folding_keeps_ascii_text_and_never_grows_a_digit(text: str) -> None:
    folded = number_text(text)
    if text.isascii():
        assert folded == text.strip()
    assert sum(c.isdigit() for c in folded) <= sum(c.isdigit() for c in text)


def test_examples_from_the_issue() -> None:
    warnings = values.Warnings()
    assert values.number("３０．５", warnings, "t") == 30.5
    assert values.number("－５", warnings, "t") == -5
    assert values.number("\u22125", warnings, "t") == -5
    assert values.number("１，２００", warnings, "t") == 1200
    assert values.number("30。5", warnings, "t") == 30.5
    assert warnings.list() == []
    assert parse_percent("８０％") == (80.0, False)


def test_what_is_not_one_number_is_still_refused_with_a_warning() -> None:
    warnings = values.Warnings()
    assert values.number("3,5", warnings, "t") is None  # decimal comma or thousands: unsure
    assert values.number("5²", warnings, "t") is None  # NFKC on all text would read 52
    assert values.number("３０ｍｉｎ", warnings, "t") is None
    assert [w.code for w in warnings.list()] == ["invalid_number"] * 3
    assert plain_number_text("12,34") == "12,34"
