"""The narrative: every figure equals the indicator it names. The pack: it opens, is 16:9, holds its slides."""

import io
import re

import pytest
from pptx import Presentation
from pptx.util import Inches

import indicators
from briefing.narrative import narrative
from indicators.reporting import LATE, MISSING
from reference import Quarter
from warehouse import Warehouse


@pytest.fixture(scope="module")
def quarter_tables(sample_warehouse_file):
    with Warehouse(sample_warehouse_file, read_only=True) as wh:
        return {p: (indicators.scores(wh, p), indicators.detail_tables(wh, p)["reporting"])
                for p in ("2018Q3", "2019Q2", "2019Q4", "2020Q2")}  # fmt: skip


@pytest.mark.parametrize("period", ["2018Q3", "2019Q2", "2019Q4", "2020Q2"])
def test_every_figure_in_the_narrative_is_the_indicator_it_names(quarter_tables, period):
    scores, reporting = quarter_tables[period]
    told = narrative(Quarter.parse(period), scores, reporting)
    f = told.figures
    reported = scores[scores["submitted"]]
    assert f["reported"] == len(reported) and f"{len(reported)}个试点地区报送了季度报表" in told.text
    assert f["exports"] == pytest.approx(reported["exports"].sum())
    assert f"服务出口合计{reported['exports'].sum() / 10_000:,.1f}亿元" in told.text
    base = scores.dropna(subset=["export_base", "exports"])
    growth = base["exports"].sum() / base["export_base"].sum() - 1
    assert f["export_growth"] == pytest.approx(growth)
    word = "增长" if growth > 0 else "下降"
    assert f"同比{word}{abs(growth) * 100:.1f}%" in told.text
    assert f["above_average"] == int((reported["export_yoy"].astype(float) > growth).sum())
    assert f["experience_new"] == int(scores["experience_new"].sum())
    now = reporting[reporting["period"] == period]
    assert f["not_on_time"] == int(now["status"].isin([LATE, MISSING]).sum())
    rate = reported["task_completion_rate"].astype(float)
    if rate.max() > 0:
        assert f["best_task_rate"] == pytest.approx(rate.max())
        assert set(f["best_task_regions"]) == set(reported.loc[rate == rate.max(), "region"])


def test_what_cannot_be_computed_is_said_not_invented(quarter_tables):
    scores, reporting = quarter_tables["2019Q2"]
    told = narrative(Quarter.parse("2019Q2"), scores, reporting)
    assert "贵州贵安新区未报送，未计入" in told.text  # the sample's missing quarter
    assert "全国服务贸易数据按年度公布" in told.text and "national_share" not in told.figures
    q4 = narrative(Quarter.parse("2019Q4"), *quarter_tables["2019Q4"])
    assert "贵州贵安新区全年报送不完整" in q4.text  # 2019Q2 missing: no share of the national year is made up
    first = narrative(Quarter.parse("2018Q3"), *quarter_tables["2018Q3"])
    assert "各地区本季度尚无全部举措均已完成的试点任务" in first.text  # not "最高的是…（0.0%）"


def test_the_national_share_of_a_complete_year(quarter_tables):
    scores, reporting = quarter_tables["2019Q4"]
    complete = scores.assign(ytd_quarters=4)
    told = narrative(Quarter.parse("2019Q4"), complete, reporting)
    assert told.figures["national_share"] == pytest.approx(scores["ytd_exports"].sum() / (19564.0 * 10_000))
    assert f"占全国服务出口的{told.figures['national_share']:.1%}" in told.text


def test_the_pack_opens_with_its_slides_and_its_figures(sample_warehouse_file, require_exports):
    from briefing.pack import make_pack
    from charts.registry import default_pack, get

    chosen = [get("exports_by_region"), get("export_growth")]
    with Warehouse(sample_warehouse_file, read_only=True) as wh:
        data = make_pack(wh, "2019Q4", chosen)
        scores = indicators.scores(wh, "2019Q4")
        reporting = indicators.detail_tables(wh, "2019Q4")["reporting"]
        alerts = indicators.warnings(wh, "2019Q4")
    prs = Presentation(io.BytesIO(data))
    assert (prs.slide_width, prs.slide_height) == (Inches(13.333), Inches(7.5))  # 16:9
    slides = list(prs.slides)
    assert len(slides) == 2 + len(chosen) + 2
    texts = [[s.text_frame.text for s in slide.shapes if s.has_text_frame] for slide in slides]
    assert "深化服务贸易创新发展试点监测简报" in texts[0] and "报告期：2019年第四季度" in texts[0]
    told = narrative(Quarter.parse("2019Q4"), scores, reporting)
    assert "\n".join(told.sentences) in texts[1]  # editable text, one paragraph a sentence
    for slide, chart in zip(slides[2:4], chosen):
        assert f"{chart.title}（2019年第四季度）" in [
            s.text_frame.text for s in slide.shapes if s.has_text_frame
        ]
        pictures = [s for s in slide.shapes if s.shape_type == 13]
        assert len(pictures) == 1 and pictures[0].image.size[0] >= 1600
    assert f"预警（2019年第四季度，共 {len(alerts)} 条）" in texts[4]
    table = next(s for s in slides[5].shapes if s.has_table).table
    first = [table.cell(1, j).text for j in range(3)]
    top = scores.sort_values(["rank", "region_code"]).iloc[0]
    assert first == [f"{top['rank']:.0f}", top["region"], f"{top['score']:.1f}"]
    assert len(default_pack()) == 12


@pytest.fixture
def require_exports():
    from briefing.images import available

    missing = available()
    if missing:
        import os

        if os.environ.get("CI") == "true":
            pytest.fail(missing)
        pytest.skip(missing)


def test_no_english_on_a_slide(sample_warehouse_file, require_exports):
    from briefing.pack import make_pack
    from charts.registry import get

    with Warehouse(sample_warehouse_file, read_only=True) as wh:
        prs = Presentation(io.BytesIO(make_pack(wh, "2019Q4", [get("ki_share")])))
    words = set()
    for slide in prs.slides:
        for shape in slide.shapes:
            texts = [shape.text_frame.text] if shape.has_text_frame else []
            if shape.has_table:
                texts += [c.text for row in shape.table.rows for c in row.cells]
            for text in texts:
                words |= set(re.findall(r"[A-Za-z]{2,}", text))
    assert not words, words


@pytest.mark.parametrize("period", ["2018Q3", "2019Q2", "2020Q2"])
def test_a_quarter_taken_from_the_quarters_series_equals_its_own_scores(sample_warehouse_file, period):
    import pandas as pd

    with Warehouse(sample_warehouse_file, read_only=True) as wh:
        own = indicators.scores(wh, period)
        taken = indicators.scores_of(indicators.scores_by_quarter(wh, period), period)
    pd.testing.assert_frame_equal(own, taken, check_dtype=False)
