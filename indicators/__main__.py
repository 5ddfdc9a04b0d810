"""python -m indicators scores --period 2019Q4 [--json]"""
from __future__ import annotations

import argparse
import json
import sys

from reference import PeriodError, load_catalog
from warehouse import Warehouse, warehouse_path

from . import records, scores


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m indicators", description="计算各试点地区的评价指标")
    sub = parser.add_subparsers(dest="command", required=True)
    p = sub.add_parser("scores", help="某季度各试点地区的指标")
    p.add_argument("--period", required=True, help="报告期，如 2019Q4")
    p.add_argument("--json", action="store_true", help="输出 JSON")
    args = parser.parse_args(argv)
    try:
        period = load_catalog().quarter(args.period).code
    except PeriodError as exc:
        print(f"错误：{exc}", file=sys.stderr)
        return 2
    path = warehouse_path()
    if not path.exists():
        print(f"错误：数据仓库 {path} 不存在。请先用 python -m ingest load 导入数据，或启动看板自动从示例数据建立。", file=sys.stderr)
        return 2
    with Warehouse(path, on_wait=lambda text: print(text, file=sys.stderr)) as wh:
        table = scores(wh, period)
    rows = records(table)
    if args.json:
        print(json.dumps(rows, ensure_ascii=False, indent=1))
    else:
        for r in rows:
            rate = "—" if r["task_completion_rate"] is None else f"{r['task_completion_rate']:.1%}"
            yoy = "—" if r["export_yoy"] is None else f"{r['export_yoy']:+.1%}"
            exports = "未报送" if r["exports"] is None else f"{r['exports']:,.2f}万元"
            print(f"{r['region']}\t任务完成 {r['tasks_completed'] or 0}/{r['tasks_total']}（{rate}）\t出口 {exports}（同比 {yoy}）\t经验案例 {r['experience_items']}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
