"""Benchmark: the indicators at national scale.

    .venv/bin/python bench/indicators.py [--enterprises 10000] [--period 2019Q4]

Builds (once, cached in bench/.cache/) a warehouse with the 17 regions × 8 quarters of sample region
workbooks plus `--enterprises` enterprises × 8 quarters × about 30 category–partner rows each
(≈ 2.4M enterprise rows at 10,000), inserted straight into the fact table under one enterprise
submission per region and quarter. Then, each case in a fresh process (cold: the process's first
call; its imports are done before the clock starts):
  baseline   one full scan of fact_enterprise_trade (count and sum), the floor a query cannot beat
  <family>   each indicator family: its warehouse reads and its pandas transform
  scores     indicators.scores for the quarter (every family, composite, rank change: two quarters)
  cached     the dashboard's cached scores (ui._scores) called a second time
It prints seconds, the ratio to the baseline, and each process's peak memory (VmHWM).
Targets (issue 4): scores < 0.5 s cold, any family < 0.2 s, memory < 1 GB.
"""

from __future__ import annotations

import argparse
import json
import shutil
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
CACHE = ROOT / "bench" / ".cache"
sys.path.insert(0, str(ROOT))

FAMILIES = {
    "tasks": "task_indicators(queries.carried_tasks(wh), queries.task_progress(wh, P), "
    "set(queries.submitted_regions(wh, P)['region_code']), Quarter.parse(P).end, list(range(1, 9)))",
    "opening": "opening_indicators(queries.measure_status(wh, P), wh.catalog.start)",
    "trade": "trade_indicators(queries.trade_by_category(wh, "
    "[P, Quarter.parse(P).year_earlier().code, Quarter.parse(P).previous().code]), P, {6,7,8,9,10,11})",
    "enterprises": "enterprise_indicators(queries.key_enterprise_lists(wh, P), queries.reporting_enterprises(wh, P), "
    "cross_check(queries.enterprise_by_category(wh, P), queries.trade_by_category(wh, [P]), 6.8985))",
    "experience": "experience_indicators(queries.experience_items(wh, P), adoptions(wh), 6)",
    "reporting": "reporting_rates(reporting_status(queries.regions(wh), queries.quarters(wh), "
    "queries.first_receipts(wh), 6, date(2021, 1, 1)))",
    "warnings": "indicators.warnings(wh, P)",
    "scores": "indicators.scores(wh, P)",
}
SETUP = """
import sys, time, json
from datetime import date
sys.path.insert(0, {root!r})
import indicators
from warehouse import figures as queries
from warehouse.adoption import adoptions
from indicators.tasks import task_indicators
from indicators.opening import opening_indicators
from indicators.trade import trade_indicators
from indicators.enterprises import enterprise_indicators, cross_check
from indicators.experience import experience_indicators
from indicators.reporting import reporting_rates, reporting_status
from reference import Quarter
from warehouse import Warehouse
wh = Warehouse({path!r})
P = {period!r}
"""
TIMED = """
t = time.perf_counter()
{body}
elapsed = time.perf_counter() - t
peak_kb = int(next(line for line in open("/proc/self/status") if line.startswith("VmHWM")).split()[1])
print(json.dumps({{"seconds": elapsed, "peak_mb": peak_kb / 1024}}))
"""
BASELINE = "wh.query_df('SELECT count(*) AS n, sum(exports_usd) AS e FROM fact_enterprise_trade')"
CACHED = """
import ui
version = wh.data_version()
ui._scores(str(wh.path), P, version)  # the first call fills the cache
"""


def build(enterprises: int) -> Path:
    path = CACHE / f"national_{enterprises}.duckdb"
    if path.exists():
        return path
    from ingest.bootstrap import build_sample_warehouse
    from warehouse import Warehouse

    CACHE.mkdir(parents=True, exist_ok=True)
    sample = CACHE / "sample.duckdb"
    if not sample.exists():
        build_sample_warehouse(sample)
    tmp = path.with_name(path.name + ".building")
    shutil.copy(sample, tmp)
    with Warehouse(tmp) as wh, wh.transaction() as cur:
        cur.execute("DELETE FROM fact_enterprise_trade")
        cur.execute("DELETE FROM submission WHERE kind = 'enterprise'")
        cur.execute("""INSERT INTO submission (kind, region_code, period, file_name, sha256, received_at, status, unit)
                       SELECT 'enterprise', r.code, q.period, 'bench.xlsx', md5(r.code || q.period),
                       q.deadline - 3, 'accepted', 'bench'
                       FROM dim_region r, dim_quarter q""")
        # enterprise i belongs to region i % 17; each has 30 (category, partner) rows per quarter
        cur.execute(f"""
            INSERT INTO fact_enterprise_trade
            SELECT s.id, (e.i * 30 + k.k)::INTEGER, '91' || lpad(e.i::VARCHAR, 16, '0'), '企业' || e.i,
                   (1 + (e.i + k.k) % 12)::INTEGER,
                   ['HKG','USA','JPN','SGP','KOR','DEU','GBR','AUS','CAN','FRA'][1 + k.k % 10],
                   ((e.i * 7 + k.k * 13) % 1000)::DOUBLE, ((e.i * 3 + k.k * 11) % 500)::DOUBLE
            FROM range({enterprises}) e(i), range(30) k(k), dim_region r, submission s
            WHERE r.seq = 1 + e.i % 17 AND s.kind = 'enterprise' AND s.region_code = r.code""")
    shutil.move(tmp, path)
    return path


def measure(path: Path, period: str, body: str, extra: str = "") -> dict:
    code = SETUP.format(root=str(ROOT), path=str(path), period=period) + extra + TIMED.format(body=body)
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT)
    if out.returncode:
        raise SystemExit(out.stderr[-3000:])
    return json.loads(out.stdout.strip().splitlines()[-1])


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--enterprises", type=int, default=10_000)
    parser.add_argument("--period", default="2019Q4")
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    path = build(args.enterprises)
    import duckdb

    rows = (
        duckdb.connect(str(path), read_only=True)
        .execute("SELECT count(*) FROM fact_enterprise_trade")
        .fetchone()[0]
    )
    print(
        f"warehouse {path.name}: {rows:,} enterprise rows; period {args.period}; best of {args.repeat} fresh processes"
    )
    base = min((measure(path, args.period, BASELINE) for _ in range(args.repeat)), key=lambda r: r["seconds"])
    print(f"{'case':<12} {'seconds':>8} {'× baseline':>11} {'peak MB':>8}")
    print(f"{'baseline':<12} {base['seconds']:>8.3f} {1:>11.1f} {base['peak_mb']:>8.0f}")
    cases = [(name, body, "") for name, body in FAMILIES.items()]
    cases.append(("cached", "ui._scores(str(wh.path), P, version)", CACHED))
    for name, body, extra in cases:
        best = min(
            (measure(path, args.period, body, extra) for _ in range(args.repeat)), key=lambda r: r["seconds"]
        )
        print(
            f"{name:<12} {best['seconds']:>8.3f} {best['seconds'] / base['seconds']:>11.1f} {best['peak_mb']:>8.0f}",
            flush=True,
        )


if __name__ == "__main__":
    main()
