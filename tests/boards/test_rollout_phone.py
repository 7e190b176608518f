"""``rollout``'s phone view (``RolloutKind.phone_view``): what the pilot link's phone page gets
of a roll-out board. Any documents give a JSON view of the four narrow fields; of the demo it
holds the reading rules and live waves, and a participant's own readings only."""

from __future__ import annotations

import json
from datetime import date

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from pycrdt import Doc, Map

from boards.rollout import RolloutKind
from boards.rollout.layout import decisions_array
from tests.support.junk import documents, ledgers, write

KIND = RolloutKind()
FIELDS = {"decision", "kpis", "waves", "mine"}


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(data=st.data())
def test_any_documents_give_a_narrow_json_view(data: st.DataObject) -> None:
    content, ledger = Doc(), Doc()
    write(content, data.draw(documents("rollout"), label="content"))
    write(ledger, data.draw(ledgers("rollout"), label="ledger"))
    who = data.draw(st.sampled_from(["", "p1", "p2"]), label="participant")
    view = KIND.phone_view(KIND.read(content, ledger), who)
    assert set(view) == FIELDS and view["decision"] in ("none", "stop", "go")
    json.dumps(view, allow_nan=False)
    if not who:  # a bare link has no submissions of its own
        assert view["mine"] == []


def test_the_demo_view_and_a_stop() -> None:
    content, ledger = Doc(), Doc()
    KIND.seed(content, ledger, language="en", demo=True)
    snapshot = KIND.read(content, ledger)
    assert snapshot.decision is not None and snapshot.readings
    owner = snapshot.readings[0].participant_id
    view = KIND.phone_view(snapshot, "someone-else")
    assert view["decision"] == "go" and view["mine"] == []
    assert [k["id"] for k in view["kpis"]] == [k.id for k in snapshot.decision.pilot.kpis]
    assert {w["id"] for w in view["waves"]} == set(snapshot.golive)
    own = KIND.phone_view(snapshot, owner)["mine"]
    assert {m["id"] for m in own} == {r.id for r in snapshot.readings if r.participant_id == owner}
    assert all(set(m) >= {"id", "kpi_id", "wave_id", "date", "value"} for m in own)
    assert not any("participant_id" in m or "display_name" in m for m in own)

    # A later "stop": the phone says no readings are taken.
    decisions_array(ledger).append(
        Map({"verdict": "stop", "rationale": "r", "decided_at": f"{date.today()}T09:00:00+00:00"})
    )
    assert KIND.phone_view(KIND.read(content, ledger), owner)["decision"] == "stop"
