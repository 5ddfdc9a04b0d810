"""The 数据上报 and 模板下载 pages under AppTest: accepted, rejected and duplicate uploads; a template download."""

import io

import pytest
from openpyxl import load_workbook
from streamlit.runtime.memory_media_file_storage import MemoryMediaFileStorage
from streamlit.testing.v1 import AppTest

from warehouse import Warehouse

from .conftest import OFFICE_ADMIN, ROOT, filled_content, write_filled

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


@pytest.fixture
def downloads(monkeypatch):
    """Every file a download button offers, as (file name, bytes)."""
    seen = []
    original = MemoryMediaFileStorage.load_and_get_id

    def record(self, path_or_data, mimetype, kind, filename=None):
        seen.append((filename, path_or_data))
        return original(self, path_or_data, mimetype, kind, filename)

    monkeypatch.setattr(MemoryMediaFileStorage, "load_and_get_id", record)
    return seen


@pytest.fixture
def app(sample_warehouse_copy, monkeypatch, tmp_path):
    monkeypatch.setenv("PILOT_WAREHOUSE", str(sample_warehouse_copy))
    monkeypatch.setenv("PILOT_ARCHIVE", str(tmp_path / "archive"))
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=60).run()
    at.switch_page("pages/upload.py").run()
    return at


def upload(at, region: str, period: str, files: list[tuple[str, bytes]]):
    at.selectbox(key="region").select(region)
    at.selectbox(key="period").select(period)
    at.file_uploader(key="upload_files").set_value([(name, data, XLSX) for name, data in files])
    at.run()
    at.button(key="upload_submit").click().run()
    assert not at.exception
    return at


def test_accepted_upload_supersedes_and_shows_on_the_overview(app, catalog, tmp_path, sample_warehouse_copy):
    with Warehouse(sample_warehouse_copy) as wh:
        (earlier,) = (
            wh.cursor()
            .execute(
                "SELECT id FROM submission WHERE region_code = 'beijing' AND period = '2020Q2' AND kind = "
                "'region' AND status = 'accepted'"
            )
            .fetchone()
        )
    data = write_filled(catalog, tmp_path / "bj.xlsx", "beijing", "2020Q2").read_bytes()
    upload(app, "beijing", "2020Q2", [("北京_2020Q2.xlsx", data)])
    (success,) = app.success
    assert success.value.startswith(
        "已接收：北京\\_2020Q2\\.xlsx（北京 2020Q2 试点地区季度报表）"
    )  # the name escaped
    assert f"替代了此前的提交 {earlier}" in success.value
    assert "服务贸易数据 12 行" in "".join(m.value for m in app.markdown)
    assert "出口额（万元） 7,800.00" in "".join(m.value for m in app.markdown)  # Σ c × 100 over c = 1…12
    history = app.dataframe[-1].value  # the submission history is the last table on the page
    assert history.iloc[0]["file_name"] == "北京_2020Q2.xlsx" and history.iloc[0]["status"] == "已接收"
    # the signed-in account, never typed, shown by its name (the demo accounts' admin is the tests' session user)
    assert history.iloc[0]["received_from"] == OFFICE_ADMIN.display_name
    assert [b.label for b in app.get("download_button")][:2] == ["下载回执（XLSX）", "下载回执（PDF）"]

    app.switch_page("pages/overview.py").run()  # the overview shows the new figures at once
    app.selectbox(key="period").select("2020Q2").run()
    table = app.dataframe[0].value  # region names link to their profile: region?region=beijing&…&name=北京
    beijing = table[table["试点地区"].str.endswith("name=北京")].iloc[0]
    assert beijing["出口额（亿元）"] == pytest.approx(0.78)  # 7,800万元 shown in 亿元


def test_rejected_upload_lists_problems_and_offers_the_marked_workbook(
    app, catalog, tmp_path, downloads, sample_warehouse_copy
):
    content = filled_content(catalog, "tianjin", "2019Q4")
    content.tables["任务进展"][0]["status"] = "完成"  # F2
    content.tables["服务贸易数据"][0]["exports"] = "一百"  # C2
    data = write_filled(catalog, tmp_path / "tj.xlsx", "tianjin", "2019Q4", content).read_bytes()
    upload(app, "tianjin", "2019Q4", [("天津_2019Q4.xlsx", data)])
    (error,) = app.error
    assert error.value == "未通过：天津\\_2019Q4\\.xlsx 有 2 个问题，数据未导入。请按下表修改后重新上传。"
    problems = app.dataframe[0].value
    assert problems[["工作表", "单元格", "涉及对象", "填写的值"]].values.tolist() == [
        ["任务进展", "F2", "任务 T1.2 强化地方服务贸易跨部门统筹协调决策机制", "完成"],
        ["服务贸易数据", "C2", "服务类别 1 加工服务", "一百"],
    ]
    marked = [payload for name, payload in downloads if name and name.startswith("问题标注_")]
    wb = load_workbook(io.BytesIO(marked[-1]))
    assert wb.sheetnames[0] == "错误清单"
    assert wb["任务进展"]["F2"].fill.fgColor.rgb.endswith("FFC7CE")
    with Warehouse(sample_warehouse_copy) as wh:  # nothing loaded, but the receipt is logged
        assert (
            wh.cursor()
            .execute(
                "SELECT count(*) FROM submission WHERE kind='region' AND region_code='tianjin' AND period='2019Q4'"
            )
            .fetchone()[0]
            == 1
        )
        assert wh.cursor().execute(
            "SELECT status, errors FROM receipt ORDER BY id DESC LIMIT 1"
        ).fetchone() == ("rejected", 2)


def test_duplicate_and_wrong_region(app):
    sample = (ROOT / "sample_data" / "region" / "beijing_2019Q4.xlsx").read_bytes()
    upload(app, "beijing", "2019Q4", [("beijing_2019Q4.xlsx", sample)])
    assert [i.value for i in app.info] == [
        "重复报送：beijing\\_2019Q4\\.xlsx 与此前已接收的文件完全相同，本次未作任何改动。"
    ]
    upload(app, "tianjin", "2019Q4", [("beijing_2019Q4.xlsx", sample)])
    problems = app.dataframe[0].value
    assert problems[["工作表", "单元格", "涉及对象"]].values.tolist() == [["基本信息", "B1", ""]]
    assert "与上报时选择的“天津”不一致" in problems.iloc[0]["问题及修改方法"]


def test_template_download(sample_warehouse_copy, monkeypatch, downloads):
    monkeypatch.setenv("PILOT_WAREHOUSE", str(sample_warehouse_copy))
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=60).run()
    at.switch_page("pages/templates.py").run()
    at.radio(key="template_kind").set_value("enterprise").run()
    at.selectbox(key="region").select("shenzhen").run()
    at.selectbox(key="period").select("2019Q1").run()
    assert not at.exception
    name, data = downloads[-1]
    assert name == "深圳_2019Q1_重点联系企业服务贸易直报表.xlsx"
    wb = load_workbook(io.BytesIO(data))
    assert wb.sheetnames[:3] == ["填报说明", "基本信息", "服务进出口"]
    assert (wb["基本信息"]["A1"].value, wb["基本信息"]["B1"].value, wb["基本信息"]["B2"].value) == (
        "所在试点地区",
        "深圳",
        "2019Q1",
    )
    assert [c.value for c in wb["服务进出口"][1]] == [
        "统一社会信用代码",
        "企业名称",
        "服务类别代码",
        "国家（地区）",
        "出口额（万美元）",
        "进口额（万美元）",
    ]


def test_evaluation_page_says_whose_method_it_is(sample_warehouse_copy, monkeypatch):
    import indicators

    monkeypatch.setenv("PILOT_WAREHOUSE", str(sample_warehouse_copy))
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=90).run()
    at.switch_page("pages/evaluation.py").run()
    at.selectbox(key="period").select("2019Q4").run()
    assert not at.exception
    assert "并非商务部官方评价指标体系" in at.info[0].value
    shown = at.dataframe[0].value
    with Warehouse(sample_warehouse_copy) as wh:
        expected = indicators.scores(wh, "2019Q4").sort_values("rank")
    assert [link.rsplit("name=", 1)[1] for link in shown["试点地区"]] == expected["region"].tolist()
    assert shown["综合得分（分）"].tolist() == pytest.approx(expected["score"].tolist())
    assert len(shown) == 17


def test_marking_an_item_adopted_shows_at_once(sample_warehouse_copy, monkeypatch):
    from warehouse.adoption import set_adopted

    monkeypatch.setenv("PILOT_WAREHOUSE", str(sample_warehouse_copy))
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=90).run()
    at.switch_page("pages/experience.py").run()
    metrics = {m.label: m.value for m in at.metric}
    assert (metrics["累计经验案例"], metrics["已复制推广"]) == ("74 个", "0 个")
    assert len(at.dataframe[0].value) == 74 and not at.dataframe[0].value["adopted"].any()
    import ui

    wh = ui.get_warehouse(str(sample_warehouse_copy))  # the page's own connection
    first = wh.query_df(
        "SELECT region_code, title FROM v_experience ORDER BY period_seq, region_code LIMIT 1"
    ).iloc[0]
    set_adopted(
        wh, first["region_code"], first["title"] + "。", True, "测试"
    )  # punctuation differs: the same item
    at.run()
    assert {m.label: m.value for m in at.metric}["已复制推广"] == "1 个"
    editor = at.dataframe[0].value
    assert editor.loc[editor["adopted"], "title"].tolist() == [first["title"]]


def test_a_file_name_is_shown_as_written_never_as_a_link(app, catalog, tmp_path):
    data = write_filled(catalog, tmp_path / "x.xlsx", "tianjin", "2019Q4").read_bytes()
    upload(app, "tianjin", "2019Q4", [("[钓鱼链接](https:evil.example).xlsx", data)])
    (success,) = app.success  # accepted, and its name printed as plain text, not as a link
    assert success.value.startswith("已接收：\\[钓鱼链接\\]\\(https\\:evil\\.example\\)\\.xlsx（天津 2019Q4")
    upload(
        app, "tianjin", "2019Q4", [("报表\u202eslx.exe.xlsx", data)]
    )  # a bidi override would show "报表exe.xls…"
    (refused,) = app.error
    assert "\u202e" not in refused.value and refused.value.startswith(
        "未通过：报表slx\\.exe\\.xlsx 有 1 个问题"
    )
    assert "文件名含有控制字符或不可见字符" in app.dataframe[0].value["问题及修改方法"][0]


def test_a_file_over_the_limit_gets_our_refusal_in_chinese(app, catalog, tmp_path, monkeypatch):
    monkeypatch.setenv("PILOT_MAX_UPLOAD_MB", "1")
    big = b"PK\x03\x04" + bytes(1024 * 1024 + 10)
    upload(app, "tianjin", "2019Q4", [("大文件.xlsx", big)])
    (error,) = app.error
    assert error.value == "未通过：大文件\\.xlsx 有 1 个问题，数据未导入。请按下表修改后重新上传。"
    assert "超过上限 1 MB" in app.dataframe[0].value["问题及修改方法"][0]
    uploader = app.file_uploader(key="upload_files")
    assert uploader.proto.max_upload_size_mb >= 10 and not list(
        uploader.proto.type
    )  # Streamlit refuses nothing itself
