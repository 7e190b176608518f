"""The A3's text fitted into its fixed boxes before it is rendered.

The A3 is one landscape page of fixed boxes (report.css: two columns 138 mm high, the two
end boxes 26 mm). A box cannot grow, and what overflows it would be cut mid-line by its clip.
So the page is laid out here, roughly but on the safe side: every text is broken into lines
of its box's measured width (``diagrams.text``, the PDF's font), the lines and the fixed parts
(headings, paddings, table rows) are added up, and while a box is over its height the type
shrinks a step, then the text taking most lines loses its last line and ends with "…", then
a list loses its last row ("+ n more"). ``page["shortened"]`` then prints the note that the
full texts are in the report's pages.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from ..diagrams.text import wrap

PT = 25.4 / 72  # millimetres per point
# report.css: the landscape page less its margins, split into two columns by a 4 mm gap
# either side of a rule; the end boxes by an 8 mm gap.
COLUMN = 134.0
COLUMN_HEIGHT = 138.0
END_HEIGHT = 26.0 - 1.0  # less its top padding
# Our line breaking is not Pango's, nor our widths exact: boxes are taken a little narrower
# and lower than they are.
NARROW = 0.93
LOW = 0.96
# .a3, .a3.dense, .a3.denser: font size (pt), line height, h2 size (pt), h2 top margin (mm)
TYPES = {
    "": (7.9, 1.4, 9.0, 2.4),
    "dense": (7.2, 1.33, 8.4, 1.8),
    "denser": (6.5, 1.28, 7.8, 1.3),
}
DENSITIES = tuple(TYPES)
ELLIPSIS = "…"
MAX_STEPS = 400


@dataclass
class Slot:
    """A text of the page that may be shortened: ``holder[key]``, in a box ``width`` mm
    wide, at ``scale`` times the page's font size."""

    holder: dict[str, Any]
    key: str
    width: float
    scale: float = 1.0
    bold: bool = False
    extra: str = ""  # fixed text after it on its lines (badges, figures)


class Layout:
    """The heights of the page's boxes at one density, and the texts they hold."""

    def __init__(self, density: str) -> None:
        self.size, self.leading, self.h2_size, self.h2_top = TYPES[density]
        self.slots: list[tuple[Slot, int]] = []
        self.over = 0.0  # mm beyond the box's height

    def ems(self, width: float, scale: float) -> float:
        return width * NARROW / (self.size * scale * PT)

    def count(self, text: str, width: float, scale: float = 1.0, bold: bool = False) -> int:
        if not text.strip():
            return 0
        return len(wrap(text, self.ems(width, scale), 10_000, bold))

    def line(self, scale: float = 1.0) -> float:
        return self.size * scale * self.leading * PT

    def text(self, slot: Slot, extra: str = "") -> float:
        """The height of a shortenable text (and fixed ``extra`` after it on its lines)."""
        slot.extra = extra
        lines = self.count(f"{slot.holder[slot.key]}{extra}", slot.width, slot.scale, slot.bold)
        self.slots.append((slot, lines))
        return lines * self.line(slot.scale)

    def fixed(self, text: str, width: float, scale: float = 1.0) -> float:
        return self.count(text, width, scale) * self.line(scale)

    def heading(self) -> float:
        return self.h2_size * self.leading * PT + self.h2_top + 1.6 + 0.3

    def paragraph(self, slot: Slot, gen: bool = True, extra: str = "") -> float:
        if gen:
            slot.width -= 2.3  # its rule and padding
        return self.text(slot, extra) + 1.2


MUTED = 0.92


def _left(lay: Layout, page: dict[str, Any], t: Callable[..., str]) -> float:
    w = COLUMN
    h = 5 * lay.heading()
    h += lay.paragraph(Slot(page["background"], "text", w))
    h += lay.paragraph(Slot(page["problem"], "text", w))
    current = page["current"]
    if current["figures"]:
        fig_w = (w - 2 * 1.8) / len(current["figures"]) - 3.6
        h += (
            1.7
            + 2.0
            + 0.6
            + max(
                lay.fixed(f["label"], fig_w, 0.85)
                + lay.text(Slot(f, "value", fig_w, 1.35, bold=True))
                + (lay.fixed(f["note"], fig_w, 0.85) if "note" in f else 0.0)
                for f in current["figures"]
            )
        )
    h += lay.paragraph(Slot(current, "text", w))
    goals = page["goals"]
    for g in goals["rows"]:
        badges = f" SMART ✓ {g['status_label']}"
        h += lay.text(Slot(g, "text", w - 4), badges) + 0.8
    h += _more(lay, goals["more"], t) + (1.0 if goals["rows"] else 0.0)
    if goals["missing"]:
        h += lay.fixed(goals["missing"], w - 2.3) + 1.2
    causes = page["causes"]
    h += lay.fixed(causes["lead"], w - 2.3) + 1.2
    for c in causes["rows"]:
        h += lay.text(Slot(c, "text", w - 4, bold=True), f" {t('a3.candidate')}") + 0.8
        if c["evidence"]:
            h += lay.text(Slot(c, "evidence", w - 4, MUTED))
    return h + _more(lay, causes["more"], t) + 1.0


def _more(lay: Layout, n: int, t: Callable[..., str]) -> float:
    return lay.line(MUTED) + 1.2 if n else 0.0


def _right(lay: Layout, page: dict[str, Any], t: Callable[..., str]) -> float:
    w = COLUMN
    h = 3 * lay.heading()
    actions = page["actions"]
    if actions["rows"]:
        h += lay.line() + 1.4 + 0.6  # the header row
        for row in actions["rows"]:
            due_lines = 1 + (row["overdue"] or not row["due"])
            h += 1.5 + max(
                lay.text(Slot(row, "what", 0.52 * w - 2.4)),
                lay.text(Slot(row, "owner", 0.18 * w - 2.4)) if row["owner"] else lay.line(),
                due_lines * lay.line(),
            )
        h += 0.8 + _more(lay, actions["more"], t) + lay.line(MUTED) + 1.2
    else:
        h += lay.fixed(actions["missing"], w - 2.3) + 1.2
    if actions["uncovered"]:
        h += lay.text(Slot(actions, "uncovered", w - 3.6)) + 1.6 + 1.2
    plan = page["plan"]
    for p in plan["rows"]:
        h += lay.text(Slot(p, "text", w - 2.3)) + 1.2
        if p["where"]:
            h += lay.text(Slot(p, "where", w - 2.3, MUTED))
    if not plan["rows"]:
        h += lay.fixed(plan["missing"], w - 2.3) + 1.2
    h += _results(lay, page["results"], w, t)
    return h


def _results(lay: Layout, results: dict[str, Any], w: float, t: Callable[..., str]) -> float:
    box = (w - 2.0) / 2 - 4.0 - 0.5
    title = lay.line() + 0.8
    designed = title + sum(
        lay.text(Slot(d, "text", box), f"{d['label']}: ") + 1.2 for d in results["designed"]
    )
    designed = max(designed, title + lay.line() + 1.2)
    measured = title
    for k in results["kpis"]:
        extra = f": {k['figures']} {k['verdict']} {k['target']}"
        measured += lay.text(Slot(k, "name", box, bold=True), extra) + 1.2
    measured += _more(lay, results["more"], t)
    measured += lay.text(Slot(results, "note", box, MUTED)) + 1.2
    if results["tested"]:
        measured += lay.text(Slot(results, "tested", box, MUTED)) + 1.2
    h = max(designed, measured) + 2.4 + 0.5
    sustain = results["sustain"]
    if sustain:
        h += 1.0 + 1.6 + 0.5 + lay.line() + 0.4
        for r in sustain:
            h += lay.text(Slot(r, "text", w - 4.5), f"{r['name']}: ")
    return h


def _end(lay: Layout, field: dict[str, Any]) -> float:
    return lay.heading() - lay.h2_top + lay.paragraph(Slot(field, "text", COLUMN))


def _boxes(page: dict[str, Any], density: str, t: Callable[..., str]) -> list[Layout]:
    """The page's four boxes laid out at ``density``, each with its height in ``over``."""
    out = []
    measures: tuple[tuple[Callable[[Layout], float], float], ...] = (
        (lambda lay: _left(lay, page, t), COLUMN_HEIGHT),
        (lambda lay: _right(lay, page, t), COLUMN_HEIGHT),
        (lambda lay: _end(lay, page["decision_needed"]), END_HEIGHT),
        (lambda lay: _end(lay, page["next_steps"]), END_HEIGHT),
    )
    for measure, limit in measures:
        lay = Layout(density)
        lay.over = measure(lay) - limit * LOW
        out.append(lay)
    return out


def shorten(text: str, ems: float, lines: int, bold: bool = False, extra: str = "") -> str:
    """The longest head of ``text`` that with "…" (and ``extra`` after it on its lines) takes
    at most ``lines`` lines of ``ems``."""
    text = " ".join(text.split()).removesuffix(ELLIPSIS)
    low, high = 0, len(text)
    while low < high:
        mid = (low + high + 1) // 2
        if len(wrap(text[:mid].rstrip() + ELLIPSIS + extra, ems, 10_000, bold)) <= lines:
            low = mid
        else:
            high = mid - 1
    return text[:low].rstrip() + ELLIPSIS


LISTS = (("results", "kpis"), ("actions", "rows"), ("causes", "rows"), ("goals", "rows"))


def _drop_row(page: dict[str, Any]) -> bool:
    """One row less in the longest list (its count in "+ n more")."""
    lists = [(page[a] if a != "results" else page["results"], b) for a, b in LISTS]
    holder, key = max(lists, key=lambda item: len(item[0][item[1]]))
    if len(holder[key]) <= 1:
        return False
    holder[key].pop()
    holder["more"] = holder.get("more", 0) + 1
    return True


def fit(page: dict[str, Any], t: Callable[..., str]) -> None:
    """Make every box of ``page`` fit (see the module's docstring), in place."""
    start = DENSITIES.index(page["density"])
    for density in DENSITIES[start:]:
        page["density"] = density
        if all(lay.over <= 0 for lay in _boxes(page, density, t)):
            return
    done: set[tuple[int, str]] = set()  # texts shortened as far as they go
    for _ in range(MAX_STEPS):
        boxes = [lay for lay in _boxes(page, page["density"], t) if lay.over > 0]
        if not boxes:
            return
        lay = max(boxes, key=lambda b: b.over)
        open_slots = [(s, n) for s, n in lay.slots if n > 1 and (id(s.holder), s.key) not in done]
        if open_slots:
            slot, lines = max(open_slots, key=lambda item: item[1])
            text = slot.holder[slot.key]
            ems = lay.ems(slot.width, slot.scale)
            short = shorten(text, ems, lines - 1, slot.bold, slot.extra)
            if len(short) >= len(text) or len(short) <= 1:
                done.add((id(slot.holder), slot.key))
                continue
            slot.holder[slot.key] = short
            page["shortened"] = True
        elif not _drop_row(page):
            return
