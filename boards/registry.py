"""Board kinds by name. The server looks kinds up here and never imports one directly."""

from __future__ import annotations

from .common import COMMON_COMMANDS
from .fishbone import FishboneKind
from .ideas import IdeasKind
from .kind import BoardKind, CommandSpec
from .notes import NotesKind
from .pilot import PilotKind
from .raci import RaciKind
from .rollout import RolloutKind
from .vsm import VsmKind
from .workshop import WorkshopKind

KINDS: dict[str, BoardKind] = {
    kind.name: kind
    for kind in (
        WorkshopKind(),
        VsmKind(),
        FishboneKind(),
        RaciKind(),
        IdeasKind(),
        PilotKind(),
        RolloutKind(),
        NotesKind(),
    )
}

# Kinds a user may add to a workshop (the workshop board comes with the workshop).
USER_KINDS: tuple[str, ...] = tuple(name for name in KINDS if name != "workshop")


class UnknownKind(LookupError):
    pass


def get_kind(name: str) -> BoardKind:
    try:
        return KINDS[name]
    except KeyError:
        raise UnknownKind(f"unknown board kind {name!r}; expected one of {sorted(KINDS)}") from None


def command_spec(kind: BoardKind, name: str) -> CommandSpec | None:
    return kind.commands.get(name) or COMMON_COMMANDS.get(name)
