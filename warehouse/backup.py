"""Backup and restore of the warehouse: one parquet file per table and a manifest that proves them.

A backup is a directory: one parquet file per table (COPY ... TO, every table read in one
transaction) and manifest.json, written last, so a directory without it is not a complete
backup. The manifest records each table's file with its size, sha256 and row count, the
schema versions (schema_migrations), the sequences' next values and the format version.

A restore takes nothing from the backup directory but data, and checks that data first:

1. manifest.json is read and every file in the directory checked against it before anything
   is created: a file the manifest does not list (a schema.sql or load.sql as well: no SQL from
   the backup is ever run), a listed file missing, a size or sha256 that differs is refused;
2. the schema is built in a temporary file beside the target by our own migrations, up to the
   backup's schema version; a backup from migrations newer than ours is refused;
3. each table is loaded from its parquet file by column name, the path a bound parameter;
4. the row counts are checked against the manifest, then our later migrations (if any) applied;
5. the invariants the loader keeps are checked: one accepted submission per kind, region,
   quarter and unit; every fact row and every receipt that names a submission points to an
   existing one; statuses within the known sets;
6. the sequences are moved past the restored ids;
7. the file is checkpointed and moved into place with os.replace.

A refused or failed restore leaves the target as it was and no temporary file behind.

The manifest is not signed: the sha256 values catch a file changed after the backup was
written (damaged, or edited by someone who left manifest.json alone); someone who rewrites
the manifest too can still restore other data, but only data that passes the checks above.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
import shutil
import time
import uuid
from contextlib import contextmanager
from datetime import datetime
from pathlib import Path

import duckdb

from base import settings

from .connection import WarehouseBusy, connect
from .locks import LockTimeout, lockfiles
from .migrate import MigrationError, migrate, migrations

MANIFEST = "manifest.json"
FORMAT = "pilot-warehouse-backup"
FORMAT_VERSION = 2  # 1: EXPORT DATABASE with schema.sql/load.sql and row counts only

# the values ingest/loader.py writes (see also the comments in migrations/0001 and 0003)
SUBMISSION_STATUSES = ("accepted", "superseded")
RECEIPT_STATUSES = ("accepted", "rejected", "duplicate", "refused")

_SHA256 = re.compile(r"^[0-9a-f]{64}$")
_NEXTVAL = re.compile(r"nextval\('((?:[^']|'')+)'\)", re.IGNORECASE)
_USE_ANOTHER = "请改用其他备份；原仓库文件未被改动。"


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
    return [
        name
        for (name,) in con.execute(
            "SELECT table_name FROM duckdb_tables() WHERE database_name = current_database() "
            "AND schema_name = 'main' AND NOT temporary AND NOT internal ORDER BY table_name"
        ).fetchall()
    ]


def _columns(con, table: str) -> list[str]:
    return [
        name
        for (name,) in con.execute(
            "SELECT column_name FROM duckdb_columns() WHERE database_name = current_database() "
            "AND schema_name = 'main' AND table_name = ? ORDER BY column_index",
            [table],
        ).fetchall()
    ]


def _row_count(con, table: str) -> int:
    return con.execute(f"SELECT count(*) FROM {_ident(table)}").fetchone()[0]


def _sequence_next(con) -> dict[str, int]:
    """The value nextval() would return next, per sequence."""
    rows = con.execute(
        "SELECT sequence_name, start_value, last_value, increment_by FROM duckdb_sequences() "
        "WHERE database_name = current_database() AND schema_name = 'main' AND NOT temporary"
    ).fetchall()
    return {name: int(start if last is None else last + inc) for name, start, last, inc in rows}


def _schema_versions(con) -> list[int]:
    if "schema_migrations" not in _base_tables(con):
        return []
    return [v for (v,) in con.execute("SELECT version FROM schema_migrations ORDER BY version").fetchall()]


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as f:
        for chunk in iter(lambda: f.read(1 << 20), b""):
            digest.update(chunk)
    return digest.hexdigest()


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
    """Write every table of the warehouse into out_dir (new or empty) as parquet, then manifest.json; returns out_dir.

    The warehouse is opened read_only: DuckDB then only needs that no other process holds it
    read-write (the running platform does), and nothing in the file is changed.
    """
    warehouse_path, out_dir = Path(warehouse_path), Path(out_dir)
    if not warehouse_path.is_file():
        raise BackupError(
            f"仓库文件不存在：{warehouse_path}。请检查路径（或 PILOT_WAREHOUSE 环境变量）后重试。"
        )
    if out_dir.exists() and not out_dir.is_dir():
        raise BackupError(f"备份目录 {out_dir} 是一个已存在的文件，不是目录。请指定一个新的目录。")
    if out_dir.is_dir() and any(out_dir.iterdir()):
        raise BackupError(f"备份目录 {out_dir} 不是空目录。备份不会覆盖已有文件，请指定一个新的或空的目录。")
    created_dir = not out_dir.exists()

    wait = settings.get("PILOT_LOCK_WAIT")
    locks = lockfiles(warehouse_path)
    try:
        locks.queue(time.monotonic() + wait)  # the dashboard lets go of the file for us
    except LockTimeout:
        raise BackupError(
            f"仓库文件 {warehouse_path} 正被导入或恢复程序使用，已等待 {wait:.0f} 秒。请稍后重试。"
        ) from None
    try:
        con = connect(warehouse_path, wait, read_only=True)
    except WarehouseBusy as exc:
        locks.unqueue()
        raise BackupError(str(exc)) from None
    except duckdb.Error as exc:
        locks.unqueue()
        if _in_use(exc):
            raise BackupError(
                f"仓库文件 {warehouse_path} 正被平台或其他程序以读写方式打开，无法读取。"
                "请先停止平台服务（streamlit）或其他载入程序，再进行备份。"
            ) from exc
        raise BackupError(
            f"无法打开仓库文件 {warehouse_path}：{exc}。文件可能已损坏，请检查后重试。"
        ) from exc

    out_dir.mkdir(parents=True, exist_ok=True)
    try:
        with con:
            con.execute("BEGIN TRANSACTION")  # one snapshot for every table
            tables = {}
            for table in _base_tables(con):
                path = out_dir / f"{table}.parquet"
                con.execute(f"COPY {_ident(table)} TO {_sql_string(path)} (FORMAT parquet)")
                tables[table] = {
                    "file": path.name,
                    "rows": _row_count(con, table),
                    "bytes": path.stat().st_size,
                    "sha256": _sha256(path),
                }
            manifest = {
                "format": FORMAT,
                "format_version": FORMAT_VERSION,
                "created_at": datetime.now().isoformat(timespec="seconds"),
                "source": str(warehouse_path.resolve()),
                "duckdb_version": duckdb.__version__,
                "schema_versions": _schema_versions(con),
                "tables": tables,
                "sequences": _sequence_next(con),
            }
            con.execute("COMMIT")
        # written last: a directory with a manifest is a complete backup
        (out_dir / MANIFEST).write_text(
            json.dumps(manifest, ensure_ascii=False, indent=2) + "\n", encoding="utf-8"
        )
    except BaseException as exc:
        if created_dir:
            shutil.rmtree(out_dir, ignore_errors=True)
        else:
            for child in out_dir.iterdir():
                if child.is_dir():
                    shutil.rmtree(child, ignore_errors=True)
                else:
                    child.unlink(missing_ok=True)
        if isinstance(exc, (duckdb.Error, OSError)):
            raise BackupError(
                f"导出仓库失败：{exc}。备份目录已清理，请检查磁盘空间和目录权限后重试。"
            ) from exc
        raise
    finally:
        locks.unqueue()
    return out_dir


# ---------------------------------------------------------------- restore: checks before anything is created


def _is_count(value) -> bool:
    return type(value) is int and value >= 0


def _read_manifest(backup_dir: Path) -> dict:
    path = backup_dir / MANIFEST
    if not backup_dir.is_dir():
        raise BackupError(
            f"备份目录 {backup_dir} 不存在或不是目录。请检查路径，选择由备份功能生成的备份目录。"
        )
    if not path.is_file():
        raise BackupError(
            f"{backup_dir} 不是完整的备份：缺少 {MANIFEST}（备份可能中途失败或目录选错）。"
            "请选择由备份功能生成的完整备份目录。"
        )
    try:
        manifest = json.loads(path.read_text(encoding="utf-8"))
    except (ValueError, UnicodeDecodeError) as exc:
        raise BackupError(f"{path} 无法解析：{exc}。备份可能已损坏，{_USE_ANOTHER}") from exc
    if not isinstance(manifest, dict) or manifest.get("format") != FORMAT:
        raise BackupError(f"{path} 不是本平台的备份清单。请选择由备份功能生成的备份目录。")
    version = manifest.get("format_version")
    if type(version) is int and version < FORMAT_VERSION:
        raise BackupError(
            f"该备份是旧格式（格式版本 {version}）：清单没有记录各数据文件的 sha256 校验值，无法确认备份未被改动，"
            f"且旧格式要执行备份目录中的 SQL 脚本，本平台不再恢复这种备份。请用当前版本的平台重新备份后再恢复；"
            f"如只剩这份旧备份，请联系维护人员人工核对后处理。原仓库文件未被改动。"
        )
    if version != FORMAT_VERSION:
        raise BackupError(
            f"备份格式版本 {version} 不受支持（本平台为 {FORMAT_VERSION}），可能来自更新版本的平台。"
            f"请用相同或更新版本的平台恢复，或{_USE_ANOTHER}"
        )

    def broken(what: str) -> BackupError:
        return BackupError(f"{path} 的内容不完整或格式不对：{what}。备份可能已损坏或被改动，{_USE_ANOTHER}")

    tables = manifest.get("tables")
    if not isinstance(tables, dict) or not tables:
        raise broken("没有 tables（数据文件清单）")
    for table, entry in tables.items():
        if not isinstance(entry, dict) or entry.get("file") != f"{table}.parquet":
            raise broken(f"表 {table} 的数据文件应为 {table}.parquet")
        if not (
            _is_count(entry.get("rows"))
            and _is_count(entry.get("bytes"))
            and isinstance(entry.get("sha256"), str)
            and _SHA256.match(entry["sha256"])
        ):
            raise broken(f"{entry['file']} 缺少行数（rows）、大小（bytes）或 sha256")
    versions = manifest.get("schema_versions")
    if not (
        isinstance(versions, list)
        and versions
        and all(_is_count(v) for v in versions)
        and versions == sorted(set(versions))
    ):
        raise broken("schema_versions（数据结构版本）应为递增的整数列表")
    sequences = manifest.get("sequences", {})
    if not (
        isinstance(sequences, dict) and all(isinstance(k, str) and _is_count(v) for k, v in sequences.items())
    ):
        raise broken("sequences（序列位置）应为名称到整数的对应")
    return manifest


def _check_files(backup_dir: Path, manifest: dict) -> None:
    """Every file in the directory is manifest.json or a listed data file, present, of the recorded size and sha256."""
    listed = {entry["file"]: entry for entry in manifest["tables"].values()}
    for child in sorted(backup_dir.iterdir()):
        if child.name != MANIFEST and child.name not in listed:
            raise BackupError(
                f"备份目录中有清单 {MANIFEST} 未列出的文件 {child.name}，恢复已拒绝（恢复只读取清单列出的数据文件，"
                f"从不执行备份目录中的脚本）。如该文件不属于这份备份，请把它移出 {backup_dir} 后重试；"
                f"否则{_USE_ANOTHER}"
            )
    for name, entry in sorted(listed.items()):
        path = backup_dir / name
        if not path.is_file():
            raise BackupError(f"备份不完整：清单列出的数据文件 {name} 不在 {backup_dir} 中。{_USE_ANOTHER}")
        size = path.stat().st_size
        if size != entry["bytes"] or _sha256(path) != entry["sha256"]:
            sizes = f"（现为 {size} 字节，清单记录 {entry['bytes']} 字节）" if size != entry["bytes"] else ""
            raise BackupError(
                f"数据文件 {name} 与清单 {MANIFEST} 记录的 sha256 校验值不符{sizes}，"
                f"文件在备份之后被改动或已损坏。{_USE_ANOTHER}"
            )


def _schema_version(manifest: dict) -> int:
    """The backup's schema version, if our migrations can build it; refuses one from newer migrations."""
    ours = [version for version, _, _ in migrations()]
    theirs = manifest["schema_versions"]
    if theirs[-1] > ours[-1]:
        raise BackupError(
            f"备份来自更新版本的平台：其数据结构版本为 {theirs[-1]}，本平台的迁移最高只到 {ours[-1]}，"
            "无法确认数据的含义。"
            f"请先把平台升级到不低于备份的版本再恢复，或{_USE_ANOTHER}"
        )
    if theirs != ours[: len(theirs)]:
        raise BackupError(
            f"清单记录的数据结构版本 {theirs} 与本平台的迁移 {ours[: len(theirs)]} 不一致，备份可能已被改动。"
            f"{_USE_ANOTHER}"
        )
    return theirs[-1]


def _check_not_in_use(warehouse_path: Path) -> None:
    """Refuse to replace a warehouse that this or another process has open read-write."""
    try:
        con = duckdb.connect(str(warehouse_path), read_only=True)
    except duckdb.Error as exc:
        if _in_use(exc):
            raise BackupError(
                f"仓库文件 {warehouse_path} 正被平台或其他程序打开，不能覆盖。请先停止平台服务（streamlit）"
                "和载入程序，再恢复。"
            ) from exc
        return  # not a readable warehouse: force means replace it anyway
    con.close()


# ---------------------------------------------------------------- restore: building and checking the new file


def _load(con, backup_dir: Path, manifest: dict) -> dict[str, int]:
    """Fill the migrated, empty schema from the parquet files by column name; returns table -> rows."""
    tables = _base_tables(con)
    expected = manifest["tables"]
    missing, extra = sorted(set(tables) - set(expected)), sorted(set(expected) - set(tables))
    if missing or extra:
        raise BackupError(
            f"备份的数据文件与数据结构版本 {manifest['schema_versions'][-1]} 的表不一致"
            f"（缺少 {', '.join(missing) or '无'}；多出 {', '.join(extra) or '无'}），备份可能已被改动。{_USE_ANOTHER}"
        )
    con.execute("BEGIN TRANSACTION")
    for (
        table
    ) in tables:  # rows our migrations seeded (schema_migrations, warehouse_meta): the backup's replace them
        con.execute(f"DELETE FROM {_ident(table)}")
    for table in tables:
        name = expected[table]["file"]
        path = str((backup_dir / name).resolve())
        parquet = "read_parquet(?, hive_partitioning = false)"  # no columns made up from the directory's name
        try:
            found = [c for (c, *_) in con.execute(f"DESCRIBE SELECT * FROM {parquet}", [path]).fetchall()]
            wanted = _columns(con, table)
            if sorted(found) != sorted(wanted):
                lacking, surplus = (
                    [c for c in wanted if c not in found],
                    [c for c in found if c not in wanted],
                )
                raise BackupError(
                    f"数据文件 {name} 的列与表 {table} 不一致（缺少 {', '.join(lacking) or '无'}；"
                    f"多出 {', '.join(surplus) or '无'}），"
                    f"备份可能已被改动。{_USE_ANOTHER}"
                )
            con.execute(f"INSERT INTO {_ident(table)} BY NAME SELECT * FROM {parquet}", [path])
        except duckdb.Error as exc:
            raise BackupError(
                f"数据文件 {name} 无法载入表 {table}：{exc}。备份可能已损坏或被改动，{_USE_ANOTHER}"
            ) from exc
    con.execute("COMMIT")

    counts = {table: _row_count(con, table) for table in tables}
    wrong = [
        f"{expected[t]['file']} 载入 {n} 行，清单记录 {expected[t]['rows']} 行"
        for t, n in counts.items()
        if n != expected[t]["rows"]
    ]
    if wrong:
        raise BackupError(
            f"备份校验失败，行数与 {MANIFEST} 不一致（{'；'.join(wrong)}）。备份可能已损坏或被改动，{_USE_ANOTHER}"
        )
    if _schema_versions(con) != manifest["schema_versions"]:
        raise BackupError(
            f"备份校验失败：schema_migrations.parquet 中的版本 {_schema_versions(con)} 与清单记录 "
            f"{manifest['schema_versions']} 不一致。"
            f"{_USE_ANOTHER}"
        )
    return counts


def _violations(con) -> list[str]:
    """The invariants ingest/loader.py keeps, each broken one described with up to five examples."""
    found = []

    def examples(rows, show) -> str:
        return "、".join(show(*row) for row in rows[:5]) + (" 等" if len(rows) > 5 else "")

    rows = con.execute(
        "SELECT kind, region_code, period, unit, list(id ORDER BY id) FROM submission WHERE status = 'accepted' "
        "GROUP BY kind, region_code, period, unit HAVING count(*) > 1 ORDER BY ALL"
    ).fetchall()  # NULL units group together
    if rows:
        found.append(
            "同一类型、地区、季度和填报单位只能有一个有效（accepted）提交，备份中 "
            + examples(
                rows,
                lambda kind, region, period, unit, ids: (
                    f"{kind} {region} {period}{' ' + unit if unit is not None else ''} 有 {len(ids)} "
                    f"个（编号 {', '.join(map(str, ids))}）"
                ),
            )
        )
    for table in [t for t in _base_tables(con) if t.startswith("fact_")]:
        rows = con.execute(
            f"SELECT f.submission_id, count(*) FROM {_ident(table)} f ANTI JOIN submission s ON s.id = f.submission_id "
            "GROUP BY ALL ORDER BY ALL"
        ).fetchall()
        if rows:
            found.append(
                f"{table} 的每一行都须属于一个已有的提交，备份中 "
                + examples(rows, lambda sid, n: f"{n} 行的提交编号 {sid} 在 submission 中不存在")
            )
    rows = con.execute(
        "SELECT r.id, r.submission_id FROM receipt r ANTI JOIN submission s ON s.id = r.submission_id "
        "WHERE r.submission_id IS NOT NULL ORDER BY ALL"
    ).fetchall()
    if rows:
        found.append(
            "receipt 记录的提交编号须在 submission 中存在，备份中 "
            + examples(rows, lambda rid, sid: f"收件记录 {rid} 的提交编号 {sid} 不存在")
        )
    for table, allowed in (("submission", SUBMISSION_STATUSES), ("receipt", RECEIPT_STATUSES)):
        rows = con.execute(
            f"SELECT status, count(*) FROM {table} WHERE status NOT IN ({', '.join('?' * len(allowed))}) "
            "GROUP BY ALL ORDER BY ALL",
            list(allowed),
        ).fetchall()
        if rows:
            found.append(
                f"{table}.status 只能是 {'、'.join(allowed)}，备份中 "
                + examples(rows, lambda s, n: f"{n} 行为 {s!r}")
            )
    return found


def _continue_sequences(con, manifest: dict) -> None:
    """Make every sequence continue after the restored rows: at the manifest's position, and past max() of its columns.

    The migrations create each sequence at START 1; one that a column default uses cannot be
    dropped and recreated, so it is moved forward with setval().
    """
    required = {name: int(value) for name, value in manifest.get("sequences", {}).items()}
    for table, column, default in con.execute(
        "SELECT table_name, column_name, column_default FROM duckdb_columns() "
        "WHERE database_name = current_database() AND column_default IS NOT NULL"
    ).fetchall():
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
            raise BackupError(
                f"清单记录的序列 {name} 在本平台的数据结构中不存在，备份可能已被改动。{_USE_ANOTHER}"
            )
        if current[name] < value:
            con.execute("SELECT setval(?, ?)", [name, value - 1])
    behind = {n: v for n, v in _sequence_next(con).items() if n in required and v < required[n]}
    if behind:
        raise BackupError(
            f"无法把序列 {', '.join(behind)} 调整到已恢复数据之后。请联系维护人员；原仓库文件未被改动。"
        )


def restore(backup_dir: Path, warehouse_path: Path, force: bool = False) -> dict[str, int]:
    """Rebuild the warehouse from a backup directory; returns table -> row count.

    Refuses an existing warehouse_path unless force. The new file is built and checked beside
    the target under a temporary name and moved into place only when every check has passed.
    """
    backup_dir, warehouse_path = Path(backup_dir), Path(warehouse_path)
    manifest = _read_manifest(backup_dir)
    version = _schema_version(manifest)
    if warehouse_path.exists() and not force:
        raise BackupError(
            f"目标仓库文件 {warehouse_path} 已存在，恢复会覆盖其中的全部数据。"
            "如确需覆盖，请先另行备份现有文件，再加 --force（Python 调用时 force=True）重试；或恢复到一个新的路径。"
        )
    _check_files(backup_dir, manifest)
    warehouse_path.parent.mkdir(parents=True, exist_ok=True)
    with _alone(warehouse_path):
        if warehouse_path.exists():
            _check_not_in_use(warehouse_path)
        return _rebuild(backup_dir, warehouse_path, manifest, version, force)


@contextmanager
def _alone(warehouse_path: Path):
    """Nobody else writes or has the file open while the restore runs. A load running now must land, so the restore
    refuses rather than waits for it; the dashboard is asked to let go of the file and waited for."""
    locks = lockfiles(warehouse_path)
    if locks.in_use_here():
        raise BackupError(f"仓库文件 {warehouse_path} 正被本程序打开，不能覆盖。请先关闭它再恢复。")
    try:
        locks.queue(time.monotonic())  # now or never
    except LockTimeout:
        who = f"进程 {locks.holder()}" if locks.holder() else "另一进程"
        raise BackupError(
            f"数据仓库正在导入数据或被其他命令使用（{who}），恢复未进行，原仓库未改动。请待其完成后重试。"
        ) from None
    wait = settings.get("PILOT_LOCK_WAIT")
    try:
        try:
            locks.exclusive(time.monotonic() + wait)
        except LockTimeout:
            raise BackupError(
                f"仓库文件 {warehouse_path} 正被平台或其他程序打开，已等待 {wait:.0f} 秒仍未释放，不能覆盖。"
                "请稍后重试，或先停止平台服务（streamlit）。"
            ) from None
        try:
            yield
        finally:
            locks.release_exclusive()
    finally:
        locks.unqueue()


def _rebuild(
    backup_dir: Path, warehouse_path: Path, manifest: dict, version: int, force: bool
) -> dict[str, int]:
    building = warehouse_path.with_name(f"{warehouse_path.name}.restoring-{uuid.uuid4().hex[:12]}")
    con = None
    try:
        con = duckdb.connect(str(building))
        migrate(con, upto=version)
        counts = _load(con, backup_dir, manifest)
        migrate(con)  # a backup from older migrations gets ours, as opening it would do
        violations = _violations(con)
        if violations:
            raise BackupError(
                f"备份未通过数据一致性检查：{'；'.join(violations)}。备份可能已被改动，{_USE_ANOTHER}"
            )
        _continue_sequences(con, manifest)
        if (
            "warehouse_meta" in counts
        ):  # a restored warehouse is a new state: caches keyed on the old version must miss
            con.execute("UPDATE warehouse_meta SET value = uuid()::VARCHAR WHERE key = 'data_version'")
        con.execute("CHECKPOINT")
        con.close()
        con = None
        if warehouse_path.exists() and not force:  # appeared while we were restoring
            raise BackupError(
                f"目标仓库文件 {warehouse_path} 在恢复过程中被创建，未覆盖。请确认后以 force=True 重试。"
            )
        # an old write-ahead log must never be replayed against the restored file
        warehouse_path.with_name(warehouse_path.name + ".wal").unlink(missing_ok=True)
        os.replace(building, warehouse_path)
        _fsync_dir(warehouse_path.parent)
        return counts
    except (duckdb.Error, MigrationError) as exc:
        raise BackupError(f"恢复失败：{exc}。{_USE_ANOTHER}") from exc
    finally:
        if con is not None:
            try:
                con.close()
            except duckdb.Error:
                pass
        _remove(building)


__all__ = ["BackupError", "backup", "restore"]
