"""The ideas kind: private writing, every dot-voting rule, ranking, quadrants, demo."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
from pycrdt import Array, Doc, Map
from pydantic import ValidationError

from boards.ideas import IdeasKind
from boards.ideas.analysis import IdeasAnalysis, by_category, quadrant, ranking
from boards.ideas.layout import IdeaCard, cards_map, order_array
from boards.kind import Actor, Role
from boards.ledger import write_analysis
from tests.support.commands import KindBoard

KIND = IdeasKind()
FAC = Actor("p-fac", Role.facilitator, "Fatima")
ANA = Actor("p-ana", Role.editor, "Ana")
BO = Actor("p-bo", Role.editor, "Bo")
INVITE = Actor("", Role.editor, "Invite link")
LEDGER_ROOTS = (
    "meta",
    "analysis",
    "writing",
    "revealed_cards",
    "round",
    "tallies",
    "voters",
    "history",
)


class Board(KindBoard):
    """One ideas board as the server holds it: two docs and the persisted private JSON."""

    def __init__(self, *card_ids: str) -> None:
        super().__init__(KIND)
        for card_id in card_ids:
            self.add_card(card_id)

    def add_card(self, card_id: str, **fields: Any) -> None:
        cards_map(self.content)[card_id] = Map({"title": card_id.title(), **fields})
        order_array(self.content).append(card_id)

    def ledger_py(self) -> dict[str, Any]:
        return {root: self.ledger.get(root, type=Map).to_py() for root in LEDGER_ROOTS}

    def analysis(self) -> IdeasAnalysis:
        return KIND.analyse(KIND.read(self.content, self.ledger))

    def mine(self, actor: Actor) -> dict[str, Any]:
        return KIND.private_view(self.private, actor)


def voting_board(**round_options: Any) -> Board:
    board = Board("idea-alpha", "idea-beta", "idea-gamma")
    board.run(FAC, "ideas.open_round", **{"budget": 5, "cap": 3, **round_options})
    return board


# --- round settings and roles -----------------------------------------------------------


def test_roles_and_locks() -> None:
    commands = KIND.commands
    for name in (
        "ideas.open_round",
        "ideas.reveal",
        "ideas.close",
        "ideas.private_writing",
        "ideas.reveal_cards",
    ):
        assert commands[name].roles == {Role.facilitator}
        assert commands[name].allowed_when_locked
    for name in ("ideas.vote", "ideas.unvote"):
        assert commands[name].roles == {Role.facilitator, Role.editor}
        assert commands[name].allowed_when_locked  # voting on a locked (frozen) board
    assert not commands["ideas.add_private"].allowed_when_locked
    assert Role.viewer not in commands["ideas.vote"].roles
    assert Role.pilot not in commands["ideas.add_private"].roles


@pytest.mark.parametrize(
    "payload",
    [
        {"budget": 0},
        {"budget": 101},
        {"budget": 3, "cap": 4},
        {"budget": True},
        {"budget": "5"},
        {"cap": 0},
    ],
)
def test_round_settings_are_validated(payload: dict[str, Any]) -> None:
    with pytest.raises(ValidationError):
        KIND.commands["ideas.open_round"].payload.model_validate(payload)


@pytest.mark.parametrize(
    "payload",
    [
        {"idea_id": "x", "dots": 0},
        {"idea_id": "x", "dots": -1},
        {"idea_id": "x", "dots": True},
        {"idea_id": "x", "dots": 1.5},
        {"idea_id": "", "dots": 1},
        {"idea_id": "x", "dots": 101},
    ],
)
def test_vote_payload_is_validated(payload: dict[str, Any]) -> None:
    with pytest.raises(ValidationError):
        KIND.commands["ideas.vote"].payload.model_validate(payload)


def test_open_round_publishes_settings() -> None:
    board = voting_board(hidden=True, anonymous=True, facilitator_votes=False, title="R")
    rnd = board.ledger_py()["round"]
    assert rnd["number"] == 1 and rnd["status"] == "open" and rnd["title"] == "R"
    assert (rnd["budget"], rnd["cap"], rnd["hidden"], rnd["anonymous"]) == (5, 3, True, True)
    assert rnd["facilitator_votes"] is False and rnd["revealed"] is False
    assert (rnd["voters"], rnd["dots_cast"]) == (0, 0)


# --- budget, cap, open round, idea existence, participants --------------------------------


def test_votes_count_against_budget() -> None:
    board = voting_board()
    assert board.run(ANA, "ideas.vote", idea_id="idea-alpha", dots=2) == {
        "round": 1,
        "idea_id": "idea-alpha",
        "dots": 2,
        "used": 2,
        "remaining": 3,
    }
    board.run(ANA, "ideas.vote", idea_id="idea-beta", dots=3)
    error = board.fails(ANA, "ideas.vote", idea_id="idea-gamma")
    assert error.code == "budget_exceeded"
    assert error.params == {"budget": 5, "used": 5, "requested": 1}
    # someone else's budget is their own
    board.run(BO, "ideas.vote", idea_id="idea-gamma", dots=3)


def test_one_command_cannot_overspend_the_budget() -> None:
    board = voting_board(budget=4, cap=4)
    board.run(ANA, "ideas.vote", idea_id="idea-alpha", dots=2)
    error = board.fails(ANA, "ideas.vote", idea_id="idea-beta", dots=3)
    assert error.code == "budget_exceeded" and error.params["used"] == 2


def test_cap_per_idea() -> None:
    board = voting_board()  # cap 3
    board.run(ANA, "ideas.vote", idea_id="idea-alpha", dots=2)
    error = board.fails(ANA, "ideas.vote", idea_id="idea-alpha", dots=2)
    assert error.code == "cap_exceeded"
    assert error.params == {"cap": 3, "on_idea": 2, "requested": 2, "idea_id": "idea-alpha"}
    board.run(ANA, "ideas.vote", idea_id="idea-alpha")  # up to the cap is fine
    assert board.mine(ANA)["votes"] == {"idea-alpha": 3}


def test_no_votes_without_an_open_round() -> None:
    board = Board("idea-alpha")
    assert board.fails(ANA, "ideas.vote", idea_id="idea-alpha").code == "round_not_open"
    assert board.fails(ANA, "ideas.unvote", idea_id="idea-alpha").code == "round_not_open"
    assert board.fails(FAC, "ideas.close").code == "round_not_open"
    assert board.fails(FAC, "ideas.reveal").code == "no_round"


def test_closed_round_is_frozen() -> None:
    board = voting_board(hidden=False)
    board.run(ANA, "ideas.vote", idea_id="idea-alpha")
    assert board.run(FAC, "ideas.close") == {"round": 1, "status": "closed"}
    for name in ("ideas.vote", "ideas.unvote"):
        error = board.fails(ANA, name, idea_id="idea-alpha")
        assert error.code == "round_closed" and error.status == 409
    assert board.fails(FAC, "ideas.close").code == "round_closed"
    assert board.ledger_py()["tallies"] == {"idea-alpha": 1}
    assert board.ledger_py()["history"]["1"]["tallies"] == {"idea-alpha": 1}


def test_idea_must_exist_in_content_or_revealed_cards() -> None:
    board = voting_board()
    error = board.fails(ANA, "ideas.vote", idea_id="idea-nowhere")
    assert (error.code, error.params) == ("unknown_idea", {"idea_id": "idea-nowhere"})
    board.ledger.get("revealed_cards", type=Map)["idea-revealed"] = Map({"title": "R"})
    board.run(ANA, "ideas.vote", idea_id="idea-revealed")


def test_a_private_card_cannot_be_voted_on() -> None:
    board = voting_board()
    board.run(FAC, "ideas.private_writing", enabled=True)
    board.run(ANA, "ideas.add_private", id="idea-secret", title="Secret")
    assert board.fails(BO, "ideas.vote", idea_id="idea-secret").code == "unknown_idea"


def test_voting_needs_a_participant_id() -> None:
    board = voting_board()
    error = board.fails(INVITE, "ideas.vote", idea_id="idea-alpha")
    assert (error.code, error.status) == ("participant_required", 403)


def test_facilitator_can_opt_out_of_voting() -> None:
    board = voting_board(facilitator_votes=False)
    error = board.fails(FAC, "ideas.vote", idea_id="idea-alpha")
    assert (error.code, error.status) == ("facilitator_votes_disabled", 403)
    board.run(ANA, "ideas.vote", idea_id="idea-alpha")  # the others still vote

    board = voting_board(facilitator_votes=True)
    board.run(FAC, "ideas.vote", idea_id="idea-alpha")
    assert board.mine(FAC)["votes"] == {"idea-alpha": 1}


# --- unvote -----------------------------------------------------------------------------


def test_unvote_returns_dots_to_the_budget() -> None:
    board = voting_board(hidden=False)
    board.run(ANA, "ideas.vote", idea_id="idea-alpha", dots=3)
    board.run(ANA, "ideas.vote", idea_id="idea-beta", dots=2)
    assert board.run(ANA, "ideas.unvote", idea_id="idea-alpha", dots=2)["remaining"] == 2
    board.run(ANA, "ideas.vote", idea_id="idea-gamma", dots=2)  # budget freed again
    board.run(ANA, "ideas.unvote", idea_id="idea-beta", dots=2)
    assert board.mine(ANA)["votes"] == {"idea-alpha": 1, "idea-gamma": 2}
    # an idea back to zero leaves the tallies
    assert board.ledger_py()["tallies"] == {"idea-alpha": 1, "idea-gamma": 2}


def test_unvote_more_than_cast_is_refused() -> None:
    board = voting_board()
    board.run(ANA, "ideas.vote", idea_id="idea-alpha")
    error = board.fails(ANA, "ideas.unvote", idea_id="idea-alpha", dots=2)
    assert error.code == "no_vote_to_remove"
    assert error.params == {"idea_id": "idea-alpha", "on_idea": 1, "requested": 2}
    assert board.fails(BO, "ideas.unvote", idea_id="idea-alpha").code == "no_vote_to_remove"


def test_dots_on_a_deleted_idea_still_count_until_taken_back() -> None:
    board = voting_board(budget=2, cap=2)
    board.run(ANA, "ideas.vote", idea_id="idea-alpha", dots=2)
    del cards_map(board.content)["idea-alpha"]
    assert board.fails(ANA, "ideas.vote", idea_id="idea-beta").code == "budget_exceeded"
    board.run(ANA, "ideas.unvote", idea_id="idea-alpha", dots=2)
    board.run(ANA, "ideas.vote", idea_id="idea-beta", dots=2)


# --- hidden, visible, anonymous, reveal -------------------------------------------------


def test_hidden_round_keeps_tallies_out_of_the_ledger_until_reveal() -> None:
    board = voting_board(hidden=True)
    board.run(ANA, "ideas.vote", idea_id="idea-alpha", dots=2)
    board.run(BO, "ideas.vote", idea_id="idea-beta")
    write_analysis(board.ledger, board.analysis())
    ledger = board.ledger_py()
    assert ledger["tallies"] == {} and ledger["voters"] == {}
    assert (ledger["round"]["voters"], ledger["round"]["dots_cast"]) == (2, 3)
    # nothing in the ledger, the written analysis included, tells who voted for what
    assert json.loads(ledger["analysis"]["json"])["ranking"] == []
    text = json.dumps(ledger, ensure_ascii=False)
    assert "Ana" not in text and "p-ana" not in text and '"dots"' not in text
    analysis = board.analysis()
    assert not analysis.results_visible and analysis.ranking == []
    # each participant still sees their own votes
    assert board.mine(ANA)["votes"] == {"idea-alpha": 2}

    assert board.run(FAC, "ideas.reveal") == {"round": 1, "revealed": True}
    ledger = board.ledger_py()
    assert ledger["tallies"] == {"idea-alpha": 2, "idea-beta": 1}
    assert ledger["voters"] == {
        "idea-alpha": [{"name": "Ana", "dots": 2}],
        "idea-beta": [{"name": "Bo", "dots": 1}],
    }
    assert board.run(FAC, "ideas.reveal") == {"round": 1, "revealed": True}  # no-op


def test_hidden_ledger_carries_no_idea_ids() -> None:
    board = voting_board(hidden=True)
    board.run(ANA, "ideas.vote", idea_id="idea-gamma")
    ledger = board.ledger_py()
    assert "idea-gamma" not in json.dumps(ledger)


def test_votes_after_reveal_show_live() -> None:
    board = voting_board(hidden=True)
    board.run(ANA, "ideas.vote", idea_id="idea-alpha")
    board.run(FAC, "ideas.reveal")
    board.run(BO, "ideas.vote", idea_id="idea-alpha")
    assert board.ledger_py()["tallies"] == {"idea-alpha": 2}


def test_visible_round_updates_tallies_live() -> None:
    board = voting_board(hidden=False)
    board.run(ANA, "ideas.vote", idea_id="idea-alpha")
    assert board.ledger_py()["tallies"] == {"idea-alpha": 1}
    board.run(BO, "ideas.vote", idea_id="idea-alpha", dots=2)
    assert board.ledger_py()["tallies"] == {"idea-alpha": 3}
    # voters sorted by name
    assert board.ledger_py()["voters"]["idea-alpha"] == [
        {"name": "Ana", "dots": 1},
        {"name": "Bo", "dots": 2},
    ]


def test_anonymous_round_never_names_voters() -> None:
    board = voting_board(hidden=True, anonymous=True)
    board.run(ANA, "ideas.vote", idea_id="idea-alpha")
    board.run(FAC, "ideas.reveal")
    board.run(FAC, "ideas.close")
    ledger = board.ledger_py()
    assert ledger["tallies"] == {"idea-alpha": 1} and ledger["voters"] == {}
    assert "Ana" not in json.dumps(ledger) and "p-ana" not in json.dumps(ledger)


def test_closing_a_hidden_round_keeps_it_hidden_until_reveal() -> None:
    board = voting_board(hidden=True)
    board.run(ANA, "ideas.vote", idea_id="idea-alpha")
    board.run(FAC, "ideas.close")
    assert board.ledger_py()["tallies"] == {} and board.ledger_py()["history"] == {}
    # a new round would throw these votes away unseen
    error = board.fails(FAC, "ideas.open_round", budget=3, cap=1)
    assert (error.code, error.params) == ("previous_round_unrevealed", {"round": 1})
    board.run(FAC, "ideas.reveal")
    assert board.ledger_py()["history"]["1"]["tallies"] == {"idea-alpha": 1}


def test_next_round_starts_from_zero() -> None:
    board = voting_board(hidden=False)
    error = board.fails(FAC, "ideas.open_round", budget=3, cap=1)
    assert (error.code, error.params) == ("round_already_open", {"round": 1})
    board.run(ANA, "ideas.vote", idea_id="idea-alpha", dots=3)
    board.run(FAC, "ideas.close")
    assert board.run(FAC, "ideas.open_round", budget=2, cap=1, hidden=False) == {"round": 2}
    assert board.ledger_py()["tallies"] == {}
    assert board.mine(ANA) == {
        "cards": [],
        "moderation": [],
        "round": 2,
        "votes": {},
        "used": 0,
        "remaining": 2,
        "budget": 2,
        "cap": 1,
    }
    board.run(ANA, "ideas.vote", idea_id="idea-beta")
    analysis = board.analysis()
    assert [(r.number, r.ranking[0].idea_id) for r in analysis.history] == [(1, "idea-alpha")]
    assert analysis.ranking[0].idea_id == "idea-beta"


# --- ranking ----------------------------------------------------------------------------


def test_ranking_lists_zero_vote_ideas_and_breaks_ties_by_board_order() -> None:
    board = Board("idea-d", "idea-c", "idea-b", "idea-a")  # display order d, c, b, a
    board.run(FAC, "ideas.open_round", budget=5, cap=3, hidden=False)
    board.run(ANA, "ideas.vote", idea_id="idea-b", dots=2)
    board.run(ANA, "ideas.vote", idea_id="idea-a", dots=2)
    board.run(BO, "ideas.vote", idea_id="idea-c", dots=3)
    # dots: c 3, b 2, a 2, d 0 -> b before a (board order); competition ranks 1, 2, 2, 4
    assert [(r.idea_id, r.dots, r.rank) for r in board.analysis().ranking] == [
        ("idea-c", 3, 1),
        ("idea-b", 2, 2),
        ("idea-a", 2, 2),
        ("idea-d", 0, 4),
    ]


def test_ranking_with_no_votes_at_all() -> None:
    cards = [IdeaCard(id="z"), IdeaCard(id="y")]
    assert [(r.idea_id, r.rank) for r in ranking(cards, {})] == [("z", 1), ("y", 1)]
    # cards missing from the display order fall back to their id order
    board = Board()
    cards_map(board.content)["b"] = Map({"title": "B"})
    cards_map(board.content)["a"] = Map({"title": "A"})
    assert [c.id for c in KIND.read(board.content, board.ledger).cards] == ["a", "b"]


# --- private writing --------------------------------------------------------------------


def test_private_cards_need_private_writing_on() -> None:
    board = Board()
    error = board.fails(ANA, "ideas.add_private", id="card-1", title="Mine")
    assert (error.code, error.status) == ("private_writing_off", 409)
    assert board.run(FAC, "ideas.private_writing", enabled=True) == {
        "private": True,
        "mode": "moderated",
        "show_authors": False,
    }
    assert board.run(ANA, "ideas.add_private", id="card-1", title="Mine") == {
        "id": "card-1",
        "private": True,
    }


def test_private_cards_stay_out_of_the_ledger_and_other_views() -> None:
    board = Board()
    board.run(FAC, "ideas.private_writing", enabled=True)
    board.run(
        ANA,
        "ideas.add_private",
        id="card-1",
        title="Unified lookup screen",
        category="technology",
        impact=5,
        effort=2,
        step_id="verify",
    )
    board.run(BO, "ideas.add_private", id="card-2", title="Bo's idea")
    ledger = board.ledger_py()
    assert ledger["writing"] == {
        "private": True,
        "pending": 2,
        "mode": "moderated",
        "show_authors": False,
    }
    assert "Unified" not in json.dumps(ledger) and ledger["revealed_cards"] == {}
    mine = board.mine(ANA)["cards"]
    assert [c["id"] for c in mine] == ["card-1"]
    assert mine[0]["title"] == "Unified lookup screen" and mine[0]["impact"] == 5
    assert [c["id"] for c in board.mine(BO)["cards"]] == ["card-2"]
    assert board.mine(FAC)["cards"] == []
    assert board.analysis().pending_private_cards == 2


def test_add_private_is_idempotent_by_client_id() -> None:
    board = Board("card-content")
    board.run(FAC, "ideas.private_writing", enabled=True)
    first = board.run(ANA, "ideas.add_private", id="card-1", title="Once")
    assert board.run(ANA, "ideas.add_private", id="card-1", title="Once") == first
    assert len(board.private["cards"]) == 1
    # even after private writing was switched off, the author's repeat is answered
    board.run(FAC, "ideas.private_writing", enabled=False)
    assert board.run(ANA, "ideas.add_private", id="card-1", title="Once") == first
    for card_id in ("card-1", "card-content"):
        board.run(FAC, "ideas.private_writing", enabled=True)
        error = board.fails(BO, "ideas.add_private", id=card_id, title="Clash")
        assert (error.code, error.params) == ("duplicate_id", {"id": card_id})


def test_private_card_payload_is_validated() -> None:
    model = KIND.commands["ideas.add_private"].payload
    for bad in (
        {"id": "has space", "title": "x"},
        {"id": "c", "title": ""},
        {"id": "c", "title": "x", "impact": 6},
        {"id": "c", "title": "x", "effort": 0},
        {"id": "c", "title": "x" * 201},
        {"id": "c", "title": "x", "impact": True},
    ):
        with pytest.raises(ValidationError):
            model.model_validate(bad)


def test_withdraw_a_private_card() -> None:
    board = Board()
    board.run(FAC, "ideas.private_writing", enabled=True)
    board.run(ANA, "ideas.add_private", id="card-1", title="Oops")
    error = board.fails(BO, "ideas.withdraw_private", id="card-1")
    assert (error.code, error.status) == ("unknown_private_card", 404)
    assert board.run(ANA, "ideas.withdraw_private", id="card-1")["withdrawn"]
    assert board.ledger_py()["writing"]["pending"] == 0 and board.mine(ANA)["cards"] == []


def test_reveal_cards_publishes_them_in_writing_order() -> None:
    board = Board("card-content")
    board.run(FAC, "ideas.private_writing", enabled=True)
    board.run(BO, "ideas.add_private", id="card-b", title="Named", category="model")
    board.run(
        ANA, "ideas.add_private", id="card-a", title="Anonymous", anonymous=True, cause_id="cause-7"
    )
    assert board.run(FAC, "ideas.reveal_cards") == {"revealed": ["card-b", "card-a"]}
    ledger = board.ledger_py()
    assert ledger["writing"]["private"] is False and ledger["writing"]["pending"] == 0
    named, anonymous = ledger["revealed_cards"]["card-b"], ledger["revealed_cards"]["card-a"]
    assert (named["author_id"], named["author_name"], named["anonymous"]) == ("p-bo", "Bo", False)
    assert (anonymous["author_id"], anonymous["author_name"], anonymous["anonymous"]) == (
        "",
        "",
        True,
    )
    assert "p-ana" not in json.dumps(ledger) and "Ana" not in json.dumps(ledger)
    assert board.private["cards"] == {} and board.mine(ANA)["cards"] == []
    # the board shows content cards, then revealed ones in writing order
    cards = KIND.read(board.content, board.ledger).cards
    assert [(c.id, c.source) for c in cards] == [
        ("card-content", "content"),
        ("card-b", "revealed"),
        ("card-a", "revealed"),
    ]
    assert cards[2].cause_id == "cause-7"
    # a revealed card copied into content (to edit it) shows once, as the content copy
    board.add_card("card-b", title="Named, edited", impact=4)
    cards = KIND.read(board.content, board.ledger).cards
    assert [(c.id, c.source, c.title) for c in cards if c.id == "card-b"] == [
        ("card-b", "content", "Named, edited")
    ]


def test_private_writing_needs_a_participant() -> None:
    board = Board()
    board.run(FAC, "ideas.private_writing", enabled=True)
    assert board.fails(INVITE, "ideas.add_private", id="c1", title="x").code == (
        "participant_required"
    )


# --- analysis ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("impact", "effort", "expected"),
    [
        (5, 1, "quick_win"),
        (4, 3, "quick_win"),
        (4, 4, "major_project"),
        (5, 5, "major_project"),
        (3, 3, "fill_in"),
        (1, 1, "fill_in"),
        (3, 4, "thankless"),
        (1, 5, "thankless"),
        (None, 3, None),
        (4, None, None),
    ],
)
def test_quadrant(impact: int | None, effort: int | None, expected: str | None) -> None:
    assert quadrant(impact, effort) == expected


def test_scores_are_read_leniently() -> None:
    board = Board()
    for card_id, impact in (
        ("a", "4"),
        ("b", 4.0),
        ("c", 7),
        ("d", "high"),
        ("e", True),
        ("f", 2.5),
    ):
        board.add_card(card_id, impact=impact, effort=1)
    cards = KIND.read(board.content, board.ledger).cards
    assert [c.impact for c in cards] == [4, 4, None, None, None, None]
    analysis = board.analysis()
    assert analysis.quadrant_counts == {
        "quick_win": 2,
        "major_project": 0,
        "fill_in": 0,
        "thankless": 0,
        "unscored": 4,
    }


def test_counts_by_category_and_group() -> None:
    board = Board()
    board.add_card("a", category="technology", group="g1")
    board.add_card("b", category="technology", group="g1")
    board.add_card("c", category="Data quality")
    board.add_card("d", category="  ")
    board.content.get("groups", type=Map)["g1"] = Map({"title": "Lookup"})
    board.run(FAC, "ideas.open_round", budget=3, cap=3, hidden=False)
    board.run(ANA, "ideas.vote", idea_id="a", dots=2)
    board.run(ANA, "ideas.vote", idea_id="c")
    analysis = board.analysis()
    assert analysis.by_category == {
        "technology": 2,
        "model": 0,
        "organisational": 0,
        "Data quality": 1,
        "uncategorised": 1,
    }
    assert [(g.id, g.title, g.cards, g.dots) for g in analysis.groups] == [("g1", "Lookup", 2, 2)]
    assert by_category([]) == {"technology": 0, "model": 0, "organisational": 0}


def test_empty_board() -> None:
    board = Board()
    snapshot = KIND.read(board.content, board.ledger)
    assert snapshot.cards == [] and snapshot.round.number == 0
    analysis = KIND.analyse(snapshot)
    assert analysis.cards == 0 and analysis.ranking == [] and not analysis.results_visible
    assert KIND.private_view({}, ANA) == {
        "cards": [],
        "moderation": [],
        "round": 0,
        "votes": {},
        "used": 0,
        "remaining": 0,
        "budget": 0,
        "cap": 0,
    }
    assert isinstance(board.content.get("order", type=Array), Array)


# --- demo -------------------------------------------------------------------------------


@pytest.mark.parametrize("language", ["zh-CN", "en"])
def test_demo_seed(language: str) -> None:
    content, ledger = Doc(), Doc()
    KIND.seed(content, ledger, language=language, demo=True)
    analysis = KIND.analyse(KIND.read(content, ledger))
    assert analysis.cards == 6
    assert analysis.by_category == {"technology": 2, "model": 2, "organisational": 2}
    # i1 (5, 3) and i4 (4, 2) quick wins; i2 (4, 4), i3 (4, 5) major; i5 (3, 1) fill-in;
    # i6 (2, 4) thankless
    assert analysis.quadrant_counts == {
        "quick_win": 2,
        "major_project": 2,
        "fill_in": 1,
        "thankless": 1,
        "unscored": 0,
    }
    # 9 + 7 + 5 + 3 + 1 + 0 = 25 dots = 5 voters x budget 5
    assert [(r.idea_id, r.dots, r.rank) for r in analysis.ranking] == [
        ("i1", 9, 1),
        ("i4", 7, 2),
        ("i2", 5, 3),
        ("i5", 3, 4),
        ("i3", 1, 5),
        ("i6", 0, 6),
    ]
    assert analysis.round.dots_cast == 25 and analysis.round.status == "closed"
    # groups: g1 = i1 + i2 = 9 + 5 = 14 dots; g2 = i4 + i5 = 7 + 3 = 10
    assert [(g.id, g.cards, g.dots) for g in analysis.groups] == [("g1", 2, 14), ("g2", 2, 10)]
    title = analysis.ranking[0].title
    assert title == ("统一查询入口" if language == "zh-CN" else "One lookup screen")
    # the demo board accepts a next round straight away
    board = Board()
    board.content, board.ledger = content, ledger
    assert board.run(FAC, "ideas.open_round", budget=3, cap=2) == {"round": 2}


def test_votes_survive_a_lost_private_state() -> None:
    board = voting_board(hidden=False)
    board.private = {}  # e.g. restored from an older backup: the round is still open
    board.run(ANA, "ideas.vote", idea_id="idea-alpha")
    assert board.mine(ANA)["votes"] == {"idea-alpha": 1} and board.mine(ANA)["remaining"] == 4
    assert board.ledger_py()["tallies"] == {"idea-alpha": 1}


def test_facilitator_moderates_private_cards_before_the_reveal() -> None:
    board = Board()
    board.run(FAC, "ideas.private_writing", enabled=True)
    board.run(ANA, "ideas.add_private", id="card-a", title="Self-service status page")
    board.run(BO, "ideas.add_private", id="card-b", title="Off-topic rant", anonymous=True)
    board.run(FAC, "ideas.add_private", id="card-f", title="Facilitator's own")
    queue = board.mine(FAC)["moderation"]
    assert [c["id"] for c in queue] == ["card-a", "card-b"]
    assert queue[0]["author_name"] == "Ana" and queue[0]["title"] == "Self-service status page"
    assert queue[1]["author_name"] == "" and "Bo" not in json.dumps(queue[1])  # stays anonymous
    assert board.mine(ANA)["moderation"] == [] and board.mine(BO)["moderation"] == []
    assert KIND.commands["ideas.remove_private"].roles == {Role.facilitator}
    assert board.run(FAC, "ideas.remove_private", id="card-b") == {"id": "card-b", "removed": True}
    assert board.mine(BO)["cards"] == [] and board.ledger_py()["writing"]["pending"] == 2
    missing = board.fails(FAC, "ideas.remove_private", id="card-b")
    assert (missing.code, missing.status) == ("unknown_private_card", 404)
    assert board.run(FAC, "ideas.reveal_cards") == {"revealed": ["card-a", "card-f"]}
    assert "Off-topic" not in json.dumps(board.ledger_py())


def test_a_revealed_card_can_be_deleted_like_any_other() -> None:
    board = Board("card-content")
    board.run(FAC, "ideas.private_writing", enabled=True)
    board.run(ANA, "ideas.add_private", id="card-a", title="Revealed one")
    board.run(FAC, "ideas.reveal_cards")
    assert board.run(BO, "ideas.remove_revealed", id="card-a") == {"id": "card-a", "deleted": True}
    assert board.ledger_py()["revealed_cards"] == {}
    assert [c.id for c in KIND.read(board.content, board.ledger).cards] == ["card-content"]
    for card_id in ("card-a", "card-content"):  # gone, or not a revealed card
        error = board.fails(FAC, "ideas.remove_revealed", id=card_id)
        assert (error.code, error.status, error.params) == (
            "unknown_idea",
            404,
            {"idea_id": card_id},
        )


# --- blind rounds -----------------------------------------------------------------------


def blind_board(**options: Any) -> Board:
    board = Board()
    board.run(FAC, "ideas.private_writing", enabled=True, mode="blind", **options)
    board.run(ANA, "ideas.add_private", id="card-a", title="Blind secret TX", description="QW")
    board.run(BO, "ideas.add_private", id="card-b", title="Bo blind", anonymous=True)
    board.run(FAC, "ideas.add_private", id="card-f", title="Facilitator's own")
    return board


def test_a_blind_round_shows_the_facilitator_no_pending_card() -> None:
    board = blind_board()
    ledger = board.ledger_py()
    assert ledger["writing"] == {
        "private": True,
        "pending": 3,
        "mode": "blind",
        "show_authors": False,
    }
    facilitator = board.mine(FAC)
    assert facilitator["moderation"] == [] and [c["id"] for c in facilitator["cards"]] == ["card-f"]
    assert "Blind secret" not in json.dumps(facilitator) and "Ana" not in json.dumps(facilitator)
    assert [c["id"] for c in board.mine(ANA)["cards"]] == ["card-a"]  # the author still sees it
    snapshot = KIND.read(board.content, board.ledger)
    assert snapshot.writing.mode == "blind" and snapshot.writing.pending == 3
    # the facilitator cannot take a blind card out, nor learn it exists: it answers as absent
    for key in ("card-a", "card-b", "no-such"):
        error = board.fails(FAC, "ideas.remove_private", id=key)
        assert (error.code, error.status, error.params) == (
            "unknown_private_card",
            404,
            {"id": key},
        )
    assert board.run(ANA, "ideas.withdraw_private", id="card-a")["withdrawn"]


def by_title(board: Board) -> dict[str, dict[str, Any]]:
    return {c["title"]: {"id": k, **c} for k, c in board.ledger_py()["revealed_cards"].items()}


def test_blind_cards_are_revealed_without_their_author() -> None:
    board = blind_board()
    board.now = datetime.now(UTC) + timedelta(minutes=7)
    reply = board.run(FAC, "ideas.reveal_cards")
    revealed = board.ledger_py()["revealed_cards"]
    assert sorted(reply["revealed"]) == sorted(revealed) and len(revealed) == 3
    for key, card in revealed.items():
        assert (card["author_id"], card["author_name"], card["anonymous"]) == ("", "", True)
        # nothing says when, so by whom, it was written: a new id, the reveal's time
        assert key not in ("card-a", "card-b", "card-f") and key.startswith("r")
        assert card["created_at"] == card["revealed_at"] == board.now.isoformat()
    assert sorted(int(c["seq"]) for c in revealed.values()) == [4, 5, 6]  # after all written
    assert by_title(board)["Blind secret TX"]["description"] == "QW"
    dumped = json.dumps(board.ledger_py())
    assert "p-ana" not in dumped and "Ana" not in dumped and 'Bo"' not in dumped


def test_a_blind_round_may_promise_authors_at_the_reveal() -> None:
    board = blind_board(show_authors=True)
    assert board.ledger_py()["writing"]["show_authors"] is True
    assert board.mine(FAC)["moderation"] == []  # still nothing before the reveal
    board.run(FAC, "ideas.reveal_cards")
    revealed = board.ledger_py()["revealed_cards"]
    assert (revealed["card-a"]["author_name"], revealed["card-a"]["anonymous"]) == ("Ana", False)
    # the author's own "anonymous" still wins, and that card is unlinked from its writing
    anonymous = by_title(board)["Bo blind"]
    assert (anonymous["author_name"], anonymous["anonymous"]) == ("", True)
    assert anonymous["id"] != "card-b"


def test_show_authors_means_nothing_in_a_moderated_round() -> None:
    board = Board()
    reply = board.run(FAC, "ideas.private_writing", enabled=True, show_authors=True)
    assert reply == {"private": True, "mode": "moderated", "show_authors": False}


def test_a_card_keeps_the_promise_it_was_written_under() -> None:
    board = blind_board()
    board.run(FAC, "ideas.private_writing", enabled=True, mode="moderated")
    board.run(BO, "ideas.add_private", id="card-m", title="Written moderated")
    assert [c["id"] for c in board.mine(FAC)["moderation"]] == ["card-m"]
    board.run(FAC, "ideas.reveal_cards")
    revealed = by_title(board)
    assert revealed["Blind secret TX"]["author_name"] == ""
    assert revealed["Written moderated"]["author_name"] == "Bo"


def test_a_bad_writing_mode_is_refused_and_read_leniently() -> None:
    model = KIND.commands["ideas.private_writing"].payload
    with pytest.raises(ValidationError):
        model.model_validate({"enabled": True, "mode": "open"})
    board = Board()
    board.ledger.get("writing", type=Map).update({"mode": "open", "show_authors": "yes"})
    snapshot = KIND.read(board.content, board.ledger)
    assert (snapshot.writing.mode, snapshot.writing.show_authors) == ("moderated", False)
    assert {w.field for w in snapshot.read_warnings} >= {"writing.mode", "writing.show_authors"}


def test_a_private_card_keeps_its_current_and_future_step_through_the_reveal() -> None:
    board = Board()
    board.run(FAC, "ideas.private_writing", enabled=True)
    board.run(
        ANA, "ideas.add_private", id="card-1", title="One screen", step_id="c3", future_step_id="f3"
    )
    board.run(FAC, "ideas.reveal_cards")
    (card,) = [c for c in KIND.read(board.content, board.ledger).cards if c.title == "One screen"]
    assert (card.step_id, card.future_step_id) == ("c3", "f3")
    with pytest.raises(ValidationError):
        board.run(ANA, "ideas.add_private", id="card-2", title="x", future_step_id="f" * 65)
