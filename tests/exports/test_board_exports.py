"""Files made of one board: each kind declares its own (``BoardKind.exports``), ``exports``
renders each declared format, and the HTTP/CLI format lists follow the declarations."""

from __future__ import annotations

import io
import zipfile
from typing import Any

import pytest
from icalendar import Calendar

import exports
from boards.registry import KINDS
from server.problems import Problem
from server.reports import BOARD_EXPORTS, MEDIA, SUFFIX, render


def test_every_declared_board_export_renders_a_board_of_its_kind(
    snapshot: dict[str, Any],
) -> None:
    declared = {export.fmt: name for name, kind in KINDS.items() for export in kind.exports}
    assert declared and set(declared) == set(exports.BOARD_FORMATS)
    for fmt, kind in declared.items():
        board = next(b for b in snapshot["boards"] if b["kind"] == kind)
        body = exports.render_board(snapshot, board, fmt)
        for made in (body, render(snapshot, fmt, board["id"])):
            if fmt.endswith(".ics"):
                assert Calendar.from_ical(made).walk("VEVENT")
            elif fmt == "bpmn":  # XML: tests/exports/test_bpmn.py validates it
                assert made.startswith(b"<?xml") and b"<bpmn:task " in made
            else:
                assert zipfile.ZipFile(io.BytesIO(made)).namelist()  # an OOXML file is a zip
        with pytest.raises(Problem) as refused:
            render(snapshot, fmt, "no-such-board")
        assert refused.value.status == 404
        _, export = BOARD_EXPORTS[fmt]
        assert MEDIA[fmt] == export.media_type and SUFFIX[fmt] == export.suffix


def test_a_kind_without_a_table_import_or_exports_says_so() -> None:
    importing = {name for name, kind in KINDS.items() if kind.table_import is not None}
    assert importing == {"vsm"}
    vsm = KINDS["vsm"].table_import
    assert vsm is not None and vsm.states[0] == "current" and vsm.max_rows == 500
