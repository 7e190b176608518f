"""Hand-built event-log analyses with known figures, for the map-from-data tests."""

from __future__ import annotations

from typing import Any

from boards.vsm.eventlog.model import EventLogAnalysis


def stat(median: float | None, n: int = 100) -> dict[str, Any] | None:
    if median is None:
        return None
    return {"median": median, "p90": median * 2, "mean": median * 1.2, "n": n}


def activity(
    name: str, cases: int, processing: float | None, waiting: float | None, department: str | None
) -> dict[str, Any]:
    return {
        "name": name,
        "department": department,
        "cases": cases,
        "events": cases,
        "processing": stat(processing, cases),
        "waiting": stat(waiting, cases),
        "share_of_lead_time": 0.1,
        "rework_cases": 0,
    }


def analysis(
    activities: list[dict[str, Any]],
    variants: list[tuple[list[str], int]],
    *,
    cases: int = 100,
    sha256: str = "ab" * 32,
    name: str = "tickets.csv",
) -> EventLogAnalysis:
    return EventLogAnalysis.model_validate(
        {
            "source": {
                "name": name,
                "size": 1234,
                "sha256": sha256,
                "format": "csv",
                "imported_at": "2026-12-01T08:00:00Z",
                "imported_by": "王",
                "events": 400,
                "cases": cases,
            },
            "period": {"start": "2026-11-01T00:00:00Z", "end": "2026-11-30T00:00:00Z"},
            "activities": activities,
            "variants": [
                {"activities": acts, "cases": n, "share": n / cases} for acts, n in variants
            ],
            "variants_total": len(variants),
            "variants_other_cases": cases - sum(n for _, n in variants),
            "transitions": [],
            "throughput": {"median": 3000, "p90": 6000, "by_period": []},
        }
    )


def first_log() -> EventLogAnalysis:
    """100 cases: 65 take the dominant path R-V-C, 30 pass an approval, 5 an escalation.
    Times in minutes: verification works 90 and waits 2 days (2,880)."""
    return analysis(
        [
            activity("Receive", 100, 10, None, "Front desk"),
            activity("Verify", 100, 90, 2880, "Back office"),
            activity("Approve", 30, 45, 120, "Finance"),
            activity("Escalate", 5, 30, 600, "Finance"),
            activity("Close", 100, 5, 30, None),
        ],
        [
            (["Receive", "Verify", "Close"], 65),
            (["Receive", "Verify", "Approve", "Close"], 30),
            (["Receive", "Verify", "Escalate", "Close"], 5),
        ],
    )


def second_log() -> EventLogAnalysis:
    """A month later, 200 cases: a document check appears after Receive; Close is gone
    (cases now end at Approve or Verify); verification got faster, approval slower."""
    return analysis(
        [
            activity("Receive", 200, 12, None, "Front desk"),
            activity("Check docs", 200, 20, 15, "Front desk"),
            activity("Verify", 200, 120, 1440, "Back office"),
            activity("Approve", 100, 60, 180, "Finance"),
        ],
        [
            (["Receive", "Check docs", "Verify"], 100),
            (["Receive", "Check docs", "Verify", "Approve"], 100),
        ],
        cases=200,
        sha256="cd" * 32,
        name="tickets-december.csv",
    )
