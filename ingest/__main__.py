"""Command line: python -m ingest template|check|load|receipt|rollback|docs …

Exit codes: 0 accepted (or duplicate, or rolled back), 1 rejected (or rollback refused), 2 usage error;
`receipt`: 0 written, 2 otherwise.
"""

from __future__ import annotations

import argparse
import gc
import sys
from datetime import datetime
from pathlib import Path

from accounts import (
    ADMIN,
    ENTERPRISE,
    REGION,
    SYSTEM,
    AccountsProblem,
    LoginRefused,
    Refused,
    command_line_user,
)
from accounts.command_line import ADDRESS
from base import cli
from reference import PeriodError, UnknownRegion, load_catalog
from reference.evaluation import ConfigError
from warehouse import Warehouse, WarehouseError, carry, warehouse_path

from .archive import ArchiveError
from .carry import blank, carried_content
from .docs import render_docs
from .loader import ACCEPTED, DUPLICATE, LoadResult, check_file, load_file
from .rollback import RollbackRefused, roll_back
from .spec import SPECS
from .template import write_workbook

DOCS_FILE = Path(__file__).resolve().parent.parent / "docs" / "templates.md"


class UsageError(Exception):
    """Bad arguments; printed in Chinese and exit code 2."""


def _parser() -> argparse.ArgumentParser:
    parser = cli.parser("python -m ingest", "试点监测平台：模板生成、检查与导入")
    sub = parser.add_subparsers(dest="command", required=True)
    t = sub.add_parser("template", help="生成预填的报表模板")
    t.add_argument("--kind", default="region", choices=sorted(SPECS), help="工作簿类型")
    t.add_argument("--region", required=True, help="试点地区（中文名称或代码）")
    t.add_argument("--period", required=True, help="报告期，如 2019Q4")
    t.add_argument("--out", required=True, help="输出文件 .xlsx")
    t.add_argument("--unit", help="填报单位（仅企业直报表）：沿用该单位此前已接收的报送")
    t.add_argument("--blank", action="store_true", help="生成空白模板，不沿用此前已接收的报送")
    for name, text in (("check", "只检查，不导入"), ("load", "检查并导入数据仓库")):
        p = sub.add_parser(name, help=text)
        p.add_argument("file", help="工作簿文件")
        p.add_argument("--json", action="store_true", help="输出 JSON")
        p.add_argument("--region", help="上报时选择的试点地区；填写时须与工作簿一致")
        p.add_argument("--period", help="上报时选择的报告期；填写时须与工作簿一致")
        if name == "load":
            p.add_argument("--received-at", help="补录历史报送的实际收到时间，如 2019-01-12T10:00")
            p.add_argument(
                "--received-from", help="报送人或来源（仅在尚未建立账号时；已建立账号时报送人即登录账号）"
            )
            p.add_argument("--user", help="上报账号（已建立账号时必填；密码见环境变量 PILOT_PASSWORD）")
    r = sub.add_parser("receipt", help="生成已接收报送的回执（XLSX 或 PDF，按 --out 的扩展名）")
    r.add_argument("submission_id", type=int, help="提交编号")
    r.add_argument("--out", required=True, help="输出文件 .xlsx 或 .pdf")
    b = sub.add_parser("rollback", help="把一份较早接收的报表恢复为当前有效（协调办公室）")
    b.add_argument("submission_id", type=int, help="要恢复的提交编号")
    b.add_argument("--reason", required=True, help="回退原因（记入审计日志）")
    b.add_argument("--user", help="管理员账号（已建立账号时必填；密码见环境变量 PILOT_PASSWORD）")
    d = sub.add_parser("docs", help="由模板定义生成 docs/templates.md")
    d.add_argument("--out", default=str(DOCS_FILE))
    return parser


def _expected(args, catalog) -> tuple[str | None, str | None]:
    try:
        region = catalog.region(args.region).code if args.region else None
        period = catalog.quarter(args.period).code if args.period else None
    except (UnknownRegion, PeriodError) as exc:
        raise UsageError(str(exc)) from None
    return region, period


def _print_result(result: LoadResult, as_json: bool) -> None:
    if as_json:
        print(cli.json_text(result.as_json()))
        return
    where = f"{result.region or ''} {result.period or ''}".strip()
    if result.status == ACCEPTED:
        line = f"已接收：{where}"
        if result.submission_id:
            line += f"，提交编号 {result.submission_id}"
        if result.supersedes:
            line += f"，替代此前的提交 {result.supersedes}"
        print(line)
        print("  " + "，".join(f"{sheet} {n} 行" for sheet, n in result.rows.items()))
    elif result.status == DUPLICATE:
        print(f"重复报送：{where} 的同一文件此前已接收，本次未作任何改动。")
    else:
        print(f"未通过检查（{result.file_name}），共 {len(result.errors)} 个问题，数据未导入：")
        for p in result.errors:
            print(f"  {p}")
    for p in result.warnings:
        print(f"  提示 {p}")


def _template(args, catalog) -> int:
    """Write the template, pre-filled from the warehouse (read-only) unless --blank or there is none."""
    region, period = _expected(args, catalog)
    if args.unit and args.kind != "enterprise":
        raise UsageError("--unit 仅用于企业直报表（--kind enterprise）")
    spec, quarter, path = SPECS[args.kind](catalog, region), catalog.quarter(period), warehouse_path()
    units: list[str] = []
    if args.blank:
        made = blank(spec, catalog, region, quarter, "按要求生成空白模板。")
    elif not path.exists():
        made = blank(spec, catalog, region, quarter, f"数据仓库 {path} 不存在，为空白模板。")
    else:
        with Warehouse(path, on_wait=lambda text: print(text, file=sys.stderr), read_only=True) as wh:
            made = carried_content(wh, spec, catalog, region, quarter, args.unit)
            units = carry.enterprise_units(wh, region) if args.kind == "enterprise" and not args.unit else []
    write_workbook(args.out, spec, catalog, region, quarter, made.content)
    print(f"已生成模板：{args.out}（{catalog.region(region).name} {period}，模板版本 {spec.version}）")
    print(f"  {made.summary}")
    if not args.blank and units:
        print(f"  本地区已有报送的填报单位：{'、'.join(units)}（用 --unit 指定，即沿用该单位上次的报送）")
    return 0


def _receipt(args, catalog) -> int:
    """python -m ingest receipt ID --out FILE: the receipt of an accepted submission, read-only on the warehouse."""
    # imported here: fpdf2 and fontTools take a second to import that check, load and template have no use for
    from .receipt_document import ReceiptFontMissing, SubmissionNotFound, receipt_pdf, receipt_xlsx

    make = {".xlsx": receipt_xlsx, ".pdf": receipt_pdf}.get(Path(args.out).suffix.lower())
    path = warehouse_path()
    try:
        if make is None:
            raise UsageError(f"--out 的扩展名须为 .xlsx 或 .pdf：{args.out}")
        if not path.exists():
            raise UsageError(f"数据仓库 {path} 不存在，没有可出具回执的报送。")
        with Warehouse(
            path, catalog, read_only=True, on_wait=lambda text: print(text, file=sys.stderr)
        ) as wh:
            _, data = make(wh, args.submission_id)
    except (UsageError, SubmissionNotFound, ReceiptFontMissing, WarehouseError) as exc:
        print(f"错误：{exc}", file=sys.stderr)
        return 2
    Path(args.out).parent.mkdir(parents=True, exist_ok=True)
    Path(args.out).write_bytes(data)
    print(f"已写入 {args.out}（提交编号 {args.submission_id} 的回执）")
    return 0


def _rollback(args, catalog) -> int:
    """The office at the console: once there is an accounts file, an administrator signed in with --user (see
    accounts.command_line); before any account exists, the platform itself. Audited from the address 命令行."""
    try:
        user = command_line_user(args.user, (ADMIN,), "回退提交")
    except (Refused, LoginRefused, AccountsProblem) as exc:
        print(f"错误：{exc}", file=sys.stderr)
        return 1
    with Warehouse(catalog=catalog, on_wait=lambda text: print(text, file=sys.stderr)) as wh:
        try:
            result = roll_back(wh, args.submission_id, args.reason, user, ADDRESS)
        except RollbackRefused as exc:
            print(f"未回退：{exc.message}", file=sys.stderr)
            return 1
    print(result.message)
    return 0


def main(argv: list[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    catalog = load_catalog()
    if args.command == "receipt":
        return _receipt(args, catalog)
    try:
        if args.command == "docs":
            Path(args.out).parent.mkdir(parents=True, exist_ok=True)
            Path(args.out).write_text(render_docs(make(catalog) for make in SPECS.values()), encoding="utf-8")
            print(f"已写入 {args.out}")
            return 0
        if args.command == "template":
            return _template(args, catalog)
        if args.command == "rollback":
            return _rollback(args, catalog)
        path = Path(args.file)
        if not path.is_file():
            raise UsageError(f"找不到文件 {path}")
        region, period = _expected(args, catalog)
        if args.command == "check":
            result = check_file(path, catalog=catalog, expected_region=region, expected_period=period)
        else:
            received_at = None
            if args.received_at:
                try:
                    received_at = datetime.fromisoformat(args.received_at)
                except ValueError:
                    raise UsageError(
                        f"--received-at 的值“{args.received_at}”无法识别，请写成 2019-01-12T10:00"
                    ) from None
            user = command_line_user(args.user, (ADMIN, REGION, ENTERPRISE), "导入报表")
            if user is not SYSTEM and args.received_from:
                raise UsageError("已建立账号时报送人即登录账号，不能用 --received-from 另行指定。")
            if received_at is not None and user is not SYSTEM and user.role != ADMIN:
                # timeliness is judged on the receipt time: only the office back-fills a historical one
                raise UsageError("--received-at 只能由协调办公室的管理员用于补录历史报送。")
            signed_in = {} if user is SYSTEM else {"user": user, "address": ADDRESS}
            with Warehouse(catalog=catalog, on_wait=lambda text: print(text, file=sys.stderr)) as wh:
                result = load_file(
                    wh,
                    path,
                    expected_region=region,
                    expected_period=period,
                    received_at=received_at,
                    received_from=args.received_from,
                    **signed_in,
                )
    except UsageError as exc:
        print(f"错误：{exc}", file=sys.stderr)
        return 2
    except (Refused, LoginRefused, AccountsProblem) as exc:
        print(f"错误：{exc}", file=sys.stderr)
        return 1
    except (WarehouseError, ArchiveError, ConfigError) as exc:
        print(f"错误：{exc}", file=sys.stderr)
        return 2
    _print_result(result, args.json)
    return 1 if result.rejected else 0


if __name__ == "__main__":
    gc.disable()  # this process's only work is one workbook: the cyclic GC would only rescan millions of acyclic cells
    sys.exit(main())
