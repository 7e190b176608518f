"""``obeya invite``: a server operator mints a link from the command line, against the same
SQLite file a running server uses, and the link works there at once."""

from __future__ import annotations

import subprocess

from tests.support.server import OBEYA, Server
from tests.support.workshop import make_workshop

SHARED_SERVER = True  # each test makes its own workshop: one server start


def obeya_invite(server: Server, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [str(OBEYA), "invite", *args, "--data-dir", str(server.data_dir)],
        capture_output=True,
        text=True,
        timeout=60,
        env={"PATH": "/usr/bin:/bin", "OBEYA_PUBLIC_URL": "https://obeya.example.org"},
    )


def test_operator_mints_a_facilitator_link_that_works(server: Server) -> None:
    setup = make_workshop(server)
    done = obeya_invite(server, setup.workshop_id, "--role", "facilitator")
    assert done.returncode == 0, done.stderr
    link = done.stdout.strip()
    prefix = f"https://obeya.example.org/w/{setup.workshop_id}/join#"
    assert link.startswith(prefix) and "\n" not in link
    token = link.removeprefix(prefix)

    status, body = server.request("GET", f"/api/workshops/{setup.workshop_id}", token=token)
    assert status == 200 and body["me"]["role"] == "facilitator"
    status, joined = server.request("POST", "/api/join", {"token": token, "display_name": "Ops"})
    assert status == 201 and joined["role"] == "facilitator"
    # It has full control: it may invite, and revoke the creator's link.
    path = f"/api/workshops/{setup.workshop_id}/invites"
    status, invites = server.request("GET", path, token=joined["token"])
    assert status == 200
    assert len([i for i in invites if i["role"] == "facilitator"]) == 3
    status, _ = server.request("POST", path, {"role": "editor"}, token=joined["token"])
    assert status == 201
    status, _ = setup.command(token, "board.lock")
    assert status == 200


def test_other_roles_and_a_pilot_phone_link(server: Server) -> None:
    setup = make_workshop(server)
    done = obeya_invite(server, setup.workshop_id, "--role", "pilot")
    assert done.returncode == 0, done.stderr
    prefix = f"https://obeya.example.org/p/{setup.workshop_id}#"
    assert done.stdout.startswith(prefix)
    token = done.stdout.strip().removeprefix(prefix)
    path = f"/api/workshops/{setup.workshop_id}/pilot"  # the pilot link's own narrow view
    status, body = server.request("GET", path, token=token)
    assert status == 200 and body["me"]["role"] == "pilot"
    done = obeya_invite(server, setup.workshop_id, "--role", "viewer")
    token = done.stdout.strip().rsplit("#", 1)[1]
    status, body = server.request("GET", f"/api/workshops/{setup.workshop_id}", token=token)
    assert status == 200 and body["me"]["role"] == "viewer"


def test_unknown_workshop_or_role_is_a_clear_error_and_writes_nothing(server: Server) -> None:
    import sqlite3

    setup = make_workshop(server)
    db = sqlite3.connect(server.data_dir / "obeya.db")
    before = db.execute("SELECT count(*) FROM invite").fetchone()
    done = obeya_invite(server, "NoSuchWorkshop")
    assert done.returncode == 1 and done.stdout == ""
    assert "no workshop with id 'NoSuchWorkshop'" in done.stderr
    done = obeya_invite(server, setup.workshop_id, "--role", "owner")
    assert done.returncode == 2 and "'owner' is not one of" in done.stderr
    assert db.execute("SELECT count(*) FROM invite").fetchone() == before
    db.close()
