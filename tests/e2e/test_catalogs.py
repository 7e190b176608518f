"""The two i18n catalogs have the same keys, and every key the client uses exists in both.

No browser needed: this reads client/src and client/src/i18n/*.json.
"""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

from tests.support.server import ROOT

SRC = ROOT / "client" / "src"
CATALOGS = {name: SRC / "i18n" / f"{name}.json" for name in ("en", "zh-CN")}
PLURAL = re.compile(r"_(zero|one|two|few|many|other)$")
# t("key" ...) or t(`prefix.${expr}.suffix` ...)
CALL = re.compile(r"""\bt\(\s*(["`])([^"`]+)\1""")


def _leaves(tree: dict[str, Any], prefix: str = "") -> set[str]:
    out: set[str] = set()
    for key, value in tree.items():
        path = f"{prefix}{key}"
        out |= _leaves(value, path + ".") if isinstance(value, dict) else {PLURAL.sub("", path)}
    return out


def _catalog(name: str) -> set[str]:
    return _leaves(json.loads(CATALOGS[name].read_text(encoding="utf-8")))


def _used_keys() -> set[str]:
    keys: set[str] = set()
    for file in SRC.rglob("*.ts*"):
        keys |= {match[1] for match in CALL.findall(file.read_text(encoding="utf-8"))}
    return keys


def test_catalogs_have_the_same_keys() -> None:
    en, zh = _catalog("en"), _catalog("zh-CN")
    assert sorted(en - zh) == [], "missing in zh-CN.json"
    assert sorted(zh - en) == [], "missing in en.json"


def test_every_key_used_by_the_client_exists() -> None:
    known = _catalog("en")
    missing = []
    for key in _used_keys():
        if "${" in key:  # a dynamic key: some leaf must match its pattern
            pattern = re.compile("^" + re.sub(r"\\\$\\\{[^}]*\\\}", r"[^.]+", re.escape(key)) + "$")
            if not any(pattern.match(k) for k in known):
                missing.append(key)
        elif key not in known:
            missing.append(key)
    assert sorted(missing) == []


def test_no_chinese_text_outside_the_catalogs() -> None:
    """User-facing strings live in the catalogs (language names in their own script excepted)."""
    han = re.compile(r"[\u4e00-\u9fff]")
    allowed = {"中文", "大"}  # the language switch and the brand mark
    offenders = []
    for file in SRC.rglob("*.ts*"):
        for line_no, line in enumerate(file.read_text(encoding="utf-8").splitlines(), 1):
            text = line.split("//")[0]
            found = {m for m in re.findall(r"[\u4e00-\u9fff]+", text) if m not in allowed}
            if found and han.search(text):
                offenders.append(f"{file.relative_to(ROOT)}:{line_no}: {sorted(found)}")
    assert offenders == []


def test_catalog_files_are_valid_utf8_json() -> None:
    for path in CATALOGS.values():
        assert isinstance(json.loads(Path(path).read_text(encoding="utf-8")), dict)
