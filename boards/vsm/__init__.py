"""``vsm``: a value-stream map (价值流图) with a current state and a future state.

Content document (schema 2). Every root is top-level; ``{state}`` is ``current`` or ``future``.

``settings``         Map{``day_hours`` (float, length of a working day, default 8),
                     ``time_basis`` ("working" | "calendar": what the map's times count,
                     working hours or elapsed time; default "working"),
                     ``demand`` (float, units per period), ``available_time`` (float, working
                     time per period), ``available_unit`` ("min" | "h" | "d")}
``{state}_steps``    Map: step id -> Map, one key per field, so two people editing different
                     fields of one step never clobber each other:
                     ``name``, ``department`` (the swimlane): str; ``notes``: Text
                     (collaborative; a str in older documents);
                     ``cycle_time``, ``wait_time`` (the queue before the step): float;
                     ``cycle_unit``, ``wait_unit``: "min" | "h" | "d" (d = working days);
                     ``operators``: float; ``pct_ca``: float 0-100 (% complete and accurate;
                     a value in (0, 1] without a % sign is a spreadsheet fraction: 0.95 = 95);
                     ``routing_pct``: float 0-100 (share of cases passing the step, default
                     100, same fraction rule); ``time_basis``: "working" | "calendar" (this
                     step's times, when not the map's);
                     ``systems``: Array of str (a comma-separated str is accepted);
                     ``klass``: "va" | "nnva" | "waste";
                     ``waste_type``: "defects" | "overproduction" | "waiting" |
                     "non_utilised_talent" | "transport" | "inventory" | "motion" |
                     "extra_processing";
                     drawn from an event log (``fromdata``): ``data_activity``,
                     ``data_source``: str, ``data_values``: Map field -> the value the last
                     import wrote (a re-import updates only fields still equal to it)
``{state}_order``    Array of step ids: the order of the steps. Reordering deletes and
                     re-inserts the id in one transaction; readers skip unknown ids, keep the
                     first of duplicates and append steps missing from the order, by id.
``{state}_markers``  Map: marker id -> Map{``step`` (step id), ``text``: str, ``link_kind``
                     ("idea" | "goal" | ""), ``link_id``: str, ``link_board``: str (board id
                     holding the idea or goal)} -- kaizen bursts.

Schema 1 had no ``time_basis`` and ``routing_pct``: read with their defaults, it means what
it meant (working time, every case through every step).
Ledger document: the common ``meta`` and ``analysis`` maps, and ``eventlog``
(Map{``json``: str, the last event-log import's
:class:`~boards.vsm.eventlog.model.EventLogAnalysis`; ``rev``: int, +1 per import}), written
by the server's import job (``server/eventlog.py``), never by clients.
Command ``vsm.map_from_data`` {coverage} draws the current state from it (``fromdata``) and
the ``bpmn`` export (``?state=``) writes a state as BPMN 2.0 (``exports/bpmn.py``).
Clients type numbers as text: numeric strings are accepted, anything unreadable becomes
None and a :class:`DataWarning` (a code with params, translated by the client and report).
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import ClassVar

from pycrdt import Doc

from ..kind import BoardExport, BoardKind, CommandSpec, TableImport, specs
from . import layout
from .analysis import MetricChange, Share, StateAnalysis, StepMetrics, VsmAnalysis, analyse
from .demo import write_demo
from .model import DataWarning, KaizenMarker, VsmMap, VsmSettings, VsmSnapshot, VsmStep
from .read import read_snapshot

__all__ = [
    "DataWarning",
    "KaizenMarker",
    "MetricChange",
    "Share",
    "StateAnalysis",
    "StepMetrics",
    "VsmAnalysis",
    "VsmKind",
    "VsmMap",
    "VsmSettings",
    "VsmSnapshot",
    "VsmStep",
]


from .commands import VSM_COMMANDS
from .importer import MAX_ROWS, import_table


class VsmKind(BoardKind):
    name: ClassVar[str] = "vsm"
    schema_version: ClassVar[int] = layout.SCHEMA_VERSION
    table_import: ClassVar[TableImport | None] = TableImport(import_table, layout.STATES, MAX_ROWS)
    commands: ClassVar[Mapping[str, CommandSpec]] = specs(*VSM_COMMANDS)
    exports: ClassVar[tuple[BoardExport, ...]] = (
        BoardExport("bpmn", "application/xml", "bpmn", layout.STATES),
    )
    # The current state while diagnosing, the future state while designing.
    phases: ClassVar[tuple[str, ...]] = ("diagnose", "design")
    demo_title: ClassVar[Mapping[str, str]] = {
        "zh-CN": "价值流图:投诉处理",
        "en": "Value stream: complaint handling",
    }

    def seed(self, content: Doc, ledger: Doc, *, language: str, demo: bool) -> None:
        layout.declare(content)
        if demo:
            write_demo(content, language)
        else:
            layout.settings(content).update(
                {
                    "day_hours": layout.DEFAULT_DAY_HOURS,
                    "time_basis": layout.DEFAULT_TIME_BASIS,
                    "available_unit": "h",
                }
            )

    def read(self, content: Doc, ledger: Doc) -> VsmSnapshot:
        return read_snapshot(content)

    def analyse(self, snapshot: VsmSnapshot) -> VsmAnalysis:
        return analyse(snapshot)
