"""Loads that meet: the file held by another process, seventeen regions at once, the server's threads."""

import json
import os
import subprocess
import sys
import threading

import pytest

from ingest.loader import load_bytes
from warehouse import Warehouse

from .conftest import ROOT, write_filled

pytestmark = pytest.mark.slow

HOLD = """
import sys, time
sys.path.insert(0, {root!r})
from warehouse import Warehouse
wh = Warehouse({path!r})
print("holding", flush=True)
time.sleep({seconds})
wh.close()
"""


def _env(path, **extra):
    return dict(os.environ, PILOT_WAREHOUSE=str(path), PILOT_ARCHIVE=str(path.parent / "archive"), **extra)


def _held(tmp_path, catalog, seconds):
    """A warehouse that another process holds for `seconds`, and a valid workbook to load into it."""
    path = tmp_path / "held.duckdb"
    Warehouse(path, catalog).close()
    holder = subprocess.Popen(
        [sys.executable, "-c", HOLD.format(root=str(ROOT), path=str(path), seconds=seconds)],
        stdout=subprocess.PIPE,
        text=True,
    )
    assert holder.stdout.readline().strip() == "holding"
    return path, holder, write_filled(catalog, tmp_path / "hz.xlsx", "hangzhou", "2019Q3")


def test_a_load_waits_for_the_process_holding_the_file_and_says_so(tmp_path, catalog):
    path, holder, book = _held(tmp_path, catalog, seconds=2)
    load = subprocess.run(
        [sys.executable, "-m", "ingest", "load", str(book), "--json"],
        cwd=ROOT,
        env=_env(path),
        capture_output=True,
        text=True,
        timeout=120,
    )
    holder.wait(timeout=30)
    assert load.returncode == 0, load.stderr
    assert json.loads(load.stdout)["status"] == "accepted"
    assert "数据仓库正被进程" in load.stderr and "等待其释放后继续" in load.stderr
    assert "database is locked" not in load.stderr.lower()


def test_a_load_that_cannot_wait_longer_says_why(tmp_path, catalog):
    path, holder, book = _held(tmp_path, catalog, seconds=6)
    load = subprocess.run(
        [sys.executable, "-m", "ingest", "load", str(book)],
        cwd=ROOT,
        env=_env(path, PILOT_LOCK_WAIT="1"),
        capture_output=True,
        text=True,
        timeout=120,
    )
    holder.kill()
    assert load.returncode == 2
    assert "已等待 1 秒仍未释放" in load.stderr and "Traceback" not in load.stderr


def test_seventeen_regions_uploading_at_the_same_moment_all_land(tmp_path, catalog):
    path = tmp_path / "busy.duckdb"
    Warehouse(path, catalog).close()
    books = [write_filled(catalog, tmp_path / f"{r.code}.xlsx", r.code, "2019Q4") for r in catalog.regions]
    procs = [
        subprocess.Popen(
            [sys.executable, "-m", "ingest", "load", str(b), "--json"],
            cwd=ROOT,
            env=_env(path),
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        for b in books
    ]
    outcomes = [(p.wait(timeout=300), p.stdout.read()) for p in procs]
    assert [code for code, _ in outcomes] == [0] * 17
    assert sorted(json.loads(out)["region"] for _, out in outcomes) == sorted(r.name for r in catalog.regions)
    with Warehouse(path, catalog) as wh:
        assert wh.cursor().execute(
            "SELECT count(DISTINCT region_code), count(*) FROM submission"
        ).fetchone() == (17, 17)
        assert wh.cursor().execute("SELECT count(*) FROM fact_trade").fetchone()[0] == 17 * 12


def test_the_servers_threads_all_land(tmp_path, catalog):
    """Seventeen uploads through one shared connection at once, as the dashboard's script threads do."""
    books = {
        r.code: write_filled(catalog, tmp_path / f"{r.code}.xlsx", r.code, "2020Q1").read_bytes()
        for r in catalog.regions
    }
    with Warehouse(tmp_path / "server.duckdb", catalog, idle_close=0.5) as wh:
        results = {}
        threads = [
            threading.Thread(target=lambda c=c, d=d: results.setdefault(c, load_bytes(wh, d, f"{c}.xlsx")))
            for c, d in books.items()
        ]
        for t in threads:
            t.start()
        for t in threads:
            t.join(timeout=120)
        assert sorted(r.status for r in results.values()) == ["accepted"] * 17
        assert len({r.submission_id for r in results.values()}) == 17
        assert wh.query_df("SELECT count(*) AS n FROM submission")["n"][0] == 17
