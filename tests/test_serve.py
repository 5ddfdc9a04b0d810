"""The first start: the warehouse and the accounts are ready before the server listens, with a console line."""

import io
import shutil

import serve
from ingest import bootstrap
from warehouse import Warehouse, submissions


def test_the_first_start_builds_the_warehouse_before_the_server_with_a_progress_line(tmp_path, monkeypatch):
    sample = tmp_path / "sample"
    (sample / "region").mkdir(parents=True)
    lines = (bootstrap.SAMPLE_DIR / "manifest.csv").read_text(encoding="utf-8").splitlines()[:4]
    for line in lines[1:]:
        shutil.copy(bootstrap.SAMPLE_DIR / line.split(",")[0], sample / "region")
    (sample / "manifest.csv").write_text("\n".join(lines) + "\n", encoding="utf-8")
    monkeypatch.setattr(bootstrap, "SAMPLE_DIR", sample)
    db = tmp_path / "warehouse.duckdb"
    monkeypatch.setenv("PILOT_WAREHOUSE", str(db))
    out = io.StringIO()

    assert serve.prepare(out)
    console = out.getvalue()
    assert "\r首次启动：正在用 sample_data/ 的示例报表建立数据仓库 1/3" in console
    assert "建立数据仓库 3/3\n数据仓库已建立：" in console
    assert "已创建演示账号" in console and (tmp_path / "accounts.json").exists()
    with Warehouse(db, read_only=True) as wh:
        assert {submissions.receipt(wh, i)["status"] for i in (1, 2, 3)} == {"accepted"}
        assert submissions.receipt(wh, 4) is None

    again = io.StringIO()  # a second start finds both and says nothing
    assert serve.prepare(again) and again.getvalue() == ""


def test_the_upload_limit_comes_from_the_settings_unless_given(monkeypatch):
    monkeypatch.setenv("PILOT_MAX_UPLOAD_MB", "7.5")
    assert serve.streamlit_argv(["--server.port=8600"]) == [
        "streamlit",
        "run",
        "app.py",
        "--server.port=8600",
        "--server.maxUploadSize=8",
    ]
    assert serve.streamlit_argv(["--server.maxUploadSize=3"])[-1] == "--server.maxUploadSize=3"
