"""Faults of the warehouse reach users in Chinese, never as a traceback: a damaged or foreign file, a file held past the
wait, a full disk during a commit or during the archive write (issue 10, finding 8)."""

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from ingest.archive import ArchiveError, archive
from warehouse import Warehouse, WarehouseCorrupt, WarehouseFull
from warehouse.errors import translated

from .conftest import ROOT, filled_content, write_filled


def run(*args, warehouse: Path, **env):
    environment = dict(
        os.environ, PILOT_WAREHOUSE=str(warehouse), PILOT_ARCHIVE=str(warehouse.parent / "archive")
    )
    return subprocess.run(
        [sys.executable, "-m", *args],
        cwd=ROOT,
        env=environment | env,
        capture_output=True,
        text=True,
        timeout=180,
    )


@pytest.fixture(params=["not_a_database", "overwritten", "empty"])
def damaged(request, tmp_path, sample_warehouse_file) -> Path:
    path = tmp_path / "warehouse.duckdb"
    if request.param == "not_a_database":
        path.write_text("这不是数据仓库", encoding="utf-8")
    elif request.param == "overwritten":  # a file copied over the warehouse by mistake
        path.write_bytes(b"PK\x03\x04" + os.urandom(4096))
    else:
        path.write_bytes(b"")
    return path


def test_a_damaged_warehouse_is_said_in_chinese_by_every_command(damaged, tmp_path, catalog):
    book = write_filled(catalog, tmp_path / "gz.xlsx", "guangzhou", "2019Q4")
    for args in (
        ("indicators", "scores", "--period", "2019Q4"),
        ("ingest", "load", str(book)),
        ("briefing", "chart", "task_completion", "--period", "2019Q4", "--out", str(tmp_path / "x.png")),
        ("warehouse", "backup", "--out", str(tmp_path / "bk")),
    ):
        out = run(*args, warehouse=damaged)
        assert out.returncode in (1, 2), (args, out.stderr)
        assert "Traceback" not in out.stderr and "IO Error" not in out.stderr, (args, out.stderr)
        assert "已损坏" in out.stderr, (args, out.stderr)


def test_a_damaged_warehouse_shows_one_page_saying_what_to_do(damaged, monkeypatch):
    monkeypatch.setenv("PILOT_WAREHOUSE", str(damaged))
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=60).run()
    assert not at.exception
    assert [t.value for t in at.title] == ["数据仓库暂时无法使用"]
    assert "已损坏" in at.error[0].value and "python -m warehouse restore" in at.error[0].value


def test_a_warehouse_held_past_the_wait_shows_the_fault_page(tmp_path, catalog, monkeypatch):
    path = tmp_path / "held.duckdb"
    Warehouse(path, catalog).close()
    holder = subprocess.Popen(
        [
            sys.executable,
            "-c",
            f"import sys, time; sys.path.insert(0, {str(ROOT)!r})\n"
            f"from warehouse import Warehouse\nwh = Warehouse({str(path)!r})\nprint('held', flush=True)\n"
            "time.sleep(60)",
        ],
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        assert holder.stdout.readline().strip() == "held"
        monkeypatch.setenv("PILOT_WAREHOUSE", str(path))
        monkeypatch.setenv("PILOT_LOCK_WAIT", "1")
        at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=60).run()
        assert not at.exception
        assert [t.value for t in at.title] == ["数据仓库暂时无法使用"]
        assert "已等待 1 秒仍未释放" in at.error[0].value
    finally:
        holder.kill()
        holder.wait()


def test_duckdb_and_os_errors_become_the_fault_they_are(tmp_path):
    import duckdb

    path = tmp_path / "w.duckdb"
    full = translated(duckdb.IOException("IO Error: Could not write file: No space left on device"), path)
    assert isinstance(full, WarehouseFull) and "磁盘空间不足" in str(full)
    damaged = translated(
        duckdb.IOException("IO Error: The file exists, but it is not a valid DuckDB database file!"), path
    )
    assert isinstance(damaged, WarehouseCorrupt)
    assert "权限" in str(translated(PermissionError(13, "Permission denied"), path))
    assert translated(duckdb.BinderException("Binder Error: no column x"), path) is None  # a bug stays a bug


@pytest.fixture
def small_disk(tmp_path):
    """A 64 MB filesystem of its own (tmpfs), so that a write really meets a full disk."""
    mount = tmp_path / "disk"
    mount.mkdir()
    done = subprocess.run(
        ["mount", "-t", "tmpfs", "-o", "size=64m", "tmpfs", str(mount)], capture_output=True
    )
    if done.returncode:
        pytest.skip(f"cannot mount a small tmpfs here (needs root): {done.stderr.decode().strip()}")
    try:
        yield mount
    finally:
        subprocess.run(["umount", "-l", str(mount)], capture_output=True)


def _fill(directory: Path, leave: int) -> None:
    """Fill the filesystem of `directory` until only about `leave` bytes are free."""
    free = shutil.disk_usage(directory).free
    (directory / "ballast").write_bytes(b"\0" * max(0, free - leave))


def test_a_full_disk_during_a_commit_changes_nothing_and_the_warehouse_still_reads(
    small_disk, tmp_path, catalog
):
    path = small_disk / "warehouse.duckdb"
    assert (
        run("warehouse", "migrate", warehouse=path, PILOT_ARCHIVE=str(tmp_path / "archive")).returncode == 0
    )
    first = write_filled(catalog, tmp_path / "bj.xlsx", "beijing", "2019Q4")
    assert (
        run("ingest", "load", str(first), warehouse=path, PILOT_ARCHIVE=str(tmp_path / "archive")).returncode
        == 0
    )
    content = filled_content(catalog, "shanghai", "2019Q4")
    content.tables["经验案例"] = [
        {
            "title": f"案例{i}" + "很长的做法说明" * 40,
            "area": "进一步完善政策体系",
            "case_type": "制度创新",
            "practice": "做法" * 2000,
        }
        for i in range(150)
    ]
    big = write_filled(catalog, tmp_path / "sh.xlsx", "shanghai", "2019Q4", content)
    _fill(small_disk, 64 * 1024)
    load = run("ingest", "load", str(big), "--json", warehouse=path, PILOT_ARCHIVE=str(tmp_path / "archive"))
    assert load.returncode == 2 and "磁盘空间不足" in load.stderr and "Traceback" not in load.stderr, (
        load.stderr
    )
    # the office can still read: nothing is written to open the warehouse for reading
    scores = run("indicators", "scores", "--period", "2019Q4", "--json", warehouse=path)
    assert scores.returncode == 0, scores.stderr
    rows = {r["region"]: r for r in json.loads(scores.stdout)}
    assert rows["北京"]["submitted"] and not rows["上海"]["submitted"]  # the failed load left nothing
    (small_disk / "ballast").unlink()
    again = run("ingest", "load", str(big), "--json", warehouse=path, PILOT_ARCHIVE=str(tmp_path / "archive"))
    assert again.returncode == 0 and json.loads(again.stdout)["status"] == "accepted", again.stderr


def test_a_full_disk_while_archiving_leaves_nothing_behind(small_disk, tmp_path, catalog):
    root = small_disk / "archive"
    _fill(small_disk, 16 * 1024)
    data = b"x" * (256 * 1024)
    with pytest.raises(ArchiveError) as refused:
        archive(root, "ab" * 32, "报表.xlsx", data)
    assert "磁盘空间不足" in str(refused.value) and "未被接收" in str(refused.value)
    assert [p.name for p in root.rglob("*") if p.is_file()] == []  # no partial .tmp left
    book = write_filled(catalog, tmp_path / "tj.xlsx", "tianjin", "2019Q4")
    load = run("ingest", "load", str(book), warehouse=tmp_path / "w.duckdb", PILOT_ARCHIVE=str(root))
    assert load.returncode == 2 and "报送文件未能存档" in load.stderr and "Traceback" not in load.stderr


def test_the_first_start_keeps_its_files_where_later_uploads_keep_theirs(tmp_path, monkeypatch):
    from ingest.bootstrap import build_sample_warehouse

    path = tmp_path / "warehouse.duckdb"
    monkeypatch.delenv("PILOT_ARCHIVE", raising=False)
    build_sample_warehouse(path)
    folders = sorted(p.name for p in tmp_path.iterdir() if p.is_dir())
    assert folders == [
        "warehouse_archive"
    ]  # not "warehouse.duckdb_archive" beside a later "warehouse_archive"
    with Warehouse(path) as wh:
        assert wh.archive_root == tmp_path / "warehouse_archive"
