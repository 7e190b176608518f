"""The fishbone (Ishikawa) diagram: the problem at the head on the right, one bone per
category alternating above and below the spine, causes as ribs on their bone (sub-causes
indented under their parent), root causes in red with their counts."""

from __future__ import annotations

import math
from typing import Any

from markupsafe import Markup

from boards.fishbone.model import Cause, FishboneSnapshot

from ..env import render
from .text import fit, width, wrap

WIDTH = 1000.0
HEAD_X = 790.0
SPINE_X0 = 24.0
CAUSE_FONT = 15.0
SUB_FONT = 13.0
LINE = 16.0
LABEL_FONT = 13.5
PROBLEM_FONT = 14.5
FONT = "Noto Sans CJK SC"


def _blocks(causes: list[Cause], room: float) -> tuple[list[dict[str, Any]], float]:
    """Each cause as wrapped lines with its offset from the bone's outer end."""
    blocks, offset = [], 30.0
    for cause in causes:
        sub = cause.depth > 1
        size = SUB_FONT if sub else CAUSE_FONT
        indent = 14.0 * (cause.depth - 1)
        text = (cause.text or "–") + (f"  ({cause.count})" if cause.count else "")
        lines = wrap(text, (room - indent) / size, 2 if sub else 3, bold=cause.root)
        height = len(lines) * (size + 3) + 6
        blocks.append(
            {
                "lines": lines,
                "size": size,
                "sub": sub,
                "root": cause.root,
                "offset": offset,
                "height": height,
                "indent": indent,
            }
        )
        offset += height
    return blocks, offset


def diagram(snapshot: FishboneSnapshot) -> Markup:
    categories, causes = snapshot.categories, snapshot.causes
    cols = max(1, math.ceil(len(categories) / 2))
    span = (HEAD_X - SPINE_X0 - 20) / cols
    room = span - 26
    per_cat = [_blocks([c for c in causes if c.category == cat.id], room) for cat in categories]
    half = max([140.0, *(used + 20 for _, used in per_cat)])
    mid = half + 14
    height = 2 * half + 28
    slant = min(half * 0.42, span * 0.55)
    bones = []
    left = 0.0
    for i, (cat, (blocks, _)) in enumerate(zip(categories, per_cat, strict=True)):
        top = i % 2 == 0
        col = i // 2
        x_spine = SPINE_X0 + (col + 1) * span
        outer_y = 14.0 if top else height - 14.0
        x_outer = x_spine - slant

        def x_at(
            y: float, x_spine: float = x_spine, outer_y: float = outer_y, x_outer: float = x_outer
        ) -> float:
            return x_outer + (x_spine - x_outer) * (y - outer_y) / (mid - outer_y)

        placed = []
        for block in blocks:
            # both halves read top to bottom: from the label down, or from the spine down
            first = outer_y + block["offset"] if top else mid + block["offset"] - 18
            baselines = [first + (k + 1) * (block["size"] + 3) for k in range(len(block["lines"]))]
            rib_y = baselines[-1] + 4
            bone_x = x_at(rib_y)
            text_x = [min(x_at(y), x_at(y - block["size"])) - 6 for y in baselines]
            placed.append(
                {
                    **block,
                    "rows": list(zip(block["lines"], baselines, text_x, strict=True)),
                    "rib_y": rib_y,
                    "bone_x": bone_x,
                    "rib_x0": bone_x - room + block["indent"],
                }
            )
        label = fit(cat.label or cat.id, (min(span, 260.0) - 18) / LABEL_FONT, bold=True)
        label_w = max(104.0, width(label, bold=True) * LABEL_FONT + 18)
        # Text is anchored at its end on the bones: a long line on the first bones may start
        # left of the spine's tail, so the drawing widens to the left edge of its text
        # (measured) rather than cutting it off.
        for block, row in ((b, r) for b in placed for r in b["rows"]):
            left = min(left, row[2] - width(row[0], bold=block["root"]) * block["size"])
        left = min(left, x_outer - label_w / 2)
        bones.append(
            {
                "label": label,
                "label_w": label_w,
                "x_spine": x_spine,
                "x_outer": x_outer,
                "outer_y": outer_y,
                "top": top,
                "causes": placed,
            }
        )
    problem = wrap(snapshot.problem or "–", (WIDTH - HEAD_X - 34) / PROBLEM_FONT, 7, bold=True)
    head_h = len(problem) * 19 + 22
    left = math.floor(left - 4) if left < 0 else 0.0
    return render(
        "svg/fishbone.svg",
        bones=bones,
        width=WIDTH,
        left=left,
        height=height,
        mid=mid,
        head_x=HEAD_X,
        head_h=head_h,
        problem=problem,
        spine_x0=SPINE_X0,
        font=FONT,
    )
