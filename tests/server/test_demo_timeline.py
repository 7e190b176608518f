"""The demo workshop tells one story across its five phases, relative to today: the pilot ran
and ended, the roll-out decision was taken on that very pilot board a few days later, waves
went live after it, sustain readings run up to today, and the workshop is rolling out. Read
back from a real SQLite store, as the server would."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import pytest
from pycrdt import Doc
from sqlmodel import Session

from boards.pilot.evaluate import analyse as analyse_pilot
from boards.pilot.layout import read_snapshot as read_pilot
from boards.registry import get_kind
from boards.rollout.decide import pilot_json
from boards.rollout.layout import decisions_array
from server import workshops
from server.db import make_engine, migrate
from tests.support.stored import stored_doc


def _docs(session: Session, board_id: str) -> tuple[Doc, Doc]:
    return stored_doc(session, f"{board_id}/content"), stored_doc(session, f"{board_id}/ledger")


@pytest.mark.parametrize("language", ["zh-CN", "en"])
def test_the_demo_is_one_timeline(tmp_path: Path, language: str) -> None:
    engine = make_engine(f"sqlite:///{tmp_path / 'demo.db'}")
    migrate(engine)
    today = datetime.now(UTC).date()
    with Session(engine) as s:
        created = workshops.create_demo(s, language)
        s.commit()
        view = workshops.workshop_view(s, created.workshop)
        boards = {b["kind"]: b["id"] for b in view["boards"]}
        pilot_content, pilot_ledger = _docs(s, boards["pilot"])
        rollout_content, rollout_ledger = _docs(s, boards["rollout"])
        workshop_content, workshop_ledger = _docs(s, created.workshop_board.id)
    engine.dispose()
    assert view["phase"] == "rollout"

    pilot = read_pilot(pilot_content, pilot_ledger)
    start, end = (date.fromisoformat(d) for d in (pilot.definition.start, pilot.definition.end))
    assert start == today - timedelta(days=49) and end == today - timedelta(days=36)
    assert analyse_pilot(pilot, today).status == "final"
    assert all(start <= date.fromisoformat(r.date) <= end for r in pilot.readings)

    # the decision names the demo pilot board and froze that board's own state on its day
    raw = decisions_array(rollout_ledger)[0]
    decided = datetime.fromisoformat(str(raw["decided_at"])).date()
    assert raw["pilot_board_id"] == boards["pilot"]
    assert end < decided <= end + timedelta(days=7)
    assert raw["pilot_json"] == pilot_json(pilot, analyse_pilot(pilot, decided))
    rollout_kind = get_kind("rollout")
    analysis = rollout_kind.analyse(rollout_kind.read(rollout_content, rollout_ledger))
    assert analysis.decision is not None
    assert analysis.decision.pilot_board_id == boards["pilot"]
    assert analysis.decision.verdict == "go_with_changes"

    # waves start after the decision; sustain readings run up to yesterday; a relapse shows
    rollout = rollout_kind.read(rollout_content, rollout_ledger)
    assert all(date.fromisoformat(w.start) > decided for w in rollout.waves)
    assert [w.status for w in analysis.waves] == ["live", "live", "preparing"]
    days = sorted(date.fromisoformat(r.date) for r in rollout.readings)
    assert days[0] > decided and days[-1] == today - timedelta(days=1)
    assert analysis.relapse

    # the actions were set before the pilot; the report to management preceded the decision
    workshop_kind = get_kind("workshop")
    actions = workshop_kind.read(workshop_content, workshop_ledger).actions
    assert all(datetime.fromisoformat(a.created_at).date() < start for a in actions)
    report = next(a for a in actions if a.id == "act-report")
    assert report.status == "done" and end <= date.fromisoformat(report.due) < decided
