"""Report strings in the workshop's language, from ``exports/i18n/<language>.json``.

Keys are dotted (``vsm.warning.missing_name``); a value may name params in braces
(``{step}``). A key missing in a language falls back to English, then to the key itself,
so a new code from ``boards/`` shows up as its code rather than failing an export.
"""

from __future__ import annotations

import json
from functools import cache
from pathlib import Path
from typing import Any

I18N = Path(__file__).parent / "i18n"
LANGUAGES = ("zh-CN", "en")


class _Params(dict[str, Any]):
    def __missing__(self, key: str) -> str:
        return "{" + key + "}"


@cache
def _load(language: str) -> dict[str, str]:
    data: dict[str, str] = json.loads((I18N / f"{language}.json").read_text(encoding="utf-8"))
    return data


def language_of(requested: str | None) -> str:
    return requested if requested in LANGUAGES else "en"


class Catalog:
    def __init__(self, language: str | None) -> None:
        self.language = language_of(language)
        self._own = _load(self.language)
        self._fallback = _load("en")

    def has(self, key: str) -> bool:
        return key in self._own or key in self._fallback

    def __call__(self, key: str, /, **params: Any) -> str:
        text = self._own.get(key) or self._fallback.get(key) or key
        return text.format_map(_Params(params)) if params else text

    def code(self, prefix: str, code: str | None, /, **params: Any) -> str:
        """A machine code from ``boards/`` (a verdict, a warning): its translation, else the code."""
        if not code:
            return ""
        key = f"{prefix}.{code}"
        return self(key, **params) if self.has(key) else code
