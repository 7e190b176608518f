"""An SVG's ``<style>`` sheet applied to its elements as attributes, before WeasyPrint sees it.

WeasyPrint parses and compiles the stylesheet of every SVG image it loads: each pygal chart
carries ~100 rules, the same for every chart but for the chart's id in every selector, and
compiling them (cssselect2 builds each selector's Python source and ``eval``s it) was ~7 %
of a demo render. Here a sheet is compiled once per process, whatever the chart's id, and
applied the way WeasyPrint would (``weasyprint.svg.Node.cascade``): its declarations become
attributes of the elements they match, overriding their presentation attributes, in the
order normal rules, ``style`` attribute, ``!important`` rules, important ``style``
declarations. The image WeasyPrint then loads has no sheet
left to compile and draws the same.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from functools import lru_cache
from typing import Any

import cssselect2
from weasyprint.svg.css import parse_declarations, parse_stylesheets

SVG_NS = "http://www.w3.org/2000/svg"
_STYLE = f"{{{SVG_NS}}}style"
ET.register_namespace("", SVG_NS)
ET.register_namespace("xlink", "http://www.w3.org/1999/xlink")

Matchers = tuple[cssselect2.Matcher, cssselect2.Matcher]


@lru_cache(maxsize=32)
def _matchers(sheet: str, root_id: str) -> Matchers:
    """The normal and important rule matchers of ``sheet``, compiled by WeasyPrint's own
    parser so that they match exactly what it would have."""
    root = ET.Element(f"{{{SVG_NS}}}svg", {"id": root_id})
    ET.SubElement(root, _STYLE).text = sheet
    matchers: Matchers = parse_stylesheets(
        cssselect2.ElementWrapper.from_xml_root(root), "", None, None
    )
    return matchers


def _declarations(matcher: cssselect2.Matcher, element: Any) -> list[tuple[str, str]]:
    return [pair for rule in matcher.match(element) for pair in rule[-1]]


_ANY_ID = "obeya-svg-root"


def inline(root: ET.Element) -> bool:
    """Apply and remove the ``<style>`` sheets of the SVG tree ``root`` in place; False
    (the tree untouched) when it has none."""
    styles = [e for e in root.iter(_STYLE) if e.get("type", "text/css") == "text/css"]
    if not styles:
        return False
    root_id = root.get("id") or ""
    # pygal prefixes every selector with the chart's own id: with one stand-in id, every
    # chart of the same style shares one compiled sheet
    sheet = "\n".join(s.text or "" for s in styles)
    if root_id:
        sheet = re.sub(rf"#{re.escape(root_id)}(?![\w-])", "#" + _ANY_ID, sheet)
    normal, important = _matchers(sheet, _ANY_ID)
    for parent in root.iter():
        for style in [c for c in parent if c in styles]:
            parent.remove(style)
    root.set("id", _ANY_ID)
    wrapper = cssselect2.ElementWrapper.from_xml_root(root)
    resolved = []
    for element in wrapper.iter_subtree():
        attrs = element.etree_element.attrib
        style_attr = attrs.get("style")
        normal_attr, important_attr = parse_declarations(style_attr) if style_attr else ([], [])
        declared = (
            _declarations(normal, element)
            + normal_attr
            + _declarations(important, element)
            + important_attr
        )
        if declared:
            resolved.append((attrs, declared))
    # attributes change only after every match: selectors may test them
    for attrs, declared in resolved:
        attrs.pop("style", None)
        for name, value in declared:
            attrs[name] = value.strip()
    if root_id:
        root.set("id", root_id)
    else:
        del root.attrib["id"]
    return True
