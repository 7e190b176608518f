"""The templates a workshop can start from: built in (``boards.templates``) and saved on
this server from a workshop's structure (table ``savedtemplate``)."""

from __future__ import annotations

import logging
from typing import Any

from pydantic import ValidationError
from sqlmodel import Session, col, select

from boards.templates import BUILT_IN, Template, built_in
from boards.templates.extract import structure
from boards.templates.structure import Structure

from .models import SavedTemplate, Workshop
from .snapshots import load_docs
from .workshops import boards_of

log = logging.getLogger("obeya.templates")
SAVED = "saved:"  # id prefix of a saved template, so it never collides with a built-in id
MAX_SAVED = 500


class TooManyTemplates(Exception):
    pass


def save(session: Session, workshop: Workshop, title: str, description: str) -> SavedTemplate:
    """Store ``workshop``'s structure (read from its documents; nothing participants added)."""
    count = len(session.exec(select(SavedTemplate.id)).all())
    if count >= MAX_SAVED:
        raise TooManyTemplates(count)
    boards = boards_of(session, workshop.id)
    home = next((b for b in boards if b.kind == "workshop"), None)
    found = structure(
        ((b.kind, b.title, *load_docs(session, b.id)) for b in boards if b.kind != "workshop"),
        load_docs(session, home.id) if home else None,
    )
    row = SavedTemplate(
        title=title,
        description=description,
        language=workshop.language,
        structure_json=found.model_dump_json(),
    )
    session.add(row)
    return row


def as_template(row: SavedTemplate) -> Template:
    return Template(
        id=SAVED + row.id,
        title=row.title,
        description=row.description,
        structure=Structure.model_validate_json(row.structure_json),
        saved=True,
    )


def find(session: Session, template_id: str, language: str) -> Template | None:
    if template_id.startswith(SAVED):
        row = session.get(SavedTemplate, template_id.removeprefix(SAVED))
        try:
            return None if row is None else as_template(row)
        except ValidationError:
            return None
    return built_in(template_id, language)


def listing(session: Session, language: str) -> list[dict[str, Any]]:
    """Built-in templates in ``language``, then the saved ones (newest first, any language:
    each says its own)."""
    rows = session.exec(select(SavedTemplate).order_by(col(SavedTemplate.created_at).desc())).all()
    templates = [(t[language], language) for t in BUILT_IN.values()]
    for row in rows:
        try:
            templates.append((as_template(row), row.language))
        except ValidationError:  # a row written by hand, or by an older schema: list the rest
            log.warning("unreadable saved template", extra={"template": row.id})
    return [view(t, lang) for t, lang in templates]


def view(template: Template, language: str) -> dict[str, Any]:
    return {
        "id": template.id,
        "title": template.title,
        "description": template.description,
        "language": language,
        "saved": template.saved,
        "boards": [{"kind": b.kind, "title": b.title} for b in template.structure.boards],
        "goals": len(template.structure.goals),
    }
