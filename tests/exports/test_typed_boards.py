"""Exports read each board through its kind's typed models, validated once at the entry: a
board whose stored snapshot or analysis does not fit them (edited by hand, another version)
still exports, as the kind's empty board with its figures marked missing, and the other
boards are untouched."""

from __future__ import annotations

import io
import zipfile
from typing import Any

import pytest

from boards.fishbone.model import FishboneAnalysis, FishboneSnapshot
from exports import csv_zip, render_markdown
from exports.report import build
from exports.typed import typed

from .helpers import board

CONVERTED = ("notes", "raci", "fishbone", "ideas", "pilot", "vsm")


def _section(snapshot: dict[str, Any], kind: str) -> dict[str, Any]:
    return next(s for s in build(snapshot)["sections"] if s["kind"] == kind)


def test_demo_boards_validate_into_their_kinds_models(snapshot: dict[str, Any]) -> None:
    fishbone = typed(board(snapshot, "fishbone"))
    assert isinstance(fishbone.snapshot, FishboneSnapshot)
    assert isinstance(fishbone.analysis, FishboneAnalysis)
    assert fishbone.analysis_error == ""
    assert [c.id for c in fishbone.snapshot.causes] == [
        c["id"] for c in board(snapshot, "fishbone")["snapshot"]["causes"]
    ]


@pytest.mark.parametrize("kind", CONVERTED)
def test_a_snapshot_that_does_not_fit_exports_as_an_empty_board(
    snapshot: dict[str, Any], kind: str
) -> None:
    before = {s["title"]: s for s in build(snapshot)["sections"] if s["kind"] != kind}
    target = board(snapshot, kind)
    target["snapshot"] = {"causes": "x", "stickies": 3, "activities": None, "kpis": [{"id": 1}]}
    section = _section(snapshot, kind)
    assert section["title"] == target["title"]
    assert section["stale"]  # the figures are said to be missing
    assert typed(target).analysis is None
    # the other boards are read as before
    after = {s["title"]: s for s in build(snapshot)["sections"] if s["kind"] != kind}
    assert after.keys() == before.keys()
    assert render_markdown(snapshot)
    names = zipfile.ZipFile(io.BytesIO(csv_zip(snapshot))).namelist()
    assert "vsm_steps.csv" in names


@pytest.mark.parametrize("kind", CONVERTED)
def test_an_analysis_that_does_not_fit_is_reported_missing(
    snapshot: dict[str, Any], kind: str
) -> None:
    target = board(snapshot, kind)
    target["analysis"] = {"findings": "many", "kpis": 7}
    section = _section(snapshot, kind)
    assert section["stale"]
    assert typed(target).analysis is None
    assert typed(target).snapshot == typed(board(snapshot, kind)).snapshot
    assert render_markdown(snapshot)


def test_an_unfit_fishbone_analysis_keeps_its_causes(snapshot: dict[str, Any]) -> None:
    board(snapshot, "fishbone")["analysis"] = {"pareto": None}
    section = _section(snapshot, "fishbone")
    assert len(section["causes"]) == len(board(snapshot, "fishbone")["snapshot"]["causes"])
    assert section["pareto"] == [] and section["top"] == [] and section["warnings"] == []
