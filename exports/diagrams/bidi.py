"""User text in our SVG (diagrams and charts) as WeasyPrint can draw it.

WeasyPrint lays SVG text out one code point at a time (``weasyprint/svg/text.py``), so an
SVG text node gets none of what HTML text gets from Pango: right-to-left runs are drawn in
memory order (Hebrew and Arabic read backwards), Arabic letters are not joined, and emoji
sequences fall apart (a skin tone drawn as a swatch beside its hand, a family as its
members). Each text node is therefore rewritten before WeasyPrint sees it: Arabic shaped
into its presentation forms (``arabic-reshaper``), the line put in display order by the
Unicode bidirectional algorithm (``python-bidi``), and emoji sequences reduced to their
first emoji.
"""

from __future__ import annotations

import html
import re

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
        if not RTL.search(html.unescape(raw)) and not EMOJI_PARTS.search(raw):
            return match[0]
        return match[1] + str(escape(visual(html.unescape(raw))))

    return TEXT_NODE.sub(node, markup)
