"""Every figure of the platform, named and listed once with its Chinese title, so the pages, the image exports and the
briefing pack draw the same charts.

A chart is a function of a `View`: the indicator tables it `needs` (computed by the caller), the quarter, the unit
and, for a region's chart, the region. No SQL and no Streamlit here.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Callable

import pandas as pd
import plotly.graph_objects as go

from reference import Quarter, load_catalog
from reference.evaluation import Config
from reference.periods import CN_QUARTER

# what a chart can need; the caller computes each once (indicators.scores, detail_tables, scores_by_quarter)
SCORES, DETAILS, TREND = "scores", "details", "trend"
# the basis of a trade chart: the quarter alone, or the year up to it (the details then hold "year_to_date" and
# "composition_ytd", from indicators.year_to_date)
QUARTER, YEAR_TO_DATE = "quarter", "ytd"
BASES = {QUARTER: "本季度", YEAR_TO_DATE: "本年累计"}


class UnknownChart(LookupError):
    """A chart name that is not in the registry; the text lists the names in Chinese."""


@dataclass
class View:
    period: Quarter
    unit: str = "亿元"
    region: str | None = None  # a region code, for a region's chart
    focus: tuple[str, ...] = ()  # region codes to show (empty: all)
    config: Config | None = None
    scores: pd.DataFrame | None = None
    details: dict[str, pd.DataFrame] = field(default_factory=dict)
    trend: pd.DataFrame | None = None
    basis: str = QUARTER  # QUARTER or YEAR_TO_DATE, for the charts that follow it (trade)

    @property
    def period_text(self) -> str:
        """The quarter (2019年第三季度), or on the year-to-date basis the quarters summed (2019年第一至第三季度累计;
        2018 starts with the pilot in its third quarter)."""
        q = self.period
        if self.basis != YEAR_TO_DATE:
            return q.label
        first = min((r for r in load_catalog().quarters if r.year == q.year and r <= q), default=q)
        if first == q:
            return q.label
        return f"{q.year}年第{CN_QUARTER[first.quarter]}至第{CN_QUARTER[q.quarter]}季度累计"

    def regions(self, frame: pd.DataFrame) -> pd.DataFrame:
        """The frame's rows of the regions in focus (all when none is chosen)."""
        return frame[frame["region_code"].isin(self.focus)] if self.focus else frame


@dataclass(frozen=True)
class Chart:
    name: str
    title: str
    draw: Callable[[View], go.Figure]
    needs: tuple[str, ...]
    region_chart: bool = False  # needs View.region

    @property
    def in_pack(self) -> bool:
        return self.name in DEFAULT_PACK


REGISTRY: dict[str, Chart] = {}
# the briefing pack's charts when none are chosen, in the order a briefing tells the quarter
DEFAULT_PACK = (
    "pilot_exports_trend",
    "exports_by_region",
    "export_growth",
    "composition",
    "ki_share",
    "task_completion",
    "area_heatmap",
    "opening_landing",
    "experience_items",
    "enterprise_coverage",
    "score_ranking",
    "reporting_grid",
)


def chart(
    name: str,
    title: str,
    needs: tuple[str, ...] = (SCORES,),
    region_chart: bool = False,
) -> Callable:
    """Register a figure function under `name` with its Chinese title."""

    def register(draw: Callable[[View], go.Figure]) -> Callable[[View], go.Figure]:
        REGISTRY[name] = Chart(name, title, draw, needs, region_chart)
        return draw

    return register


def get(name: str) -> Chart:
    _load()
    if name not in REGISTRY:
        listed = "、".join(f"{c.name}（{c.title}）" for c in REGISTRY.values())
        raise UnknownChart(f"没有名为“{name}”的图表。可用的图表：{listed}")
    return REGISTRY[name]


def charts() -> list[Chart]:
    """Every chart: the default pack's first, in its order, then the others."""
    _load()
    return [REGISTRY[n] for n in DEFAULT_PACK] + [c for n, c in REGISTRY.items() if n not in DEFAULT_PACK]


def default_pack() -> list[Chart]:
    return [get(name) for name in DEFAULT_PACK]


def figure(name: str, view: View) -> go.Figure:
    return get(name).draw(view)


def _load() -> None:
    from . import enterprises, evaluation, overview, regions, tasks, trade, trends  # noqa: F401  (each registers its charts)
