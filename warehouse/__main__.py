"""Command line: python -m warehouse backup|restore|migrate|accounts. Exit codes: 0 done, 1 refused, 2 usage error.

Once accounts exist, every command here is an administrator's: --user names the account, its password comes from
PILOT_PASSWORD or the terminal; each run is recorded in the audit log.
"""

from __future__ import annotations

import sys
from pathlib import Path

from accounts import ADMIN, ROLE_LABELS, AccountsProblem, LoginRefused, Refused, command_line_user, store
from accounts.command_line import ADDRESS
from base import cli, settings
from base.settings import credentials_path, warehouse_path

from . import audit
from .backup import BackupError, backup, restore
from .connection import Warehouse
from .errors import WarehouseError


def _parser():
    parser = cli.parser("python -m warehouse", "试点监测平台：数据仓库的备份、恢复与升级，账号管理")
    parser.add_argument("--user", help="执行操作的管理员账号（已建立账号时必填；密码见 PILOT_PASSWORD）")
    sub = parser.add_subparsers(dest="command", required=True)
    b = sub.add_parser("backup", help="备份数据仓库")
    b.add_argument("--out", required=True, help="备份目录（须为新目录或空目录）")
    r = sub.add_parser("restore", help="从备份恢复数据仓库")
    r.add_argument("--from", dest="source", required=True, help="备份目录")
    r.add_argument("--force", action="store_true", help="覆盖已有的数据仓库")
    sub.add_parser("migrate", help="把数据仓库升级到当前结构版本")
    a = sub.add_parser("accounts", help="账号管理（账号文件见 PILOT_CREDENTIALS）")
    what = a.add_subparsers(dest="action", required=True)
    what.add_parser("list", help="列出账号")
    add = what.add_parser("add", help="新建账号（密码见 PILOT_NEW_PASSWORD，未设置时随机生成并显示一次）")
    add.add_argument("username", help="账号名")
    add.add_argument("--name", required=True, help="姓名或单位")
    add.add_argument("--role", required=True, choices=sorted(ROLE_LABELS), help="角色")
    add.add_argument("--region", help="地区填报员、企业填报员所属的试点地区代码")
    add.add_argument("--unit", help="企业填报员的填报单位")
    for name, text in (
        ("disable", "停用账号"),
        ("enable", "启用账号"),
        ("reset", "重置密码（随机生成并显示一次）"),
    ):
        what.add_parser(name, help=text).add_argument("username", help="账号名")
    return parser


def _accounts(args, wh_path: Path) -> str:

    if args.action == "list":
        accounts, demo = store.load()
        lines = [("演示账号" if demo else "正式账号") + f"（{credentials_path()}）："]
        for a in accounts.values():
            state = "（已停用）" if a.disabled else ""
            lines.append(
                f"  {a.username}\t{ROLE_LABELS[a.role]}\t{a.display_name}\t{a.region or ''}\t{a.unit or ''}{state}"
            )
        return "\n".join(lines)
    if args.action == "add":
        password = settings.get("PILOT_NEW_PASSWORD") or store.new_password()
        account = store.create(
            args.username, args.name, args.role, password, region=args.region, unit=args.unit
        )
        shown = "" if settings.get("PILOT_NEW_PASSWORD") else f"，初始密码 {password}（只显示这一次）"
        return f"已建立账号 {account.username}（{ROLE_LABELS[account.role]}）{shown}"
    if args.action == "reset":
        return f"已重置 {args.username} 的密码：{store.reset_password(args.username)}（只显示这一次）"
    account = store.set_disabled(args.username, args.action == "disable")
    return f"已{'停用' if account.disabled else '启用'}账号 {account.username}"


def main(argv: list[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    path = warehouse_path()
    try:
        first = args.command == "accounts" and args.action == "add" and not credentials_path().exists()
        user = None if first else command_line_user(args.user, (ADMIN,), "管理数据仓库和账号")
        if args.command == "backup":
            out = backup(path, Path(args.out))
            message = f"已备份 {path} 到 {out}"
        elif args.command == "restore":
            counts = restore(Path(args.source), path, force=args.force)
            message = f"已恢复到 {path}：" + "，".join(f"{t} {n} 行" for t, n in counts.items() if n)
        elif args.command == "migrate":
            with Warehouse(path, on_wait=lambda text: print(text, file=sys.stderr)):
                message = f"数据仓库 {path} 已是当前结构版本"
        else:
            message = _accounts(args, path)
    except (Refused, LoginRefused, AccountsProblem) as exc:
        print(f"错误：{exc}", file=sys.stderr)
        return 1
    except BackupError as exc:
        print(f"错误：{exc}", file=sys.stderr)
        return 1
    except WarehouseError as exc:
        print(f"错误：{exc}", file=sys.stderr)
        return 2
    print(message)
    if path.exists() and not (args.command == "accounts" and args.action == "list"):
        _record(path, user, args)
    return 0


def _record(path: Path, user, args) -> None:
    """The run, in the audit log of the warehouse it worked on (after a restore: the restored one)."""
    action = {"accounts": "account", "restore": "restore", "backup": "backup", "migrate": "migrate"}[
        args.command
    ]
    target = getattr(args, "username", None) or getattr(args, "source", None) or getattr(args, "out", None)
    detail = {"command": args.command, **({"change": args.action} if args.command == "accounts" else {})}
    try:
        with Warehouse(path) as wh:
            audit.record(
                wh,
                username=user.username if user else (args.username or "—"),
                role=user.role if user else None,
                address=ADDRESS,
                action=action,
                target=str(target) if target else None,
                **detail,
            )
    except WarehouseError as exc:
        print(f"提示：操作已完成，但未能写入审计日志（{exc}）", file=sys.stderr)


if __name__ == "__main__":
    sys.exit(main())
