"""The workshop loop through the real server: each phase names the kinds of board that serve it
(declared on the kinds), each board carries the alerts its kind raises from its stored analysis,
and a finished workshop still takes the commands that declare ``allowed_when_finished``."""

from __future__ import annotations

import json

from boards.registry import KINDS, USER_KINDS
from boards.workshop import PHASES
from tests.support.server import ROOT, Server
from tests.support.workshop import make_workshop

PHASE_KINDS = {
    "diagnose": ["vsm"],
    "analyse": ["fishbone", "raci"],
    "design": ["vsm", "ideas"],
    "pilot": ["pilot"],
    "rollout": [],
}


def test_every_kind_declares_real_phases_and_catalogued_alerts() -> None:
    catalogs = {
        lang: json.loads((ROOT / "client" / "src" / "i18n" / f"{lang}.json").read_text())
        for lang in ("en", "zh-CN")
    }
    for kind in KINDS.values():
        assert set(kind.phases) <= set(PHASES), kind.name
        for code in kind.alert_codes:
            for lang, catalog in catalogs.items():
                assert catalog["alerts"].get(code), f"{lang}: alerts.{code} ({kind.name})"
    # The workshop board is the home itself; every phase is served by some kind.
    assert not KINDS["workshop"].phases
    assert all(any(p in KINDS[k].phases for k in USER_KINDS) for p in PHASES if p != "rollout")


def test_the_workshop_names_the_kinds_of_each_phase_and_each_boards_alerts(
    server: Server,
) -> None:
    setup = make_workshop(server, kind="vsm")
    status, body = server.request(
        "GET", f"/api/workshops/{setup.workshop_id}", token=setup.facilitator
    )
    assert status == 200, body
    assert body["phase_kinds"] == PHASE_KINDS
    assert [(b["kind"], b["alerts"]) for b in body["boards"]] == [("vsm", [])]
    assert body["sustain"] is False
