"""The 综合评价 page under AppTest: the score table headed as the legend, the what-if ranking beside the configured
one (and its reset), the rank by quarter, every quarter of the round, and a view opened from its URL."""

import json

import pytest
from streamlit.testing.v1 import AppTest

import indicators
from reference.evaluation import load_config
from warehouse import Warehouse

from .app_session import open_app


@pytest.fixture
def scores(sample_warehouse_file):
    with Warehouse(sample_warehouse_file, read_only=True) as wh:
        return {p: indicators.scores(wh, p) for p in ("2019Q4", "2020Q2")}


def open_page(path, monkeypatch, period: str | None = None) -> AppTest:
    """…/evaluation, or …/evaluation?period=2019Q4, opened in a new session."""
    return open_app(monkeypatch, path, "pages/evaluation.py", **({"period": period} if period else {}))


def names(links) -> list[str]:
    return [link.rsplit("name=", 1)[1] for link in links]


def figure(at, title: str) -> dict:
    specs = [json.loads(c.proto.spec) for c in at.get("plotly_chart")]
    return next(s for s in specs if s["layout"]["title"]["text"].startswith(title))


def test_opened_from_its_url_with_the_score_table_named_as_the_legend(
    sample_warehouse_copy, monkeypatch, scores
):
    at = open_page(sample_warehouse_copy, monkeypatch, period="2019Q4")
    assert at.selectbox(key="period").value == "2019Q4"
    assert [t.value for t in at.title] == ["综合评价"]
    assert [s.value for s in at.subheader] == ["调整权重看排名", "各季度排名变化", "预警"]
    assert "本平台自行设计" in at.info[0].value and "并非商务部官方评价指标体系" in at.info[0].value
    config = load_config()
    table = at.dataframe[0].value
    assert list(table.columns) == [
        "排名",
        "试点地区",
        "综合得分（分）",
        "排名变化",
        *(i.label for i in config.items),
    ]
    expected = scores["2019Q4"].sort_values(["rank", "region_code"])
    assert names(table["试点地区"]) == expected["region"].tolist()
    assert table["综合得分（分）"].tolist() == pytest.approx(expected["score"].tolist())
    for item in config.items:  # each part is its contribution, as the chart stacks it
        assert table[item.label].tolist() == pytest.approx(
            expected[f"contribution_{item.indicator}"].tolist()
        )
    assert table["排名变化"].tolist() == expected["rank_change"].tolist()
    assert "报送情况" not in [s.value for s in at.subheader]  # the grid lives on its own page now


def test_what_if_weights_beside_the_configured_ranking_and_the_reset(
    sample_warehouse_copy, monkeypatch, scores
):
    at = open_page(sample_warehouse_copy, monkeypatch)  # the latest quarter with data: 2020Q2
    config = load_config()
    table = scores["2020Q2"]
    what_if = at.dataframe[1].value
    assert list(what_if.columns) == [
        "试点地区",
        "按配置权重排名",
        "调整后排名",
        "名次变化",
        "按配置权重得分（分）",
        "调整后得分（分）",
    ]
    # with the configured weights the two rankings agree
    assert what_if["按配置权重排名"].tolist() == what_if["调整后排名"].tolist()
    assert set(what_if["名次变化"]) == {0}
    assert at.button(key="reset_weights").disabled

    # all the weight on export size: the what-if ranking is the ranking by exports, scores 100 × (v − min)/(max − min)
    for item in config.items:
        at.slider(key=f"weight_{item.indicator}").set_value(100.0 if item.indicator == "exports" else 0.0)
    at.run()
    assert not at.exception
    what_if = at.dataframe[1].value
    by_exports = table.sort_values("exports", ascending=False)
    assert names(what_if["试点地区"]) == by_exports["region"].tolist()
    lo, hi = table["exports"].min(), table["exports"].max()
    assert what_if["调整后得分（分）"].tolist() == pytest.approx(
        [100 * (v - lo) / (hi - lo) for v in by_exports["exports"]]
    )
    configured = table.set_index("region")["rank"]
    shown = what_if.assign(region=names(what_if["试点地区"])).set_index("region")
    assert shown["按配置权重排名"].to_dict() == configured.to_dict()
    assert (shown["名次变化"] == shown["按配置权重排名"] - shown["调整后排名"]).all()
    assert shown["调整后排名"].tolist() == list(range(1, 18))
    # the configured table above does not move
    assert at.dataframe[0].value["综合得分（分）"].tolist() == pytest.approx(
        table.sort_values(["rank", "region_code"])["score"].tolist()
    )

    at.button(key="reset_weights").click().run()
    assert [at.slider(key=f"weight_{i.indicator}").value for i in config.items] == [
        i.weight for i in config.items
    ]
    what_if = at.dataframe[1].value
    assert what_if["调整后排名"].tolist() == what_if["按配置权重排名"].tolist()

    for item in config.items:  # no weight at all: a message, no table
        at.slider(key=f"weight_{item.indicator}").set_value(0.0)
    at.run()
    assert not at.exception
    assert any("至少要有一项权重大于 0" in w.value for w in at.warning)


def test_rank_by_quarter_names_each_region_at_its_rank(sample_warehouse_copy, monkeypatch, scores):
    at = open_page(sample_warehouse_copy, monkeypatch, period="2019Q4")
    chart = figure(at, "各季度综合评价排名")
    assert chart["layout"]["title"]["text"] == "各季度综合评价排名（截至2019年第四季度）"
    assert len(chart["data"]) == 17 and len(chart["data"][0]["x"]) == 6  # 2018Q3 … 2019Q4
    ends = {a["text"] for a in chart["layout"]["annotations"] if not a["text"].startswith("数据来源")}
    assert ends == {f"{r.region} {r.rank}" for r in scores["2019Q4"].itertuples()}

    at.multiselect(key="rank_focus").select("beijing").select("wuhan").run()
    lit = [t["name"] for t in figure(at, "各季度综合评价排名")["data"] if t["line"]["color"] != "#D5D5D5"]
    assert sorted(lit) == ["北京", "武汉"]


@pytest.mark.parametrize("period", ["2018Q3", "2019Q2", "2020Q2"])
def test_every_kind_of_quarter_opens(sample_warehouse_copy, monkeypatch, period):
    at = open_page(sample_warehouse_copy, monkeypatch, period=period)
    table = at.dataframe[0].value
    assert len(table) == 17
    if period == "2018Q3":  # no quarter before: no rank change
        assert table["排名变化"].isna().all()
