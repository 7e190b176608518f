"""``rollout``: where the data lives and how to read it (schema 1).

Content document (editors co-edit):
``waves``      Map: wave id -> Map{``name``, ``scope`` (department|site|region), ``start``,
               ``golive`` (ISO dates or "": the planned go-live), ``owner``, ``status``
               (planned|preparing|paused; "live" is no content: a wave is live when the
               ledger's ``golive`` has it), ``order`` (number)}
``readiness``  Map: item id -> Map{``wave_id``, ``std`` (training|sop|systems|informed, or ""
               for a custom item), ``label`` (a custom item's text), ``done``, ``owner``}
``resources``  Map: id -> Map{``category`` (budget|people|technology|interface|compliance),
               ``text``, ``detail`` (Text: see :mod:`boards.longtext`)}
``risks``      Map: id -> Map{``text``, ``likelihood``, ``impact`` (1-5), ``mitigation`` (Text),
               ``owner``, ``status`` (open|mitigating|closed)}
``sustain``    Map: KPI id -> Map{``limits_from`` (baseline|pilot; default pilot)}

Ledger document (server only):
``decisions``   Array of Map{``verdict`` (go|go_with_changes|stop), ``rationale``,
                ``decided_by``, ``participant_id``, ``decided_at``, ``pilot_board_id``,
                ``pilot_json`` (the pilot as decided on, frozen, JSON)}: the last is current
``golive``      Map: wave id -> Map{``at``, ``date`` (actual go-live), ``by``,
                ``participant_id``, ``override``, ``open_items`` (JSON list), ``reason``}
``golive_log``  Array of Map{``wave_id``, ``action`` (live|reopen), ``at``, ``by``,
                ``override``, ``reason``}
``readings``    Map: submission id -> Map{``kpi_id``, ``wave_id``, ``date``, ``value``,
                ``numerator``, ``denominator``, ``participant_id``, ``display_name``,
                ``submitted_at``}
"""

from __future__ import annotations

import json
import math
from typing import Any, Literal, get_args

from pycrdt import Array, Doc, Map
from pydantic import BaseModel

from .. import values
from ..values import ReadWarning

SCHEMA = 1
Scope = Literal["department", "site", "region"]
WaveStatus = Literal["planned", "preparing", "paused"]
Standard = Literal["training", "sop", "systems", "informed"]
Category = Literal["budget", "people", "technology", "interface", "compliance"]
RiskStatus = Literal["open", "mitigating", "closed"]
LimitsFrom = Literal["baseline", "pilot"]
Verdict = Literal["go", "go_with_changes", "stop"]
GoliveAction = Literal["live", "reopen"]
Better = Literal["lower", "higher"]
SCOPES: tuple[str, ...] = get_args(Scope)
WAVE_STATUSES: tuple[str, ...] = get_args(WaveStatus)
STANDARDS: tuple[Standard, ...] = get_args(Standard)
CATEGORIES: tuple[Category, ...] = get_args(Category)
RISK_STATUSES: tuple[str, ...] = get_args(RiskStatus)
VERDICTS: tuple[str, ...] = get_args(Verdict)
MAX_SERIES = 10_000  # frozen pilot readings per KPI a reader takes


class Wave(BaseModel):
    id: str
    name: str = ""
    scope: Scope = "department"
    start: str = ""
    golive: str = ""
    owner: str = ""
    status: WaveStatus = "planned"
    order: float = 0.0


class ReadinessItem(BaseModel):
    id: str
    wave_id: str
    std: Standard | Literal[""] = ""
    label: str = ""
    done: bool = False
    owner: str = ""


class Resource(BaseModel):
    id: str
    category: Category = "budget"
    text: str = ""
    detail: str = ""


class Risk(BaseModel):
    id: str
    text: str = ""
    likelihood: int | None = None
    impact: int | None = None
    mitigation: str = ""
    owner: str = ""
    status: RiskStatus = "open"


class SustainSetting(BaseModel):
    kpi_id: str
    limits_from: LimitsFrom = "pilot"


class PilotPoint(BaseModel):
    date: str
    value: float


class DecidedKpi(BaseModel):
    """A pilot KPI as the decision saw it: what the sustain charts compare against."""

    id: str
    name: str = ""
    unit: str = ""
    better: Better = "lower"
    measure: Literal["value", "rate"] = "value"
    percent: bool = False
    baseline: float | None = None
    baseline_sample: list[float] = []
    target: float | None = None
    min: float | None = None
    max: float | None = None
    readings: list[PilotPoint] = []  # the pilot's readings, in date order
    verdict: str = ""  # the pilot evaluation's verdict
    change: float | None = None


class DecidedChange(BaseModel):
    date: str = ""
    text: str = ""
    reason: str = ""


class DecidedPilot(BaseModel):
    name: str = ""
    start: str = ""
    end: str = ""
    kpis: list[DecidedKpi] = []
    changes: list[DecidedChange] = []


class Decision(BaseModel):
    verdict: Verdict
    rationale: str = ""
    decided_by: str = ""
    participant_id: str = ""
    decided_at: str = ""
    pilot_board_id: str = ""
    pilot: DecidedPilot = DecidedPilot()


class Golive(BaseModel):
    wave_id: str
    at: str = ""
    date: str = ""
    by: str = ""
    participant_id: str = ""
    override: bool = False
    open_items: list[str] = []
    reason: str = ""


class GoliveEvent(BaseModel):
    wave_id: str
    action: GoliveAction
    at: str = ""
    by: str = ""
    override: bool = False
    reason: str = ""


class Reading(BaseModel):
    id: str
    kpi_id: str
    wave_id: str = ""
    date: str = ""
    value: float
    numerator: int | None = None
    denominator: int | None = None
    participant_id: str = ""
    display_name: str = ""
    submitted_at: str = ""


class RolloutSnapshot(BaseModel):
    waves: list[Wave]
    readiness: list[ReadinessItem]
    resources: list[Resource]
    risks: list[Risk]
    sustain: list[SustainSetting]
    decision: Decision | None
    decision_history: list[Decision]  # every decision, oldest first (the last is current)
    golive: dict[str, Golive]  # wave id -> its go-live record (live waves only)
    golive_log: list[GoliveEvent]
    readings: list[Reading]
    # What the reader ignored (see :mod:`boards.values`).
    read_warnings: list[ReadWarning] = []


# --- root types -------------------------------------------------------------------------


def waves_map(content: Doc) -> Map:
    return content.get("waves", type=Map)


def readiness_map(content: Doc) -> Map:
    return content.get("readiness", type=Map)


def resources_map(content: Doc) -> Map:
    return content.get("resources", type=Map)


def risks_map(content: Doc) -> Map:
    return content.get("risks", type=Map)


def sustain_map(content: Doc) -> Map:
    return content.get("sustain", type=Map)


def decisions_array(ledger: Doc) -> Array:
    return ledger.get("decisions", type=Array)


def golive_map(ledger: Doc) -> Map:
    return ledger.get("golive", type=Map)


def golive_log_array(ledger: Doc) -> Array:
    return ledger.get("golive_log", type=Array)


def readings_map(ledger: Doc) -> Map:
    return ledger.get("readings", type=Map)


# --- reading ----------------------------------------------------------------------------


def _texts(
    raw: dict[str, Any], names: tuple[str, ...], w: values.Warnings, at: str
) -> dict[str, str]:
    return {name: values.text(raw.get(name), w, f"{at}.{name}") for name in names}


def _choice(
    raw: dict[str, Any], name: str, options: tuple[str, ...], w: values.Warnings, at: str
) -> dict[str, str]:
    """``{name: option}`` when the field holds one of the options, else nothing (the default)."""
    option = values.choice(raw.get(name), options, w, f"{at}.{name}")
    return {} if option is None else {name: option}


def read_waves(content: Doc, w: values.Warnings) -> list[Wave]:
    out = []
    for key, raw in values.entries(waves_map(content), w, "waves"):
        at = f"waves.{key}"
        out.append(
            Wave.model_validate(
                {
                    "id": key,
                    **_texts(raw, ("name", "start", "golive", "owner"), w, at),
                    **_choice(raw, "scope", SCOPES, w, at),
                    **_choice(raw, "status", WAVE_STATUSES, w, at),
                    "order": values.number(raw.get("order"), w, f"{at}.order") or 0.0,
                }
            )
        )
    return sorted(out, key=lambda wave: (wave.order, wave.golive or "9999", wave.id))


def read_readiness(content: Doc, w: values.Warnings) -> list[ReadinessItem]:
    out = []
    for key, raw in values.entries(readiness_map(content), w, "readiness"):
        at = f"readiness.{key}"
        data = {
            "id": key,
            "wave_id": values.ident(raw.get("wave_id"), w, f"{at}.wave_id"),
            **_choice(raw, "std", STANDARDS, w, at),
            **_texts(raw, ("label", "owner"), w, at),
            "done": values.flag(raw.get("done"), w, f"{at}.done"),
        }
        if data["wave_id"] is not None:  # an item of no wave belongs nowhere
            out.append(ReadinessItem.model_validate(data))
    order: dict[str, int] = {std: i for i, std in enumerate(STANDARDS)}
    return sorted(out, key=lambda i: (i.wave_id, order.get(i.std, len(order)), i.id))


def read_resources(content: Doc, w: values.Warnings) -> list[Resource]:
    out = []
    for key, raw in values.entries(resources_map(content), w, "resources"):
        at = f"resources.{key}"
        out.append(
            Resource.model_validate(
                {
                    "id": key,
                    **_choice(raw, "category", CATEGORIES, w, at),
                    **_texts(raw, ("text", "detail"), w, at),
                }
            )
        )
    return out


def read_risks(content: Doc, w: values.Warnings) -> list[Risk]:
    out = []
    for key, raw in values.entries(risks_map(content), w, "risks"):
        at = f"risks.{key}"
        out.append(
            Risk.model_validate(
                {
                    "id": key,
                    **_texts(raw, ("text", "mitigation", "owner"), w, at),
                    **_choice(raw, "status", RISK_STATUSES, w, at),
                    **{
                        name: values.whole(raw.get(name), w, f"{at}.{name}", low=1, high=5)
                        for name in ("likelihood", "impact")
                    },
                }
            )
        )
    return out


def read_sustain(content: Doc, w: values.Warnings) -> list[SustainSetting]:
    out = []
    for key, raw in values.entries(sustain_map(content), w, "sustain"):
        at = f"sustain.{key}"
        out.append(
            SustainSetting.model_validate(
                {"kpi_id": key, **_choice(raw, "limits_from", ("baseline", "pilot"), w, at)}
            )
        )
    return out


def _finite(raw: Any) -> float | None:
    if isinstance(raw, int | float) and not isinstance(raw, bool) and math.isfinite(raw):
        return float(raw)
    return None


def read_pilot_json(text: Any, w: values.Warnings, at: str) -> DecidedPilot:
    """The frozen pilot of a decision. The server wrote it, but a ledger is a document too:
    anything unreadable reads as an empty pilot, with a warning."""
    try:
        raw = json.loads(text) if isinstance(text, str) and text else {}
    except ValueError:
        raw = None
    if not isinstance(raw, dict):
        w.add("invalid_record", at, text)
        return DecidedPilot()
    kpis = []
    for i, item in enumerate(values.records(raw.get("kpis"), w, f"{at}.kpis")):
        kat = f"{at}.kpis.{i}"
        kpi_id = values.ident(item.get("id"), w, f"{kat}.id")
        if kpi_id is None:
            continue
        points = []
        for pair in values.items(item.get("readings"), w, f"{kat}.readings")[:MAX_SERIES]:
            if isinstance(pair, list) and len(pair) == 2 and isinstance(pair[0], str):
                value = _finite(pair[1])
                if value is not None:
                    points.append(PilotPoint(date=pair[0], value=value))
                    continue
            w.add("invalid_record", f"{kat}.readings", pair)
        kpis.append(
            DecidedKpi.model_validate(
                {
                    "id": kpi_id,
                    **_texts(item, ("name", "unit", "verdict"), w, kat),
                    **_choice(item, "better", ("lower", "higher"), w, kat),
                    **_choice(item, "measure", ("value", "rate"), w, kat),
                    "percent": values.flag(item.get("percent"), w, f"{kat}.percent"),
                    **{
                        name: values.number(item.get(name), w, f"{kat}.{name}")
                        for name in ("baseline", "target", "min", "max", "change")
                    },
                    "baseline_sample": values.numbers(
                        item.get("baseline_sample"), w, f"{kat}.baseline_sample", limit=MAX_SERIES
                    ),
                    "readings": sorted(points, key=lambda p: p.date),
                }
            )
        )
    changes = [
        DecidedChange(**_texts(item, ("date", "text", "reason"), w, f"{at}.changes.{i}"))
        for i, item in enumerate(values.records(raw.get("changes"), w, f"{at}.changes"))
    ]
    return DecidedPilot(**_texts(raw, ("name", "start", "end"), w, at), kpis=kpis, changes=changes)


def read_decisions(ledger: Doc, w: values.Warnings) -> list[Decision]:
    out = []
    for i, raw in enumerate(values.records(decisions_array(ledger), w, "decisions")):
        at = f"decisions.{i}"
        verdict = values.choice(raw.get("verdict"), VERDICTS, w, f"{at}.verdict")
        if verdict is None:
            continue
        out.append(
            Decision.model_validate(
                {
                    "verdict": verdict,
                    **_texts(
                        raw,
                        (
                            "rationale",
                            "decided_by",
                            "participant_id",
                            "decided_at",
                            "pilot_board_id",
                        ),
                        w,
                        at,
                    ),
                    "pilot": read_pilot_json(raw.get("pilot_json"), w, f"{at}.pilot_json"),
                }
            )
        )
    return out


def _open_items(raw: Any, w: values.Warnings, at: str) -> list[str]:
    """The JSON list the server wrote; anything else reads as no items, with a warning."""
    if raw is None or raw == "":
        return []
    try:
        items = json.loads(raw) if isinstance(raw, str) else None
    except ValueError:
        items = None
    if not isinstance(items, list):
        w.add("invalid_list", at, raw)
        return []
    return values.texts(items, w, at)


def read_golive(ledger: Doc, w: values.Warnings) -> dict[str, Golive]:
    out = {}
    for key, raw in values.entries(golive_map(ledger), w, "golive"):
        at = f"golive.{key}"
        out[key] = Golive(
            wave_id=key,
            **_texts(raw, ("at", "date", "by", "participant_id", "reason"), w, at),
            override=values.flag(raw.get("override"), w, f"{at}.override"),
            open_items=_open_items(raw.get("open_items"), w, f"{at}.open_items"),
        )
    return out


def read_golive_log(ledger: Doc, w: values.Warnings) -> list[GoliveEvent]:
    out = []
    for i, raw in enumerate(values.records(golive_log_array(ledger), w, "golive_log")):
        at = f"golive_log.{i}"
        wave_id = values.ident(raw.get("wave_id"), w, f"{at}.wave_id")
        action = values.choice(raw.get("action"), ("live", "reopen"), w, f"{at}.action")
        if wave_id is None or action is None:
            continue
        out.append(
            GoliveEvent.model_validate(
                {
                    "wave_id": wave_id,
                    "action": action,
                    **_texts(raw, ("at", "by", "reason"), w, at),
                    "override": values.flag(raw.get("override"), w, f"{at}.override"),
                }
            )
        )
    return out


def read_reading(key: str, raw: dict[str, Any], w: values.Warnings) -> Reading | None:
    """A ledger reading; None (with a warning) when it names no KPI or carries no number."""
    at = f"readings.{key}"
    kpi_id = values.ident(raw.get("kpi_id"), w, f"{at}.kpi_id")
    value = values.number(raw.get("value"), w, f"{at}.value")
    if kpi_id is None or value is None:
        return None
    return Reading(
        id=key,
        kpi_id=kpi_id,
        value=value,
        numerator=values.whole(raw.get("numerator"), w, f"{at}.numerator"),
        denominator=values.whole(raw.get("denominator"), w, f"{at}.denominator"),
        **_texts(
            raw,
            ("wave_id", "date", "participant_id", "display_name", "submitted_at"),
            w,
            at,
        ),
    )


def read_readings(ledger: Doc, w: values.Warnings) -> list[Reading]:
    readings = [
        reading
        for key, raw in values.entries(readings_map(ledger), w, "readings")
        for reading in [read_reading(key, raw, w)]
        if reading is not None
    ]
    return sorted(readings, key=lambda r: (r.date, r.submitted_at, r.id))


def read_snapshot(content: Doc, ledger: Doc) -> RolloutSnapshot:
    w = values.Warnings()
    history = read_decisions(ledger, w)
    return RolloutSnapshot(
        waves=read_waves(content, w),
        readiness=read_readiness(content, w),
        resources=read_resources(content, w),
        risks=read_risks(content, w),
        sustain=read_sustain(content, w),
        decision=history[-1] if history else None,
        decision_history=history,
        golive=read_golive(ledger, w),
        golive_log=read_golive_log(ledger, w),
        readings=read_readings(ledger, w),
        read_warnings=w.list(),
    )
