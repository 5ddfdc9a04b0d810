"""The one style of every figure: fonts that render Chinese in the browser and in exported images, one colour per
region, units in axis titles, thousands separators, and a title and source line that are part of the image."""

from __future__ import annotations

import math

import plotly.graph_objects as go

from reference import load_catalog

FONT = "Noto Sans CJK SC, Microsoft YaHei, PingFang SC, sans-serif"
SOURCE = "数据来源：各试点地区季度报送，本平台计算"
BLUE, ORANGE, GREEN, RED, GREY = "#1F4E79", "#E07B24", "#3A7D44", "#C0392B", "#B0B0B0"
PALETTE = ["#1F4E79", "#E07B24", "#3A7D44", "#8E5EA2", "#C0392B", "#7F8C8D", "#16A085", "#D4AC0D"]
# 17 distinguishable colours, one per region in the catalog's order: a region looks the same on every chart
REGION_PALETTE = [
    "#1F4E79",
    "#E07B24",
    "#3A7D44",
    "#8E5EA2",
    "#C0392B",
    "#16A085",
    "#D4AC0D",
    "#7F8C8D",
    "#2E86C1",
    "#A04000",
    "#1D8348",
    "#6C3483",
    "#B03A2E",
    "#117A65",
    "#9A7D0A",
    "#5D6D7E",
    "#CB4335",
]
HEIGHT = 480
EXPORT_SIZE = (1600, 900)  # a 16:9 slide


def region_colours() -> dict[str, str]:
    """Region code -> its colour; the same on every chart."""
    regions = load_catalog().regions
    return {r.code: REGION_PALETTE[i % len(REGION_PALETTE)] for i, r in enumerate(regions)}


def region_colour_by_name() -> dict[str, str]:
    colours = region_colours()
    return {r.name: colours[r.code] for r in load_catalog().regions}


def pct(value, signed: bool = True, digits: int = 1) -> str:
    """A share or growth as text: "—" where there is none, never "-0.0%"."""
    if value is None or (isinstance(value, float) and math.isnan(value)) or _is_na(value):
        return "—"
    shown = round(float(value) * 100, digits)
    if shown == 0:
        return f"{0:.{digits}f}%"
    return f"{shown:+.{digits}f}%" if signed else f"{shown:.{digits}f}%"


def amount(value, digits: int = 1) -> str:
    """An amount with thousands separators; "—" where there is none."""
    if value is None or _is_na(value):
        return "—"
    shown = round(float(value), digits)
    return f"{0 if shown == 0 else shown:,.{digits}f}"


def _is_na(value) -> bool:
    try:
        return bool(value != value)  # NaN and pd.NA
    except TypeError:
        return True  # pd.NA in a boolean context


def styled(fig: go.Figure, title: str, period_label: str | None = None, note: str | None = None) -> go.Figure:
    """Title (with the quarter), fonts, white plot, grid, legend, and the source line at the foot of the image."""
    text = f"{title}（{period_label}）" if period_label else title
    source = SOURCE + (f"。{note}" if note else "")
    fig.update_layout(
        title={"text": text, "x": 0.01, "xanchor": "left", "font": {"size": 18}},
        font={"family": FONT, "size": 13, "color": "#222222"},
        margin={"l": 70, "r": 40, "t": 70, "b": 110},
        plot_bgcolor="white",
        paper_bgcolor="white",
        legend={"orientation": "h", "y": 1.02, "yanchor": "bottom", "x": 1, "xanchor": "right"},
        height=HEIGHT,
        separators=".,",
        hoverlabel={"font": {"family": FONT}},
    )
    fig.add_annotation(
        text=source,
        xref="paper",
        yref="paper",
        x=0,
        y=0,
        yshift=-95,
        xanchor="left",
        yanchor="bottom",
        showarrow=False,
        font={"size": 11, "color": "#666666"},
        align="left",
    )
    fig.update_xaxes(automargin=True, showline=True, linecolor="#BBBBBB")
    fig.update_yaxes(
        gridcolor="#E5E5E5",
        zerolinecolor="#888888",
        automargin=True,
        exponentformat="none",
        separatethousands=True,
    )
    return fig


def apply_layout(fig: go.Figure, title: str, period_label: str) -> go.Figure:
    """The shared style for bar charts over the regions (labels tilted to fit 17 names)."""
    styled(fig, title, period_label)
    fig.update_xaxes(tickangle=-40)
    return fig
