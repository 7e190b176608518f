"""What a running ``obeya serve`` keeps loaded before anyone exports or evaluates a pilot:
numpy, SciPy, the export registry (pygal, Pillow, Jinja's export templates), WeasyPrint and
polars load on first use, so an idle server holds ~25 MB less (bench/README.md, issue 22)."""

from __future__ import annotations

import os
import subprocess
import sys
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
    assert server.process is not None
    maps = mapped(server.process.pid)
    assert "pycrdt" in maps  # the check reads the right process's mappings
    loaded = [name for name, marker in HEAVY.items() if marker in maps]
    assert loaded == []


def test_a_server_without_redis_does_not_import_redis_py() -> None:
    """redis-py (~6 MB) is imported by the Redis broker only, when OBEYA_REDIS_URL is set."""
    script = (
        "import sys\n"
        "from server import cli\n"
        "from server.app import create_app\n"
        "create_app()\n"
        "print(sorted(m for m in sys.modules if m.split('.')[0] == 'redis'))\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", script],
        cwd=Path(__file__).resolve().parents[2],
        capture_output=True,
        text=True,
        check=True,
        env={k: v for k, v in os.environ.items() if k != "OBEYA_REDIS_URL"},
    )
    assert done.stdout.strip() == "[]"
