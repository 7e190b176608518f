"""Fitting text into SVG boxes: SVG has no line wrapping, so we measure and break ourselves.

Widths are in ems, measured from the font the PDF draws with (Noto Sans CJK SC, found through
fontconfig like WeasyPrint finds it) and cached per character; without that font they fall
back to estimates (a CJK character 1 em, a Latin letter about 0.58 em). Chinese breaks between
any two characters except where the line-breaking rules (kinsoku) forbid it: no line starts
with closing punctuation nor ends with opening punctuation. Other text breaks between words;
a word longer than the whole line is cut, with a hyphen between two letters.
"""

from __future__ import annotations

import subprocess
import unicodedata
from functools import cache

from PIL import ImageFont

FAMILY = "Noto Sans CJK SC"
# The renderer's cut of it (exports/cjkfont.py), which fontconfig offers first for FAMILY in
# a render process: the same glyphs and metrics, so it measures the same.
CUT_FAMILY = "Obeya Sans CJK SC"
UNITS = 1000  # the size fonts are loaded at: a width in these units / UNITS is in ems
HYPHEN = "-"
# Kinsoku: what may not start a line (closing brackets, full stops, commas, the long dash
# and ellipsis, small kana) and what may not end one (opening brackets, quotes).
NO_START = frozenset(
    "。，、．,.)]}）］｝〕〉》」』】〙〗〟’”｠»›"
    "！？：；!?:;…‥—–～ー・ゝゞ々ぁぃぅぇぉっゃゅょゎァィゥェォッャュョヮヵヶ％%‰℃"
)
NO_END = frozenset("([{（［｛〔〈《「『【〘〖〝‘“｟«‹")


def _estimate(ch: str) -> float:
    if unicodedata.east_asian_width(ch) in ("W", "F"):
        return 1.0
    if ch in "il.,:;'|!()[] ":
        return 0.3
    if ch.isupper() or ch in "mw%&@":
        return 0.72
    return 0.58


@cache
def _font(bold: bool, size: int = UNITS) -> ImageFont.FreeTypeFont | None:
    """The font the PDF uses at ``size``, or None (then widths are estimated)."""
    pattern = FAMILY + (":bold" if bold else "")
    try:
        found = subprocess.run(
            ["fc-match", "-f", "%{family}|%{file}|%{index}", pattern],
            capture_output=True,
            text=True,
            timeout=10,
            check=True,
        ).stdout
        family, path, index = found.split("|")
        if not {FAMILY, CUT_FAMILY} & set(family.split(",")):
            return None
        return ImageFont.truetype(path, size, index=int(index or 0))
    except (OSError, ValueError, subprocess.SubprocessError):
        return None


@cache
def char_width(ch: str, bold: bool = False) -> float:
    font = _font(bold)
    if font is None or ch in "\n\t":
        return _estimate(ch)
    measured = font.getlength(ch) / UNITS
    # a character the font lacks (emoji, Arabic) is drawn by a fallback font: estimate it
    # rather than trust the .notdef box
    return measured if measured > 0 and _has_glyph(ch, bold) else _estimate(ch)


def _has_glyph(ch: str, bold: bool) -> bool:
    # drawn at a small size, where drawing is cheap: the .notdef box of a missing glyph is
    # empty in Noto fonts
    small = _font(bold, 16)
    return ch.isspace() or (small is not None and small.getmask(ch).getbbox() is not None)


def width(text: str, bold: bool = False) -> float:
    """``text``'s width in ems, on one line."""
    return sum(char_width(ch, bold) for ch in text)


def _wide(ch: str) -> bool:
    return unicodedata.east_asian_width(ch) in ("W", "F")


def _tokens(text: str) -> list[str]:
    """The unbreakable pieces of ``text``: words with their trailing space, and every wide
    character on its own -- then glued wherever kinsoku forbids a break."""
    raw: list[str] = []
    current = ""
    for ch in text:
        if _wide(ch) and ch not in NO_START and ch not in NO_END:
            if current:
                raw.append(current)
                current = ""
            raw.append(ch)
        elif ch == " ":
            raw.append(current + " ")
            current = ""
        elif _wide(ch):  # wide punctuation: a piece of its own, glued below
            if current:
                raw.append(current)
                current = ""
            raw.append(ch)
        else:
            current += ch
    if current:
        raw.append(current)
    tokens: list[str] = []
    glue_next = False
    for token in raw:
        if tokens and (glue_next or token[0] in NO_START):
            tokens[-1] += token
        else:
            tokens.append(token)
        if token.strip():
            glue_next = token.rstrip()[-1] in NO_END
    return tokens


def _cut(token: str, room: float, bold: bool) -> tuple[str, str]:
    """The longest head of ``token`` that fits ``room`` (at least one character), and the
    rest; a cut between two letters gets a hyphen, a cut never leaves kinsoku broken."""
    used = 0.0
    for i, ch in enumerate(token):
        used += char_width(ch, bold)
        if used > room:
            at = fits = max(i, 1)
            # step back until the rest does not start with closing punctuation and the head
            # does not end with opening punctuation; a run of punctuation wider than the
            # whole line has no such place, and is cut where it fits
            while at > 1 and (token[at] in NO_START or token[at - 1] in NO_END):
                at -= 1
            if token[at] in NO_START or token[at - 1] in NO_END:
                at = fits
            head, rest = token[:at], token[at:]
            if head[-1].isalpha() and rest[:1].isalpha() and not _wide(head[-1]) and at > 1:
                hyphen = char_width(HYPHEN, bold)
                while len(head) > 1 and width(head, bold) + hyphen > room:
                    head, rest = head[:-1], head[-1] + rest
                if head[-1].isalpha() and rest[:1].isalpha():
                    head += HYPHEN
            return head, rest
    return token, ""


def wrap(text: str, ems: float, max_lines: int = 3, bold: bool = False) -> list[str]:
    """Break ``text`` into lines of at most ``ems`` ems; the last kept line ends in ``…``."""
    lines: list[str] = []
    line = ""
    tokens = _tokens(" ".join(text.split()))
    while tokens:
        token = tokens.pop(0)
        if width(line + token.rstrip(), bold) <= ems:
            line += token
            continue
        if not line.strip():
            head, rest = _cut(token, ems, bold)
            lines.append(head)
            if rest:
                tokens.insert(0, rest)
            line = ""
            continue
        lines.append(line.rstrip())
        line = ""
        if token != " ":
            tokens.insert(0, token)  # on a line of its own, cut there if still too long
    if line.strip():
        lines.append(line.rstrip())
    if len(lines) > max_lines:
        last = lines[max_lines - 1]
        while last and (width(last + "…", bold) > ems or last[-1] in NO_END):
            last = last[:-1]
        lines = [*lines[: max_lines - 1], last.rstrip().removesuffix(HYPHEN) + "…"]
    return lines


def fit(text: str, ems: float, bold: bool = False) -> str:
    """``text`` on one line of at most ``ems`` ems, cut with ``…`` if it must be."""
    return wrap(text, ems, 1, bold)[0] if text.strip() else ""


def longest_word(text: str, bold: bool = False) -> float:
    """Width of the widest unbreakable piece (a Latin word; one CJK character)."""
    return max((width(token.strip(), bold) for token in _tokens(text)), default=0.0)
