"""python -m indicators scores|warnings --period 2019Q4 [--json] [--config FILE] [--file-weights]
[--as-of DATE|DATETIME] [--approved-only] [--format xlsx --out FILE]; docs

The score's weights are those the office set on the 管理 page (kept in the warehouse), applied over the configuration
file's; --file-weights uses the file's own."""

from __future__ import annotations

import sys
from datetime import date, datetime
from pathlib import Path

from base import cli
from reference import PeriodError, load_catalog
from reference.evaluation import ConfigError, load_config
from warehouse import Warehouse, WarehouseError, warehouse_path

from . import detail_tables, records, scores, warnings
from .configuration import configured
from .docs import DOCS_FILE, render_docs
from .export import write_workbook


def main(argv: list[str] | None = None) -> int:
    parser = cli.parser("python -m indicators", "计算各试点地区的评价指标与预警")
    sub = parser.add_subparsers(dest="command", required=True)
    for name, text in (
        ("scores", "某季度各试点地区的指标、综合评价得分和排名"),
        ("warnings", "某季度的预警"),
    ):
        p = sub.add_parser(name, help=text)
        p.add_argument("--period", required=True, help="报告期，如 2019Q4")
        p.add_argument("--json", action="store_true", help="输出 JSON")
        p.add_argument("--config", help="评价配置文件（TOML），默认 reference/evaluation.toml")
        p.add_argument(
            "--file-weights",
            action="store_true",
            help="使用配置文件中的权重；默认使用协调办公室在“管理”页设置的权重（未设置时即配置文件中的权重）",
        )
        p.add_argument(
            "--approved-only",
            action="store_true",
            help="只计入协调办公室已审核确认的地区季度数据，其余视为未报送",
        )
        p.add_argument(
            "--as-of",
            help="按某一时点的仓库计算：只计入截至此时收到的报表（此后收到的报表和更正、此后所作的推广标记都不计），"
            "报送是否逾期也按此时判断。写日期指当天结束时（当天收到的都计入），如 2020-01-05；也可写到分钟，"
            "如 2020-01-05T12:00。默认：仓库现有全部数据，报送按今天判断",
        )
        p.add_argument("--format", choices=["text", "json", "xlsx"], default=None, help="输出格式")
        p.add_argument("--out", help="--format xlsx 时的输出文件")
    d = sub.add_parser("docs", help="由指标函数的说明生成 docs/indicators.md")
    d.add_argument("--out", default=str(DOCS_FILE))
    args = parser.parse_args(argv)
    if args.command == "docs":
        Path(args.out).write_text(render_docs(), encoding="utf-8")
        print(f"已写入 {args.out}")
        return 0
    fmt = args.format or ("json" if args.json else "text")
    try:
        period = load_catalog().quarter(args.period).code
        as_of = _as_of(args.as_of) if args.as_of else None
        load_config(args.config)  # a configuration that cannot be read is a usage error
    except (PeriodError, ConfigError, ValueError) as exc:
        print(f"错误：{exc}", file=sys.stderr)
        return 2
    if fmt == "xlsx" and not args.out:
        print("错误：--format xlsx 需要 --out 指定输出文件", file=sys.stderr)
        return 2
    path = warehouse_path()
    if not path.exists():
        print(
            f"错误：数据仓库 {path} 不存在。请先用 python -m ingest load 导入数据，或启动看板自动从示例数据建立。",
            file=sys.stderr,
        )
        return 2
    try:
        with Warehouse(path, on_wait=lambda text: print(text, file=sys.stderr), read_only=True) as wh:
            config = configured(wh, args.config, file_weights=args.file_weights)
            only = {"approved_only": args.approved_only}
            table = scores(wh, period, config, as_of, **only)
            alerts = warnings(wh, period, config, as_of, **only)
            details = detail_tables(wh, period, as_of, **only) if fmt == "xlsx" else {}
    except (WarehouseError, ConfigError) as exc:
        print(f"错误：{exc}", file=sys.stderr)
        return 2
    if fmt == "xlsx":
        write_workbook(args.out, period, table, alerts, details, config)
        print(f"已写入 {args.out}")
    elif args.command == "scores":
        rows = records(table)
        if fmt == "json":
            print(cli.json_text(rows))
        else:
            for r in rows:
                rate = "—" if r["task_completion_rate"] is None else f"{r['task_completion_rate']:.1%}"
                yoy = "—" if r["export_yoy"] is None else f"{r['export_yoy']:+.1%}"
                exports = "未报送" if r["exports"] is None else f"{r['exports']:,.2f}万元"
                done = "—" if r["tasks_completed"] is None else r["tasks_completed"]
                print(
                    f"{r['rank']:>2}. {r['region']}\t得分 {r['score']:.1f}\t任务完成 "
                    f"{done}/{r['tasks_total']}（{rate}）\t"
                    f"出口 {exports}（同比 {yoy}）\t经验案例 {r['experience_items']}"
                )
    else:
        if fmt == "json":
            print(cli.json_text(alerts))
        else:
            for w in alerts:
                print(f"{w['region']}\t{w['rule_label']}\t{w['message']}")
    return 0


def _as_of(text: str) -> date | datetime:
    """2020-01-05 (the end of that day) or 2020-01-05T12:00 / 2020-01-05 12:00 (that minute, local time)."""
    text = text.strip()
    try:
        moment = date.fromisoformat(text) if len(text) <= 10 else datetime.fromisoformat(text)
    except ValueError:
        raise ValueError(f"--as-of 应为日期或时间，如 2020-01-05 或 2020-01-05T12:00：{text}") from None
    if isinstance(moment, datetime) and moment.tzinfo is not None:
        raise ValueError(f"--as-of 请写本地时间，不带时区：{text}")
    return moment


if __name__ == "__main__":
    sys.exit(main())
