"""The briefing pack (简报包): a 16:9 PPTX with a title slide, the quarter's summary, one slide per chart, the early
warnings and the score table. Every text is editable; the charts are pictures rendered server-side."""

from __future__ import annotations

import io
from dataclasses import dataclass
from datetime import date

import pandas as pd
import plotly.graph_objects as go
from pptx import Presentation
from pptx.dml.color import RGBColor
from pptx.oxml.ns import qn
from pptx.util import Emu, Inches, Pt

import indicators
from charts.registry import DETAILS, Chart, View
from charts.style import SOURCE
from reference import load_catalog

from .images import to_png_many
from .narrative import Narrative, narrative
from .views import build_view

WIDTH, HEIGHT = Inches(13.333), Inches(7.5)  # 16:9
FONT = "Microsoft YaHei"  # what an office PC has; LibreOffice substitutes a CJK font of its own
NAVY, GREY = RGBColor(0x1F, 0x4E, 0x79), RGBColor(0x59, 0x59, 0x59)
IMAGE = (1280, 608)  # the picture in CSS pixels (the slide below its title), rendered at 2.5×: 3200 px wide
IMAGE_SCALE = 2.5
MAX_WARNINGS = 14
ALL_DATA = "数据范围：各地区报送并通过检查的最新报表（含未审核）"
APPROVED_DATA = "数据范围：仅已审核确认的数据"


def data_note(approved_only: bool) -> str:
    """The title slide's line on which data the pack counts."""
    return APPROVED_DATA if approved_only else ALL_DATA


@dataclass
class PackContent:
    view: View
    charts: list[Chart]
    narrative: Narrative
    warnings: list[dict]
    data_note: str = ALL_DATA


def make_pack(
    wh,
    period: str,
    chosen: list[Chart],
    *,
    focus: tuple[str, ...] = (),
    unit: str = "亿元",
    config=None,
    approved_only: bool = False,
) -> bytes:
    """The pack of one quarter straight from the warehouse: the charts' tables, the narrative, the warnings.
    `approved_only`: only the approved region-quarters count, and the title slide says so."""
    view = build_view(
        wh,
        period,
        chosen,
        unit=unit,
        focus=focus,
        config=config,
        extra=(DETAILS,),
        approved_only=approved_only,
    )
    told = narrative(view.period, view.scores, view.details["reporting"])
    alerts = indicators.warnings(wh, period, view.config, approved_only=approved_only)
    return build_pack(PackContent(view, chosen, told, alerts, data_note(approved_only)))


def build_pack(content: PackContent) -> bytes:
    prs = Presentation()
    prs.slide_width, prs.slide_height = WIDTH, HEIGHT
    blank = prs.slide_layouts[6]
    view = content.view
    catalog = load_catalog()

    slide = prs.slides.add_slide(blank)
    _text(
        slide,
        f"{catalog.name}监测简报",
        Inches(0.8),
        Inches(2.3),
        Inches(11.7),
        Inches(1.2),
        size=36,
        bold=True,
    )
    _text(slide, f"报告期：{view.period.label}", Inches(0.8), Inches(3.6), Inches(11.7), Inches(0.6), size=22)
    _text(
        slide,
        f"生成日期：{date.today():%Y年%-m月%-d日}",
        Inches(0.8),
        Inches(4.2),
        Inches(11.7),
        Inches(0.6),
        size=18,
    )
    _text(
        slide,
        f"{catalog.document}　{content.data_note}",
        Inches(0.8),
        Inches(6.4),
        Inches(11.7),
        Inches(0.5),
        size=12,
        colour=GREY,
    )

    slide = prs.slides.add_slide(blank)
    _title(slide, f"本季度概况（{view.period.label}）")
    box = _text(slide, "", Inches(0.8), Inches(1.4), Inches(11.7), Inches(5.3), size=20)
    frame = box.text_frame
    for i, sentence in enumerate(content.narrative.sentences):
        paragraph = frame.paragraphs[0] if i == 0 else frame.add_paragraph()
        _run(paragraph, sentence, size=20)
        paragraph.space_after = Pt(10)
    _source(slide)

    pictures = to_png_many(
        [_for_slide(c.draw(view)) for c in content.charts], width=IMAGE[0], height=IMAGE[1]
    )
    for chart, png in zip(content.charts, pictures):
        slide = prs.slides.add_slide(blank)
        _title(slide, f"{chart.title}（{view.period.label}）")
        left, top = Inches(0.4), Inches(1.15)
        width = WIDTH - 2 * left
        slide.shapes.add_picture(
            io.BytesIO(png), left, top, width=width, height=Emu(int(width * IMAGE[1] / IMAGE[0]))
        )
        _source(slide)

    slide = prs.slides.add_slide(blank)
    _title(slide, f"预警（{view.period.label}，共 {len(content.warnings)} 条）")
    box = _text(slide, "", Inches(0.8), Inches(1.3), Inches(11.7), Inches(5.6), size=14)
    lines = [f"{w['region']}：{w['rule_label']}——{w['message']}" for w in content.warnings[:MAX_WARNINGS]]
    if len(content.warnings) > MAX_WARNINGS:
        lines.append(f"另有 {len(content.warnings) - MAX_WARNINGS} 条预警，见平台“综合评价”页。")
    for i, line in enumerate(lines or ["本季度没有预警。"]):
        _run(box.text_frame.paragraphs[0] if i == 0 else box.text_frame.add_paragraph(), line, size=14)
    _source(slide)

    slide = prs.slides.add_slide(blank)
    _title(slide, f"附表：综合评价得分（{view.period.label}）")
    _score_table(slide, view.regions(view.scores))
    _source(slide, "注：综合评价为本平台自行设计的方法，并非商务部官方评价指标体系。" + SOURCE)

    out = io.BytesIO()
    prs.save(out)
    return out.getvalue()


def _for_slide(fig: go.Figure) -> go.Figure:
    """The figure without its own title and source line: the slide carries both as editable text."""
    fig = go.Figure(fig)
    fig.update_layout(title=None, margin={"t": 50, "b": 70}, height=None)
    fig.layout.annotations = [a for a in fig.layout.annotations if not str(a.text).startswith("数据来源")]
    return fig


COLUMNS = [  # the appendix table: (column, header, format)
    ("rank", "排名", "{:.0f}"),
    ("region", "试点地区", "{}"),
    ("score", "综合得分", "{:.1f}"),
    ("task_completion_rate", "任务完成率", "{:.1%}"),
    ("exports", "服务出口（亿元）", "{:,.1f}"),
    ("export_yoy", "出口同比", "{:+.1%}"),
    ("experience_items", "累计经验案例（个）", "{:.0f}"),
    ("timeliness_rate", "报送及时率", "{:.0%}"),
]


def _score_table(slide, scores: pd.DataFrame) -> None:
    ranked = scores.sort_values(["rank", "region_code"]).assign(exports=scores["exports"] / 10_000)
    rows, cols = len(ranked) + 1, len(COLUMNS)
    height = Inches(0.3) * rows
    table = slide.shapes.add_table(rows, cols, Inches(0.6), Inches(1.2), WIDTH - Inches(1.2), height).table
    for j, (_, header, _) in enumerate(COLUMNS):
        _cell(table.cell(0, j), header, bold=True)
    for i, (_, row) in enumerate(ranked.iterrows(), start=1):
        for j, (column, _, fmt) in enumerate(COLUMNS):
            value = row[column]
            _cell(table.cell(i, j), "—" if pd.isna(value) else fmt.format(value))


def _cell(cell, text: str, bold: bool = False) -> None:
    cell.text = ""
    _run(cell.text_frame.paragraphs[0], text, size=10, bold=bold)
    cell.margin_top = cell.margin_bottom = Pt(1)


def _title(slide, text: str) -> None:
    _text(
        slide,
        text,
        Inches(0.5),
        Inches(0.35),
        WIDTH - Inches(1),
        Inches(0.7),
        size=26,
        bold=True,
        colour=NAVY,
    )


def _source(slide, text: str = SOURCE) -> None:
    _text(
        slide, text, Inches(0.5), HEIGHT - Inches(0.55), WIDTH - Inches(1), Inches(0.4), size=11, colour=GREY
    )


def _text(slide, text: str, left, top, width, height, size: int, bold: bool = False, colour=None):
    box = slide.shapes.add_textbox(left, top, width, height)
    box.text_frame.word_wrap = True
    if text:
        _run(box.text_frame.paragraphs[0], text, size=size, bold=bold, colour=colour)
    return box


def _run(paragraph, text: str, size: int, bold: bool = False, colour=None) -> None:
    run = paragraph.add_run()
    run.text = text
    run.font.size, run.font.bold = Pt(size), bold
    run.font.name = FONT
    if colour is not None:
        run.font.color.rgb = colour
    rpr = (
        run._r.get_or_add_rPr()
    )  # python-pptx names only the Latin font; Chinese text reads the East Asian one
    ea = rpr.find(qn("a:ea"))
    if ea is None:
        ea = rpr.makeelement(qn("a:ea"), {})
        rpr.append(ea)
    ea.set("typeface", FONT)
