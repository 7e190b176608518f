"""Long free text is collaborative text: a shared ``Text``, so two people typing in the same
field merge character by character instead of the last writer replacing the other's words.

Which fields are long (content documents only; the ledger is written by the server alone):

========== =====================================================================
kind       fields
========== =====================================================================
ideas      ``cards.<id>.description``
fishbone   ``causes.<id>.text``, ``causes.<id>.whys[i]``, ``causes.<id>.evidence.source``,
           ``five_w_one_h.<key>``
vsm        ``steps_<state>.<id>.notes``
rollout    ``resources.<id>.detail``, ``risks.<id>.mitigation``
pilot      ``changes[i].text``, ``changes[i].reason``
workshop   ``a3.<field>``
notes      ``text``
========== =====================================================================

Short fields (names, numbers, dates, owners) stay plain values: a whole-value write is what
their editors mean, and the "who is editing" marker tells others to wait.

Documents written before a field became collaborative hold a plain string there. Every
reader takes both (:func:`boards.values.text`, :func:`boards.values.plain`); the client turns
the string into a ``Text`` holding the same characters, in one transaction, the first time
someone edits it. The server writes a ``Text`` whenever it creates an item (:func:`shared`).

Pilot feedback and plan-change reasons sent from the phone page stay strings in the ledger:
each is written once, by its author, through a server command; nobody co-edits it.
"""

from __future__ import annotations

from typing import Any

from pycrdt import Text

LONG_FIELDS: dict[str, tuple[str, ...]] = {
    "ideas": ("description",),
    "fishbone": ("text", "whys", "evidence.source", "five_w_one_h"),
    "vsm": ("notes",),
    "rollout": ("detail", "mitigation"),
    "pilot": ("changes.text", "changes.reason"),
    "workshop": ("a3",),
    "notes": ("text",),
}


def shared(value: Any) -> Text:
    """A new shared text holding ``value`` (a string; anything else as empty text)."""
    return Text(value if isinstance(value, str) else "")


def shared_fields(fields: dict[str, Any], long: tuple[str, ...]) -> dict[str, Any]:
    """``fields`` with each of the ``long`` ones that holds a string as a shared ``Text``."""
    return {k: shared(v) if k in long and isinstance(v, str) else v for k, v in fields.items()}
