"""Every chart of the registry on the sample warehouse: Chinese titles with the quarter, units, source line, one colour
per region, no made-up zero, no SI suffix."""

import re

import pandas as pd
import pytest

import indicators
from charts import registry
from charts.registry import View
from charts.style import SOURCE, pct, region_colours
from reference import Quarter, load_catalog
from reference.evaluation import load_config
from warehouse import Warehouse

CHINESE = re.compile(r"[\u4e00-\u9fff]")


@pytest.fixture(scope="module")
def tables(sample_warehouse_file):
    with Warehouse(sample_warehouse_file, read_only=True) as wh:
        return {
            p: (
                indicators.scores(wh, p),
                indicators.detail_tables(wh, p),
                indicators.scores_by_quarter(wh, p),
            )
            for p in ("2018Q3", "2019Q4")
        }


def view(tables, period="2019Q4", unit="亿元", **kw):
    scores, details, trend = tables[period]
    return View(
        Quarter.parse(period), unit, config=load_config(), scores=scores, details=details, trend=trend, **kw
    )


@pytest.mark.parametrize("name", [c.name for c in registry.charts()])
def test_every_chart_has_a_chinese_title_with_the_quarter_units_and_the_source(tables, name):
    chart = registry.get(name)
    fig = chart.draw(view(tables, region="beijing"))
    title = fig.layout.title.text
    assert chart.title in title and "2019年第四季度" in title
    assert any(str(a.text).startswith(SOURCE) for a in fig.layout.annotations)
    if fig.data[0].type == "heatmap":  # a grid of regions × areas or quarters: each cell says its value
        assert fig.data[0].texttemplate == "%{text}" and all(CHINESE.search(str(x)) for x in fig.data[0].x)
    else:
        axis_titles = [t for t in (fig.layout.xaxis.title.text, fig.layout.yaxis.title.text) if t]
        assert axis_titles and all(CHINESE.search(t) and "（" in t for t in axis_titles), (
            axis_titles
        )  # the unit
    assert "Noto Sans CJK SC" in fig.layout.font.family


def test_the_registry_lists_twelve_pack_charts_and_names_unknown_ones_in_chinese():
    assert len(registry.default_pack()) == 12
    with pytest.raises(registry.UnknownChart, match="没有名为“nope”的图表"):
        registry.get("nope")


def test_amounts_follow_the_unit_and_never_use_si_suffixes(tables):
    scores = tables["2019Q4"][0]
    bars = {u: registry.figure("exports_by_region", view(tables, unit=u)) for u in ("万元", "亿元", "亿美元")}
    wan = dict(zip(bars["万元"].data[0].x, bars["万元"].data[0].y))
    yi = dict(zip(bars["亿元"].data[0].x, bars["亿元"].data[0].y))
    usd = dict(zip(bars["亿美元"].data[0].x, bars["亿美元"].data[0].y))
    beijing = float(scores.set_index("region").loc["北京", "exports"])
    assert wan["北京"] == pytest.approx(beijing) and yi["北京"] == pytest.approx(beijing / 10_000)
    assert usd["北京"] == pytest.approx(beijing / 10_000 / 6.8985)  # 2019's average rate in reference/
    for unit, fig in bars.items():
        assert fig.layout.yaxis.title.text == f"出口额（{unit}）"
        assert fig.layout.yaxis.exponentformat == "none" and fig.layout.yaxis.tickformat.startswith(",")


def test_growth_sits_on_its_own_axis_with_a_zero_line_and_a_dash_where_there_is_no_base(tables):
    q4 = registry.figure("export_growth", view(tables))
    bars = q4.data[0]
    assert len(bars.x) == 17 and bars.type == "bar"  # bars, no line joining the regions
    assert min(q4.layout.yaxis.range) < 0 < max(q4.layout.yaxis.range) and q4.layout.yaxis.tick0 == 0
    assert "-0.0%" not in bars.text
    scores = tables["2019Q4"][0].copy()
    scores.loc[scores["region_code"] == "tianjin", "export_yoy"] = pd.NA
    no_base = registry.figure("export_growth", View(Quarter.parse("2019Q4"), scores=scores))
    assert "天津" not in list(no_base.data[0].x)
    assert [a.x for a in no_base.layout.annotations if a.text == "无上年同期数据"] == ["天津"]


def test_percentages_never_read_minus_zero():
    assert pct(-0.00004) == "0.0%" and pct(0.1234) == "+12.3%" and pct(-0.1234) == "-12.3%"
    assert pct(None) == pct(float("nan")) == pct(pd.NA) == "—"


def test_a_region_has_the_same_colour_on_every_chart(tables):
    colours = region_colours()
    assert len(set(colours.values())) == 17
    fig = registry.figure("growth_trend", view(tables))
    by_name = {t.name: t.line.color for t in fig.data}
    names = {r.code: r.name for r in load_catalog().regions}
    assert by_name == {names[c]: colour for c, colour in colours.items()}
    ranks = registry.figure("rank_movement", view(tables))
    assert {t.name: t.line.color for t in ranks.data} == by_name


def test_the_quarters_are_written_in_chinese_and_the_focus_limits_the_regions(tables):
    trend = registry.figure("pilot_exports_trend", view(tables))
    assert list(trend.data[0].x) == ["2018年第三季度", "2018年第四季度", "2019年第一季度", "2019年第二季度",
                                     "2019年第三季度", "2019年第四季度"]  # fmt: skip
    national = trend.data[1].y
    assert national[-1] == pytest.approx(19564.0 / 4)  # 2019's published national exports (亿元) ÷ 4
    pilot = tables["2019Q4"][2].groupby("period")["exports"].sum()
    assert trend.data[0].y[-1] == pytest.approx(pilot["2019Q4"] / 10_000)
    focused = registry.figure("task_completion", view(tables, focus=("beijing", "shanghai")))
    assert list(focused.data[0].x) == ["北京", "上海"]
