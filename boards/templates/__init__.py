"""Workshop templates: the built-in ones for the seed's scenarios, one module each, in both
languages. Each is a :class:`~.structure.Structure` with a title and a description."""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel

from . import bottleneck, compliance, digital, new_business, responsibilities
from .structure import Structure

LANGUAGES = ("zh-CN", "en")


class Template(BaseModel):
    id: str
    title: str
    description: str
    structure: Structure
    saved: bool = False  # saved on this server from a workshop (not built in)


def _load(template_id: str, data: dict[str, dict[str, Any]]) -> dict[str, Template]:
    out = {}
    for language in LANGUAGES:
        raw = dict(data[language])
        title, description = str(raw.pop("title")), str(raw.pop("description"))
        structure = Structure.model_validate(raw)
        out[language] = Template(
            id=template_id, title=title, description=description, structure=structure
        )
    return out


BUILT_IN: dict[str, dict[str, Template]] = {
    name: _load(name, module.TEMPLATE)
    for name, module in (
        ("bottleneck", bottleneck),
        ("digital", digital),
        ("responsibilities", responsibilities),
        ("new_business", new_business),
        ("compliance", compliance),
    )
}


def built_in(template_id: str, language: str) -> Template | None:
    found = BUILT_IN.get(template_id)
    return None if found is None else found.get(language) or found["en"]
