"""What the pilot link's phone page gets of a roll-out board (``GET /api/workshops/{id}/pilot``).

The pilot link is a QR code on a poster: it must not carry the risk register, the resources and
compliance red lines, the decision's rationale or anyone else's readings. The phone needs only
whether the board takes readings, the decided KPIs' reading rules, the live waves, and the
participant's own submissions (to show what arrived and to settle its offline outbox).
"""

from __future__ import annotations

from typing import Any

from .layout import RolloutSnapshot


def phone_view(snapshot: RolloutSnapshot, participant_id: str) -> dict[str, Any]:
    decision = snapshot.decision
    taking = decision is not None and decision.verdict != "stop"
    kpis = decision.pilot.kpis if decision is not None else []
    names = {w.id: w.name for w in snapshot.waves}
    return {
        # "none" (no decision yet), "stop", or "go" (readings are taken)
        "decision": "none" if decision is None else ("go" if taking else "stop"),
        "kpis": [
            {
                "id": k.id,
                "name": k.name,
                "unit": k.unit,
                "better": k.better,  # the reading form says which way is better
                "measure": k.measure,
                "percent": k.percent,
                "min": k.min,
                "max": k.max,
            }
            for k in kpis
        ],
        "waves": [
            {"id": wave_id, "name": names[wave_id], "golive": golive.date}
            for wave_id, golive in snapshot.golive.items()
            if wave_id in names
        ],
        "mine": [
            {
                "id": r.id,
                "kpi_id": r.kpi_id,
                "wave_id": r.wave_id,
                "date": r.date,
                "value": r.value,
                "numerator": r.numerator,
                "denominator": r.denominator,
                "submitted_at": r.submitted_at,
            }
            for r in snapshot.readings
            if participant_id and r.participant_id == participant_id
        ],
    }
