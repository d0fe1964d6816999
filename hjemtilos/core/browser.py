"""Real-browser test support: Playwright driving Debian's Chromium.

No browser is ever downloaded: ``make test`` installs the ``chromium`` package
with apt and this module points Playwright at ``/usr/bin/chromium``.
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path

CHROMIUM_ARGS = [
    "--headless=new",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    # The test machine has no internet; without these Chromium keeps trying.
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


def chromium_path() -> str:
    path = os.environ.get("CHROMIUM") or shutil.which("chromium") or "/usr/bin/chromium"
    if not Path(path).exists():
        raise RuntimeError(
            "Debian's chromium is required for browser tests: apt-get install chromium "
            "(make test installs it when run as root)."
        )
    return path
