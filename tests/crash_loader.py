"""A loading process for tests/test_crash_safety.py, which kills it with SIGKILL at random points.

    python tests/crash_loader.py WAREHOUSE FILE_LIST [CHECKPOINT_THRESHOLD]

Opens Warehouse(WAREHOUSE) and loads every workbook named in FILE_LIST (one path a line)
with load_file, in order. Prints, flushed, "opening" before opening the warehouse, "ready"
once it is open, "loaded <status> <submission_id> <supersedes> <file name>" after each load
has committed, and "done" at the end. CHECKPOINT_THRESHOLD (e.g. 1kB) makes DuckDB checkpoint
after nearly every commit, so that kills also land inside checkpoints.
"""

from __future__ import annotations

import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from ingest.loader import load_file  # noqa: E402
from warehouse import Warehouse  # noqa: E402


def main(argv: list[str]) -> int:
    warehouse_path, file_list = Path(argv[1]), Path(argv[2])
    checkpoint_threshold = argv[3] if len(argv) > 3 else None
    files = [Path(line) for line in file_list.read_text(encoding="utf-8").splitlines() if line.strip()]
    print("opening", flush=True)
    with Warehouse(warehouse_path) as wh:
        if checkpoint_threshold:
            wh.cursor().execute(f"SET checkpoint_threshold = '{checkpoint_threshold}'")
        print("ready", flush=True)
        for path in files:
            result = load_file(wh, path)
            print(
                f"loaded {result.status} {result.submission_id} {result.supersedes} {path.name}", flush=True
            )
    print("done", flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
