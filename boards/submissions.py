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

from collections.abc import Callable, Mapping
from typing import Annotated, Any

from pycrdt import Doc, Map
from pydantic import BaseModel, Field

from .kind import CommandContext, CommandError, CommandSpec, Role, command
from .values import plain

SubmissionId = Annotated[str, Field(pattern=r"^[A-Za-z0-9_-]{8,64}$")]
SUBMITTERS = frozenset({Role.pilot, Role.editor, Role.facilitator})

# The ledger maps a kind keeps its submissions in, by submission type ("reading", ...).
Stores = Callable[[Doc], Mapping[str, Map]]
# Validates a payload and returns the record the ledger shows.
Record = Callable[[CommandContext, Any], dict[str, Any]]


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


def _repeat(
    ctx: CommandContext, sid: str, kind: str, stores: Mapping[str, Map], catalog: str
) -> dict[str, Any] | None:
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


def submission(
    name: str,
    payload: type[BaseModel],
    kind: str,
    stores: Stores,
    *,
    catalog: str,
    allowed_when_finished: bool = False,
) -> Callable[[Record], CommandSpec]:
    """A submission from the field (the pilot link too, on a locked board too), idempotent by
    its ``submission_id``: a repeat returns the first answer and writes nothing. The decorated
    function validates the payload and returns the record the ledger shows; the server keeps
    who sent it, anonymous or not, so the sender's own list has it. ``catalog`` prefixes the
    error keys (``<catalog>.error.submission_id_taken``)."""

    def wrap(record: Record) -> CommandSpec:
        def handler(ctx: CommandContext, body: Any) -> dict[str, Any]:
            sid = body.submission_id
            maps = stores(ctx.ledger)
            repeat = _repeat(ctx, sid, kind, maps, catalog)
            if repeat is not None:
                return repeat
            shown = record(ctx, body)
            maps[kind][sid] = Map(shown)
            sender = {"participant_id": ctx.actor.participant_id}
            kept = {**shown, **sender, "display_name": ctx.actor.display_name}
            ctx.private.setdefault("submissions", {})[sid] = {
                "participant_id": ctx.actor.participant_id,
                "type": kind,
                "record": kept,
            }
            return result(sid, kind, shown)

        return command(
            name,
            payload,
            roles=SUBMITTERS,
            allowed_when_locked=True,
            allowed_when_finished=allowed_when_finished,
        )(handler)

    return wrap
