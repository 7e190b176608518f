"""The layout test corpus (issue 19): workshops whose reports must lay out on paper.

- ``demo-zh-CN`` and ``demo-en``: the demo workshop, created over HTTP as a visitor would;
- ``hostile-zh-CN`` and ``hostile-en``: the demo with every free text replaced by something
  hard (2,000 characters, 250-character URLs, emoji, Arabic and Hebrew mixed with Latin and
  Chinese, HTML-looking text), a 100-step value-stream map with long names, a 60 x 15 RACI,
  300 ideas and a fishbone of many long causes and whys -- written into the boards' CRDT
  documents with the kinds' own layout functions, then imported over HTTP as a client's
  export would be;
- ``empty``: a brand-new workshop with one empty board of every kind.

Run ``python -m tests.support.corpus OUT_DIR`` to write each report's PDF, its contact sheet
(PNG) and the checker's findings (``problems.txt``) for a person to look at.
"""

from __future__ import annotations

import base64
import itertools
import json
import os
import subprocess
import sys
import tempfile
import time
import urllib.request
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import ThreadPoolExecutor, as_completed
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from pycrdt import Array, Doc, Map, Text

from boards.fishbone.layout import CATEGORY_ORDER, add_cause
from boards.ideas.layout import cards_map, order_array, tallies_map
from boards.raci.layout import add_activity, add_role, set_cell
from boards.registry import USER_KINDS
from boards.vsm.layout import add_step

from . import pdfcheck
from .server import OBEYA, Server, running

LANGUAGES = ("zh-CN", "en")

URL = (
    "https://intranet.example.com/quality/complaints/handling/2026/process-improvement/"
    "value-stream/attachments/evidence?ticket=CMP-2026-000123456789&view=full&lang=zh-CN&from=rep"
    "&session=8f3a9c2d4b6e1f7a0c5d9e3b2a8f6c4d1e7b9a3c5f2d8e6b4a1c9f7d3e5b2a8c6f4"
)
assert len(URL) == 250, len(URL)
EMOJI = "😀👍🏽👨‍👩‍👧 🇨🇳"
ARABIC = "مراجعة الشكوى خلال ٣ أيام"
HEBREW = "בדיקת התלונה של הלקוח"
HTML = "<script>alert('x')</script> &amp; </td></tr><b>bold</b> &lt;"
WORDS = {
    "zh-CN": "客户投诉在多个部门之间来回转交，等待审批的时间远远超过实际处理时间，",
    "en": "The complaint is passed between several departments and waits for approval ",
}
# Short fields (names, owners, labels) and long ones (descriptions, notes, reasons) get
# different hard texts, in turn, so that every field meets every kind of difficulty.
SHORT_KEYS = frozenset(
    {"name", "department", "owner", "label", "title", "display_name", "decided_by", "by", "metric"}
)
LONG_KEYS = frozenset(
    {
        "text",
        "description",
        "notes",
        "detail",
        "mitigation",
        "rationale",
        "reason",
        "source",
        "figure",
        "baseline_source",
        "what",
        "why",
        "where",
        "when",
        "who",
        "how",
    }
)


def long_text(language: str, length: int = 2000) -> str:
    words = WORDS[language]
    return (words * (length // len(words) + 1))[:length]


def short_texts(language: str) -> list[str]:
    base = "审批部门" if language == "zh-CN" else "Approval office"
    return [
        f"{base} {EMOJI}",
        f"{ARABIC} {base}",
        f"{HEBREW} {base} 12",
        f"{base} {HTML}",
        URL,
        long_text(language, 120),
        f"{base}（{ARABIC}）{HEBREW}",
    ]


def long_texts(language: str) -> list[str]:
    base = long_text(language, 300)
    return [
        long_text(language),
        f"{base} {URL} {EMOJI} {ARABIC} {HEBREW} {HTML}",
        f"{ARABIC} {base[:80]} {HEBREW} {EMOJI}",
        f"{HTML} {base}",
        URL + URL,
    ]


@dataclass(frozen=True)
class Workshop:
    id: str
    token: str
    language: str


# --- writing hard content into a snapshot's documents -------------------------------------


def _rewrite_texts(doc: Doc, language: str) -> None:
    """Every free text of the document (a string or Text under a name, label, description...
    key, and the Text items of arrays such as whys) replaced by a hard one, in turn."""
    shorts, longs = itertools.cycle(short_texts(language)), itertools.cycle(long_texts(language))

    def visit(value: Any, key: str) -> None:
        if isinstance(value, Map):
            for k in list(value.keys()):
                item = value[k]
                if isinstance(item, str) and (k in SHORT_KEYS or k in LONG_KEYS):
                    value[k] = next(shorts if k in SHORT_KEYS else longs)
                else:
                    visit(item, k)
        elif isinstance(value, Array):
            for item in list(value):
                visit(item, key)
        elif isinstance(value, Text) and key:
            del value[0 : len(value)]
            value += next(shorts if key in SHORT_KEYS else longs)

    types = _root_types(doc)
    with doc.transaction():
        for name, kind in types.items():
            root = doc.get(name, type=kind)
            visit(root, "problem" if kind is Text else name)


def _root_types(doc: Doc) -> dict[str, type[Map] | type[Array] | type[Text]]:
    """The type of each root with content. A decoded document's roots are untyped until
    first read, and the first read decides: each type is tried on a scratch copy (a Text
    reads as an Array of characters, an Array as an empty Text)."""
    update = doc.get_update()
    types: dict[str, type[Map] | type[Array] | type[Text]] = {}
    for name in list(doc.keys()):
        for kind in (Map, Array, Text):
            scratch = Doc()
            scratch.apply_update(update)
            root = scratch.get(name, type=kind)
            if len(root) and (kind is not Text or str(root)):
                types[name] = kind  # a later Text wins over the Array of its characters
    return types


# The big boards keep their size (a 100-step map, a 60 x 15 RACI, 300 ideas) but carry the hard
# texts on one item in ``HARD_EVERY``: every kind of hard text still meets every field, a few
# pages of each show it, and the report is not 200 pages of the same difficulty.
HARD_EVERY = 10


def _hard(i: int) -> bool:
    return i % HARD_EVERY == 0


def _vsm(content: Doc, language: str) -> None:
    shorts = itertools.cycle(short_texts(language))
    step = "审批与复核环节" if language == "zh-CN" else "Approval and second review of the case"
    department = "客户服务与质量保证部" if language == "zh-CN" else "Customer service and quality"
    for state in ("current", "future"):
        for i in range(100 if state == "current" else 30):
            fields = {
                "name": f"{i + 1}. {step} {next(shorts)[:60] if _hard(i) else ''}".strip(),
                "department": f"{department} {i % 7}",
                "cycle_time": 5 + i % 11,
                "cycle_unit": "min",
                "wait_time": 1 + i % 5,
                "wait_unit": ("h", "d")[i % 2],
                "operators": 1 + i % 3,
                "pct_ca": 60 + i % 40,
                "klass": ("va", "nnva", "waste")[i % 3],
                "notes": next(shorts) if _hard(i) else "",
            }
            add_step(content, state, f"hostile-{state}-{i}", fields)


def _raci(content: Doc, language: str) -> None:
    shorts = itertools.cycle(short_texts(language))
    role = "质量经理" if language == "zh-CN" else "Quality manager"
    activity = "登记并分类客户投诉" if language == "zh-CN" else "Register and classify"
    roles = [f"hostile-role-{j}" for j in range(15)]
    for j, role_id in enumerate(roles):
        add_role(content, role_id, f"{role} {j + 1} {next(shorts)[:40]}")
    for i in range(60):
        activity_id = f"hostile-activity-{i}"
        name = f"{activity} {i + 1} {next(shorts)}" if _hard(i) else f"{activity} {i + 1}"
        add_activity(content, activity_id, name)
        for j, role_id in enumerate(roles):
            letters = "A" if j == i % 15 else ("R", "C", "I", "", "RC")[(i + j) % 5]
            set_cell(content, activity_id, role_id, letters)


def _ideas(content: Doc, ledger: Doc, language: str) -> None:
    shorts, longs = itertools.cycle(short_texts(language)), itertools.cycle(long_texts(language))
    idea = "用语义分析自动分类投诉" if language == "zh-CN" else "Classify complaints automatically"
    with content.transaction(), ledger.transaction():
        for i in range(300):
            card_id = f"hostile-idea-{i}"
            cards_map(content)[card_id] = Map(
                {
                    "title": f"{idea} {i + 1} {next(shorts)}" if _hard(i) else f"{idea} {i + 1}",
                    "description": next(longs)
                    if i % 100 == 0
                    else next(shorts)
                    if _hard(i)
                    else "",
                    "category": ("technology", "model", "organisational")[i % 3],
                    "author_id": "",
                    "author_name": next(shorts)[:40] if _hard(i) else f"P{i % 12}",
                    "anonymous": i % 4 == 0,
                    "cause_id": "",
                    "step_id": "",
                    "impact": 1 + i % 5,
                    "effort": 1 + (i * 3) % 5,
                    "group": "",
                }
            )
            order_array(content).append(card_id)
            tallies_map(ledger)[card_id] = i % 9


def _fishbone(content: Doc, language: str) -> None:
    shorts, longs = itertools.cycle(short_texts(language)), itertools.cycle(long_texts(language))
    categories = [str(c) for c in content.get(CATEGORY_ORDER, type=Array)]
    for i in range(20):
        category = categories[i % len(categories)]
        cause_id = f"hostile-cause-{i}"
        add_cause(
            content,
            cause_id,
            text=next(longs)[:400] if i % 3 else next(shorts),
            category=category,
            root=i % 9 == 0,
            votes=i % 6,
            whys=[next(longs)[:300], next(shorts), next(longs)[:200]]
            if i % 4 == 0
            else [next(shorts)],
        )
        if i % 4 == 0:
            add_cause(
                content,
                f"hostile-sub-{i}",
                text=next(shorts),
                category=category,
                parent=cause_id,
                whys=[next(shorts)],
            )


EXTRA: dict[str, Callable[[Doc, Doc, str], None]] = {
    "vsm": lambda content, _, language: _vsm(content, language),
    "raci": lambda content, _, language: _raci(content, language),
    "ideas": _ideas,
    "fishbone": lambda content, _, language: _fishbone(content, language),
}


def hostile_snapshot(snapshot: dict[str, Any]) -> dict[str, Any]:
    """A copy of a workshop snapshot (the JSON export) with hard content in every board."""
    language = snapshot["workshop"]["language"]
    out = json.loads(json.dumps(snapshot))
    meta = out["workshop"]
    meta["title"] = f"{meta['title']} {EMOJI} {ARABIC} {HTML}"
    meta["process"] = f"{meta['process']} {HEBREW} {URL}"
    meta["boundary"] = long_text(language)
    for board in out["boards"]:
        board["title"] = f"{board['title']} {EMOJI} {HEBREW}"
        docs = board["documents"]
        content, ledger = Doc(), Doc()
        content.apply_update(base64.b64decode(docs["content"]))
        ledger.apply_update(base64.b64decode(docs["ledger"]))
        _rewrite_texts(content, language)
        _rewrite_texts(ledger, language)  # feedback, decisions, go-live reasons
        if board["kind"] in EXTRA:
            EXTRA[board["kind"]](content, ledger, language)
        docs["content"] = base64.b64encode(content.get_update()).decode()
        docs["ledger"] = base64.b64encode(ledger.get_update()).decode()
    return out


# --- making the workshops on a real server ------------------------------------------------


# Making a workshop takes well under a second, but the corpus is built on a busy machine too.
CREATE_SECONDS = 120


def get(server: Server, path: str, token: str, timeout: float = 900) -> bytes:
    request = urllib.request.Request(
        server.url + path, headers={"authorization": f"Bearer {token}"}
    )
    with urllib.request.urlopen(request, timeout=timeout) as answer:
        assert answer.status == 200, answer.status
        return bytes(answer.read())


def _created(status: int, body: Any) -> Workshop:
    assert status == 201, body
    return Workshop(str(body["id"]), str(body["token"]), "")


def demo(server: Server, language: str) -> Workshop:
    title = "Demo" if language == "en" else "演示"
    status, body = server.request(
        "POST",
        "/api/workshops",
        {"title": title, "process": "", "boundary": "", "language": language, "demo": True},
        timeout=CREATE_SECONDS,
    )
    made = _created(status, body)
    return Workshop(made.id, made.token, language)


def hostile(server: Server, language: str) -> Workshop:
    source = demo(server, language)
    snapshot = json.loads(get(server, f"/api/workshops/{source.id}/export/json", source.token))
    request = urllib.request.Request(
        server.url + "/api/workshops/import",
        data=json.dumps(hostile_snapshot(snapshot)).encode(),
        method="POST",
        headers={"content-type": "application/json"},
    )
    with urllib.request.urlopen(request, timeout=CREATE_SECONDS) as answer:
        made = _created(answer.status, json.loads(answer.read()))
    return Workshop(made.id, made.token, language)


def empty(server: Server, language: str = "en") -> Workshop:
    title = "New workshop" if language == "en" else "新工作坊"
    status, body = server.request(
        "POST",
        "/api/workshops",
        {"title": title, "process": "", "language": language},
        timeout=CREATE_SECONDS,
    )
    made = _created(status, body)
    for kind in USER_KINDS:
        status, board = server.request(
            "POST",
            f"/api/workshops/{made.id}/boards",
            {"kind": kind, "title": kind},
            token=made.token,
            timeout=CREATE_SECONDS,
        )
        assert status == 201, board
    return Workshop(made.id, made.token, language)


BUILDERS: dict[str, Callable[[Server], Workshop]] = {
    "demo-zh-CN": lambda s: demo(s, "zh-CN"),
    "demo-en": lambda s: demo(s, "en"),
    "hostile-zh-CN": lambda s: hostile(s, "zh-CN"),
    "hostile-en": lambda s: hostile(s, "en"),
    "empty-zh-CN": lambda s: empty(s, "zh-CN"),
    "empty-en": lambda s: empty(s, "en"),
}


def pdf(server: Server, workshop: Workshop) -> bytes:
    return get(server, f"/api/workshops/{workshop.id}/export/pdf", workshop.token)


def cli_pdf(server: Server, workshop: Workshop, out: Path) -> bytes:
    """The report from ``obeya export`` in a new process, reading the server's database."""
    subprocess.run(
        [str(OBEYA), "export", workshop.id, "-o", str(out), "--data-dir", str(server.data_dir)],
        check=True,
        capture_output=True,
        timeout=600,
        env={**os.environ, "OBEYA_DATA_DIR": str(server.data_dir)},
    )
    return out.read_bytes()


def build(server: Server, names: tuple[str, ...] = tuple(BUILDERS)) -> dict[str, Workshop]:
    return {name: BUILDERS[name](server) for name in names}


@dataclass(frozen=True)
class Rendered:
    name: str
    pdf: bytes
    seconds: float
    inspection: pdfcheck.Inspection

    @property
    def problems(self) -> list[pdfcheck.Problem]:
        return self.inspection.problems


# Made by ``obeya export`` in a cold process rather than over HTTP: both paths are exercised.
CLI = frozenset({"empty-zh-CN", "empty-en"})


def render_all(
    server: Server, out: Path, names: tuple[str, ...] = tuple(BUILDERS)
) -> Iterator[Rendered]:
    """Each report rendered once and inspected once (its PDF and contact sheet written to
    ``out``), as they finish. All are asked for at once, the longest first: the server's
    render pool runs as many as it has workers (the rest wait in its queue), the cold
    exports run in their own processes, and a finished report is inspected while the others
    render."""
    workshops = build(server, names)
    out.mkdir(parents=True, exist_ok=True)

    def one(name: str) -> Rendered:
        started = time.monotonic()
        if name in CLI:
            data = cli_pdf(server, workshops[name], out / f"{name}.pdf")
        else:
            data = pdf(server, workshops[name])
            (out / f"{name}.pdf").write_bytes(data)
        seconds = time.monotonic() - started
        inspection = pdfcheck.inspect(data, out / f"{name}.png")
        return Rendered(name, data, seconds, inspection)

    longest_first = sorted(names, key=lambda n: not n.startswith("hostile"))
    with ThreadPoolExecutor(max_workers=len(names)) as pool:
        for future in as_completed([pool.submit(one, name) for name in longest_first]):
            yield future.result()


def problems_txt(out: Path, rendered: Iterable[Rendered]) -> None:
    lines = []
    for result in rendered:
        lines.append(f"{result.name}: {result.inspection.pages} pages, {result.seconds:.1f} s, ")
        lines[-1] += f"{len(result.problems)} problems"
        lines += [f"  {p}" for p in result.problems]
    (out / "problems.txt").write_text("\n".join(lines) + "\n")


def main(argv: list[str]) -> int:
    if len(argv) < 1:
        print("usage: python -m tests.support.corpus OUT_DIR [NAME...]", file=sys.stderr)
        return 2
    out = Path(argv[0])
    names = tuple(argv[1:]) or tuple(BUILDERS)
    done = []
    with tempfile.TemporaryDirectory() as data, running(Path(data)) as server:
        for rendered in render_all(server, out, names):
            done.append(rendered)
            head = f"{rendered.name}: {rendered.inspection.pages} pages, "
            print(f"{head}{rendered.seconds:.1f} s, {len(rendered.problems)} problems", flush=True)
    problems_txt(out, sorted(done, key=lambda r: names.index(r.name)))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
