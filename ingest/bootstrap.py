"""Build a warehouse from sample_data/ on first start, so a newcomer sees real-looking data at once."""

from __future__ import annotations

import csv
import os
from datetime import datetime
from pathlib import Path
from typing import Callable

from base.settings import archive_dir
from warehouse import PROJECT_ROOT, Warehouse

from .loader import ACCEPTED, load_file

SAMPLE_DIR = PROJECT_ROOT / "sample_data"


class SampleLoadError(RuntimeError):
    """A sample workbook was not accepted: the sample data and the spec disagree."""


def build_sample_warehouse(
    path: Path, sample_dir: Path | None = None, progress: Callable[[int, int], None] | None = None
) -> int:
    """Load every workbook of the manifest with its real receipt time; returns the number loaded.

    Built under a temporary name and renamed at the end, so an interrupted build leaves no warehouse.
    """
    path = Path(path)
    sample_dir = sample_dir or SAMPLE_DIR
    with (sample_dir / "manifest.csv").open(encoding="utf-8", newline="") as f:
        entries = list(csv.DictReader(f))
    building = path.with_name(path.name + ".building")
    for leftover in (building, building.with_name(building.name + ".wal")):
        leftover.unlink(missing_ok=True)
    with Warehouse(building, archive=archive_dir(path)) as wh:  # the archive of the warehouse it becomes
        for i, entry in enumerate(entries, start=1):
            result = load_file(
                wh,
                sample_dir / entry["file"],
                received_at=datetime.fromisoformat(entry["received_at"]),
                received_from=entry["received_from"],
            )
            if result.status != ACCEPTED:
                raise SampleLoadError(
                    f"{entry['file']}: {result.status} {[str(p) for p in result.errors[:3]]}"
                )
            if progress:
                progress(i, len(entries))
    os.replace(building, path)
    return len(entries)


def ensure_warehouse(path: Path, progress: Callable[[int, int], None] | None = None) -> bool:
    """Build the warehouse from the sample data if the file does not exist; True if it was built."""
    if Path(path).exists():
        return False
    build_sample_warehouse(path, progress=progress)
    return True
