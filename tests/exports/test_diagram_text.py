"""Text in diagrams: widths measured from the font the PDF uses, and line breaking that keeps
every character, respects the width and follows the Chinese rules (kinsoku)."""

from __future__ import annotations

import subprocess
from itertools import pairwise

from hypothesis import given, settings
from hypothesis import strategies as st
from PIL import ImageFont

from exports.catalog import Catalog
from exports.diagrams import vsm
from exports.diagrams.text import HYPHEN, NO_END, NO_START, fit, width, wrap

CJK = "审批等待客户投诉核对系统编号部门完成"
CLOSING = "。，、）」』》】！？：；…"
OPENING = "（「『《【"
LATIN = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJ"
# Text as written: a character or a short word, perhaps opened by a bracket and closed by up
# to two marks ("」。"). Such a piece is at most 4 ems, so every line of 4.5 ems or more has a
# place to break that the rules allow.
piece = st.tuples(
    st.text(alphabet=OPENING, max_size=1),
    st.one_of(st.sampled_from(CJK), st.text(alphabet=LATIN, min_size=1, max_size=4)),
    st.text(alphabet=CLOSING, max_size=2),
    st.sampled_from(["", "", " "]),
).map("".join)
texts = st.lists(piece, min_size=1, max_size=30).map("".join)


def _font_file() -> tuple[str, int]:
    found = subprocess.run(
        ["fc-match", "-f", "%{file}|%{index}", "Noto Sans CJK SC"],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    path, index = found.split("|")
    return path, int(index)


def test_widths_are_measured_from_the_pdf_font() -> None:
    path, index = _font_file()
    font = ImageFont.truetype(path, 1000, index=index)
    for text in ("Necessary non-value-adding", "Customer service", "客户服务部（华东区）"):
        assert abs(width(text) - font.getlength(text) / 1000) < 0.05 * len(text) / 10 + 0.02
    # a CJK character is one em; narrow Latin letters are much narrower than wide ones
    assert width("审") == 1.0
    assert width("i") < 0.35 < 0.7 < width("W")
    assert width("Customer", bold=True) > width("Customer")


@settings(max_examples=300, deadline=None)
@given(texts, st.floats(min_value=4.5, max_value=14.0))
def test_wrap_follows_kinsoku_fits_and_loses_nothing(text: str, ems: float) -> None:
    lines = wrap(text, ems, max_lines=1000)
    for line in lines:
        assert line == line.strip()
        assert width(line) <= ems or len(line) == 1 or _hyphenated_two(line), (line, ems)
    for before, after in pairwise(lines):
        assert after[0] not in NO_START, (before, after)
        assert before[-1] not in NO_END, (before, after)
    # every character kept, in order (spaces collapse; a cut word gets a hyphen, and the
    # input alphabet has none of its own)
    kept = "".join(line.removesuffix(HYPHEN) for line in lines)
    assert kept.replace(" ", "") == text.replace(" ", "")


def _hyphenated_two(line: str) -> bool:
    # a head of one letter and its hyphen: the narrowest a cut can be
    return len(line) == 2 and line.endswith(HYPHEN)


def test_closing_punctuation_never_starts_a_line_nor_opening_ends_one() -> None:
    text = "核对客户投诉（初审）并登记「系统」编号，完成。"
    for ems in range(2, 12):
        lines = wrap(text, ems, max_lines=50)
        assert "".join(lines) == text
        assert not any(line[0] in NO_START for line in lines[1:]), lines
        assert not any(line[-1] in NO_END for line in lines), lines


def test_long_latin_words_are_cut_with_a_hyphen_only_when_there_is_no_room() -> None:
    assert wrap("Customer service department", 9) == ["Customer service", "department"]
    lines = wrap("Supercalifragilisticexpialidocious", 5, max_lines=10)
    assert all(line.endswith(HYPHEN) for line in lines[:-1]) and len(lines) > 2
    assert "".join(line.removesuffix(HYPHEN) for line in lines) == (
        "Supercalifragilisticexpialidocious"
    )
    # too many lines: the last kept one ends in an ellipsis, not in a hyphen
    short = wrap("Supercalifragilisticexpialidocious", 5, max_lines=2)
    assert len(short) == 2 and short[-1].endswith("…") and HYPHEN + "…" not in short[-1]
    assert fit("Customer service", 20) == "Customer service"
    assert fit("Customer service", 6).endswith("…") and width(fit("Customer service", 6)) <= 6


def test_the_map_legend_places_each_label_after_the_measured_one_before() -> None:
    for language in ("en", "zh-CN"):
        legend = vsm._legend(Catalog(language), 0.0)
        assert [k["label"] for k in legend] == [
            Catalog(language).code("vsm.class", key) for key in ("va", "nnva", "waste")
        ]
        for before, after in pairwise(legend):
            # swatch (16) + the label at the legend's font size, then a gap
            end = before["x"] + 16 + width(before["label"]) * vsm.LEGEND_FONT
            assert after["x"] > end + 10, (language, before, after)


def test_a_render_process_measures_with_the_renderers_cut_of_the_font() -> None:
    """The report worker points fontconfig at the cut CJK font before it lays anything out:
    its diagrams must still be measured, not estimated."""
    import os
    import sys

    from exports import cjkfont

    assert cjkfont.built(), "the renderer's font is built by ./setup.sh install"
    text = "Necessary non-value-adding"
    probe = (
        "from exports import cjkfont; assert cjkfont.configure();"
        f"from exports.diagrams.text import width; print(repr(width({text!r})))"
    )
    env = {k: v for k, v in os.environ.items() if k != "FONTCONFIG_FILE"}
    found = subprocess.run(
        [sys.executable, "-c", probe], capture_output=True, text=True, env=env, check=True
    ).stdout
    path, index = _font_file()
    measured = ImageFont.truetype(path, 1000, index=index).getlength(text) / 1000
    assert abs(float(found) - measured) < 0.02
