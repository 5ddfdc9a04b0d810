"""What can go wrong with the warehouse file, said in Chinese with what to do: every page and every command shows one
of these instead of DuckDB's English (and never a traceback)."""

from __future__ import annotations

from pathlib import Path

import duckdb


class WarehouseError(RuntimeError):
    """A fault of the warehouse file; the text says what happened and what to do, in Chinese."""


class WarehouseBusy(WarehouseError):
    """Another process held the warehouse file for longer than we were willing to wait."""


class WarehouseOutdated(WarehouseError):
    """A warehouse opened read-only whose schema is older than the code's migrations."""


class WarehouseCorrupt(WarehouseError):
    """The file is not a warehouse, or is damaged (truncated, overwritten, a failed write)."""


class WarehouseFull(WarehouseError):
    """The disk is full: nothing was written."""


class WarehouseDenied(WarehouseError):
    """No permission to read or write the file."""


_CORRUPT = (
    "not a valid DuckDB database",
    "Corrupt database",
    "checksum",
    "has been invalidated",
    "Could not read enough bytes",
    "INTERNAL Error",
    "Serialization Error",
)


def translated(exc: BaseException, path: Path) -> WarehouseError | None:
    """The warehouse fault behind a DuckDB or OS error, or None when it is not one (a bug to report as it is)."""
    text = str(exc)
    if isinstance(exc, PermissionError) or "Permission denied" in text:
        return WarehouseDenied(
            f"没有读写数据仓库文件 {path} 的权限。请让管理员检查该文件及其所在目录的权限后重试。"
        )
    if "No space left on device" in text or getattr(exc, "errno", None) == 28:
        return WarehouseFull(
            f"磁盘空间不足，数据仓库 {path} 未能写入，本次操作未生效（已有数据不受影响）。请释放磁盘空间后重试。"
        )
    if isinstance(exc, duckdb.Error) and any(marker in text for marker in _CORRUPT):
        return WarehouseCorrupt(
            f"数据仓库文件 {path} 已损坏或不是本平台的数据仓库，无法读取。"
            "请从最近的备份恢复（python -m warehouse restore --from 备份目录 --force），或联系管理员。"
        )
    return None
