"""Every received file, kept by its sha256 in the archive folder (settings: PILOT_ARCHIVE)."""

from __future__ import annotations

import os
from pathlib import Path

SUFFIXES = {".xlsx", ".xls", ".xlsm", ".csv", ".pdf"}


def archive_path(root: Path, sha256: str, file_name: str) -> Path:
    suffix = Path(file_name).suffix.lower()
    return root / sha256[:2] / (sha256 + (suffix if suffix in SUFFIXES else ".bin"))


def archive(root: Path, sha256: str, file_name: str, data: bytes) -> Path:
    """Write the file once (same content, same name); flushed to disk before the load goes on."""
    target = archive_path(root, sha256, file_name)
    if target.exists():
        return target
    target.parent.mkdir(parents=True, exist_ok=True)
    tmp = target.with_name(target.name + f".{os.getpid()}.tmp")
    with open(tmp, "wb") as f:
        f.write(data)
        f.flush()
        os.fsync(f.fileno())
    os.replace(tmp, target)
    return target
