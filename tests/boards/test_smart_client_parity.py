"""The client stores a typed baseline or target as the number the server would read from
the same text: ``parseNumber`` in client/src/boards/workshop/schema.ts against
:func:`boards.smart.parse_number`, run in Node on the real client source."""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path

from boards.smart import parse_number
from tests.support.server import ROOT

CASES = [
    "12%", "3.5 天", "1,200", "1,200.5", "3,5", "1 200", "¥1,200.50", "约48小时", ".5", "-3",
    "48 h", "０.９５", "10-15", "abc", "", "TBD", "inf", "nan", "1e308", "1.200,5", "3 or 4",
]  # fmt: skip


def test_client_and_server_read_typed_numbers_alike(tmp_path: Path) -> None:
    client = ROOT / "client"
    esbuild = client / "node_modules" / ".bin" / "esbuild"
    node = shutil.which("node")
    assert esbuild.exists() and node, "run ./setup.sh install first (client build tools)"
    entry = tmp_path / "entry.ts"
    schema = client / "src" / "boards" / "workshop" / "schema"
    entry.write_text(
        f'import {{ parseNumber }} from "{schema.as_posix()}";\n'
        f"console.log(JSON.stringify({json.dumps(CASES)}.map((c) => parseNumber(c))));\n",
        encoding="utf-8",
    )
    bundle = tmp_path / "entry.cjs"
    subprocess.run(
        [str(esbuild), str(entry), "--bundle", "--platform=node", "--log-level=error",
         f"--outfile={bundle}"],
        check=True, cwd=client, timeout=60,
    )  # fmt: skip
    out = subprocess.run([node, str(bundle)], check=True, capture_output=True, timeout=60)
    client_values = json.loads(out.stdout)
    assert dict(zip(CASES, client_values, strict=True)) == {c: parse_number(c) for c in CASES}
