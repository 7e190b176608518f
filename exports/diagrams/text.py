"""Fitting text into SVG boxes: SVG has no line wrapping, so we measure roughly and break.

Widths are estimates in ems: a CJK character is 1 em, Latin letters about 0.55 em. Chinese
breaks between any two characters, other text between words (a word longer than the line
is cut).
"""

from __future__ import annotations

import unicodedata


def char_width(ch: str) -> float:
    if unicodedata.east_asian_width(ch) in ("W", "F"):
        return 1.0
    if ch in "il.,:;'|!()[] ":
        return 0.3
    if ch.isupper() or ch in "mw%&@":
        return 0.72
    return 0.58


def width(text: str) -> float:
    return sum(char_width(ch) for ch in text)


def _tokens(text: str) -> list[str]:
    """Words with their trailing space; every wide character is a token of its own."""
    tokens: list[str] = []
    current = ""
    for ch in text:
        if char_width(ch) == 1.0:
            if current:
                tokens.append(current)
                current = ""
            tokens.append(ch)
        elif ch == " ":
            tokens.append(current + " ")
            current = ""
        else:
            current += ch
    if current:
        tokens.append(current)
    return tokens


def _cut(token: str, room: float) -> tuple[str, str]:
    used = 0.0
    for i, ch in enumerate(token):
        used += char_width(ch)
        if used > room:
            return token[: max(i, 1)], token[max(i, 1) :]
    return token, ""


def wrap(text: str, ems: float, max_lines: int = 3) -> list[str]:
    """Break ``text`` into lines of at most ``ems`` ems; the last kept line ends in ``…``."""
    lines: list[str] = []
    line = ""
    tokens = _tokens(" ".join(text.split()))
    while tokens:
        token = tokens.pop(0)
        if width(line + token.rstrip()) <= ems:
            line += token
            continue
        if not line.strip():
            head, rest = _cut(token, ems)
            lines.append(head)
            if rest:
                tokens.insert(0, rest)
            line = ""
            continue
        lines.append(line.rstrip())
        line = "" if token == " " else token
    if line.strip():
        lines.append(line.rstrip())
    if len(lines) > max_lines:
        last = lines[max_lines - 1]
        while last and width(last + "…") > ems:
            last = last[:-1]
        lines = [*lines[: max_lines - 1], last.rstrip() + "…"]
    return lines


def fit(text: str, ems: float) -> str:
    """``text`` on one line of at most ``ems`` ems, cut with ``…`` if it must be."""
    return wrap(text, ems, 1)[0] if text.strip() else ""


def longest_word(text: str) -> float:
    """Width of the widest unbreakable piece (a Latin word; one CJK character)."""
    return max((width(token.strip()) for token in _tokens(text)), default=0.0)
