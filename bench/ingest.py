"""Benchmark: loading an enterprise workbook against the bare read, and against openpyxl.

    .venv/bin/python bench/ingest.py [--shape bench|realistic|both] [--sizes 10000 50000 200000] [--repeat 3]

For each shape and size it writes an enterprise workbook through the template writer (cached in
bench/.cache/), then measures in one run, each case in a fresh subprocess so its peak
memory is its own. The shapes:
  bench      one firm per 20 rows (10,000 firms at 200k rows), names alike, firms in order
  realistic  about 2,000 enterprises whatever the size, as a region's key enterprises repeat:
             valid credit codes under several district codes, varied Chinese names, 1–4
             categories each, partners drawn mostly from the main ones (中国香港, 美国 …),
             amounts with two decimals and a long tail, one enterprise's rows mostly together.
             At 10k rows an enterprise has a handful of rows (2–8 partners); at 200k about 100,
             so its partner lists run longer there: the fixed count of enterprises is the point.
The cases:
  bare      python-calamine reading every sheet of the workbook (the floor)
  bare_nogc the same read with the cyclic garbage collector paused
  load      what `python -m ingest load` and the upload page do: refuse checks, archive, read, validate,
            load into a new DuckDB file; the collector left on, as in the Streamlit server
  load_nogc the same load with the collector paused for the whole process, as a command-line run alone
            could afford (the loader itself no longer pauses it: in the server that pause was global)
  openpyxl  pandas.read_excel(sheet_name=None, engine="openpyxl"), the read alone (the naive baseline)
It prints the best time of --repeat rounds (each round runs every case once, so a busy moment of the
machine falls on all of them alike; openpyxl runs in the first round only), the peak RSS, and the
ratios load/bare, load_nogc/bare_nogc (both paused) and openpyxl/load.
Targets (issues 3 and 7): load ≤ 1.5 × bare at 200k rows on both shapes, ≥ 4× faster than openpyxl, peak memory < 1 GB.
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
gc.disable()
wb = python_calamine.CalamineWorkbook.from_path(PATH)
cells = sum(len(r) for name in wb.sheet_names for r in wb.get_sheet_by_name(name).to_python(skip_empty_area=False))
""",
    "load": """
result = load_file(wh, PATH)
assert result.status == "accepted", [str(p) for p in result.errors[:5]]
""",
    "load_nogc": """
import gc
gc.disable()
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
    "load": "import os, tempfile\nfrom pathlib import Path\nd = tempfile.mkdtemp()\n"
    "os.environ['PILOT_ARCHIVE'] = d + '/archive'\nfrom warehouse import Warehouse\n"
    "from ingest.loader import load_file\nwh = Warehouse(Path(d) / 'bench.duckdb')",
    "openpyxl": "import pandas, openpyxl",
}
SETUP["load_nogc"] = SETUP["load"]


def workbook(shape: str, rows: int) -> Path:
    path = CACHE / (f"enterprise_{rows}.xlsx" if shape == "bench" else f"{shape}_{rows}.xlsx")
    if path.exists():
        return path
    from ingest.spec import enterprise_spec
    from ingest.template import prefilled_content, write_workbook
    from reference import Quarter, load_catalog

    catalog = load_catalog()
    q = Quarter.parse("2019Q4")
    spec = enterprise_spec(catalog, "shanghai")
    content = prefilled_content(spec, catalog, "shanghai", q)
    content.form.update(filler="上海市商务委员会", contact="王伟", phone="021-12345678", filled_date=q.end)
    content.tables["服务进出口"] = SHAPES[shape](catalog, rows)
    CACHE.mkdir(parents=True, exist_ok=True)
    write_workbook(path, spec, catalog, "shanghai", q, content)
    return path


def bench_rows(catalog, rows: int) -> list[dict]:
    """The first shape: a new firm every 20 rows, random category and partner."""
    from ingest.credit_code import check_character

    rng = random.Random(rows)
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
        table.append(
            {
                "credit_code": code,
                "name": name,
                "category_code": key[1],
                "partner": key[2],
                "exports_usd": round(rng.uniform(0, 5000), 2),
                "imports_usd": round(rng.uniform(0, 3000), 2),
            }
        )
    return table


ENTERPRISES = 2_000
DISTRICTS = (
    "310101",
    "310104",
    "310105",
    "310106",
    "310107",
    "310109",
    "310110",
    "310112",
    "310113",
    "310115",
    "310116",
    "310117",
    "310118",
    "310120",
    "310151",
)
NAME_PLACES = ("上海", "上海浦东", "上海张江", "上海临港", "上海虹桥", "上海漕河泾", "上海外高桥", "")
NAME_WORDS = (
    "华信",
    "东方",
    "浦江",
    "申通",
    "国泰",
    "锦江",
    "联合",
    "中远",
    "海通",
    "鼎盛",
    "宏达",
    "恒瑞",
    "汇丰",
    "星辰",
    "云帆",
    "博远",
    "天元",
    "金桥",
    "长江",
    "振华",
    "新世纪",
    "瑞德",
    "致远",
    "同济",
    "明珠",
    "腾飞",
    "安泰",
    "百联",
)
NAME_TRADES = (
    "软件",
    "信息技术",
    "网络科技",
    "数据服务",
    "国际物流",
    "国际货运代理",
    "船务",
    "航空服务",
    "工程设计",
    "建设工程",
    "咨询",
    "管理咨询",
    "会计师事务所",
    "律师事务所",
    "文化传媒",
    "影视制作",
    "游戏",
    "医药研发",
    "检测技术",
    "知识产权代理",
    "保险经纪",
    "融资租赁",
    "旅行社",
    "教育科技",
    "生物科技",
    "动漫设计",
    "广告",
)
NAME_FORMS = ("有限公司", "有限公司", "有限公司", "股份有限公司", "（中国）有限公司", "有限责任公司")
# the main partners carry most rows, as in the statistics; the rest of the catalog is the long tail
MAIN_PARTNERS = (
    "中国香港",
    "美国",
    "日本",
    "新加坡",
    "韩国",
    "德国",
    "英国",
    "中国台湾",
    "澳大利亚",
    "加拿大",
    "法国",
    "荷兰",
)


def realistic_rows(catalog, rows: int) -> list[dict]:
    """About 2,000 enterprises, each with 1–4 categories and its partners, rows of one enterprise mostly together."""
    from ingest.credit_code import ALPHABET, check_character

    rng = random.Random(f"realistic-{rows}")
    names = [c.name_zh for c in catalog.countries]
    main = [n for n in MAIN_PARTNERS if n in names]
    tail = [n for n in names if n not in main]
    firms, codes, taken = [], set(), set()
    while len(firms) < min(ENTERPRISES, max(rows // 2, 1)):
        body = (
            "91"
            + rng.choice(DISTRICTS)
            + "".join(rng.choice(ALPHABET[:10] if k < 8 else ALPHABET) for k in range(9))
        )
        name = (
            rng.choice(NAME_PLACES)
            + rng.choice(NAME_WORDS)
            + rng.choice(NAME_WORDS[:8] + ("", "", ""))
            + rng.choice(NAME_TRADES)
            + rng.choice(NAME_FORMS)
        )
        code = body + check_character(body)
        if code in codes or name in taken:
            continue
        codes.add(code)
        taken.add(name)
        firms.append((code, name))
    # a long-tailed share of the rows for each enterprise, at least 2
    weights = [
        min(rng.paretovariate(1.5), 30) for _ in firms
    ]  # capped: no enterprise past 12 categories × every partner
    spare = rows - 2 * len(firms)
    budgets = [2 + int(spare * w / sum(weights)) for w in weights]
    for i in range(rows - sum(budgets)):
        budgets[i % len(budgets)] += 1
    blocks = []
    for (code, name), budget in zip(firms, budgets):
        n_cat = min(rng.randint(1, 4), budget)
        cats = rng.sample(range(1, 13), n_cat)
        while budget > n_cat * len(tail):  # a very large enterprise trades in more categories
            n_cat += 1
            cats.append(next(c for c in range(1, 13) if c not in cats))
        per_cat = [budget // n_cat + (k < budget % n_cat) for k in range(n_cat)]
        block = []
        for cat, n_partners in zip(cats, per_cat):
            partners = rng.sample(main, min(n_partners, rng.randint(1, len(main))))
            partners += rng.sample(tail, n_partners - len(partners))
            for partner in partners:
                exports = round(rng.lognormvariate(3, 2), 2) if rng.random() < 0.8 else 0
                imports = round(rng.lognormvariate(2.5, 2), 2) if rng.random() < 0.6 else 0
                block.append(
                    {
                        "credit_code": code,
                        "name": name,
                        "category_code": cat,
                        "partner": partner,
                        "exports_usd": exports,
                        "imports_usd": imports,
                    }
                )
        blocks.append(block)
    table = [row for block in blocks for row in block]
    # a few rows added later, at the end, as a clerk appends a forgotten line
    late = rng.sample(range(len(table)), len(table) // 50)
    moved = [table[i] for i in sorted(late)]
    late = set(late)
    return [row for i, row in enumerate(table) if i not in late] + moved


SHAPES = {"bench": bench_rows, "realistic": realistic_rows}


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
    parser.add_argument("--shape", choices=["bench", "realistic", "both"], default="both")
    args = parser.parse_args()
    shapes = list(SHAPES) if args.shape == "both" else [args.shape]
    print(
        f"{'shape':>9} {'rows':>8} {'bare s':>7} {'nogc s':>7} {'load s':>7} {'load_nogc s':>11} "
        f"{'openpyxl s':>10} {'load/bare':>9} "
        f"{'load_nogc/nogc':>14} {'openpyxl/load':>13} {'peak MB bare/load/openpyxl':>27}"
    )
    for shape, rows in ((shape, rows) for shape in shapes for rows in args.sizes):
        path = workbook(shape, rows)
        runs = {case: [] for case in CASES}
        for round_ in range(args.repeat):  # rounds, not one case after another: see the docstring
            for case in CASES:
                if case != "openpyxl" or round_ == 0:
                    runs[case].append(measure(case, path))
        best = {
            case: {"seconds": min(r["seconds"] for r in rs), "peak_mb": max(r["peak_mb"] for r in rs)}
            for case, rs in runs.items()
        }
        b, n, ld, ln, o = (best[case] for case in ("bare", "bare_nogc", "load", "load_nogc", "openpyxl"))
        print(
            f"{shape:>9} {rows:>8} {b['seconds']:>7.3f} {n['seconds']:>7.3f} {ld['seconds']:>7.3f} "
            f"{ln['seconds']:>11.3f} {o['seconds']:>10.2f} "
            f"{ld['seconds'] / b['seconds']:>9.2f} {ln['seconds'] / n['seconds']:>14.2f} "
            f"{o['seconds'] / ld['seconds']:>13.1f} "
            f"{b['peak_mb']:>9.0f}/{ld['peak_mb']:.0f}/{o['peak_mb']:.0f}",
            flush=True,
        )


if __name__ == "__main__":
    main()
