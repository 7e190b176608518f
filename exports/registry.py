"""What the exports make of each board kind: its report section, its CSV tables and what of it
is secret. The one
place a kind registers in ``exports/``; the report and the CSV zip iterate it, and
``tests/test_kinds_complete.py`` checks every kind of ``boards/registry.py`` is here (or says
why not, in its ``not_applicable``)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from . import tables
from .catalog import Catalog
from .secrecy import Secrets
from .secrecy import ideas as ideas_secrets
from .secrecy import pilot as pilot_secrets
from .secrecy import rollout as rollout_secrets
from .secrecy import workshop as workshop_secrets
from .sections import fishbone, ideas, notes, pilot, raci, rollout, vsm
from .typed import Board

Section = Callable[[Catalog, Board[Any, Any]], dict[str, Any]]
TableMaker = Callable[[Catalog, Board[Any, Any]], tables.Table]


@dataclass(frozen=True)
class KindExport:
    # a board entry of the workshop snapshot -> its report section; None: no section of its own
    section: Section | None
    tables: tuple[tuple[str, TableMaker], ...] = ()  # (file name without .csv, maker)
    # What a role may not take away; every kind with server-only state declares it.
    secrets: Secrets | None = None


KINDS: dict[str, KindExport] = {
    # the cover, summary and actions chapter show it; its actions table is made in tables.py
    "workshop": KindExport(None, secrets=workshop_secrets.SECRETS),
    "vsm": KindExport(vsm.section, (("vsm_steps", tables.vsm_steps),)),
    "fishbone": KindExport(fishbone.section, (("fishbone_causes", tables.fishbone_causes),)),
    "raci": KindExport(raci.section, (("raci_matrix", tables.raci_matrix),)),
    "ideas": KindExport(
        ideas.section, (("idea_ranking", tables.idea_ranking),), ideas_secrets.SECRETS
    ),
    "pilot": KindExport(
        pilot.section,
        (("pilot_readings", tables.pilot_readings), ("pilot_feedback", tables.pilot_feedback)),
        pilot_secrets.SECRETS,
    ),
    "rollout": KindExport(
        rollout.section,
        (
            ("rollout_waves", tables.rollout_waves),
            ("rollout_readiness", tables.rollout_readiness),
            ("rollout_risks", tables.rollout_risks),
            ("rollout_readings", tables.rollout_readings),
        ),
        rollout_secrets.SECRETS,
    ),
    "notes": KindExport(notes.section),
}
