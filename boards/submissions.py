"""Exactly-once submissions from the field (pilot readings and feedback, roll-out sustain
readings).

Participants submit from phones on flaky networks, so every submission carries a client-made
``submission_id``: a repeat (same participant, same type) returns the first result and adds
nothing, whatever the board looks like now; the id used by someone else, or for another
type, is refused (``submission_id_taken``). The server-only state (``ctx.private``) keeps
``submissions`` {id: {``participant_id``, ``type``, ``record``}}; a submission found only in
the ledger (demo data, which has no private part) counts as well.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Annotated, Any

from pycrdt import Map
from pydantic import Field

from .kind import CommandContext, CommandError
from .values import plain

SubmissionId = Annotated[str, Field(pattern=r"^[A-Za-z0-9_-]{8,64}$")]


def result(submission_id: str, kind: str, record: dict[str, Any]) -> dict[str, Any]:
    """The answer to a submission; rebuilt identically from the stored record on a repeat."""
    return {"id": submission_id, "type": kind, "submitted_at": record.get("submitted_at", "")}


def _earlier(
    ctx: CommandContext, sid: str, stores: Mapping[str, Map]
) -> tuple[str, str, dict[str, Any]] | None:
    """(owner, type, record) of an earlier submission with this id, if any."""
    entry = (ctx.private.get("submissions") or {}).get(sid)
    if entry is not None:
        return entry["participant_id"], entry["type"], entry["record"]
    for kind, target in stores.items():
        if sid in target:
            record = plain(target[sid])
            return str(record.get("participant_id", "")), kind, record
    return None


def repeat(
    ctx: CommandContext, sid: str, kind: str, stores: Mapping[str, Map], catalog: str
) -> dict[str, Any] | None:
    """The first result when this is a repeat; None when the id is new. ``stores`` maps each
    submission type of the kind to its ledger map; ``catalog`` prefixes the error's key."""
    if not ctx.actor.participant_id:
        raise CommandError("participant_required", "error.participant_required", 403)
    earlier = _earlier(ctx, sid, stores)
    if earlier is None:
        return None
    owner, earlier_kind, record = earlier
    if owner != ctx.actor.participant_id or earlier_kind != kind:
        raise CommandError(
            "submission_id_taken", f"{catalog}.error.submission_id_taken", 409, submission_id=sid
        )
    return result(sid, kind, record)


def remember(ctx: CommandContext, sid: str, kind: str, record: dict[str, Any]) -> None:
    ctx.private.setdefault("submissions", {})[sid] = {
        "participant_id": ctx.actor.participant_id,
        "type": kind,
        "record": record,
    }
