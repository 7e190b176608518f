"""Where the texts of a pygal chart land: each text's box in the SVG's own coordinates, from
its position, its ancestors' translations, its rotation and the anchor pygal's CSS gives it,
with the width measured like the charts measure it (``exports.diagrams.text.width``)."""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from dataclasses import dataclass
from math import cos, radians, sin

from exports.diagrams.text import width

NS = "{http://www.w3.org/2000/svg}"
TRANSLATE = re.compile(r"translate\(\s*([-\d.e]+)[ ,]+([-\d.e]+)\s*\)")
ROTATE = re.compile(r"rotate\(\s*([-\d.e]+)")
FONT_PX = re.compile(r"font-size:\s*([\d.]+)px")


@dataclass(frozen=True)
class Placed:
    text: str
    left: float
    right: float
    top: float
    bottom: float
    classes: str


def _anchor(classes: str, own: str, turned: bool, backwards: bool) -> str:
    if any(c in own.split() for c in ("title", "centered", "no_data")):
        return "middle"
    if "axis x" in classes or ("axis" in classes and " x" in classes):
        return ("end" if backwards else "start") if turned else "middle"
    if "y2" in classes:
        return "end" if backwards else "start"
    if "axis" in classes and " y" in classes:
        return "start" if backwards else "end"
    return "start"


def placed(svg: str, font_px: float = 12.0) -> list[Placed]:
    root = ET.fromstring(svg)
    width_attr = root.get("viewBox", "").split()
    assert width_attr, "a chart has a viewBox"
    out: list[Placed] = []

    def walk(node: ET.Element, dx: float, dy: float, classes: str, inherited: str | None) -> None:
        own = node.get("class", "")
        inherited = node.get("font-size") or inherited
        moved = TRANSLATE.search(node.get("transform", "") if node.tag != NS + "text" else "")
        if moved:
            dx, dy = dx + float(moved.group(1)), dy + float(moved.group(2))
        classes = f"{classes} {own}"
        if node.tag == NS + "text":
            spans = list(node.iter(NS + "tspan"))
            lines = [("".join(t.itertext()), t) for t in spans] or [
                ("".join(node.itertext()), node)
            ]
            text = " ".join(line for line, _ in lines)
            if text.strip():
                turn = ROTATE.search(node.get("transform", ""))
                angle = radians(float(turn.group(1))) if turn else 0.0
                backwards = "backwards" in own
                anchor = node.get("text-anchor") or _anchor(classes, own, bool(turn), backwards)
                size = float(node.get("font-size") or inherited or font_px)
                y = float(node.get("y", 0)) + dy
                xs: list[float] = []
                ys: list[float] = []
                for line, element in lines:
                    x = float(element.get("x", node.get("x", 0))) + dx
                    y += float(element.get("dy", 0)) if element is not node else 0.0
                    w = width(line) * size
                    start = {"start": 0.0, "middle": -w / 2, "end": -w}[anchor]
                    for s in (0.0, w):
                        xs.append(x + (start + s) * cos(angle))
                        ys.append(y + (start + s) * sin(angle))
                out.append(Placed(text, min(xs), max(xs), min(ys) - size, max(ys), classes.strip()))
        for child in node:
            walk(child, dx, dy, classes, inherited)

    walk(root, 0.0, 0.0, "", None)
    return out


def view_box(svg: str) -> tuple[float, float, float, float]:
    x, y, w, h = (float(v) for v in ET.fromstring(svg).get("viewBox", "").split())
    return x, y, w, h
