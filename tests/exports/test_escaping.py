"""Whatever a participant types stays text: Markdown shows it as written and never as markup
(checked by parsing with a real CommonMark + GFM-tables parser that lets raw HTML through),
and spreadsheets never run it as a formula."""

from __future__ import annotations

import csv
import io

from hypothesis import given, settings
from hypothesis import strategies as st
from markdown_it import MarkdownIt
from markdown_it.token import Token

from exports.markdown import table, text
from exports.tables import FORMULA_START, safe, to_csv

# html=True: a renderer that passes raw HTML through is the dangerous case
PARSER = MarkdownIt("commonmark", {"html": True}).enable(["table", "strikethrough"])
PLAIN = {"text", "softbreak"}
TRICKY = st.sampled_from(
    [
        "<script>alert(1)</script>",
        '<img src=x onerror="alert(1)">',
        "[x](javascript:alert(1))",
        "![i](http://evil.example/x.png)",
        "a | b",
        "line\nbreak\r\nhere",
        "`code` **bold** _em_ ~~gone~~",
        "&lt;b&gt; &amp; &#60;",
        "- item",
        "1. item",
        "# heading #",
        "> quote",
        "\\",
        '=HYPERLINK("http://evil.example","x")',
        "<http://evil.example>",
        "http://evil.example",
    ]
)
ANY_TEXT = st.one_of(
    TRICKY,
    st.text(st.characters(exclude_characters="\x00", exclude_categories=["Cs"]), max_size=60),
    st.lists(TRICKY, max_size=4).map("".join),
)


def inline_of(tokens: list[Token]) -> list[Token]:
    return [child for tok in tokens if tok.type == "inline" for child in tok.children or []]


def shown(children: list[Token]) -> str:
    """The inline tokens as the text a reader sees, or a failure naming a markup token."""
    markup = [c.type for c in children if c.type not in PLAIN]
    assert not markup, markup
    return "".join(c.content for c in children)


def flat(value: str) -> str:
    return " ".join(value.split())


@settings(max_examples=300, deadline=None)
@given(ANY_TEXT)
def test_markdown_text_in_a_list_item_is_shown_as_written(value: str) -> None:
    tokens = PARSER.parse(f"- label: {text(value)}\n")
    assert [t.type for t in tokens if t.type.endswith("_open")] == [
        "bullet_list_open",
        "list_item_open",
        "paragraph_open",
    ]
    assert shown(inline_of(tokens)) == flat(f"label: {value}")


@settings(max_examples=300, deadline=None)
@given(ANY_TEXT)
def test_markdown_heading_and_numbered_item_keep_their_shape(value: str) -> None:
    heading = PARSER.parse(f"# {text(value)}\n")
    assert heading[0].type == "heading_open" and len(heading) == 3
    assert shown(inline_of(heading)) == flat(value)
    item = PARSER.parse(f"1. {text(value)} — 3\n")
    assert [t.type for t in item if t.type.endswith("_open")][:3] == [
        "ordered_list_open",
        "list_item_open",
        "paragraph_open",
    ]
    assert len([t for t in item if t.type == "inline"]) <= 1
    assert shown(inline_of(item)) == f"{flat(value)} — 3".lstrip()


@settings(max_examples=300, deadline=None)
@given(ANY_TEXT, ANY_TEXT, ANY_TEXT)
def test_markdown_table_cells_stay_in_their_cell(head: str, left: str, right: str) -> None:
    tokens = PARSER.parse("\n".join(table([head, "b"], [[left, right], [7, None]])))
    cells = [t for t in tokens if t.type in ("th_open", "td_open")]
    assert len(cells) == 6  # 2 header cells + 2 rows x 2 cells, nothing split or merged
    texts = [shown(t.children or []) for t in tokens if t.type == "inline"]
    assert texts == [flat(head), "b", flat(left), flat(right), "7", ""]


@settings(max_examples=300, deadline=None)
@given(st.lists(st.one_of(ANY_TEXT, st.integers(), st.floats(allow_nan=False)), max_size=5))
def test_csv_cells_are_never_formulas_and_numbers_stay_numbers(row: list[object]) -> None:
    header = [v for v in row if isinstance(v, str)]
    parsed = list(csv.reader(io.StringIO(to_csv(header, [row]).decode("utf-8-sig"), newline="")))
    assert len(parsed[0]) == len(header)
    for value, written in [*zip(header, parsed[0], strict=True), *zip(row, parsed[1], strict=True)]:
        if isinstance(value, str):
            assert not written.lstrip(" ").startswith(FORMULA_START), written
            # A value may itself start with a quote, so compare with the prefix put back.
            assert written in (value, "'" + value)
            assert (written == value) == (safe(value) == value)
        else:  # a number is written as the number, sign included
            assert written == str(value)
