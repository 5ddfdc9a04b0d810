"""Backup and restore of the warehouse: DuckDB EXPORT DATABASE / IMPORT DATABASE plus a manifest.

A backup is a directory: one parquet file per table, DuckDB's schema.sql and load.sql,
and manifest.json (tables and row counts, sequence positions, schema versions, created_at),
written last, so a directory without it is not a complete backup.

A restore imports into a new temporary file beside the target, checks it against the
manifest and only then moves it into place with os.replace: a failed or refused restore
leaves the target as it was and no file behind.

Two things DuckDB (2.0.1) does not do for us, checked against it:

* schema.sql lists views alphabetically, not in dependency order (duckdb/duckdb#15353,
  #22512): v_experience comes before v_latest_submission, which it selects from, so a plain
  IMPORT DATABASE fails with "Table with name v_latest_submission does not exist".
  backup() rewrites schema.sql with the views in an order that replays.
* Sequences: EXPORT writes `CREATE SEQUENCE ... START <last_value + 1>`, so the submission
  id sequence does continue after IMPORT. restore() still checks every sequence against the
  manifest and against max() of the columns that draw from it, and moves it forward with
  setval() if it is behind (see _continue_sequences), because a sequence restarted at 1
  would only show up later as a primary-key violation on the next accepted workbook.
"""
from __future__ import annotations

import json
import os
import re
import shutil
import uuid
from datetime import datetime
from pathlib import Path

import duckdb

MANIFEST = "manifest.json"
FORMAT = "pilot-warehouse-backup"
FORMAT_VERSION = 1

_CREATE_VIEW = re.compile(r"^\s*CREATE\s+(?:OR\s+REPLACE\s+)?VIEW\b", re.IGNORECASE)
_NEXTVAL = re.compile(r"nextval\('((?:[^']|'')+)'\)", re.IGNORECASE)


class BackupError(Exception):
    """A backup or restore that was refused or failed; the message says in Chinese what to do."""


# ---------------------------------------------------------------- helpers


def _sql_string(value: str | Path) -> str:
    return "'" + str(value).replace("'", "''") + "'"


def _ident(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


def _in_use(exc: Exception) -> bool:
    text = str(exc)
    return any(m in text for m in ("Could not set lock", "Conflicting lock", "different configuration"))


def _base_tables(con) -> list[str]:
    return [name for (name,) in con.execute(
        "SELECT table_name FROM duckdb_tables() WHERE database_name = current_database() "
        "AND schema_name = 'main' AND NOT temporary AND NOT internal ORDER BY table_name").fetchall()]


def _views(con) -> list[str]:
    return [name for (name,) in con.execute(
        "SELECT view_name FROM duckdb_views() WHERE database_name = current_database() "
        "AND schema_name = 'main' AND NOT temporary AND NOT internal ORDER BY view_name").fetchall()]


def _row_counts(con, tables: list[str]) -> dict[str, int]:
    return {t: con.execute(f"SELECT count(*) FROM {_ident(t)}").fetchone()[0] for t in tables}


def _sequence_next(con) -> dict[str, int]:
    """The value nextval() would return next, per sequence."""
    rows = con.execute(
        "SELECT sequence_name, start_value, last_value, increment_by FROM duckdb_sequences() "
        "WHERE database_name = current_database() AND schema_name = 'main' AND NOT temporary").fetchall()
    return {name: int(start if last is None else last + inc) for name, start, last, inc in rows}


def _schema_versions(con) -> list[int]:
    if "schema_migrations" not in _base_tables(con):
        return []
    return [v for (v,) in con.execute("SELECT version FROM schema_migrations ORDER BY version").fetchall()]


def _statements(sql: str) -> list[str]:
    # EXPORT writes "...;;" after every statement; DuckDB's own splitter keeps string literals intact.
    with duckdb.connect() as scratch:
        parts = [s.query.strip(" \t\r\n;") for s in scratch.extract_statements(sql)]
    return [p for p in parts if p]


def _reorder_views(schema_sql: Path) -> list[str]:
    """Rewrite schema.sql with every CREATE VIEW after the views it selects from.

    The order is found by replaying the script into an empty in-memory database: the
    non-view statements first, then the views, each round creating those that now bind.
    That also proves the rewritten script replays. Returns the view statements' order.
    """
    statements = _statements(schema_sql.read_text(encoding="utf-8"))
    others = [s for s in statements if not _CREATE_VIEW.match(s)]
    pending = [s for s in statements if _CREATE_VIEW.match(s)]
    ordered: list[str] = []
    with duckdb.connect() as scratch:
        for statement in others:
            scratch.execute(statement)
        while pending:
            created = []
            for statement in pending:
                try:
                    scratch.execute(statement)
                except duckdb.CatalogException:
                    continue
                created.append(statement)
            if not created:
                raise BackupError(
                    "导出的结构脚本 schema.sql 中有视图无法按任何顺序重建（视图之间循环引用或引用了不存在的表），"
                    "无法生成可恢复的备份。请检查 warehouse/migrations/ 中的视图定义。")
            ordered += created
            pending = [s for s in pending if s not in created]
    schema_sql.write_text("".join(s + ";\n" for s in others + ordered), encoding="utf-8")
    return ordered


def _fsync_dir(directory: Path) -> None:
    try:
        fd = os.open(directory, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)


def _remove(path: Path) -> None:
    for p in (path, path.with_name(path.name + ".wal")):
        try:
            p.unlink()
        except FileNotFoundError:
            pass


# ---------------------------------------------------------------- backup


def backup(warehouse_path: Path, out_dir: Path) -> Path:
    """Export the warehouse into out_dir (new or empty) as parquet plus manifest.json; returns out_dir.

    The warehouse is opened read_only: DuckDB then only needs that no other process holds it
    read-write (the running platform does), and nothing in the file is changed.
    """
    warehouse_path, out_dir = Path(warehouse_path), Path(out_dir)
    if not warehouse_path.is_file():
        raise BackupError(f"仓库文件不存在：{warehouse_path}。请检查路径（或 PILOT_WAREHOUSE 环境变量）后重试。")
    if out_dir.exists() and not out_dir.is_dir():
        raise BackupError(f"备份目录 {out_dir} 是一个已存在的文件，不是目录。请指定一个新的目录。")
    if out_dir.is_dir() and any(out_dir.iterdir()):
        raise BackupError(f"备份目录 {out_dir} 不是空目录。备份不会覆盖已有文件，请指定一个新的或空的目录。")
    created_dir = not out_dir.exists()

    try:
        con = duckdb.connect(str(warehouse_path), read_only=True)
    except duckdb.Error as exc:
        if _in_use(exc):
            raise BackupError(
                f"仓库文件 {warehouse_path} 正被平台或其他程序以读写方式打开，无法读取。"
                "请先停止平台服务（streamlit）或其他载入程序，再进行备份。") from exc
        raise BackupError(f"无法打开仓库文件 {warehouse_path}：{exc}。文件可能已损坏，请检查后重试。") from exc

    out_dir.mkdir(parents=True, exist_ok=True)
    try:
        with con:
            tables = _base_tables(con)
            manifest = {
                "format": FORMAT,
                "format_version": FORMAT_VERSION,
                "created_at": datetime.now().isoformat(timespec="seconds"),
                "source": str(warehouse_path.resolve()),
                "duckdb_version": duckdb.__version__,
                "schema_versions": _schema_versions(con),
                "tables": _row_counts(con, tables),
                "views": _views(con),
                "sequences": _sequence_next(con),
            }
            con.execute(f"EXPORT DATABASE {_sql_string(out_dir)} (FORMAT parquet)")
        _reorder_views(out_dir / "schema.sql")
        # written last: a directory with a manifest is a complete backup
        (out_dir / MANIFEST).write_text(json.dumps(manifest, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    except BaseException as exc:
        if created_dir:
            shutil.rmtree(out_dir, ignore_errors=True)
        else:
            for child in out_dir.iterdir():
                if child.is_dir():
                    shutil.rmtree(child, ignore_errors=True)
                else:
                    child.unlink(missing_ok=True)
        if isinstance(exc, duckdb.Error):
            raise BackupError(f"导出仓库失败：{exc}。备份目录已清理，请检查磁盘空间和目录权限后重试。") from exc
        raise
    return out_dir


# ---------------------------------------------------------------- restore


def _read_manifest(backup_dir: Path) -> dict:
    path = backup_dir / MANIFEST
    if not path.is_file():
        raise BackupError(
            f"{backup_dir} 不是完整的备份：缺少 {MANIFEST}（备份可能中途失败或目录选错）。请选择由备份功能生成的完整备份目录。")
    try:
        manifest = json.loads(path.read_text(encoding="utf-8"))
    except (ValueError, UnicodeDecodeError) as exc:
        raise BackupError(f"{path} 无法解析：{exc}。备份可能已损坏，请改用其他备份。") from exc
    if not isinstance(manifest, dict) or manifest.get("format") != FORMAT or not isinstance(manifest.get("tables"), dict):
        raise BackupError(f"{path} 不是本平台的备份清单。请选择由备份功能生成的备份目录。")
    if manifest.get("format_version") != FORMAT_VERSION:
        raise BackupError(f"备份格式版本 {manifest.get('format_version')} 不受支持（当前为 {FORMAT_VERSION}）。请使用相同版本的平台恢复。")
    return manifest


def _check_not_in_use(warehouse_path: Path) -> None:
    """Refuse to replace a warehouse that this or another process has open read-write."""
    try:
        con = duckdb.connect(str(warehouse_path), read_only=True)
    except duckdb.Error as exc:
        if _in_use(exc):
            raise BackupError(
                f"仓库文件 {warehouse_path} 正被平台或其他程序打开，不能覆盖。请先停止平台服务（streamlit）和载入程序，再恢复。") from exc
        return  # not a readable warehouse: force means replace it anyway
    con.close()


def _continue_sequences(con, manifest: dict) -> None:
    """Make every sequence continue after the restored rows.

    DuckDB 2.0.1 exports a sequence as START <last_value + 1>, so after IMPORT the submission
    id sequence already continues at max(id) + 1 and this changes nothing. It is kept because
    an export that wrote the original START (1) would otherwise go unnoticed until the next
    accepted workbook failed on the submission primary key. A sequence used by a column
    default cannot be dropped and recreated, so it is moved forward with setval().
    """
    required = {name: int(value) for name, value in (manifest.get("sequences") or {}).items()}
    for table, column, default in con.execute(
            "SELECT table_name, column_name, column_default FROM duckdb_columns() "
            "WHERE database_name = current_database() AND column_default IS NOT NULL").fetchall():
        m = _NEXTVAL.search(default)
        if not m:
            continue
        name = m.group(1).replace("''", "'").split(".")[-1].strip('"')
        (top,) = con.execute(f"SELECT max({_ident(column)}) FROM {_ident(table)}").fetchone()
        if top is not None:
            required[name] = max(required.get(name, 1), int(top) + 1)
    current = _sequence_next(con)
    for name, value in required.items():
        if name not in current:
            raise BackupError(f"恢复出的仓库缺少序列 {name}。备份可能不完整，请改用其他备份。")
        if current[name] < value:
            con.execute("SELECT setval(?, ?)", [name, value - 1])
    behind = {n: v for n, v in _sequence_next(con).items() if n in required and v < required[n]}
    if behind:
        raise BackupError(f"无法把序列 {', '.join(behind)} 调整到已恢复数据之后。请联系维护人员。")


def _verify(con, manifest: dict) -> dict[str, int]:
    expected = {str(k): int(v) for k, v in manifest["tables"].items()}
    tables = _base_tables(con)
    missing = sorted(set(expected) - set(tables))
    extra = sorted(set(tables) - set(expected))
    if missing or extra:
        raise BackupError(
            f"备份校验失败：恢复出的表与 {MANIFEST} 不一致（缺少 {missing or '无'}，多出 {extra or '无'}）。"
            "备份可能已损坏或被改动，请改用其他备份；原仓库文件未被改动。")
    counts = _row_counts(con, tables)
    wrong = [f"{t}：恢复 {counts[t]} 行，清单记录 {expected[t]} 行" for t in tables if counts[t] != expected[t]]
    if wrong:
        raise BackupError(
            f"备份校验失败，行数与 {MANIFEST} 不一致（{'；'.join(wrong)}）。"
            "备份可能已损坏或被改动，请改用其他备份；原仓库文件未被改动。")
    views = set(_views(con))
    lost = sorted(set(manifest.get("views", [])) - views)
    if lost:
        raise BackupError(f"备份校验失败：恢复出的仓库缺少视图 {lost}。请改用其他备份；原仓库文件未被改动。")
    for view in sorted(views):
        con.execute(f"SELECT count(*) FROM {_ident(view)}").fetchone()
    if "schema_versions" in manifest and _schema_versions(con) != list(manifest["schema_versions"]):
        raise BackupError(
            f"备份校验失败：schema_migrations 中的版本 {_schema_versions(con)} 与清单记录 {manifest['schema_versions']} 不一致。"
            "请改用其他备份；原仓库文件未被改动。")
    return counts


def restore(backup_dir: Path, warehouse_path: Path, force: bool = False) -> dict[str, int]:
    """Rebuild the warehouse from a backup directory; returns table -> row count.

    Refuses an existing warehouse_path unless force. The new file is built and checked beside
    the target under a temporary name and moved into place only when it matches the manifest.
    """
    backup_dir, warehouse_path = Path(backup_dir), Path(warehouse_path)
    manifest = _read_manifest(backup_dir)
    if warehouse_path.exists() and not force:
        raise BackupError(
            f"目标仓库文件 {warehouse_path} 已存在，恢复会覆盖其中的全部数据。"
            "如确需覆盖，请先另行备份现有文件，再加 --force（Python 调用时 force=True）重试；或恢复到一个新的路径。")
    if warehouse_path.exists():
        _check_not_in_use(warehouse_path)
    warehouse_path.parent.mkdir(parents=True, exist_ok=True)

    building = warehouse_path.with_name(f"{warehouse_path.name}.restoring-{uuid.uuid4().hex[:12]}")
    con = None
    try:
        con = duckdb.connect(str(building))
        try:
            con.execute(f"IMPORT DATABASE {_sql_string(backup_dir.resolve())}")
        except duckdb.Error as exc:
            raise BackupError(f"导入备份失败：{exc}。备份可能已损坏或不完整，请改用其他备份；原仓库文件未被改动。") from exc
        counts = _verify(con, manifest)
        _continue_sequences(con, manifest)
        con.execute("CHECKPOINT")
        con.close()
        con = None
        if warehouse_path.exists() and not force:  # appeared while we were importing
            raise BackupError(f"目标仓库文件 {warehouse_path} 在恢复过程中被创建，未覆盖。请确认后以 force=True 重试。")
        # an old write-ahead log must never be replayed against the restored file
        warehouse_path.with_name(warehouse_path.name + ".wal").unlink(missing_ok=True)
        os.replace(building, warehouse_path)
        _fsync_dir(warehouse_path.parent)
        return counts
    except BaseException:
        if con is not None:
            try:
                con.close()
            except duckdb.Error:
                pass
        _remove(building)
        raise


__all__ = ["BackupError", "backup", "restore"]
