"""The system Chromium that the browser tests and the browser benchmark drive (browsers
cannot be downloaded here), with the flags that keep it quiet and headless-friendly."""

from __future__ import annotations

import os

CHROMIUM = os.environ.get("OBEYA_CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
    "--disable-dev-shm-usage",
]
