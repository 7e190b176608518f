"""``GET /api/kinds`` lists every registered kind with the commands it takes: its own and the
common ones every board accepts, both taken from the declarations, not restated."""

from __future__ import annotations

from boards.common import COMMON_COMMANDS
from boards.registry import KINDS
from tests.support.server import Server


def test_kinds_list_their_own_and_the_common_commands(server: Server) -> None:
    status, body = server.request("GET", "/api/kinds")
    assert status == 200, body
    listed = {entry["name"]: entry for entry in body}
    assert list(listed) == list(KINDS)
    assert {"board.lock", "board.unlock"} <= set(COMMON_COMMANDS)
    for name, kind in KINDS.items():
        entry = listed[name]
        assert entry["commands"] == sorted({*kind.commands, *COMMON_COMMANDS}), name
        assert entry["schema_version"] == kind.schema_version
        assert entry["user_kind"] is (name != "workshop")
    assert "ideas.vote" in listed["ideas"]["commands"]
    assert "workshop.finish" in listed["workshop"]["commands"]
