"""Diagrams drawn as SVG: geometry in Python, markup in ``templates/svg`` (autoescaped)."""
