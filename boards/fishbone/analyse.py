"""Analysis of a fishbone snapshot: pure, deterministic, machine codes only.

Warning codes (``FishboneWarning.code``):
``no_problem``            the problem statement (the effect) is empty
``no_causes``             no cause at all
``empty_category``        bones without causes (``categories``), when the board has causes
``unknown_category``      top-level causes on a category that does not exist
``empty_cause``           causes with blank text
``no_root_cause``         causes exist but none is marked as root cause
``root_unsupported``      marked root causes with neither a 5-whys chain nor evidence
``nested_counts``         counted causes under a counted ancestor: the Pareto counts both
``five_w_one_h_incomplete``  ``params.missing``: the empty 5W1H rows
``invalid_value``, ``missing_parent``, ``parent_cycle``  what the reader repaired
                          (``params.field``, ``params.raw``), one warning per issue
"""

from __future__ import annotations

from ..actions import Commitment
from .layout import FIVE_W_ONE_H_KEYS
from .model import (
    CategoryStat,
    Cause,
    FishboneAnalysis,
    FishboneSnapshot,
    FishboneWarning,
    Pareto,
    ParetoBar,
    Ranked,
    WhyChain,
)

PARETO_CUTOFF_PCT = 80
TOP_WEIGHTED = 3


def analyse(
    snapshot: FishboneSnapshot, *, cutoff_pct: int = PARETO_CUTOFF_PCT, top: int = TOP_WEIGHTED
) -> FishboneAnalysis:
    causes = snapshot.causes
    return FishboneAnalysis(
        causes=len(causes),
        categories=_category_stats(snapshot),
        max_depth=max((c.depth for c in causes), default=0),
        without_whys=[c.id for c in causes if not c.whys],
        chains=[
            WhyChain(cause=c.id, length=len(c.whys), root=c.whys[-1]) for c in causes if c.whys
        ],
        root_causes=[c.id for c in causes if c.root],
        top_weighted=_top_weighted(causes, top),
        pareto=pareto(causes, cutoff_pct=cutoff_pct),
        warnings=_warnings(snapshot),
        commitments=[
            Commitment(source_type="root_cause", item_id=c.id, label=c.text)
            for c in causes
            if c.root
        ],
        read_warnings=snapshot.read_warnings,
    )


def pareto(causes: list[Cause], *, cutoff_pct: int = PARETO_CUTOFF_PCT) -> Pareto:
    """Counted causes by count, descending (display order breaks ties), with cumulative
    shares; the vital few are the smallest prefix whose cumulative share reaches the cut-off,
    **plus every cause tied with the last one of that prefix**: causes with equal counts are
    equally important, so ties at the cut-off line are all in (display order must not decide).
    The cut-off is decided in integers, so 80 % means exactly 80 %, not 79.999…"""
    counted = sorted((c for c in causes if c.count), key=lambda c: -(c.count or 0))
    total = sum(c.count or 0 for c in counted)
    running = 0
    line: int | None = None  # the count of the cause at which the cut-off was reached
    shares: list[tuple[Cause, int, int]] = []
    for cause in counted:
        count = cause.count or 0
        running += count
        shares.append((cause, count, running))
        if line is None and running * 100 >= cutoff_pct * total:
            line = count
    bars = [
        ParetoBar(
            id=cause.id,
            count=count,
            share_pct=_pct(count, total),
            cumulative_pct=_pct(cumulative, total),
            vital=line is not None and count >= line,
        )
        for cause, count, cumulative in shares
    ]
    return Pareto(
        total=total,
        cutoff_pct=float(cutoff_pct),
        bars=bars,
        vital_few=[bar.id for bar in bars if bar.vital],
    )


def _pct(part: int, total: int) -> float:
    return round(100 * part / total, 1) if total else 0.0


def _category_stats(snapshot: FishboneSnapshot) -> list[CategoryStat]:
    stats = []
    for category in snapshot.categories:
        mine = [c for c in snapshot.causes if c.category == category.id]
        stats.append(
            CategoryStat(
                id=category.id,
                causes=len(mine),
                top_level=sum(1 for c in mine if not c.parent),
                counted=sum(c.count or 0 for c in mine),
            )
        )
    return stats


def _top_weighted(causes: list[Cause], top: int) -> list[Ranked]:
    scored = [c for c in causes if (c.weight or 0) > 0 or (c.votes or 0) > 0]
    scored.sort(key=lambda c: (-(c.weight or 0), -(c.votes or 0)))
    return [Ranked(id=c.id, weight=c.weight, votes=c.votes) for c in scored[:top]]


def _warnings(snapshot: FishboneSnapshot) -> list[FishboneWarning]:
    causes = snapshot.causes
    out = [FishboneWarning(code="no_problem")] if not snapshot.problem.strip() else []
    out += _category_warnings(snapshot)
    for code, ids in (
        ("empty_cause", [c.id for c in causes if not c.text.strip()]),
        (
            "root_unsupported",
            [
                c.id
                for c in causes
                if c.root
                and not c.whys
                and not (c.evidence.figure.strip() or c.evidence.source.strip())
            ],
        ),
        ("nested_counts", _nested_counts(causes)),
    ):
        if ids:
            out.append(FishboneWarning(code=code, causes=ids))
    if causes and not any(c.root for c in causes):
        out.append(FishboneWarning(code="no_root_cause"))
    missing = [k for k in FIVE_W_ONE_H_KEYS if not getattr(snapshot.five_w_one_h, k).strip()]
    if missing:
        out.append(FishboneWarning(code="five_w_one_h_incomplete", params={"missing": missing}))
    out += [
        FishboneWarning(
            code=issue.code, causes=[issue.cause], params={"field": issue.field, "raw": issue.raw}
        )
        for issue in snapshot.issues
    ]
    return out


def _category_warnings(snapshot: FishboneSnapshot) -> list[FishboneWarning]:
    causes = snapshot.causes
    if not causes:
        return [FishboneWarning(code="no_causes")]
    out = []
    used = {c.category for c in causes}
    empty = [c.id for c in snapshot.categories if c.id not in used]
    if empty:
        out.append(FishboneWarning(code="empty_category", categories=empty))
    known = {c.id for c in snapshot.categories}
    unknown = [c for c in causes if not c.parent and c.category not in known]
    if unknown:
        out.append(
            FishboneWarning(
                code="unknown_category",
                causes=[c.id for c in unknown],
                categories=list(dict.fromkeys(c.category for c in unknown)),
            )
        )
    return out


def _nested_counts(causes: list[Cause]) -> list[str]:
    """Counted causes with a counted ancestor."""
    parent = {c.id: c.parent for c in causes}
    counted = {c.id for c in causes if c.count}
    nested = []
    for cause in causes:
        node = parent.get(cause.id, "") if cause.count else ""
        while node and node not in counted:
            node = parent.get(node, "")
        if node:
            nested.append(cause.id)
    return nested
