"""The workshop board's secrets: who typed an action, except to a facilitator (the owner is the
plan and stays; the typist is not). Participant ids mean nothing outside the server."""

from __future__ import annotations

from pycrdt import Doc

from boards.actions import actions_map
from boards.workshop import WorkshopSnapshot

from . import Secrets
from .blank import blank_entries


def _who(role: str) -> tuple[str, ...]:
    return ("owner_participant",) if role == "facilitator" else ("owner_participant", "created_by")


def snapshot(snap: WorkshopSnapshot, role: str) -> WorkshopSnapshot:
    hidden = dict.fromkeys(_who(role), "")
    return snap.model_copy(update={"actions": [a.model_copy(update=hidden) for a in snap.actions]})


def documents(content: Doc, ledger: Doc, role: str) -> None:
    who = _who(role)
    blank_entries(actions_map(content), lambda _: who)


SECRETS = Secrets(snapshot, documents)
