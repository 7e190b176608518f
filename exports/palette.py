"""One colour per meaning, for every chart, diagram, table cell and legend of the report.

A reader who learns that navy is "accountable" in the RACI matrix must find navy for "A" in
the load chart too; a value-added step is the same green in the map, the time-by-class bar
and its legend. Charts and diagrams take their colours from here, and the report's CSS rules
for these meanings are generated here (``css()``), so there is no second copy to drift.

``FILL`` colours are for areas, bars, lines and dots; ``INK`` is the same hue darkened for
text on white, where the fill colour would be too pale to read.
"""

from __future__ import annotations

from functools import cache

NAVY = "#1f3a5f"
TEAL = "#4f8fa8"
AMBER = "#c08a2d"
RED = "#b5533c"
GREEN = "#3f8f5f"
GREY = "#9aa3ae"
PALE = "#8fa3bd"  # a bar that counts but is not singled out (the Pareto's trivial many)

# RACI letters: accountable is the strongest, responsible next, consulted and informed light.
RACI = {"R": TEAL, "A": NAVY, "C": AMBER, "I": GREY}
# A rule broken (an error finding): the one red of the matrix.
ERROR = RED

# Value-stream time classes (value-added, necessary non-value-added, waste, queue, none).
VSM_CLASS = {"va": GREEN, "nnva": AMBER, "waste": RED, "wait": "#d9c27a", "unclassified": GREY}
VSM_INK = {"va": "#2e6b46", "nnva": "#84601b", "waste": "#8f3b29"}

# Before and after: the current state and the pilot's baseline are grey, what changed teal.
STATE = {"current": GREY, "future": TEAL}
BASELINE = "#7b8593"
TARGET = GREEN
SITES = (TEAL, NAVY, AMBER, GREEN)

# The Pareto: vital few, trivial many, the cumulative share and its 80 % cut-off.
PARETO = {"vital": NAVY, "trivial": PALE, "cumulative": RED, "cutoff": GREY}
# The vote: chosen ideas and the others.
VOTE = {"chosen": NAVY, "other": "#9fb9c7"}
# Control charts: readings, centre line, limits, and signals by direction.
CONTROL = {"readings": NAVY, "centre": GREY, "limit": RED}
SIGNAL = {"worse": RED, "better": GREEN}


@cache
def css() -> str:
    """The report's rules for these meanings (inlined in the report's head, after its
    stylesheet, so they are the only colours these classes get)."""
    # Later rules win: a cell holding C or I with R or A is coloured as its R or A, and a
    # cell holding both R and A as A.
    rules = [f"table.raci td.has-{k.lower()} {{ color: {RACI[k]}; }}" for k in "CI"]
    rules += [
        f"table.raci td.has-{k.lower()} {{ color: #fff; background: {RACI[k]}; }}" for k in "RA"
    ]
    rules.append(f"table.raci td.flag {{ background: {ERROR}; color: #fff; }}")
    for key, color in VSM_CLASS.items():
        rules.append(f".dot.{key}, .seg.{key} {{ background: {color}; }}")
    for key, color in VSM_INK.items():
        rules.append(f".klass.{key} {{ color: {color}; }}")
    return "\n".join(rules)
