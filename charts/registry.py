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

from reference import Quarter
from reference.evaluation import Config

# what a chart can need; the caller computes each once (indicators.scores, detail_tables, scores_by_quarter)
SCORES, DETAILS, TREND = "scores", "details", "trend"


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
