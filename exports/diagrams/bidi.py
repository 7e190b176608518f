"""User text in our SVG (diagrams and charts) and HTML as WeasyPrint can draw it.

WeasyPrint lays SVG text out one code point at a time (``weasyprint/svg/text.py``), so an
SVG text node gets none of what HTML text gets from Pango: right-to-left runs are drawn in
memory order (Hebrew and Arabic read backwards), Arabic letters are not joined, and emoji
sequences fall apart (a skin tone drawn as a swatch beside its hand, a family as its
members). Each text node is therefore rewritten before WeasyPrint sees it: Arabic shaped
into its presentation forms (``arabic-reshaper``), the line put in display order by the
Unicode bidirectional algorithm (``python-bidi``), and emoji sequences reduced to their
first emoji.

In HTML Pango reorders each line, but WeasyPrint 70 ignores ``dir="auto"`` and
``unicode-bidi: plaintext``: a text that starts in a right-to-left script would be laid out
left to right (its trailing punctuation on the wrong side). :func:`html` gives such text
nodes an explicit ``dir="rtl"``, which WeasyPrint honours, inline too.
"""

from __future__ import annotations

import re
import unicodedata
from html import unescape

import arabic_reshaper
from bidi import get_display
from markupsafe import escape

# Hebrew, Arabic, Syriac, Thaana, N'Ko, Samaritan, Mandaic and the presentation forms.
RTL = re.compile("[\u0590-\u08ff\ufb1d-\ufdff\ufe70-\ufefc]")
# What only joins or modifies the emoji before it: skin tones, the emoji variation
# selector, and a zero-width joiner with the emoji it joins.
EMOJI_PARTS = re.compile("[\U0001f3fb-\U0001f3ff\ufe0f]|\u200d.?", re.S)
# The characters of a text or tspan element up to its first tag.
TEXT_NODE = re.compile(r"(<(?:text|tspan)\b[^>]*>)([^<]+)")


def visual(text: str) -> str:
    """One SVG line of user text, in the order and forms it must be drawn in."""
    text = EMOJI_PARTS.sub("", text)
    if not RTL.search(text):
        return text
    return str(get_display(arabic_reshaper.reshape(text)))


def svg(markup: str) -> str:
    """An SVG document with every text node rewritten by :func:`visual` (still escaped)."""

    def node(match: re.Match[str]) -> str:
        raw = match[2]
        if not RTL.search(unescape(raw)) and not EMOJI_PARTS.search(raw):
            return match[0]
        return match[1] + str(escape(visual(unescape(raw))))

    return TEXT_NODE.sub(node, markup)


# Elements whose text is not laid out as HTML: SVG (see :func:`svg`), styles, the title.
_RAW = re.compile(r"(<(svg|style|title|script)\b.*?</\2>)", re.S | re.I)
_HTML_TEXT = re.compile(r">([^<]+)<")


def starts_rtl(text: str) -> bool:
    """Whether the first strongly directional character of ``text`` is right-to-left (the
    rule of ``dir="auto"``)."""
    for ch in text:
        kind = unicodedata.bidirectional(ch)
        if kind == "L":
            return False
        if kind in ("R", "AL"):
            return True
    return False


def html(markup: str) -> str:
    """An HTML document whose text nodes that start in a right-to-left script are wrapped
    in ``<span dir="rtl">`` (what ``dir="auto"`` would do)."""
    if not RTL.search(markup):
        return markup

    def node(match: re.Match[str]) -> str:
        text = match[1]
        if not RTL.search(text) or not starts_rtl(unescape(text)):
            return match[0]
        return f'><span dir="rtl">{text}</span><'

    parts = _RAW.split(markup)
    # split() yields, per raw element, the element and its tag name: keep both as they are.
    out = []
    for index, part in enumerate(parts):
        kind = index % 3
        if kind == 0:
            out.append(_HTML_TEXT.sub(node, part))
        elif kind == 1:
            out.append(part)
    return "".join(out)
