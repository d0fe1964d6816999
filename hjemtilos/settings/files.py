"""The local data folder (``var/``) and the SQLite file, readable by their owner only.

``var/`` holds the generated secrets, the SQLite database and the uploaded
photos: other accounts on the machine must not read any of it. A folder or
file made by an older version with looser permissions is tightened at start,
if this process owns it.
"""

from __future__ import annotations

import os
from pathlib import Path

OWNER_ONLY_DIR = 0o700
OWNER_ONLY_FILE = 0o600


def _tighten(path: Path, mode: int) -> None:
    if path.stat().st_uid == os.getuid() and path.stat().st_mode & 0o777 != mode:
        path.chmod(mode)


def private_dir(path: Path) -> Path:
    """Create ``path`` (and its parents) if missing; owner-only either way."""
    path.mkdir(mode=OWNER_ONLY_DIR, parents=True, exist_ok=True)
    _tighten(path, OWNER_ONLY_DIR)
    return path


def private_file(path: Path) -> Path:
    """Create ``path`` empty if missing, never readable by others even for a moment."""
    os.close(os.open(path, os.O_CREAT | os.O_WRONLY, OWNER_ONLY_FILE))
    _tighten(path, OWNER_ONLY_FILE)
    return path


def write_private(path: Path, text: str) -> None:
    """Write ``text`` to a new owner-only file."""
    fd = os.open(path, os.O_CREAT | os.O_WRONLY | os.O_TRUNC, OWNER_ONLY_FILE)
    with os.fdopen(fd, "w", encoding="utf-8") as handle:
        handle.write(text)
