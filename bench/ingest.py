"""Benchmark: loading an enterprise workbook against the bare read, and against openpyxl.

    .venv/bin/python bench/ingest.py [--sizes 10000 50000 200000] [--repeat 3]

For each size it writes an enterprise workbook through the template writer (cached in
bench/.cache/), then measures in one run, each case in a fresh subprocess so its peak
memory is its own:
  bare      python-calamine reading every sheet of the workbook (the floor)
  bare_nogc the same read with the cyclic garbage collector paused, as the loader reads (for honesty:
            part of the loader's speed is that pause, so its ratio to this read is printed too)
  load      python -m ingest load: refuse checks, archive, read, validate, load into a new DuckDB file
  openpyxl  pandas.read_excel(sheet_name=None, engine="openpyxl"), the read alone (the naive baseline)
It prints the best time of --repeat runs, the peak RSS, and the ratios load/bare and openpyxl/load.
Targets (issue 3): load ≤ 1.5 × bare at 200k rows, ≥ 4× faster than openpyxl, peak memory < 1 GB.
"""
from __future__ import annotations

import argparse
import json
import random
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
CACHE = ROOT / "bench" / ".cache"
sys.path.insert(0, str(ROOT))

CASES = {
    "bare": """
import python_calamine
wb = python_calamine.CalamineWorkbook.from_path(PATH)
cells = sum(len(r) for name in wb.sheet_names for r in wb.get_sheet_by_name(name).to_python(skip_empty_area=False))
""",
    "bare_nogc": """
import gc
gc.disable()  # as the loader reads: see ingest.loader.gc_paused
wb = python_calamine.CalamineWorkbook.from_path(PATH)
cells = sum(len(r) for name in wb.sheet_names for r in wb.get_sheet_by_name(name).to_python(skip_empty_area=False))
""",
    "load": """
result = load_file(wh, PATH)
assert result.status == "accepted", [str(p) for p in result.errors[:5]]
""",
    "openpyxl": """
import pandas
frames = pandas.read_excel(PATH, sheet_name=None, engine="openpyxl")
""",
}

RUNNER = """
import sys, time, json
sys.path.insert(0, {root!r})
PATH = {path!r}
{setup}
t = time.perf_counter()
{body}
elapsed = time.perf_counter() - t
# VmHWM, not ru_maxrss: the latter keeps the parent's high-water mark across fork and exec
peak_kb = int(next(line for line in open("/proc/self/status") if line.startswith("VmHWM")).split()[1])
print(json.dumps({{"seconds": elapsed, "peak_mb": peak_kb / 1024}}))
"""
# imports are paid once by every real caller: keep them outside the timed part
SETUP = {
    "bare": "import python_calamine",
    "bare_nogc": "import python_calamine",
    # a fresh warehouse, opened (migrated) before the clock starts: loading a file is what is timed
    "load": "import os, tempfile\nfrom pathlib import Path\nd = tempfile.mkdtemp()\nos.environ['PILOT_ARCHIVE'] = d + '/archive'\n"
            "from warehouse import Warehouse\nfrom ingest.loader import load_file\nwh = Warehouse(Path(d) / 'bench.duckdb')",
    "openpyxl": "import pandas, openpyxl",
}


def workbook(rows: int) -> Path:
    path = CACHE / f"enterprise_{rows}.xlsx"
    if path.exists():
        return path
    from ingest.credit_code import check_character
    from ingest.spec import enterprise_spec
    from ingest.template import prefilled_content, write_workbook
    from reference import Quarter, load_catalog

    catalog = load_catalog()
    rng = random.Random(rows)
    q = Quarter.parse("2019Q4")
    spec = enterprise_spec(catalog, "shanghai")
    content = prefilled_content(spec, catalog, "shanghai", q)
    content.form.update(filler="上海市商务委员会", contact="王伟", phone="021-12345678", filled_date=q.end)
    countries = [c.name_zh for c in catalog.countries]
    firms = []
    for i in range(max(rows // 20, 1)):
        body = f"91310115{i:09d}"
        firms.append((body + check_character(body), f"上海测试{i}信息技术有限公司"))
    table, seen = [], set()
    while len(table) < rows:
        code, name = firms[len(table) // 20 % len(firms)]
        key = (code, rng.randint(1, 12), rng.choice(countries))
        if key in seen:
            continue
        seen.add(key)
        table.append({"credit_code": code, "name": name, "category_code": key[1], "partner": key[2],
                      "exports_usd": round(rng.uniform(0, 5000), 2), "imports_usd": round(rng.uniform(0, 3000), 2)})
    content.tables["服务进出口"] = table
    CACHE.mkdir(parents=True, exist_ok=True)
    write_workbook(path, spec, catalog, "shanghai", q, content)
    return path


def measure(case: str, path: Path) -> dict:
    code = RUNNER.format(root=str(ROOT), path=str(path), setup=SETUP[case], body=CASES[case])
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT)
    if out.returncode:
        raise SystemExit(f"{case} failed:\n{out.stderr[-3000:]}")
    return json.loads(out.stdout.strip().splitlines()[-1])


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--sizes", type=int, nargs="+", default=[10_000, 50_000, 200_000])
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    print(f"{'rows':>8} {'bare s':>8} {'nogc s':>8} {'load s':>8} {'openpyxl s':>10} {'load/bare':>9} {'load/nogc':>9} "
          f"{'openpyxl/load':>13} {'peak MB bare/load/openpyxl':>28}")
    for rows in args.sizes:
        path = workbook(rows)
        best = {}
        for case in CASES:
            runs = [measure(case, path) for _ in range(args.repeat if case != "openpyxl" else 1)]
            best[case] = {"seconds": min(r["seconds"] for r in runs), "peak_mb": max(r["peak_mb"] for r in runs)}
        b, n, l, o = best["bare"], best["bare_nogc"], best["load"], best["openpyxl"]
        print(f"{rows:>8} {b['seconds']:>8.2f} {n['seconds']:>8.2f} {l['seconds']:>8.2f} {o['seconds']:>10.2f} "
              f"{l['seconds'] / b['seconds']:>9.2f} {l['seconds'] / n['seconds']:>9.2f} {o['seconds'] / l['seconds']:>13.1f} "
              f"{b['peak_mb']:>10.0f}/{l['peak_mb']:.0f}/{o['peak_mb']:.0f}", flush=True)


if __name__ == "__main__":
    main()
