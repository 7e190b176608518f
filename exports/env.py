"""The one Jinja2 environment every export renders with: autoescaped, built once."""

from __future__ import annotations

from functools import cache
from pathlib import Path
from typing import Any

from jinja2 import Environment, FileSystemLoader, StrictUndefined
from markupsafe import Markup

from .diagrams import bidi

TEMPLATES = Path(__file__).parent / "templates"
# A table of at most this many rows is kept on one page (moved whole to the next if need be);
# a longer one breaks between rows, its header repeated.
SHORT_TABLE_ROWS = 12
# A row with more text than this may break across pages: kept whole, a row half a page tall
# leaves half a page blank before it.
LONG_ROW_CHARS = 400


@cache
def environment() -> Environment:
    env = Environment(
        loader=FileSystemLoader(TEMPLATES),
        autoescape=True,
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        auto_reload=False,
    )
    env.filters["r1"] = lambda v: f"{float(v):.1f}"
    env.globals["SHORT"] = SHORT_TABLE_ROWS
    env.globals["LONG"] = LONG_ROW_CHARS
    return env


def render(name: str, **context: Any) -> Markup:
    """A template rendered to markup that is safe to embed (everything in it was escaped);
    an SVG's text is put in the order and forms WeasyPrint must draw (see diagrams.bidi)."""
    markup = environment().get_template(name).render(**context)
    return Markup(bidi.svg(markup) if name.endswith(".svg") else markup)
