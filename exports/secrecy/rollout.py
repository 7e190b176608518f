"""A roll-out board's secrets: to a viewer (anyone but a facilitator), who sent a sustain
reading, as on the pilot board. Who decided go / no-go and who took a wave live are public
acts the board shows everyone, so they stay. Participant ids mean nothing outside the server."""

from __future__ import annotations

from pycrdt import Array, Doc

from boards.rollout import layout
from boards.rollout.layout import RolloutSnapshot

from . import Secrets
from .blank import WHO, blank, maps


def snapshot(snap: RolloutSnapshot, role: str) -> RolloutSnapshot:
    named = role == "facilitator"
    no_id = {"participant_id": ""}
    readings = [
        r.model_copy(update={**no_id, "display_name": r.display_name if named else ""})
        for r in snap.readings
    ]
    decision = snap.decision.model_copy(update=no_id) if snap.decision else None
    history = [d.model_copy(update=no_id) for d in snap.decision_history]
    golive = {wave: g.model_copy(update=no_id) for wave, g in snap.golive.items()}
    return snap.model_copy(
        update={
            "readings": readings,
            "decision": decision,
            "decision_history": history,
            "golive": golive,
        }
    )


def documents(content: Doc, ledger: Doc, role: str) -> None:
    for record in maps(layout.readings_map(ledger).values()):
        blank(record, ("participant_id", *(() if role == "facilitator" else WHO)))
    decisions = layout.decisions_array(ledger)
    records = maps(layout.golive_map(ledger).values())
    records += maps(decisions) if isinstance(decisions, Array) else []
    for record in records:
        blank(record, ("participant_id",))


SECRETS = Secrets(snapshot, documents)
