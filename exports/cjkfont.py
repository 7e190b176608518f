"""A small CJK font for the report renderer: ``python -m exports.cjkfont`` builds it.

Reports are set in Noto Sans CJK SC, whose regular and bold files hold 65,000 glyphs
(19-20 MB each). WeasyPrint copies the whole file of every font it embeds before subsetting
it, so each render paid ~60 MB and the time to copy and subset three such files. The font
built here keeps the characters reports nearly always use (Latin, punctuation, symbols, kana,
the GB 2312 characters: ~11,000 code points, ~3.7 MB) under the name "Obeya Sans CJK SC";
``assets/fonts/fonts.conf`` puts it in front of Noto Sans CJK SC. A character it lacks (a
rare hanzi, Hangul) is still drawn: fontconfig offers the full Noto font next, character by
character. Glyphs, metrics and OpenType features are Noto's own, so the layout is the same.

``configure()`` points fontconfig at that file when the fonts are there (the renderer process
calls it before loading WeasyPrint); without them the system fonts are used as before.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

FONT_DIR = Path(__file__).parent / "assets" / "fonts"
CONFIG = FONT_DIR / "fonts.conf"
FAMILY = "Obeya Sans CJK SC"
SOURCE_FAMILY = "Noto Sans CJK SC"
STYLES = {"Regular": "", "Bold": ":bold"}


# Bumped whenever a font built before would be wrong, so that setup.sh builds it again.
VERSION = 2


def target(style: str) -> Path:
    return FONT_DIR / f"ObeyaSansCJKsc-{style}-{VERSION}.otf"


def built() -> bool:
    return all(target(style).is_file() for style in STYLES)


def configure() -> bool:
    """Use the small font in this process if it was built; the caller has not loaded
    fontconfig yet. An explicit ``FONTCONFIG_FILE`` wins."""
    if "FONTCONFIG_FILE" in os.environ or not built():
        return False
    os.environ["FONTCONFIG_FILE"] = str(CONFIG)
    return True


def code_points() -> set[int]:
    points = {
        *range(0x20, 0x250),  # Latin, Latin-1, Latin Extended-A/B
        *range(0x2000, 0x2800),  # punctuation, currency, arrows, maths, shapes, dingbats
        *range(0x2E80, 0x2FE0),  # CJK radicals
        *range(0x3000, 0x3100),  # CJK punctuation, kana, bopomofo
        *range(0x31C0, 0x3400),  # strokes, enclosed CJK, compatibility (units, ㎡)
        *range(0xFF00, 0xFFF0),  # full-width forms
    }
    for point in range(0x80, 0x10000):
        try:
            chr(point).encode("gb2312")
        except UnicodeEncodeError:
            continue
        points.add(point)
    return points


def source(style: str) -> tuple[str, int]:
    """The system's Noto Sans CJK SC file and face index for ``style`` (system config)."""
    env = {k: v for k, v in os.environ.items() if k != "FONTCONFIG_FILE"}
    found = subprocess.run(
        ["fc-match", "--format=%{file}\n%{index}\n%{family}", SOURCE_FAMILY + STYLES[style]],
        capture_output=True,
        text=True,
        check=True,
        env=env,
    ).stdout.split("\n")
    if SOURCE_FAMILY not in found[2]:
        raise SystemExit(f"{SOURCE_FAMILY} is not installed (fonts-noto-cjk)")
    return found[0], int(found[1])


def build(style: str) -> Path:
    from fontTools import subset
    from fontTools.ttLib import TTFont

    path, index = source(style)
    font = TTFont(path, fontNumber=index)
    options = subset.Options()
    options.layout_features = ["*"]  # vertical forms, locl, kerning: as Noto sets text
    options.name_IDs = ["*"]
    options.name_languages = ["*"]
    options.notdef_outline = True
    options.hinting = True
    subsetter = subset.Subsetter(options)
    subsetter.populate(unicodes=code_points())
    subsetter.subset(font)
    compact = FAMILY.replace(" ", "")
    for record in font["name"].names:
        if record.nameID in (1, 3, 4, 6, 16, 17, 18, 21):
            text = record.toUnicode()
            record.string = text.replace(SOURCE_FAMILY, FAMILY).replace("NotoSansCJKsc", compact)
    out = target(style)
    partial = out.with_suffix(".partial")
    font.save(partial)
    rekey(partial)
    partial.replace(out)
    return out


def rekey(path: Path) -> None:
    """Give glyph ``n`` of the CID-keyed font at ``path`` the CID ``n``.

    WeasyPrint embeds a font with ``CIDToGIDMap /Identity`` and writes glyph ids as CIDs:
    right for Noto, whose CIDs are its glyph ids, wrong for a cut, whose glyphs keep Noto's
    CIDs (a digit drawn in the tabular form is glyph 14842 but CID 63154). Readers that look
    a CID up in the font's charset, as the PDF standard says (MuPDF, hence every page
    checked by tests/support/pdfcheck.py), then draw nothing or another glyph: digits and
    the "ffi" ligature vanished. Only the CFF charset holds CIDs; every other table refers
    to glyph ids, so renaming the glyphs there is enough."""
    from fontTools.ttLib import TTFont

    font = TTFont(path, lazy=True)
    top = font["CFF "].cff.topDictIndex[0]
    old = list(top.charset)
    new = [old[0], *(f"cid{gid:05d}" for gid in range(1, len(old)))]
    strings = top.CharStrings
    strings.charStrings = {n: strings.charStrings[o] for o, n in zip(old, new, strict=True)}
    top.charset = new
    font.setGlyphOrder(new)
    font.save(path.with_suffix(".rekeyed"))
    font.close()
    path.with_suffix(".rekeyed").replace(path)


def main() -> None:
    """Build the missing fonts (both styles in parallel: each takes a minute of one CPU)."""
    missing = [style for style in STYLES if not target(style).is_file()]
    if len(sys.argv) > 1 and sys.argv[1] == "--force":
        missing = list(STYLES)
    if len(missing) > 1:
        workers = [
            subprocess.Popen(
                [sys.executable, "-c", f"from exports.cjkfont import build; build({s!r})"]
            )
            for s in missing
        ]
        if any(w.wait() != 0 for w in workers):
            raise SystemExit("building the report font failed")
    elif missing:
        build(missing[0])
    # fontconfig reads every font of the directory: an older build would be a second
    # "Obeya Sans CJK SC"
    current = {target(style) for style in STYLES}
    for stale in FONT_DIR.glob("*.otf"):
        if stale not in current:
            stale.unlink()
    for style in STYLES:
        print(f"{target(style)} ({target(style).stat().st_size / 1_048_576:.1f} MB)")


if __name__ == "__main__":
    main()
