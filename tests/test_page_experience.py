"""The 经验案例 page under AppTest: 已复制推广 first, rows in the catalog's region order, the filters, saving with a
confirmation and the figures following at once, the full text in the detail view, a view opened from its URL."""

import pandas as pd
import pytest

import indicators
from reference import load_catalog
from reference.vocabulary import CASE_TYPES
from warehouse import Warehouse

from .app_session import open_app

PAGE = "pages/experience.py"


@pytest.fixture(scope="module")
def items_2019q4(sample_warehouse_file):
    with Warehouse(sample_warehouse_file, read_only=True) as wh:
        return indicators.detail_tables(wh, "2019Q4")["experience"], indicators.scores(wh, "2019Q4")


def editor(at) -> pd.DataFrame:
    return at.data_editor[0].value


def test_opened_from_its_url_in_the_catalogs_order(sample_warehouse_copy, monkeypatch, items_2019q4):
    items, scores = items_2019q4
    at = open_app(monkeypatch, sample_warehouse_copy, PAGE, period="2019Q4")
    assert at.selectbox(key="period").value == "2019Q4"
    assert [t.value for t in at.title] == ["经验案例"]
    metrics = {m.label: m.value for m in at.metric}
    assert metrics == {
        "累计经验案例": f"{int(scores['experience_items'].sum())} 个",
        "本季度新增": f"{int(scores['experience_new'].sum())} 个",
        "已复制推广": "0 个",
    }
    shown = editor(at)
    assert list(shown.columns)[:2] == ["adopted", "region"]  # 已复制推广 first, in view at 1600 px
    assert len(shown) == len(items)
    # rows follow reference/regions.csv, then the quarter each item first came
    order = {r.name: i for i, r in enumerate(load_catalog().regions)}
    quarters = {q.label: i for i, q in enumerate(load_catalog().quarters)}
    keys = [(order[r], quarters[f]) for r, f in zip(shown["region"], shown["first"])]
    assert keys == sorted(keys)
    assert shown["region"].iloc[0] == "北京" and shown["region"].iloc[-1] == "陕西西咸新区"
    # 主要做法 shortened in the table: its first 19 characters and …, or all of it when short
    names = {r.code: r.name for r in load_catalog().regions}
    full = {(names[r], t): p for r, t, p in zip(items["region_code"], items["title"], items["practice"])}
    for region, title, summary in zip(shown["region"], shown["title"], shown["practice_summary"]):
        practice = full[(region, title)]
        assert summary == (practice if len(practice) <= 20 else practice[:19] + "…")


def test_filters_by_region_area_and_type(sample_warehouse_copy, monkeypatch, items_2019q4):
    items, _ = items_2019q4
    at = open_app(monkeypatch, sample_warehouse_copy, PAGE, period="2019Q4")
    for key, placeholder in (
        ("experience_regions", "全部地区"),
        ("experience_areas", "全部领域"),
        ("experience_types", "全部类型"),
    ):
        assert at.multiselect(key=key).placeholder == placeholder
    at.multiselect(key="experience_regions").select("shanghai").select("wuhan").run()
    expected = items[items["region_code"].isin(["shanghai", "wuhan"])]
    assert len(editor(at)) == len(expected) > 0
    assert (
        editor(at)["region"].tolist()
        == ["上海"] * (expected["region_code"] == "shanghai").sum()
        + ["武汉"] * (expected["region_code"] == "wuhan").sum()
    )
    area = int(expected["area"].iloc[0])
    at.multiselect(key="experience_areas").select(area).run()
    kind = expected[expected["area"] == area]["case_type"].iloc[0]
    at.multiselect(key="experience_types").select(kind).run()
    assert not at.exception
    wanted = expected[(expected["area"] == area) & (expected["case_type"] == kind)]
    assert sorted(editor(at)["title"]) == sorted(wanted["title"])
    assert at.caption[0].value.startswith(f"符合条件的案例 {len(wanted)} 个")
    assert kind in CASE_TYPES


def test_saving_confirms_and_the_figures_follow(sample_warehouse_copy, monkeypatch):
    at = open_app(monkeypatch, sample_warehouse_copy, PAGE)  # 2020Q2
    before = editor(at)
    assert at.button(key="save_adoption").disabled
    key = at.data_editor[0].key
    at.session_state[key] = {
        "edited_rows": {0: {"adopted": True}, 5: {"adopted": True}},
        "added_rows": [],
        "deleted_rows": [],
    }
    at.run()
    assert not at.button(key="save_adoption").disabled
    at.button(key="save_adoption").click().run()
    assert not at.exception
    message = "已保存 2 条标记：2 个案例标为已复制推广。"
    assert [s.value for s in at.success] == [message]
    assert [t.value for t in at.toast] == [message]
    assert {m.label: m.value for m in at.metric}["已复制推广"] == "2 个"
    after = editor(at)
    assert after.loc[after["adopted"], "title"].tolist() == before["title"].iloc[[0, 5]].tolist()
    assert at.button(key="save_adoption").disabled  # the ticks are saved: nothing pending
    import ui

    wh = ui.get_warehouse(str(sample_warehouse_copy))  # the page's own connection
    assert len(wh.query_df("SELECT * FROM experience_adoption")) == 2

    # and unmarking one
    at.session_state[at.data_editor[0].key] = {
        "edited_rows": {0: {"adopted": False}},
        "added_rows": [],
        "deleted_rows": [],
    }
    at.run()
    at.button(key="save_adoption").click().run()
    assert [s.value for s in at.success] == ["已保存 1 条标记：1 个取消标记。"]
    assert {m.label: m.value for m in at.metric}["已复制推广"] == "1 个"


def test_the_detail_view_gives_the_whole_text(sample_warehouse_copy, monkeypatch, items_2019q4):
    items, _ = items_2019q4
    at = open_app(monkeypatch, sample_warehouse_copy, PAGE, period="2019Q4")
    choice = at.selectbox(key="experience_detail")
    assert choice.placeholder == "选择一个案例查看主要做法和取得成效的全文"
    title = editor(at)["title"].iloc[3]
    choice.select_index(3).run()
    item = items[items["title"] == title].iloc[0]
    shown = "\n".join(m.value for m in at.markdown)
    assert f"**{title}**" in shown
    plain = shown.replace("\\", "")
    assert f"**主要做法**：{item['practice']}" in plain and f"**取得成效**：{item['effect']}" in plain


@pytest.mark.parametrize("period", ["2018Q3", "2019Q2", "2020Q2"])
def test_every_kind_of_quarter_opens(sample_warehouse_copy, monkeypatch, period):
    with Warehouse(sample_warehouse_copy, read_only=True) as wh:
        expected = indicators.scores(wh, period)["experience_items"].sum()
    at = open_app(monkeypatch, sample_warehouse_copy, PAGE, period=period)
    assert len(editor(at)) == expected
