"""What a running ``obeya serve`` keeps loaded before anyone exports or evaluates a pilot:
numpy, SciPy, the export registry (pygal, Pillow, Jinja's export templates), WeasyPrint and
polars load on first use, so an idle server holds ~25 MB less (bench/README.md, issue 22)."""

from __future__ import annotations

from pathlib import Path

from tests.support.server import Server
from tests.support.workshop import make_workshop

# A shared object each of these libraries maps as soon as it is imported.
HEAVY = {
    "numpy": "_multiarray_umath",
    "scipy": "scipy/",
    "Pillow": "PIL/_imaging",
    "polars": "polars/",
    "lxml (pygal)": "lxml/etree",
    "WeasyPrint (Pango)": "libpango",
}


def mapped(pid: int) -> str:
    return Path(f"/proc/{pid}/maps").read_text()


def test_a_serving_server_has_not_loaded_the_analysis_and_export_libraries(
    server: Server,
) -> None:
    setup = make_workshop(server)  # boards created, a token checked: the server has served
    status, _ = server.request("GET", f"/api/boards/{setup.board_id}", token=setup.facilitator)
    assert status == 200
    maps = mapped(server.process.pid)
    assert "pycrdt" in maps  # the check reads the right process's mappings
    loaded = [name for name, marker in HEAVY.items() if marker in maps]
    assert loaded == []
