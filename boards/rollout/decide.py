"""The pilot as a go / no-go decision saw it, frozen into the decision (``pilot_json``): the
sustain charts compare against it even when the pilot board changes later."""

from __future__ import annotations

import json
from typing import Any

from ..pilot.evaluate import PilotAnalysis
from ..pilot.layout import PilotSnapshot


def frozen_pilot(snapshot: PilotSnapshot, analysis: PilotAnalysis) -> dict[str, Any]:
    evaluations = {e.kpi_id: e for e in analysis.kpis}
    kpis = []
    for kpi in snapshot.kpis:
        evaluation = evaluations.get(kpi.id)
        kpis.append(
            {
                "id": kpi.id,
                "name": kpi.name,
                "unit": kpi.unit,
                "better": kpi.better,
                "measure": kpi.measure,
                "percent": kpi.percent,
                "baseline": kpi.baseline,
                "baseline_sample": kpi.baseline_sample,
                "target": kpi.target,
                "min": kpi.min,
                "max": kpi.max,
                "readings": [[r.date, r.value] for r in snapshot.readings if r.kpi_id == kpi.id],
                "verdict": evaluation.verdict if evaluation else "",
                "change": evaluation.change if evaluation else None,
            }
        )
    definition = snapshot.definition
    return {
        "name": definition.name,
        "start": definition.start,
        "end": definition.end,
        "kpis": kpis,
        "changes": [change.model_dump() for change in snapshot.changes],
    }


def pilot_json(snapshot: PilotSnapshot, analysis: PilotAnalysis) -> str:
    return json.dumps(frozen_pilot(snapshot, analysis), ensure_ascii=False)
