"""python -m briefing pack|chart|charts: the briefing pack and single chart images from the command line.

Exit codes: 0 written, 1 the export could not be made (e.g. no Chromium: the message says what to install),
2 a usage error. Messages are Chinese.
"""

from __future__ import annotations

import sys
from pathlib import Path

from base import cli
from charts.registry import UnknownChart, charts, default_pack, get
from indicators.configuration import configured
from indicators.trade import UNITS
from reference import PeriodError, UnknownRegion, load_catalog
from reference.evaluation import ConfigError, load_config
from warehouse import Warehouse, WarehouseError, warehouse_path

from .images import ExportUnavailable, to_png, to_svg
from .pack import data_note, make_pack
from .views import build_view


class UsageError(Exception):
    """Bad arguments, said in Chinese; exit code 2."""


def _parser():
    parser = cli.parser("python -m briefing", "试点监测平台：简报包与图表图片")
    sub = parser.add_subparsers(dest="command", required=True)
    p = sub.add_parser("pack", help="生成某季度的简报包（PPTX）")
    p.add_argument("--period", required=True, help="报告期，如 2019Q4")
    p.add_argument("--out", required=True, help="输出文件 .pptx")
    p.add_argument("--regions", help="重点关注的试点地区，用逗号分隔，如 北京,上海（默认全部）")
    p.add_argument("--charts", help="图表名称，用逗号分隔（默认一组约十张，见 python -m briefing charts）")
    p.add_argument("--unit", default="亿元", choices=UNITS, help="金额单位")
    p.add_argument(
        "--approved-only",
        action="store_true",
        help="只计入协调办公室已审核确认的地区季度数据（其余视为未报送）；默认计入各地区报送并通过检查的最新报表",
    )
    c = sub.add_parser("chart", help="把一张图表导出为 PNG 或 SVG")
    c.add_argument("name", help="图表名称，见 python -m briefing charts")
    c.add_argument("--period", required=True, help="报告期，如 2019Q4")
    c.add_argument("--region", help="地区图表的试点地区，如 北京")
    c.add_argument("--format", default="png", choices=["png", "svg"], help="图片格式")
    c.add_argument("--unit", default="亿元", choices=UNITS, help="金额单位")
    c.add_argument("--out", required=True, help="输出文件")
    sub.add_parser("charts", help="列出全部图表的名称和标题")
    return parser


def _regions(text: str | None) -> tuple[str, ...]:
    if not text:
        return ()
    catalog = load_catalog()
    try:
        return tuple(catalog.region(name).code for name in text.replace("，", ",").split(",") if name.strip())
    except UnknownRegion as exc:
        raise UsageError(str(exc)) from None


def main(argv: list[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    if args.command == "charts":
        for chart in charts():
            scope = "（地区图表，需 --region）" if chart.region_chart else ""
            default = "  [简报包默认]" if chart.in_pack else ""
            print(f"{chart.name}\t{chart.title}{scope}{default}")
        return 0
    try:
        period = load_catalog().quarter(args.period).code
        load_config()  # a configuration that cannot be read is a usage error, before the warehouse is opened
        if args.command == "pack":
            chosen = [get(n.strip()) for n in args.charts.split(",") if n.strip()] if args.charts else None
            focus = _regions(args.regions)
        else:
            chosen, focus = [get(args.name)], ()
            region = _regions(args.region)[0] if args.region else None
            if chosen[0].region_chart and region is None:
                raise UsageError(
                    f"图表 {args.name}（{chosen[0].title}）是地区图表，请用 --region 指定试点地区"
                )
    except (PeriodError, ConfigError, UnknownChart, UsageError) as exc:
        print(f"错误：{exc}", file=sys.stderr)
        return 2
    path = warehouse_path()
    if not path.exists():
        print(
            f"错误：数据仓库 {path} 不存在。请先启动看板（自动从示例数据建立）或导入数据。", file=sys.stderr
        )
        return 2
    try:
        with Warehouse(path, read_only=True, on_wait=lambda text: print(text, file=sys.stderr)) as wh:
            config = configured(wh)  # the file with the weights the office set on the 管理 page
            if args.command == "pack":
                chosen = chosen or default_pack()
                data = make_pack(
                    wh,
                    period,
                    chosen,
                    focus=focus,
                    unit=args.unit,
                    config=config,
                    approved_only=args.approved_only,
                )
            else:
                view = build_view(wh, period, chosen, unit=args.unit, region=region, config=config)
                fig = chosen[0].draw(view)
                data = to_png(fig) if args.format == "png" else to_svg(fig)
    except WarehouseError as exc:
        print(f"错误：{exc}", file=sys.stderr)
        return 2
    except ExportUnavailable as exc:
        print(f"错误：{exc}", file=sys.stderr)
        return 1
    Path(args.out).write_bytes(data)
    print(f"已写入 {args.out}" + (f"（{data_note(args.approved_only)}）" if args.command == "pack" else ""))
    return 0


if __name__ == "__main__":
    sys.exit(main())
