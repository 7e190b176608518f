"""Documents as the store holds them, read or changed without a server: for tests and the
benchmark that set up (or check) what a server will load."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from pycrdt import Doc
from sqlmodel import Session

from server import store
from server.db import make_engine


def stored_doc(session: Session, key: str) -> Doc:
    """The document ``key`` ("<board id>/<room>") built from its stored updates."""
    doc: Doc = Doc()
    for update in store.load_doc(session, key).updates:
        doc.apply_update(update)
    return doc


@contextmanager
def editing_stored(data_dir: Path, key: str) -> Iterator[Doc]:
    """The document ``key`` of a stopped server's SQLite store: what the block changes is
    appended as one update on top of what is stored, so it supersedes earlier values."""
    engine = make_engine(f"sqlite:///{(data_dir / 'obeya.db').resolve()}")
    try:
        with Session(engine) as session:
            doc = stored_doc(session, key)
            before = doc.get_state()
            yield doc
            store.append_updates(session, [(key, doc.get_update(before))])
            session.commit()
    finally:
        engine.dispose()
