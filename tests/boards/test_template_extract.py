"""Save as template reads a workshop's structure and nothing participants added.

Each built-in template is written through the kinds' own seeds and layouts, then every
field a participant fills (causes, whys, cards, votes, readings, feedback, stickies,
kaizen markers, step notes, actions, A3 text, goal figures, authors' names) gets junk
marked ``JUNK``; the structure read back equals the template's and holds no junk.
"""

from __future__ import annotations

from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from pycrdt import Array, Doc, Map, Text

from boards import a3, actions
from boards.fishbone import layout as fishbone
from boards.ideas import layout as ideas
from boards.pilot import layout as pilot
from boards.raci import layout as raci_layout
from boards.registry import get_kind
from boards.templates import BUILT_IN
from boards.templates.extract import structure
from boards.templates.structure import BoardPlan, Structure, write_board, write_goals
from boards.vsm import layout as vsm
from boards.workshop import goals_map

MARK = "JUNK"
junk_text = st.text(min_size=0, max_size=30).map(lambda s: MARK + s)
junk_value = st.one_of(
    junk_text,
    st.lists(junk_text, max_size=3),
    st.dictionaries(st.sampled_from(["text", "name", "author"]), junk_text, max_size=3),
)


def seeded(kind: str, language: str) -> tuple[Doc, Doc]:
    content: Doc = Doc()
    ledger: Doc = Doc()
    get_kind(kind).seed(content, ledger, language=language, demo=False)
    return content, ledger


def add_participant_data(kind: str, content: Doc, ledger: Doc, j: Any, v: Any) -> None:
    """Junk where each kind keeps what participants contribute."""
    if kind == "vsm":
        ids = list(vsm.order(content, "current"))
        for step_id in ids:
            step = vsm.steps(content, "current")[step_id]
            step["notes"], step["cycle_time"], step["klass"] = j(), j(), j()
        vsm.add_marker(content, "current", "m1", ids[0] if ids else "x", j())
        vsm.add_step(content, "future", "f1", {"name": j(), "department": j()})
    elif kind == "fishbone":
        content.get(fishbone.PROBLEM, type=Text).insert(0, j())
        category = str(next(iter(content.get(fishbone.CATEGORY_ORDER, type=Array))))
        fishbone.add_cause(
            content, "c_junk", text=j(), category=category, source=j(), figure=j(), whys=[j()]
        )
        content.get(fishbone.FIVE_W_ONE_H, type=Map)["what"] = j()
    elif kind == "ideas":
        ideas.cards_map(content)["i1"] = Map({"title": j(), "description": j(), "author": j()})
        ideas.voters_map(ledger)["i1"] = Map({"p1": j()})
        ideas.history_map(ledger)["r1"] = v()
    elif kind == "pilot":
        pilot.pilot_map(content)["name"] = j()
        pilot.sites_array(content).append(j())
        pilot.teams_array(content).append(j())
        pilot.changes_array(content).append(Map({"date": "2026-01-01", "text": j(), "reason": j()}))
        pilot.readings_map(ledger)["s1"] = Map(
            {"kpi_id": "k1", "date": "2026-01-02", "value": 3.0, "display_name": j(), "site": j()}
        )
        pilot.feedback_map(ledger)["s2"] = Map(
            {"kind": "problem", "text": j(), "display_name": j()}
        )
        for kpi in pilot.kpis_map(content).values():
            kpi["baseline_source"] = j()
    elif kind == "raci":
        content.get("cells", type=Map)["a1:r1"] = "RA"
    elif kind == "notes":
        content.get("text", type=Text).insert(0, j())
        content.get("stickies", type=Map)["n1"] = Map({"text": j(), "author": j()})


def add_workshop_data(content: Doc, j: Any) -> None:
    for goal in goals_map(content).values():
        goal["baseline"], goal["target"], goal["deadline"], goal["link"] = j(), j(), j(), j()
    actions.actions_map(content)["x1"] = Map({"what": j(), "who": j(), "when": j()})
    a3.a3_map(content)["background"] = j()


def strings(value: Any) -> list[str]:
    if isinstance(value, str):
        return [value]
    if isinstance(value, dict):
        return [s for item in value.values() for s in strings(item)]
    if isinstance(value, list):
        return [s for item in value for s in strings(item)]
    return []


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    template_id=st.sampled_from(sorted(BUILT_IN)),
    language=st.sampled_from(["zh-CN", "en"]),
    data=st.data(),
)
def test_saved_structure_is_the_template_without_participant_data(
    template_id: str, language: str, data: st.DataObject
) -> None:
    template = BUILT_IN[template_id][language].structure

    def j() -> Any:
        return data.draw(junk_text)

    def v() -> Any:
        return data.draw(junk_value)

    boards = []
    for plan in template.boards:
        content, ledger = seeded(plan.kind, language)
        write_board(plan, content)
        add_participant_data(plan.kind, content, ledger, j, v)
        boards.append((plan.kind, plan.title, content, ledger))
    home = seeded("workshop", language)
    write_goals(template.goals, home[0])
    add_workshop_data(home[0], j)

    saved = structure(boards, home)

    assert saved == template
    leaked = [s for s in strings(saved.model_dump()) if MARK in s]
    assert leaked == []
    assert Structure.model_validate_json(saved.model_dump_json()) == saved


def test_a_board_bigger_than_a_template_keeps_its_first_items_and_reads_back() -> None:
    """A fishbone with 40 bones, a 300-character step, 120 activities: the structure still
    validates (so the saved template reads back), keeping the first items it may hold."""
    fish, fish_ledger = seeded("fishbone", "en")
    write_board(BoardPlan(kind="fishbone", title="f", categories=["x"]), fish)
    for i in range(40):
        fishbone.add_category(fish, f"k{i}", f"bone {i}")
    vsm_doc, vsm_ledger = seeded("vsm", "en")
    vsm.add_step(
        vsm_doc, "current", "s1", {"name": "n" * 300, "systems": [str(i) for i in range(30)]}
    )
    raci, raci_ledger = seeded("raci", "en")
    for i in range(120):
        raci_layout.add_activity(raci, f"a{i}", f"activity {i}")
    saved = structure(
        [
            ("fishbone", "t" * 500, fish, fish_ledger),
            ("vsm", "map", vsm_doc, vsm_ledger),
            ("raci", "raci", raci, raci_ledger),
        ],
        None,
    )
    again = Structure.model_validate_json(saved.model_dump_json())
    fish_plan, vsm_plan, raci_plan = again.boards
    assert fish_plan.categories == ["x", *(f"bone {i}" for i in range(29))]
    assert len(fish_plan.title) == 200
    assert vsm_plan.steps[0].name == "n" * 200 and len(vsm_plan.steps[0].systems) == 20
    assert raci_plan.activities == [f"activity {i}" for i in range(100)]
