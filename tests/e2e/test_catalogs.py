"""The two i18n catalogs have the same keys, and every key the client uses exists in both.

The catalog of a language is the shared one (client/src/i18n/<lang>.json) merged with every
board kind's own (client/src/boards/<kind>/i18n/<lang>.json, under kinds.<kind>). No browser
needed: this reads client/src.
"""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import pytest

from tests.support.server import ROOT

SRC = ROOT / "client" / "src"
CATALOGS = {name: SRC / "i18n" / f"{name}.json" for name in ("en", "zh-CN")}
PLURAL = re.compile(r"_(zero|one|two|few|many|other)$")
# t("key" ...) or t(`prefix.${expr}.suffix` ...)
CALL = re.compile(r"""\bt\(\s*(["`])([^"`]+)\1""")


def leaves(tree: dict[str, Any], prefix: str = "") -> set[str]:
    out: set[str] = set()
    for key, value in tree.items():
        path = f"{prefix}{key}"
        out |= leaves(value, path + ".") if isinstance(value, dict) else {PLURAL.sub("", path)}
    return out


KIND_HELPER = re.compile(r"export const (\w+) = catalog\.(?:t|maybe);")


def _catalog_files(name: str) -> list[Path]:
    return [CATALOGS[name], *sorted(SRC.glob(f"boards/*/i18n/{name}.json"))]


def _catalog(name: str) -> set[str]:
    keys: set[str] = set()
    for path in _catalog_files(name):
        keys |= leaves(json.loads(path.read_text(encoding="utf-8")))
    return keys


def _kind_keys(helper_file: Path) -> set[str]:
    """The keys a board kind's code asks for through its kindCatalog helpers (tk, tkMaybe…)."""
    kind = helper_file.parent.name
    keys: set[str] = set()
    for helper in KIND_HELPER.findall(helper_file.read_text(encoding="utf-8")):
        call = re.compile(rf"""\b{helper}\(\s*(["`])([^"`]+)\1""")
        for file in helper_file.parent.rglob("*.ts*"):
            found = call.findall(file.read_text(encoding="utf-8"))
            keys |= {f"kinds.{kind}.{match[1]}" for match in found}
    return keys


def _used_keys() -> set[str]:
    keys: set[str] = set()
    for file in SRC.rglob("*.ts*"):
        keys |= {match[1] for match in CALL.findall(file.read_text(encoding="utf-8"))}
    for helper_file in SRC.glob("boards/*/i18n.ts"):
        keys |= _kind_keys(helper_file)
    return keys


def _missing(used: set[str], known: set[str]) -> list[str]:
    """Used keys no catalog leaf answers; a dynamic key needs some leaf matching its pattern."""
    missing = []
    for key in used:
        if "${" in key:
            pattern = re.compile("^" + re.sub(r"\\\$\\\{[^}]*\\\}", r"[^.]+", re.escape(key)) + "$")
            if not any(pattern.match(k) for k in known):
                missing.append(key)
        elif key not in known:
            missing.append(key)
    return sorted(missing)


def kind_catalog(kind: str, name: str) -> dict[str, Any]:
    """A board kind's own catalog, the tree under ``kinds.<kind>``."""
    path = SRC / "boards" / kind / "i18n" / f"{name}.json"
    data = json.loads(path.read_text(encoding="utf-8"))
    assert set(data) == {"kinds"} and set(data["kinds"]) == {kind}, path
    return dict(data["kinds"][kind])


def test_catalogs_have_the_same_keys() -> None:
    en, zh = _catalog("en"), _catalog("zh-CN")
    assert sorted(en - zh) == [], "missing in zh-CN.json"
    assert sorted(zh - en) == [], "missing in en.json"


def test_every_key_used_by_the_client_exists() -> None:
    assert _missing(_used_keys(), _catalog("en")) == []


@pytest.mark.parametrize("kind", sorted(p.parent.name for p in SRC.glob("boards/*/i18n.ts")))
def test_each_kind_has_its_own_complete_catalog(kind: str) -> None:
    """A kind's catalog lives under kinds.<kind>, has the same keys in both languages, and
    answers every key the kind's own code asks for."""
    en, zh = (leaves(kind_catalog(kind, name), f"kinds.{kind}.") for name in CATALOGS)
    assert sorted(en - zh) == [], "missing in zh-CN.json"
    assert sorted(zh - en) == [], "missing in en.json"
    assert _missing(_kind_keys(SRC / "boards" / kind / "i18n.ts"), en) == []


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
    for name in CATALOGS:
        for path in _catalog_files(name):
            assert isinstance(json.loads(path.read_text(encoding="utf-8")), dict), path
