"""Demo workshop snapshots (built through the real store) and their PDFs, made once."""

from __future__ import annotations

import copy
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import Engine
from sqlmodel import Session

from exports import render_pdf
from server import snapshots, workshops
from server.db import make_engine, migrate


@pytest.fixture(scope="session")
def engine(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Engine]:
    path = tmp_path_factory.mktemp("exports") / "obeya.db"
    engine = make_engine(f"sqlite:///{path}")
    migrate(engine)
    yield engine
    engine.dispose()


@pytest.fixture(scope="session")
def demo_ids(engine: Engine) -> dict[str, str]:
    ids = {}
    with Session(engine) as session:
        for language in ("zh-CN", "en"):
            ids[language] = workshops.create_demo(session, language).workshop.id
        session.commit()
    return ids


@pytest.fixture(scope="session")
def demo(engine: Engine, demo_ids: dict[str, str]) -> dict[str, dict[str, Any]]:
    with Session(engine) as session:
        return {lang: snapshots.workshop_snapshot(session, wid) for lang, wid in demo_ids.items()}


@pytest.fixture
def snapshot(demo: dict[str, dict[str, Any]]) -> dict[str, Any]:
    """A private copy of the zh-CN demo snapshot, free to modify."""
    return copy.deepcopy(demo["zh-CN"])


@pytest.fixture(scope="session")
def pdfs(demo: dict[str, dict[str, Any]]) -> dict[str, bytes]:
    return {lang: render_pdf(snap) for lang, snap in demo.items()}


@pytest.fixture(scope="session")
def artifacts() -> Path:
    path = Path(__file__).resolve().parents[2] / "artifacts" / "report"
    path.mkdir(parents=True, exist_ok=True)
    return path
