"""Setting up workshops over the real HTTP API."""

from __future__ import annotations

from dataclasses import dataclass

from .server import Server


@dataclass
class Setup:
    server: Server
    workshop_id: str
    facilitator: str  # invite token of the facilitator
    board_id: str
    workshop_board_id: str

    def invite(self, role: str) -> str:
        status, body = self.server.request(
            "POST",
            f"/api/workshops/{self.workshop_id}/invites",
            {"role": role},
            token=self.facilitator,
        )
        assert status == 201, body
        return str(body["token"])

    def join(self, role: str, name: str) -> tuple[str, str]:
        """A participant token and id for a new participant with ``role``."""
        status, body = self.server.request(
            "POST", "/api/join", {"token": self.invite(role), "display_name": name}
        )
        assert status == 201, body
        return str(body["token"]), str(body["participant_id"])

    def ws(self, token: str, room: str = "content", board_id: str | None = None) -> str:
        return f"{self.server.ws_url}/ws/{board_id or self.board_id}/{room}?token={token}"

    def command(
        self,
        token: str,
        command: str,
        payload: dict[str, object] | None = None,
        key: str = "",
        board_id: str | None = None,
    ) -> tuple[int, dict[str, object]]:
        import uuid

        return self.server.request(
            "POST",
            f"/api/boards/{board_id or self.board_id}/commands",
            {
                "command": command,
                "payload": payload or {},
                "idempotency_key": key or str(uuid.uuid4()),
            },
            token=token,
        )


def make_workshop(server: Server, kind: str = "notes", language: str = "zh-CN") -> Setup:
    status, created = server.request(
        "POST",
        "/api/workshops",
        {"title": "投诉处理工作坊", "process": "客户投诉处理", "language": language},
    )
    assert status == 201, created
    status, board = server.request(
        "POST",
        f"/api/workshops/{created['id']}/boards",
        {"kind": kind, "title": "笔记"},
        token=created["token"],
    )
    assert status == 201, board
    return Setup(server, created["id"], created["token"], board["id"], created["workshop_board_id"])
