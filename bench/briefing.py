"""Benchmark: chart images and the briefing pack, against the indicator tables they are drawn from (same run).

    .venv/bin/python bench/briefing.py [--repeat 3] [--period 2019Q4]

Each case runs in a fresh process (so "cold" really is cold), on a sample warehouse built once in bench/.cache/:
  tables        the indicator tables of the default pack (scores, details, scores over the quarters): the baseline
  png_cold      one chart PNG (1600×900 at 2×) with Chromium started for it
  png_warm      the same PNG with Chromium already warm (the median of 5)
  svg_warm      the same chart as SVG, warm
  pack          the 12-chart pack built in-process, Chromium's start included
  pack_cli      python -m briefing pack as a scheduled job would run it, process start included
Peak memory is the Python process's VmHWM plus the peak of the sum of its Chromium children's PSS (shared pages
divided among the processes that share them, so ten Chromium processes are not counted ten times over).
Targets (issue 8): a warm chart under 0.5 s; the pack under 8 s including Chromium's start; peak memory under 1 GB.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
CACHE = ROOT / "bench" / ".cache"
sys.path.insert(0, str(ROOT))

SETUP = """
import json, os, sys, threading, time
sys.path.insert(0, {root!r})
os.environ["PILOT_WAREHOUSE"] = {warehouse!r}
from warehouse import Warehouse
from charts.registry import default_pack, get
from briefing.views import build_view
from briefing import images
wh = Warehouse({warehouse!r}, read_only=True)
P = {period!r}
children_peak = [0]

def watch():  # the Chromium children's summed RSS, sampled
    me = os.getpid()
    while True:
        total = 0
        for pid in filter(str.isdigit, os.listdir("/proc")):
            try:
                stat = open(f"/proc/{{pid}}/stat").read().split()
                if int(stat[3]) == me or _descends(int(pid), me):
                    rollup = open(f"/proc/{{pid}}/smaps_rollup").read().split("\n")
                    total += int(next(x for x in rollup if x.startswith("Pss:")).split()[1]) * 1024
            except (OSError, IndexError, ValueError):
                pass
        children_peak[0] = max(children_peak[0], total)
        time.sleep(0.05)

def _descends(pid, ancestor):
    for _ in range(6):
        try:
            pid = int(open(f"/proc/{{pid}}/stat").read().split()[3])
        except (OSError, IndexError, ValueError):
            return False
        if pid == ancestor:
            return True
        if pid <= 1:
            return False
    return False

threading.Thread(target=watch, daemon=True).start()
"""

CASES = {
    "tables": "view = build_view(wh, P, default_pack())",
    "png_cold": "view = build_view(wh, P, [get('exports_by_region')])\nfig = get('exports_by_region').draw(view)\n"
    "t = time.perf_counter()\npng = images.to_png(fig)\nelapsed = time.perf_counter() - t",
    "png_warm": "view = build_view(wh, P, [get('exports_by_region')])\nfig = get('exports_by_region').draw(view)\n"
    "images.to_png(fig)\ntimes = []\nfor _ in range(5):\n    t = time.perf_counter()\n    images.to_png(fig)\n"
    "    times.append(time.perf_counter() - t)\nelapsed = sorted(times)[2]",
    "svg_warm": "view = build_view(wh, P, [get('exports_by_region')])\nfig = get('exports_by_region').draw(view)\n"
    "images.to_svg(fig)\ntimes = []\nfor _ in range(5):\n    t = time.perf_counter()\n    images.to_svg(fig)\n"
    "    times.append(time.perf_counter() - t)\nelapsed = sorted(times)[2]",
    "pack": "from briefing.pack import make_pack\ndata = make_pack(wh, P, default_pack())\nassert len(data) > 100_000",
}

TIMED = """
t = time.perf_counter()
{body}
elapsed = locals().get("elapsed", time.perf_counter() - t)
peak_kb = int(next(line for line in open("/proc/self/status") if line.startswith("VmHWM")).split()[1])
print(json.dumps({{"seconds": elapsed, "python_mb": peak_kb / 1024, "chromium_mb": children_peak[0] / 2**20}}))
"""


def sample_warehouse() -> Path:
    path = CACHE / "sample.duckdb"
    if not path.exists():
        from ingest.bootstrap import build_sample_warehouse

        CACHE.mkdir(parents=True, exist_ok=True)
        build_sample_warehouse(path)
    return path


def measure(case: str, warehouse: Path, period: str) -> dict:
    code = SETUP.format(root=str(ROOT), warehouse=str(warehouse), period=period) + TIMED.format(
        body=CASES[case]
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT, timeout=600)
    if out.returncode:
        raise SystemExit(f"{case} failed:\n{out.stderr[-3000:]}")
    return json.loads(out.stdout.strip().splitlines()[-1])


def measure_cli(warehouse: Path, period: str) -> dict:
    target = CACHE / "pack_cli.pptx"
    env = dict(os.environ, PILOT_WAREHOUSE=str(warehouse))
    started = time.perf_counter()
    out = subprocess.run(
        [sys.executable, "-m", "briefing", "pack", "--period", period, "--out", str(target)],
        capture_output=True,
        text=True,
        cwd=ROOT,
        env=env,
        timeout=600,
    )
    if out.returncode:
        raise SystemExit(f"pack_cli failed:\n{out.stderr[-3000:]}")
    return {"seconds": time.perf_counter() - started, "python_mb": float("nan"), "chromium_mb": float("nan")}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--period", default="2019Q4")
    args = parser.parse_args()
    warehouse = sample_warehouse()
    print(f"sample warehouse {warehouse}; period {args.period}; best of {args.repeat} fresh processes")
    results = {}
    for case in [*CASES, "pack_cli"]:
        runs = [
            measure_cli(warehouse, args.period)
            if case == "pack_cli"
            else measure(case, warehouse, args.period)
            for _ in range(args.repeat)
        ]
        results[case] = min(runs, key=lambda r: r["seconds"]) | {
            "python_mb": max(r["python_mb"] for r in runs),
            "chromium_mb": max(r["chromium_mb"] for r in runs),
        }
    base = results["tables"]["seconds"]
    print(f"{'case':<10} {'seconds':>8} {'× tables':>9} {'python MB':>10} {'chromium MB':>12}")
    for case, r in results.items():
        print(
            f"{case:<10} {r['seconds']:>8.3f} {r['seconds'] / base:>9.1f} {r['python_mb']:>10.0f} "
            f"{r['chromium_mb']:>12.0f}"
        )
    print(
        f"targets: warm PNG {results['png_warm']['seconds']:.2f} s (< 0.5); pack {results['pack']['seconds']:.2f} s "
        f"in-process, {results['pack_cli']['seconds']:.2f} s from the CLI (< 8); peak "
        f"{results['pack']['python_mb'] + results['pack']['chromium_mb']:.0f} MB (< 1024)"
    )


if __name__ == "__main__":
    main()
