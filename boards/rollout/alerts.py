"""The roll-out's alert on the workshop home: a relapse, i.e. a sustain control chart signals in
the worse direction for its KPI (``RolloutAnalysis.charts[].relapse``)."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from ..kind import Alert

ALERT_CODES = ("relapse",)


def alerts(analysis: Mapping[str, Any]) -> list[Alert]:
    """Read from the stored analysis JSON, which may come from an older version: anything but a
    chart that says ``relapse: true`` raises nothing."""
    charts = analysis.get("charts")
    if not isinstance(charts, list):
        return []
    kpis = [
        str(chart.get("name") or chart.get("kpi_id") or "?")
        for chart in charts
        if isinstance(chart, dict) and chart.get("relapse") is True
    ]
    return [Alert("relapse", {"kpis": kpis})] if kpis else []
