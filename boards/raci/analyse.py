"""The RACI checks practitioners apply, as findings with machine codes.

Per activity (in row order):
``orphaned``        error   no R and no A (reported instead of ``no_a`` + ``no_r``)
``no_a``            error   no A: nobody signs the activity off
``multiple_a``      error   more than one A (``params.count``)
``no_r``            error   no R: nobody does it
``too_many_c``      warning more than ``max_consulted`` C's (default 3, so 4 or more;
                            ``params.count``, ``params.max``)
Per role (in column order; only when the matrix has activities):
``role_without_r_or_a``          info    neither R nor A anywhere: the role may not be needed
``role_a_bottleneck``            warning A on more than half the activities, in a matrix of
                                         at least 3 (``params.count``, ``params.activities``)
``same_role_r_and_a_everywhere`` warning A on at least 2 activities and R on every one of
                                         them: it signs off only its own work, no oversight
                                         (``params.count``)
From the reader: ``invalid_cell``, ``invalid_cell_key``, ``invalid_value`` (warning,
``params.raw``).
"""

from __future__ import annotations

from collections import defaultdict

from .layout import cell_key
from .model import SEVERITIES, Cell, Finding, RaciAnalysis, RaciSnapshot, RoleLoad, Severity

MAX_CONSULTED = 3
BOTTLENECK_MIN_ACTIVITIES = 3
SELF_APPROVAL_MIN = 2


def analyse(snapshot: RaciSnapshot, *, max_consulted: int = MAX_CONSULTED) -> RaciAnalysis:
    findings = _activity_findings(snapshot, max_consulted)
    if snapshot.activities:
        findings += _role_findings(snapshot)
    findings += [
        Finding(code=issue.code, severity="warning", cells=[issue.key], params={"raw": issue.raw})
        for issue in snapshot.issues
    ]
    counts: dict[str, int] = {
        severity: sum(1 for f in findings if f.severity == severity) for severity in SEVERITIES
    }
    return RaciAnalysis(
        activities=len(snapshot.activities),
        roles=len(snapshot.roles),
        findings=findings,
        counts=counts,
        load=_load(snapshot),
        read_warnings=snapshot.read_warnings,
    )


def _by_activity(snapshot: RaciSnapshot) -> dict[str, list[Cell]]:
    rows: dict[str, list[Cell]] = defaultdict(list)
    for cell in snapshot.cells:
        rows[cell.activity].append(cell)
    return rows


def _activity_findings(snapshot: RaciSnapshot, max_consulted: int) -> list[Finding]:
    rows = _by_activity(snapshot)
    out = []
    for activity in snapshot.activities:
        cells = rows.get(activity.id, [])
        r, a, c = ([x for x in cells if letter in x.letters] for letter in "RAC")
        if not r and not a:
            out.append(_finding("orphaned", "error", activity.id, cells))
        else:
            if not a:
                out.append(_finding("no_a", "error", activity.id, []))
            if len(a) > 1:
                out.append(_finding("multiple_a", "error", activity.id, a, count=len(a)))
            if not r:
                out.append(_finding("no_r", "error", activity.id, []))
        if len(c) > max_consulted:
            out.append(
                _finding("too_many_c", "warning", activity.id, c, count=len(c), max=max_consulted)
            )
    return out


def _finding(
    code: str, severity: Severity, activity_id: str, cells: list[Cell], **params: int
) -> Finding:
    return Finding(
        code=code,
        severity=severity,
        activity_ids=[activity_id],
        role_ids=[c.role for c in cells],
        params=dict(params),
        cells=[cell_key(c.activity, c.role) for c in cells],
    )


def _role_findings(snapshot: RaciSnapshot) -> list[Finding]:
    total = len(snapshot.activities)
    out = []
    for role in snapshot.roles:
        mine = [c for c in snapshot.cells if c.role == role.id]
        keys = [cell_key(c.activity, c.role) for c in mine]
        accountable = [c for c in mine if "A" in c.letters]
        a_keys = [cell_key(c.activity, c.role) for c in accountable]
        a_ids = [c.activity for c in accountable]
        if not any("R" in c.letters or "A" in c.letters for c in mine):
            out.append(
                Finding(
                    code="role_without_r_or_a",
                    severity="info",
                    role_ids=[role.id],
                    activity_ids=[c.activity for c in mine],
                    cells=keys,
                )
            )
        if total >= BOTTLENECK_MIN_ACTIVITIES and 2 * len(accountable) > total:
            out.append(
                Finding(
                    code="role_a_bottleneck",
                    severity="warning",
                    role_ids=[role.id],
                    activity_ids=a_ids,
                    cells=a_keys,
                    params={"count": len(accountable), "activities": total},
                )
            )
        if len(accountable) >= SELF_APPROVAL_MIN and all("R" in c.letters for c in accountable):
            out.append(
                Finding(
                    code="same_role_r_and_a_everywhere",
                    severity="warning",
                    role_ids=[role.id],
                    activity_ids=a_ids,
                    cells=a_keys,
                    params={"count": len(accountable)},
                )
            )
    return out


def _load(snapshot: RaciSnapshot) -> list[RoleLoad]:
    loads = {role.id: RoleLoad(role=role.id) for role in snapshot.roles}
    for cell in snapshot.cells:
        load = loads[cell.role]
        for letter in cell.letters:
            field = letter.lower()
            setattr(load, field, getattr(load, field) + 1)
    return list(loads.values())
