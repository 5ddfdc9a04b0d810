"""Command line: python -m warehouse backup|restore|migrate. Exit codes: 0 done, 1 refused, 2 usage error."""

from __future__ import annotations

import sys
from pathlib import Path

from base import cli
from base.settings import warehouse_path

from .backup import BackupError, backup, restore
from .connection import Warehouse
from .errors import WarehouseError


def main(argv: list[str] | None = None) -> int:
    parser = cli.parser("python -m warehouse", "试点监测平台：数据仓库的备份、恢复与升级")
    sub = parser.add_subparsers(dest="command", required=True)
    b = sub.add_parser("backup", help="备份数据仓库")
    b.add_argument("--out", required=True, help="备份目录（须为新目录或空目录）")
    r = sub.add_parser("restore", help="从备份恢复数据仓库")
    r.add_argument("--from", dest="source", required=True, help="备份目录")
    r.add_argument("--force", action="store_true", help="覆盖已有的数据仓库")
    sub.add_parser("migrate", help="把数据仓库升级到当前结构版本")
    args = parser.parse_args(argv)
    path = warehouse_path()
    try:
        if args.command == "backup":
            out = backup(path, Path(args.out))
            print(f"已备份 {path} 到 {out}")
        elif args.command == "restore":
            counts = restore(Path(args.source), path, force=args.force)
            print(f"已恢复到 {path}：" + "，".join(f"{t} {n} 行" for t, n in counts.items() if n))
        else:
            with Warehouse(path, on_wait=lambda text: print(text, file=sys.stderr)):
                print(f"数据仓库 {path} 已是当前结构版本")
    except BackupError as exc:
        print(f"错误：{exc}", file=sys.stderr)
        return 1
    except WarehouseError as exc:
        print(f"错误：{exc}", file=sys.stderr)
        return 2
    return 0


if __name__ == "__main__":
    sys.exit(main())
