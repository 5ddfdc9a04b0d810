"""Backup and restore: EXPORT/IMPORT round trip of the sample warehouse, checked table by table."""
from __future__ import annotations

import json
import re
import shutil

import duckdb
import pandas as pd
import pytest

from ingest.loader import load_file
from warehouse import Warehouse
from warehouse.backup import BackupError, backup, restore
from warehouse.migrate import migrations

from .conftest import filled_content, write_filled

# the views of migrations/0002; later migrations may add more, which are compared as well
VIEWS = ["v_experience", "v_key_enterprise", "v_latest_submission", "v_measure_status", "v_task_progress", "v_trade"]
CHINESE = re.compile(r"[\u4e00-\u9fff]")


def _tables(con) -> list[str]:
    return [t for (t,) in con.execute(
        "SELECT table_name FROM duckdb_tables() WHERE NOT internal AND NOT temporary ORDER BY 1").fetchall()]


def _views(con) -> list[str]:
    return [v for (v,) in con.execute(
        "SELECT view_name FROM duckdb_views() WHERE NOT internal AND NOT temporary ORDER BY 1").fetchall()]


def _sorted(con, name: str) -> pd.DataFrame:
    return con.execute(f"SELECT * FROM {name} ORDER BY ALL").df()


def _snapshot(path) -> dict[str, pd.DataFrame]:
    with duckdb.connect(str(path), read_only=True) as con:
        names = _tables(con) + _views(con)
        return {name: _sorted(con, name) for name in names}


@pytest.fixture
def source(sample_warehouse_file, tmp_path):
    path = tmp_path / "source.duckdb"
    shutil.copy(sample_warehouse_file, path)
    return path


def _assert_same(expected: dict, actual: dict) -> None:
    assert sorted(actual) == sorted(expected)
    for name, frame in expected.items():
        pd.testing.assert_frame_equal(actual[name], frame, obj=name)


def test_round_trip(source, tmp_path, catalog):
    before = _snapshot(source)
    n = len(before["submission"])
    assert n > 100  # the sample data
    assert {"submission", "schema_migrations", "fact_trade", *VIEWS} <= set(before)

    out = backup(source, tmp_path / "backup")
    manifest = json.loads((out / "manifest.json").read_text(encoding="utf-8"))
    assert manifest["tables"]["submission"] == n
    assert manifest["tables"] == {name: len(before[name]) for name in manifest["tables"]}
    assert manifest["schema_versions"] == [version for version, _, _ in migrations()]
    assert manifest["created_at"]
    assert {p.name for p in out.glob("*.parquet")} == {f"{t}.parquet" for t in manifest["tables"]}

    # the backup is usable from wherever it is copied to
    moved = tmp_path / "elsewhere" / "backup"
    shutil.copytree(out, moved)
    shutil.rmtree(out)
    target = tmp_path / "restored" / "warehouse.duckdb"
    counts = restore(moved, target)
    assert counts == manifest["tables"]
    assert sorted(p.name for p in target.parent.iterdir()) == ["warehouse.duckdb"]  # no temporary file left

    after = _snapshot(target)
    _assert_same(before, after)  # every table, including submission and schema_migrations, and every view

    max_id = int(before["submission"]["id"].max())
    with Warehouse(target, catalog) as wh:
        # opened without re-applying a migration: schema_migrations (with its applied_at) is unchanged
        pd.testing.assert_frame_equal(_sorted(wh.cursor(), "schema_migrations"), before["schema_migrations"])
        for view in _views(wh.cursor()):
            pd.testing.assert_frame_equal(_sorted(wh.cursor(), view), before[view], obj=view)
        path = write_filled(catalog, tmp_path / "new.xlsx", "weihai", "2020Q2", filled_content(catalog, "weihai", "2020Q2", exports=321.0))
        result = load_file(wh, path)
        assert result.status == "accepted"
        assert result.submission_id == max_id + 1
        assert wh.query_df("SELECT count(*) AS n FROM v_trade WHERE submission_id = ?", [result.submission_id])["n"][0] == 12


def test_restore_refuses_an_existing_target_without_force(source, tmp_path):
    out = backup(source, tmp_path / "backup")
    target = tmp_path / "existing.duckdb"
    target.write_bytes(b"not to be overwritten")
    with pytest.raises(BackupError) as excinfo:
        restore(out, target)
    assert CHINESE.search(str(excinfo.value)) and "force" in str(excinfo.value)
    assert target.read_bytes() == b"not to be overwritten"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["backup", "existing.duckdb", "source.duckdb"]

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


def test_tampered_manifest_is_refused_and_leaves_nothing(source, tmp_path):
    out = backup(source, tmp_path / "backup")
    manifest_path = out / "manifest.json"
    manifest = json.loads(manifest_path.read_text(encoding="utf-8"))
    manifest["tables"]["submission"] += 1
    manifest_path.write_text(json.dumps(manifest), encoding="utf-8")

    target_dir = tmp_path / "restore"
    target_dir.mkdir()
    with pytest.raises(BackupError, match="行数") as excinfo:
        restore(out, target_dir / "warehouse.duckdb")
    assert "submission" in str(excinfo.value) and CHINESE.search(str(excinfo.value))
    assert list(target_dir.iterdir()) == []

    # the same for a forced restore over an existing warehouse: the old file stays as it was
    target = target_dir / "warehouse.duckdb"
    shutil.copy(source, target)
    before = target.read_bytes()
    with pytest.raises(BackupError):
        restore(out, target, force=True)
    assert target.read_bytes() == before
    assert [p.name for p in target_dir.iterdir()] == ["warehouse.duckdb"]

    (manifest_path).unlink()
    with pytest.raises(BackupError, match="manifest.json"):
        restore(out, target_dir / "other.duckdb")


def test_restore_moves_a_sequence_that_starts_too_low_past_the_restored_ids(source, tmp_path, catalog):
    """DuckDB 2.0.1 exports the sequence at START last_value + 1; a backup whose schema.sql restarts it is fixed up."""
    with duckdb.connect(str(source), read_only=True) as con:
        (max_id,) = con.execute("SELECT max(id) FROM submission").fetchone()
    out = backup(source, tmp_path / "backup")
    schema = out / "schema.sql"
    text = schema.read_text(encoding="utf-8")
    exported = rf"(CREATE SEQUENCE submission_id_seq .*START ){max_id + 1}\b"
    assert re.search(exported, text)  # what EXPORT wrote: START last_value + 1
    schema.write_text(re.sub(exported, r"\g<1>1", text), encoding="utf-8")
    assert re.search(r"CREATE SEQUENCE submission_id_seq .*START 1 ", schema.read_text(encoding="utf-8"))

    target = tmp_path / "restored.duckdb"
    restore(out, target)
    with Warehouse(target, catalog) as wh:
        result = load_file(wh, write_filled(catalog, tmp_path / "new.xlsx", "beijing", "2020Q2"))
        assert (result.status, result.submission_id) == ("accepted", max_id + 1)


def test_backup_views_replay_in_dependency_order(source, tmp_path):
    """EXPORT writes views alphabetically; v_experience selects from v_latest_submission, so backup() reorders them."""
    out = backup(source, tmp_path / "backup")
    views = [m.group(1) for m in re.finditer(r"^CREATE VIEW (\w+)", (out / "schema.sql").read_text(encoding="utf-8"), re.M)]
    with duckdb.connect(str(source), read_only=True) as con:
        assert sorted(views) == _views(con)
    assert set(VIEWS) <= set(views)
    assert views[0] == "v_latest_submission"  # every other view selects from it
    with duckdb.connect() as con:  # a plain IMPORT DATABASE works too
        con.execute(f"IMPORT DATABASE '{out}'")
        assert con.execute("SELECT count(*) FROM submission").fetchone()[0] == json.loads(
            (out / "manifest.json").read_text(encoding="utf-8"))["tables"]["submission"]
