"""Backup and restore: a round trip of the sample warehouse checked table by table, and backups that prove themselves.

The tampering cases are those of the security probe (issue 10, finding 2): a doctored parquet file,
rows removed with the manifest's count adjusted, a doctored file whose manifest entry is adjusted too
(then the invariants refuse it), SQL placed in the backup folder, a backup from newer migrations.
"""

from __future__ import annotations

import hashlib
import json
import re
import shutil
import tempfile
from pathlib import Path

import duckdb
import pandas as pd
import pytest

import warehouse.backup as backup_module
from ingest.loader import load_file
from warehouse import Warehouse
from warehouse.backup import BackupError, backup, restore
from warehouse.migrate import migrate, migrations

from .conftest import filled_content, write_filled

# the views of migrations/0002; later migrations may add more, which are compared as well
VIEWS = [
    "v_experience",
    "v_key_enterprise",
    "v_latest_submission",
    "v_measure_status",
    "v_task_progress",
    "v_trade",
]
CHINESE = re.compile(r"[\u4e00-\u9fff]")
UNCHANGED = "请改用其他备份；原仓库文件未被改动。"


def _tables(con) -> list[str]:
    return [
        t
        for (t,) in con.execute(
            "SELECT table_name FROM duckdb_tables() WHERE NOT internal AND NOT temporary ORDER BY 1"
        ).fetchall()
    ]


def _views(con) -> list[str]:
    return [
        v
        for (v,) in con.execute(
            "SELECT view_name FROM duckdb_views() WHERE NOT internal AND NOT temporary ORDER BY 1"
        ).fetchall()
    ]


def _sorted(con, name: str) -> pd.DataFrame:
    return con.execute(f"SELECT * FROM {name} ORDER BY ALL").df()


VERSION = "SELECT value FROM warehouse_meta WHERE key = 'data_version'"


def _files(directory) -> list[str]:
    """The files of a folder but the warehouse's lock files (warehouse/locks.py), which stay as lock files do."""
    return sorted(p.name for p in directory.iterdir() if p.suffix not in (".inuse", ".queue"))


def _snapshot(path) -> dict[str, pd.DataFrame]:
    """Every table and view, sorted; the data version (new at every commit and restore) left out."""
    with duckdb.connect(str(path), read_only=True) as con:
        names = _tables(con) + _views(con)
        out = {name: _sorted(con, name) for name in names}
    meta = out["warehouse_meta"]
    out["warehouse_meta"] = meta[meta["key"] != "data_version"].reset_index(drop=True)
    return out


def _query(path, sql: str, params=None) -> list[tuple]:
    with duckdb.connect(str(path), read_only=True) as con:
        return con.execute(sql, params or []).fetchall()


@pytest.fixture
def source(sample_warehouse_file, tmp_path):
    path = tmp_path / "source.duckdb"
    shutil.copy(sample_warehouse_file, path)
    return path


@pytest.fixture
def out(source, tmp_path):
    """A backup of the sample warehouse."""
    return backup(source, tmp_path / "backup")


def _assert_same(expected: dict, actual: dict) -> None:
    assert sorted(actual) == sorted(expected)
    for name, frame in expected.items():
        pd.testing.assert_frame_equal(actual[name], frame, obj=name)


def _manifest(out) -> dict:
    return json.loads((out / "manifest.json").read_text(encoding="utf-8"))


def _write_manifest(out, manifest: dict) -> None:
    (out / "manifest.json").write_text(json.dumps(manifest, ensure_ascii=False, indent=2), encoding="utf-8")


def _doctor(out, table: str, select: str) -> int:
    """Rewrite the table's parquet file with `select` over its contents (as t), as a tamperer would; returns
    its rows."""
    path = out / f"{table}.parquet"
    with duckdb.connect() as con:
        con.execute("CREATE TABLE t AS SELECT * FROM read_parquet(?)", [str(path)])
        con.execute(f"COPY ({select}) TO '{path}' (FORMAT parquet)")
        return con.execute("SELECT count(*) FROM read_parquet(?)", [str(path)]).fetchone()[0]


def _reseal(out, table: str, rows: int | None = None, sha: bool = True) -> None:
    """Adjust the manifest to a doctored file: its row count and/or its size and sha256."""
    manifest = _manifest(out)
    entry = manifest["tables"][table]
    if rows is not None:
        entry["rows"] = rows
    if sha:
        data = (out / entry["file"]).read_bytes()
        entry.update(bytes=len(data), sha256=hashlib.sha256(data).hexdigest())
    _write_manifest(out, manifest)


def _refused(out, source, tmp_path) -> str:
    """Restore `out` with force over a copy of the source warehouse: refused, the copy unchanged, nothing left
    beside it."""
    target = Path(tempfile.mkdtemp(dir=tmp_path, prefix="live-")) / "warehouse.duckdb"
    shutil.copy(source, target)
    before = target.read_bytes()
    with pytest.raises(BackupError) as excinfo:
        restore(out, target, force=True)
    assert target.read_bytes() == before
    assert _files(target.parent) == ["warehouse.duckdb"]
    return str(excinfo.value)


@pytest.fixture
def no_build(monkeypatch):
    """Fails the test if restore gets as far as building a warehouse: the file checks come before anything is
    created."""

    def fail(*args, **kwargs):
        pytest.fail("restore built a warehouse from a backup its file checks should have refused")

    monkeypatch.setattr(backup_module, "migrate", fail)
    monkeypatch.setattr(backup_module, "_check_not_in_use", fail)


def test_round_trip(source, tmp_path, catalog):
    before = _snapshot(source)
    n = len(before["submission"])
    assert n > 100  # the sample data
    assert {"submission", "schema_migrations", "fact_trade", *VIEWS} <= set(before)

    out = backup(source, tmp_path / "backup")
    manifest = _manifest(out)
    assert manifest["format_version"] == 2
    assert manifest["schema_versions"] == [version for version, _, _ in migrations()]
    assert manifest["created_at"]
    tables = _query(source, "SELECT table_name FROM duckdb_tables() ORDER BY 1")
    assert sorted(manifest["tables"]) == [t for (t,) in tables]
    for table, entry in manifest["tables"].items():
        data = (out / f"{table}.parquet").read_bytes()
        rows = _query(source, f"SELECT count(*) FROM {table}")[0][0]
        assert entry == {
            "file": f"{table}.parquet",
            "rows": rows,
            "bytes": len(data),
            "sha256": hashlib.sha256(data).hexdigest(),
        }, table
    assert manifest["tables"]["submission"]["rows"] == n
    max_id = int(before["submission"]["id"].max())
    assert manifest["sequences"] == {
        "submission_id_seq": max_id + 1,
        "receipt_id_seq": int(before["receipt"]["id"].max()) + 1,
        "audit_id_seq": 1,  # the sample warehouse's audit log is empty: its next number is the first
        "submission_rollback_id_seq": 1,  # nor has it any rollback,
        "approval_event_id_seq": 1,  # approval,
        "quarter_setting_id_seq": 1,  # reporting-quarter change
        "score_weights_id_seq": 1,  # or weight change
    }
    assert before["audit_log"].empty
    # data and the manifest, nothing else: no schema.sql or load.sql to run
    assert sorted(p.name for p in out.iterdir()) == sorted(
        ["manifest.json", *(f"{t}.parquet" for t in manifest["tables"])]
    )

    # the backup is usable from wherever it is copied to
    moved = tmp_path / "elsewhere" / "backup"
    shutil.copytree(out, moved)
    shutil.rmtree(out)
    target = tmp_path / "restored" / "warehouse.duckdb"
    counts = restore(moved, target)
    assert counts == {table: entry["rows"] for table, entry in manifest["tables"].items()}
    assert _files(target.parent) == ["warehouse.duckdb"]  # no temporary file left

    after = _snapshot(target)
    _assert_same(before, after)  # every table, including submission and schema_migrations, and every view
    # but a restore is a new state: no cache may take it for the old one
    assert _query(target, VERSION) != _query(source, VERSION)

    with Warehouse(target, catalog) as wh:
        # opened without re-applying a migration: schema_migrations (with its applied_at) is unchanged
        pd.testing.assert_frame_equal(_sorted(wh.cursor(), "schema_migrations"), before["schema_migrations"])
        for view in _views(wh.cursor()):
            pd.testing.assert_frame_equal(_sorted(wh.cursor(), view), before[view], obj=view)
        path = write_filled(
            catalog,
            tmp_path / "new.xlsx",
            "weihai",
            "2020Q2",
            filled_content(catalog, "weihai", "2020Q2", exports=321.0),
        )
        result = load_file(wh, path)
        assert result.status == "accepted"
        assert result.submission_id == max_id + 1
        assert (
            wh.query_df("SELECT count(*) AS n FROM v_trade WHERE submission_id = ?", [result.submission_id])[
                "n"
            ][0]
            == 12
        )


def test_restore_refuses_an_existing_target_without_force(source, tmp_path):
    out = backup(source, tmp_path / "backup")
    target = tmp_path / "existing.duckdb"
    target.write_bytes(b"not to be overwritten")
    with pytest.raises(BackupError) as excinfo:
        restore(out, target)
    assert CHINESE.search(str(excinfo.value)) and "force" in str(excinfo.value)
    assert target.read_bytes() == b"not to be overwritten"
    assert _files(tmp_path) == ["backup", "existing.duckdb", "source.duckdb"]

    counts = restore(out, target, force=True)
    assert counts["submission"] == len(_snapshot(source)["submission"])
    _assert_same(_snapshot(source), _snapshot(target))


def test_restore_refuses_a_warehouse_in_use(source, tmp_path, catalog):
    out = backup(source, tmp_path / "backup")
    target = tmp_path / "live.duckdb"
    with Warehouse(target, catalog):
        with pytest.raises(BackupError, match="正被") as excinfo:
            restore(out, target, force=True)
        assert CHINESE.search(str(excinfo.value))
        with pytest.raises(BackupError, match="停止平台"):
            backup(target, tmp_path / "backup2")
    assert not (tmp_path / "backup2").exists()


def test_backup_refuses_a_non_empty_out_dir(source, tmp_path):
    out = tmp_path / "out"
    out.mkdir()
    (out / "keep.txt").write_text("x", encoding="utf-8")
    with pytest.raises(BackupError, match="不是空目录"):
        backup(source, out)
    assert [p.name for p in out.iterdir()] == ["keep.txt"]

    empty = tmp_path / "empty"
    empty.mkdir()
    assert (backup(source, empty) / "manifest.json").is_file()

    with pytest.raises(BackupError, match="不存在"):
        backup(tmp_path / "missing.duckdb", tmp_path / "other")


def test_tampered_manifest_is_refused_and_leaves_nothing(source, out, tmp_path):
    manifest = _manifest(out)
    n = manifest["tables"]["submission"]["rows"]
    manifest["tables"]["submission"]["rows"] += 1
    _write_manifest(out, manifest)

    target_dir = tmp_path / "restore"
    target_dir.mkdir()
    with pytest.raises(BackupError, match="行数") as excinfo:
        restore(out, target_dir / "warehouse.duckdb")
    assert f"submission.parquet 载入 {n} 行，清单记录 {n + 1} 行" in str(excinfo.value)
    assert str(excinfo.value).endswith(UNCHANGED)
    assert _files(target_dir) == []

    # the same for a forced restore over an existing warehouse: the old file stays as it was
    assert "行数" in _refused(out, source, tmp_path)

    (out / "manifest.json").unlink()
    with pytest.raises(BackupError, match="缺少 manifest.json"):
        restore(out, target_dir / "other.duckdb")


# ---------------------------------------------------------------- the probe's cases


def test_a_doctored_data_file_is_refused_by_name(source, out, tmp_path, no_build):
    """Probe: exports × 1000 in fact_trade.parquet."""
    (total,) = _query(source, "SELECT sum(exports) FROM fact_trade")[0]
    _doctor(out, "fact_trade", "SELECT * REPLACE (exports * 1000 AS exports) FROM t")
    with duckdb.connect() as con:
        (doctored,) = con.execute(
            "SELECT sum(exports) FROM read_parquet(?)", [str(out / "fact_trade.parquet")]
        ).fetchone()
    assert doctored == pytest.approx(total * 1000)

    message = _refused(out, source, tmp_path)
    assert message.startswith("数据文件 fact_trade.parquet 与清单 manifest.json 记录的 sha256 校验值不符")
    assert message.endswith(UNCHANGED)


def test_rows_removed_with_the_count_adjusted_are_refused_by_sha(source, out, tmp_path, no_build):
    """Probe: trade rows removed and the manifest's row count adjusted to match."""
    rows = _doctor(
        out, "fact_trade", "SELECT * FROM t WHERE submission_id <> (SELECT min(submission_id) FROM t)"
    )
    assert rows == _manifest(out)["tables"]["fact_trade"]["rows"] - 12  # one submission's twelve categories
    _reseal(out, "fact_trade", rows=rows, sha=False)

    message = _refused(out, source, tmp_path)
    assert message.startswith("数据文件 fact_trade.parquet 与清单 manifest.json 记录的 sha256 校验值不符")
    size = (out / "fact_trade.parquet").stat().st_size
    assert f"现为 {size} 字节" in message


def test_two_accepted_submissions_for_one_region_quarter_are_refused(source, out, tmp_path):
    """Probe: a superseded submission turned accepted, the manifest's sha256 and size adjusted too."""
    [(old, kind, region, period)] = _query(
        source, "SELECT id, kind, region_code, period FROM submission WHERE status = 'superseded'"
    )
    [(new,)] = _query(
        source,
        "SELECT id FROM submission WHERE status = 'accepted' AND kind = ? AND region_code = ? AND period = ?",
        [kind, region, period],
    )
    _doctor(out, "submission", f"SELECT * REPLACE (if(id = {old}, 'accepted', status) AS status) FROM t")
    _reseal(out, "submission")

    message = _refused(out, source, tmp_path)
    first, second = sorted([old, new])
    assert message == (
        f"备份未通过数据一致性检查：同一类型、地区、季度和填报单位只能有一个有效（accepted）提交，"
        f"备份中 {kind} {region} {period} 有 2 个（编号 {first}, {second}）。备份可能已被改动，{UNCHANGED}"
    )


def test_accepted_enterprise_submissions_are_one_per_unit(source, out, tmp_path):
    """Two accepted enterprise submissions for one region and quarter are fine from different units, refused
    from the same one."""
    [(a, region, period, unit_a), (b, _, _, unit_b)] = _query(
        source,
        "SELECT id, region_code, period, unit FROM submission WHERE kind = 'enterprise' AND status = "
        "'accepted' ORDER BY id LIMIT 2",
    )
    assert unit_a != unit_b
    _doctor(
        out,
        "submission",
        f"SELECT * REPLACE (if(id = {b}, '{region}', region_code) AS region_code, "
        f"if(id = {b}, '{period}', period) AS period) FROM t",
    )
    _reseal(out, "submission")
    restored = tmp_path / "units.duckdb"
    assert restore(out, restored)["submission"] == _manifest(out)["tables"]["submission"]["rows"]
    assert _query(
        restored,
        "SELECT count(*) FROM submission WHERE region_code = ? AND period = ? AND status = 'accepted' AND "
        "kind = 'enterprise'",
        [region, period],
    ) == [(2,)]

    _doctor(out, "submission", f"SELECT * REPLACE (if(id = {b}, '{unit_a}', unit) AS unit) FROM t")
    _reseal(out, "submission")
    message = _refused(out, source, tmp_path)
    assert f"备份中 enterprise {region} {period} {unit_a} 有 2 个（编号 {a}, {b}）" in message


@pytest.mark.parametrize(
    "table, select, expected",
    [
        (
            "fact_trade",
            "SELECT * REPLACE (if(submission_id = (SELECT min(submission_id) FROM t), 999999, submission_id) "
            "AS submission_id) FROM t",
            "fact_trade 的每一行都须属于一个已有的提交，备份中 12 行的提交编号 999999 在 submission 中不存在",
        ),
        (
            "fact_enterprise_trade",
            "SELECT * REPLACE (if(rowid = 0, -5, submission_id) AS submission_id) FROM t",
            "fact_enterprise_trade 的每一行都须属于一个已有的提交，备份中 1 行的提交编号 -5 在 submission 中不存在",
        ),
        (
            "receipt",
            "SELECT * REPLACE (if(id = 3, 888888, submission_id) AS submission_id) FROM t",
            "receipt 记录的提交编号须在 submission 中存在，备份中 收件记录 3 的提交编号 888888 不存在",
        ),
        (
            "submission",
            "SELECT * REPLACE (if(id = 3, 'approved', status) AS status) FROM t",
            "submission.status 只能是 accepted、superseded，备份中 1 行为 'approved'",
        ),
        (
            "receipt",
            "SELECT * REPLACE (if(id < 3, 'lost', status) AS status) FROM t",
            "receipt.status 只能是 accepted、rejected、duplicate、refused，备份中 2 行为 'lost'",
        ),
    ],
)
def test_a_resealed_file_that_breaks_an_invariant_is_refused(source, out, tmp_path, table, select, expected):
    """Probe: a fact row pointing to a missing submission; likewise a receipt, and statuses outside the known sets."""
    _doctor(out, table, select)
    _reseal(out, table)
    message = _refused(out, source, tmp_path)
    assert message.startswith("备份未通过数据一致性检查：") and expected in message


@pytest.mark.parametrize("name", ["schema.sql", "load.sql", "extra.sql"])
def test_sql_in_the_backup_folder_is_never_run(source, out, tmp_path, name):
    """Probe: `COPY ... TO` appended to schema.sql ran during restore. An unlisted file is now refused by
    name, never run."""
    marker = tmp_path / "written-by-backup-sql.txt"
    (out / name).write_text(
        f"CREATE TABLE x (a INTEGER);\nCOPY (SELECT 1) TO '{marker}';\n", encoding="utf-8"
    )
    message = _refused(out, source, tmp_path)
    assert message.startswith(f"备份目录中有清单 manifest.json 未列出的文件 {name}，恢复已拒绝")
    assert f"请把它移出 {out} 后重试" in message
    assert not marker.exists()

    # listed in the manifest as if it were data: still refused, still not run
    manifest = _manifest(out)
    data = (out / name).read_bytes()
    manifest["tables"]["schema"] = {
        "file": name,
        "rows": 0,
        "bytes": len(data),
        "sha256": hashlib.sha256(data).hexdigest(),
    }
    _write_manifest(out, manifest)
    assert "表 schema 的数据文件应为 schema.parquet" in _refused(out, source, tmp_path)
    (out / name).rename(out / "schema.parquet")
    manifest["tables"]["schema"]["file"] = "schema.parquet"
    _write_manifest(out, manifest)
    assert "（缺少 无；多出 schema）" in _refused(out, source, tmp_path)  # no such table in our schema
    assert not marker.exists()

    # taken out again, the backup restores
    (out / "schema.parquet").unlink()
    del manifest["tables"]["schema"]
    _write_manifest(out, manifest)
    assert (
        restore(out, tmp_path / "restored.duckdb")["submission"] == manifest["tables"]["submission"]["rows"]
    )
    assert not marker.exists()


def test_a_missing_data_file_is_refused_by_name(source, out, tmp_path, no_build):
    (out / "receipt.parquet").unlink()
    message = _refused(out, source, tmp_path)
    assert message == f"备份不完整：清单列出的数据文件 receipt.parquet 不在 {out} 中。{UNCHANGED}"


def test_a_backup_from_newer_migrations_is_refused(tmp_path):
    ours = migrations()
    newer = ours[-1][0] + 1
    directory = tmp_path / "migrations"
    directory.mkdir()
    for _, _, path in ours:
        shutil.copy(path, directory / path.name)
    (directory / f"{newer:04d}_future.sql").write_text(
        "ALTER TABLE submission ADD COLUMN reviewed_by VARCHAR;\n", encoding="utf-8"
    )
    future = tmp_path / "future.duckdb"
    with duckdb.connect(str(future)) as con:
        migrate(con, directory)
    out = backup(future, tmp_path / "backup")
    assert _manifest(out)["schema_versions"][-1] == newer

    target = tmp_path / "restore" / "warehouse.duckdb"
    with pytest.raises(BackupError) as excinfo:
        restore(out, target)
    assert str(excinfo.value).startswith(
        f"备份来自更新版本的平台：其数据结构版本为 {newer}，本平台的迁移最高只到 {ours[-1][0]}"
    )
    assert not target.parent.exists() or _files(target.parent) == []


def test_a_backup_from_older_migrations_is_brought_up_to_date(tmp_path):
    ours = [version for version, _, _ in migrations()]
    older = tmp_path / "older.duckdb"
    with duckdb.connect(str(older)) as con:
        migrate(con, upto=ours[-2])
        con.execute(
            "INSERT INTO submission (kind, region_code, period, file_name, sha256, received_at, status) "
            "VALUES ('region', 'beijing', '2019Q4', 'a.xlsx', 'abc', TIMESTAMP '2020-01-10 09:00', 'accepted')"
        )
    out = backup(older, tmp_path / "backup")
    assert _manifest(out)["schema_versions"] == ours[:-1]

    target = tmp_path / "restored.duckdb"
    assert restore(out, target)["submission"] == 1
    assert [v for (v,) in _query(target, "SELECT version FROM schema_migrations ORDER BY 1")] == ours
    assert _query(target, "SELECT id, region_code, status FROM submission") == [(1, "beijing", "accepted")]
    with duckdb.connect() as fresh:
        migrate(fresh)
        assert (
            _query(target, "SELECT table_name FROM duckdb_tables() ORDER BY 1")
            == fresh.execute("SELECT table_name FROM duckdb_tables() ORDER BY 1").fetchall()
        )


def test_an_old_format_backup_is_refused_with_what_to_do(source, out, tmp_path, no_build):
    manifest = _manifest(out)
    manifest["format_version"] = 1
    manifest["tables"] = {
        table: entry["rows"] for table, entry in manifest["tables"].items()
    }  # as format 1 wrote it
    _write_manifest(out, manifest)
    message = _refused(out, source, tmp_path)
    assert message.startswith("该备份是旧格式（格式版本 1）")
    assert "请用当前版本的平台重新备份后再恢复" in message


@pytest.mark.parametrize("behind", [True, False])
def test_sequences_continue_after_the_restored_ids(source, out, tmp_path, catalog, behind):
    """The migrations start every sequence at 1: restore moves it past max(id), or to the manifest's position
    if that is further."""
    [(max_id,)] = _query(source, "SELECT max(id) FROM submission")
    manifest = _manifest(out)
    manifest["sequences"]["submission_id_seq"] = 1 if behind else max_id + 10
    _write_manifest(out, manifest)

    target = tmp_path / "restored.duckdb"
    restore(out, target)
    with Warehouse(target, catalog) as wh:
        result = load_file(wh, write_filled(catalog, tmp_path / "new.xlsx", "beijing", "2020Q2"))
        assert (result.status, result.submission_id) == ("accepted", max_id + 1 if behind else max_id + 10)
