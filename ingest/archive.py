"""Every received file, kept by its sha256 in the archive folder (settings: PILOT_ARCHIVE)."""

from __future__ import annotations

import os
from pathlib import Path

SUFFIXES = {".xlsx", ".xls", ".xlsm", ".csv", ".pdf"}


class ArchiveError(OSError):
    """The file could not be kept (disk full, no permission): it was not received; the text says so in Chinese."""


def archive_path(root: Path, sha256: str, file_name: str) -> Path:
    suffix = Path(file_name).suffix.lower()
    return root / sha256[:2] / (sha256 + (suffix if suffix in SUFFIXES else ".bin"))


def archive(root: Path, sha256: str, file_name: str, data: bytes) -> Path:
    """Write the file once (same content, same name), flushed to disk before the load goes on; all or nothing:
    a failed write leaves no part of the file behind."""
    target = archive_path(root, sha256, file_name)
    if target.exists():
        return target
    tmp = target.with_name(target.name + f".{os.getpid()}.tmp")
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        with open(tmp, "wb") as f:
            f.write(data)
            f.flush()
            os.fsync(f.fileno())
        os.replace(tmp, target)
    except OSError as exc:
        tmp.unlink(missing_ok=True)
        why = {28: "磁盘空间不足", 13: "没有写入权限"}.get(exc.errno, f"无法写入（{exc.strerror}）")
        raise ArchiveError(
            exc.errno,
            f"报送文件未能存档：存档目录 {root} {why}，本次报送未被接收、数据未导入。请管理员处理后重新上传。",
        ) from exc
    return target
