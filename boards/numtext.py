"""Numbers as people type them on a Chinese keyboard: full-width digits and punctuation
(``３０．５``, ``－５``, ``８０％``, ``１，２００``) read as their ASCII forms.

Only the full-width block is folded (with NFKC), not the whole text: NFKC would also turn
``5²`` into ``52``, a wrong number instead of an error. Mirrored by client/src/ui/numtext.ts.
"""

import re
import unicodedata

_WIDE = re.compile("[\uff01-\uff5e\u3000]")
# U+2212 is the typographic minus; an ideographic full stop between digits is a decimal point
# typed with the Chinese input method still on.
_IDEOGRAPHIC_POINT = re.compile("(?<=[0-9])\u3002(?=[0-9])")
_THOUSANDS = re.compile(r"^[+-]?[0-9]{1,3}(?:,[0-9]{3})+(?:\.[0-9]+)?$")


def number_text(raw: str) -> str:
    """``raw`` with full-width characters folded to ASCII, trimmed."""
    text = _WIDE.sub(lambda m: unicodedata.normalize("NFKC", m[0]), raw).replace("\u2212", "-")
    return _IDEOGRAPHIC_POINT.sub(".", text).strip()


def plain_number_text(raw: str) -> str:
    """:func:`number_text` with thousands separators dropped (``1,200`` -> ``1200``); any
    other comma is kept, so the reader rejects it instead of guessing."""
    text = number_text(raw)
    return text.replace(",", "") if _THOUSANDS.match(text) else text
