"""Downloading an export and reading every byte a reader can get at, as text: PDF text,
the XML inside XLSX, every CSV in a zip, a JSON snapshot with its documents decoded."""

from __future__ import annotations

import base64
import io
import json
import urllib.error
import urllib.request
import zipfile
from typing import Any

from pycrdt import Array, Doc, Map
from pypdf import PdfReader

from .server import Server


def download(server: Server, path: str, token: str) -> tuple[int, bytes]:
    request = urllib.request.Request(
        server.url + path, headers={"authorization": f"Bearer {token}"}
    )
    try:
        with urllib.request.urlopen(request, timeout=120) as answer:
            return answer.status, answer.read()
    except urllib.error.HTTPError as error:
        return error.code, error.read()


MAP_ROOTS = ("cards", "revealed_cards", "round", "tallies", "voters", "readings", "feedback")


def docs_of(entry: dict[str, Any]) -> dict[str, Any]:
    """A board's exported documents decoded: their bytes and the maps the checks look at."""
    out: dict[str, Any] = {}
    for room in ("content", "ledger"):
        raw = base64.b64decode(entry["documents"][room])
        doc: Doc = Doc()
        doc.apply_update(raw)
        out[room] = raw
        out[room + "_py"] = {name: doc.get(name, type=Map).to_py() or {} for name in MAP_ROOTS}
        if room == "ledger":
            out["ledger_py"]["corrections"] = doc.get("corrections", type=Array).to_py() or []
    return out


def texts(fmt: str, body: bytes) -> list[str]:
    """Everything a reader of the file can get at, as text."""
    if fmt == "pdf":
        reader = PdfReader(io.BytesIO(body))
        meta = [str(v) for v in (reader.metadata or {}).values()]
        return [page.extract_text() for page in reader.pages] + meta
    if fmt in ("zip", "raci.xlsx", "actions.xlsx"):
        with zipfile.ZipFile(io.BytesIO(body)) as archive:
            return [archive.read(name).decode("utf-8") for name in archive.namelist()]
    if fmt == "json":
        snapshot = json.loads(body)
        decoded = [docs_of(b) for b in snapshot["boards"]]
        return [
            body.decode("utf-8"),
            *(
                d[room].decode("utf-8", "replace")
                for d in decoded
                for room in ("content", "ledger")
            ),
            json.dumps([[d["content_py"], d["ledger_py"]] for d in decoded], ensure_ascii=False),
        ]
    return [body.decode("utf-8")]
