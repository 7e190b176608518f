"""A pilot board's secrets: who sent an anonymous feedback; to a viewer, who submitted any
reading or feedback. Participant ids mean nothing outside the server."""

from __future__ import annotations

from pycrdt import Array, Doc, Map

from boards.pilot.layout import PilotSnapshot, corrections_array, feedback_map, readings_map

from . import Secrets
from .blank import WHO, blank, maps


def snapshot(snap: PilotSnapshot, role: str) -> PilotSnapshot:
    named = role == "facilitator"
    readings = [
        r.model_copy(update={"participant_id": "", "display_name": r.display_name if named else ""})
        for r in snap.readings
    ]
    feedback = [
        f.model_copy(
            update={
                "participant_id": "",
                "display_name": f.display_name if named and not f.anonymous else "",
            }
        )
        for f in snap.feedback
    ]
    return snap.model_copy(update={"readings": readings, "feedback": feedback})


def _submitter(record: Map, role: str) -> None:
    anonymous = record.get("anonymous") is True
    blank(record, ("participant_id", "by"))
    if anonymous or role != "facilitator":
        blank(record, WHO)
    for key in ("withdrawn", "corrected"):
        stamp = record.get(key)
        if isinstance(stamp, Map):
            _submitter(stamp, role)


def documents(content: Doc, ledger: Doc, role: str) -> None:
    # Record by record as stored, not as read: a reader drops a record it cannot take, but
    # the copy still carries it, names and all.
    records = maps(readings_map(ledger).values()) + maps(feedback_map(ledger).values())
    corrections = corrections_array(ledger)
    records += maps(corrections) if isinstance(corrections, Array) else []
    for record in records:
        _submitter(record, role)


SECRETS = Secrets(snapshot, documents)
