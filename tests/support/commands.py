"""A board of one kind as the server holds it, for domain tests of its commands: the two
documents and the private state, which the server persists as JSON between commands. Commands
run the way ``server/commands.py`` runs them, minus HTTP: the role is checked, the payload
validated, the handler called with a :class:`CommandContext`."""

from __future__ import annotations

import json
from collections.abc import Mapping
from datetime import UTC, datetime
from typing import Any

import pytest
from pycrdt import Doc

from boards.kind import Actor, BoardKind, CommandContext, CommandError, RelatedBoard


class KindBoard:
    def __init__(self, kind: BoardKind, now: datetime | None = None) -> None:
        self.kind = kind
        self.now = now  # None: the clock at each command
        self.content, self.ledger = Doc(), Doc()
        self.private: dict[str, Any] = {}
        self.related: Mapping[str, RelatedBoard] = {}  # what the server passes a ``reads`` spec
        kind.seed(self.content, self.ledger, language="en", demo=False)

    def run(self, actor: Actor, name: str, **payload: Any) -> dict[str, Any]:
        spec = self.kind.commands[name]
        assert actor.role in spec.roles, f"{actor.role} may not run {name}"
        ctx = CommandContext(
            actor,
            self.content,
            self.ledger,
            self.private,
            self.now or datetime.now(UTC),
            related=self.related,
        )
        result = spec.handler(ctx, spec.payload.model_validate(payload))
        self.private = json.loads(json.dumps(ctx.private))
        return result

    def fails(self, actor: Actor, name: str, **payload: Any) -> CommandError:
        """The command's refusal; a refused command writes nothing, anywhere."""
        before = self.ledger.get_update(), json.dumps(self.private)
        with pytest.raises(CommandError) as caught:
            self.run(actor, name, **payload)
        assert (self.ledger.get_update(), json.dumps(self.private)) == before, (
            "a refused command must write nothing"
        )
        return caught.value
