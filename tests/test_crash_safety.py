"""A real loading process killed with SIGKILL at random points, many times: the warehouse stays consistent.

tests/crash_loader.py opens the warehouse and loads workbooks in a loop, printing a line after
each committed load. Each round it is killed after a seeded random delay, either while it opens
the warehouse (migrations, dimension refresh) or inside its load loop; half the rounds make DuckDB
checkpoint after nearly every commit, so kills land inside checkpoints too. After every round the
warehouse is opened in this process and checked: every submission has all its fact rows, no fact
row is orphaned, one accepted submission per region and quarter, each superseded submission is
superseded by exactly one later one, and every load the process reported as committed is there.
"""

from __future__ import annotations

import io
import os
import queue
import random
import signal
import subprocess
import sys
import threading
import time
import zipfile
from dataclasses import dataclass, field
from pathlib import Path

import duckdb
import pytest

from ingest.loader import load_file
from warehouse import Warehouse

from .conftest import filled_content, write_filled

pytestmark = pytest.mark.slow

ROOT = Path(__file__).resolve().parent.parent
LOADER = Path(__file__).resolve().parent / "crash_loader.py"
SEED = 20240611
ROUNDS = 12
LOADS_PER_ROUND = 8
FACTS = ("fact_task_progress", "fact_measure_status", "fact_trade", "fact_experience", "fact_key_enterprise")
PHONE = b"010-88886666"  # filled_content's phone, an inline string of the 基本信息 sheet

# key, region, quarter, exports factor, experience items, a second measure row for one task
BASES = [
    ("a", "weihai", "2019Q4", 100.0, 2, False),
    ("b", "weihai", "2019Q4", 120.0, 0, False),  # re-submits a's region and quarter with other figures
    ("c", "beijing", "2019Q3", 90.0, 1, True),
    ("d", "beijing", "2019Q3", 95.0, 0, False),  # re-submits c's
    ("e", "harbin", "2020Q1", 100.0, 0, False),
    ("f", "shanghai", "2018Q4", 110.0, 3, True),
]
CASE_TYPES = ["制度创新", "经验做法", "最佳实践案例"]


def _base_workbooks(catalog, directory: Path) -> tuple[dict[str, bytes], dict[str, dict[str, int]]]:
    """The six base workbooks' bytes and, per base, the fact rows each table must get from it."""
    data, expected = {}, {}
    areas = list(catalog.areas.values())
    for key, region, period, exports, experience, extra_task in BASES:
        content = filled_content(catalog, region, period, exports=exports)
        tasks = content.tables["任务进展"]
        if extra_task:
            tasks.insert(1, dict(tasks[0], measure="第二项举措"))
        content.tables["经验案例"] = [
            {
                "title": f"{region}{period}案例{i}",
                "area": areas[i % len(areas)],
                "case_type": CASE_TYPES[i % 3],
                "practice": f"做法{i}",
            }
            for i in range(experience)
        ]
        data[key] = write_filled(catalog, directory / f"{key}.xlsx", region, period, content).read_bytes()
        expected[key] = {
            "fact_task_progress": len(tasks),
            "fact_measure_status": len(content.tables["开放便利举措"]),
            "fact_trade": 12,
            "fact_experience": experience,
            "fact_key_enterprise": len(content.tables["重点联系企业名录"]),
        }
    return data, expected


def _variant(data: bytes, number: int) -> bytes:
    """The same workbook with another phone number (same length): new content, never a duplicate."""
    phone = f"010-8{number:07d}".encode()
    out = io.BytesIO()
    replaced = 0
    with zipfile.ZipFile(io.BytesIO(data)) as src, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            body = src.read(info)
            replaced += body.count(PHONE)
            dst.writestr(info, body.replace(PHONE, phone))
    assert replaced == 1
    return out.getvalue()


def _write_round(bases: dict[str, bytes], directory: Path, round_no: int) -> Path:
    """LOADS_PER_ROUND variants, cycling through the bases; returns the file listing them."""
    directory.mkdir()
    keys = [b[0] for b in BASES]
    paths = []
    for k in range(LOADS_PER_ROUND):
        key = keys[(round_no * LOADS_PER_ROUND + k) % len(keys)]
        path = directory / f"{key}-r{round_no:02d}-{k:02d}.xlsx"
        path.write_bytes(_variant(bases[key], round_no * 100 + k))
        paths.append(str(path))
    listing = directory / "files.txt"
    listing.write_text("\n".join(paths) + "\n", encoding="utf-8")
    return listing


@dataclass
class Run:
    proc: subprocess.Popen
    started: float
    lines: list[tuple[float, str]] = field(default_factory=list)
    _queue: queue.Queue = field(default_factory=queue.Queue)

    def wait_for(self, prefix: str, timeout: float = 30.0) -> float:
        """Collect output until a line starting with `prefix`; returns when it arrived."""
        deadline = time.monotonic() + timeout
        while True:
            item = self._queue.get(timeout=max(0.01, deadline - time.monotonic()))
            if item is None:
                raise AssertionError(f"loader ended before {prefix!r}: {self.lines} {self.stderr()}")
            self.lines.append(item)
            if item[1].startswith(prefix):
                return item[0]

    def finish(self) -> None:
        self.proc.wait(timeout=30)
        while (item := self._queue.get(timeout=30)) is not None:
            self.lines.append(item)

    def stderr(self) -> str:
        return self.proc.stderr.read() if self.proc.poll() is not None else ""

    def loaded(self) -> list[list[str]]:
        return [line.split(" ", 4)[1:] for _, line in self.lines if line.startswith("loaded ")]

    def done(self) -> bool:
        return any(line == "done" for _, line in self.lines)


def _start(warehouse: Path, listing: Path, checkpoint_threshold: str | None) -> Run:
    args = [sys.executable, str(LOADER), str(warehouse), str(listing)] + (
        [checkpoint_threshold] if checkpoint_threshold else []
    )
    env = dict(os.environ, PYTHONPATH=str(ROOT))
    proc = subprocess.Popen(
        args, cwd=ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, bufsize=1
    )
    run = Run(proc, time.monotonic())

    def read():
        for line in proc.stdout:
            run._queue.put((time.monotonic(), line.rstrip("\n")))
        run._queue.put(None)

    threading.Thread(target=read, daemon=True).start()
    return run


def _check_invariants(con, expected: dict[str, dict[str, int]], catalog) -> None:
    q = lambda sql: con.execute(sql).fetchall()  # noqa: E731
    # the dimension refresh is one transaction: a kill inside it leaves the previous dimensions
    assert q("SELECT count(*) FROM dim_region") == [(len(catalog.regions),)]
    assert q("SELECT count(*) FROM dim_task") == [(len(catalog.tasks),)]

    subs = q("SELECT id, region_code, period, status, supersedes, file_name FROM submission ORDER BY id")
    assert {s[3] for s in subs} <= {"accepted", "superseded"}
    assert q("SELECT count(*) - count(DISTINCT sha256) FROM submission") == [(0,)]

    # every submission's fact rows are all there, and no fact row belongs to a missing submission
    for table in FACTS:
        counts = dict(q(f"SELECT submission_id, count(*) FROM {table} GROUP BY ALL"))
        for sid, _, _, _, _, file_name in subs:
            want = expected[file_name.split("-")[0]][table]
            assert counts.get(sid, 0) == want, (table, sid, file_name, counts.get(sid, 0), want)
        assert q(f"SELECT count(*) FROM {table} WHERE submission_id NOT IN (SELECT id FROM submission)") == [
            (0,)
        ], table

    # one accepted submission per region and quarter, and it is the latest
    by_pair: dict[tuple[str, str], list] = {}
    for s in subs:
        by_pair.setdefault((s[1], s[2]), []).append(s)
    for pair, rows in by_pair.items():
        assert [r[3] for r in rows].count("accepted") == 1, (pair, rows)
        assert rows[-1][3] == "accepted", (pair, rows)

    # each superseded submission is superseded by exactly one later submission of its region and quarter
    by_id = {s[0]: s for s in subs}
    for sid, region, period, status, _, _ in subs:
        referrers = [s for s in subs if s[4] == sid]
        if status == "superseded":
            assert len(referrers) == 1, (sid, referrers)
            assert referrers[0][0] > sid and referrers[0][1:3] == (region, period)
        else:
            assert referrers == [], (sid, referrers)
    for s in subs:
        if s[4] is not None:
            assert s[4] in by_id and by_id[s[4]][3] == "superseded", s

    # the receipt log, where the schema has one, is written in the load's transaction
    if q("SELECT count(*) FROM duckdb_tables() WHERE table_name = 'receipt'") == [(1,)]:
        assert q(
            "SELECT count(*) FROM receipt WHERE submission_id IS NOT NULL "
            "AND submission_id NOT IN (SELECT id FROM submission)"
        ) == [(0,)]
        accepted = dict(
            q("SELECT submission_id, count(*) FROM receipt WHERE status = 'accepted' GROUP BY ALL")
        )
        assert all(accepted.get(s[0]) == 1 for s in subs), accepted


def test_killed_loader_leaves_a_consistent_warehouse(tmp_path, catalog):
    t0 = time.monotonic()
    bases, expected = _base_workbooks(catalog, tmp_path)
    path = tmp_path / "warehouse.duckdb"
    rng = random.Random(SEED)

    # calibration: one run to completion creates the warehouse and times opening and loading
    run = _start(path, _write_round(bases, tmp_path / "r00", 0), None)
    opening = run.wait_for("opening")
    ready = run.wait_for("ready")
    finished = run.wait_for("done")
    run.finish()
    assert run.proc.returncode == 0, run.stderr()
    assert [status for status, *_ in run.loaded()] == ["accepted"] * LOADS_PER_ROUND
    startup, open_time, loop_time = ready - run.started, ready - opening, finished - ready
    with duckdb.connect(str(path)) as con:
        _check_invariants(con, expected, catalog)

    report = []
    for round_no in range(1, ROUNDS + 1):
        listing = _write_round(bases, tmp_path / f"r{round_no:02d}", round_no)
        # a quarter of the kills while the warehouse opens, the rest inside the load loop
        phase = "open" if round_no % 4 == 1 else "load"
        checkpoint_threshold = "1kB" if round_no % 2 == 0 else None
        run = _start(path, listing, checkpoint_threshold)
        if phase == "open":
            run.wait_for("opening")
            delay = rng.uniform(0.0, 1.5 * open_time)
        else:
            run.wait_for("ready")
            delay = rng.uniform(0.1, 1.0) * loop_time
        time.sleep(delay)
        run.proc.send_signal(signal.SIGKILL)
        run.finish()
        assert run.proc.returncode in (-signal.SIGKILL, 0), run.stderr()

        loaded = run.loaded()
        assert all(status == "accepted" for status, *_ in loaded), loaded
        with duckdb.connect(str(path)) as con:
            _check_invariants(con, expected, catalog)
            # every load reported as committed survived the kill; at most the one in flight more
            mine = dict(
                con.execute(
                    "SELECT file_name, id FROM submission WHERE file_name LIKE ?", [f"%-r{round_no:02d}-%"]
                ).fetchall()
            )
        for _, sid, _, name in loaded:
            assert mine.get(name) == int(sid), (name, sid, mine)
        if run.done():
            assert len(mine) == LOADS_PER_ROUND
        else:
            assert len(mine) in (len(loaded), len(loaded) + 1), (loaded, mine)
        report.append((round_no, phase, checkpoint_threshold, round(delay, 3), len(loaded), run.done()))

    mid_loop = [r for r in report if r[4] >= 1 and not r[5]]
    print(
        f"\nstartup {startup:.3f}s (open {open_time:.3f}s), load loop {loop_time:.3f}s for {LOADS_PER_ROUND} loads; "
        f"{ROUNDS} rounds, {len(mid_loop)} killed mid-loop; total {time.monotonic() - t0:.1f}s"
    )
    for r in report:
        print("round %2d  %-4s  checkpoint=%-4s  delay %.3fs  loads committed %d  finished %s" % r)
    assert len(mid_loop) >= 3, report  # the kills really did land between committed loads

    # the warehouse still opens normally and the id sequence continues
    with Warehouse(path, catalog) as wh:
        (max_id,) = wh.cursor().execute("SELECT max(id) FROM submission").fetchone()
        result = load_file(wh, write_filled(catalog, tmp_path / "after.xlsx", "nanjing", "2020Q2"))
        assert result.status == "accepted" and result.submission_id > max_id
        assert (
            wh.query_df("SELECT count(*) AS n FROM v_trade WHERE submission_id = ?", [result.submission_id])[
                "n"
            ][0]
            == 12
        )
