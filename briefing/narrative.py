"""The quarter's summary in Chinese, written from the indicator tables: every figure in it computed, never typed.

`narrative()` returns the sentences and the figures they quote, so a test can check each figure against the indicator
it names. Where a figure cannot be computed (a region that did not report, no year-earlier base, no national total for
the year), the sentence says so instead of inventing it.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import pandas as pd

from indicators import pilot_export_total
from indicators.reporting import LATE, MISSING
from reference import Quarter, load_catalog


@dataclass
class Narrative:
    sentences: list[str]
    figures: dict[str, object] = field(default_factory=dict)

    @property
    def text(self) -> str:
        return "".join(self.sentences)


def _yi(wan: float) -> str:
    return f"{wan / 10_000:,.1f}亿元"


def _growth(value: float) -> str:
    shown = round(value * 100, 1)
    if shown == 0:
        return "与上年同期持平"
    return f"同比增长{shown:.1f}%" if shown > 0 else f"同比下降{-shown:.1f}%"


def _names(frame: pd.DataFrame) -> str:
    return "、".join(frame["region"])


def narrative(period: Quarter, scores: pd.DataFrame, reporting: pd.DataFrame) -> Narrative:
    """The summary of one quarter from its score table (indicators.scores) and reporting grid (details["reporting"])."""
    catalog = load_catalog()
    n = len(scores)
    reported = scores[scores["submitted"]]
    out = Narrative([])
    f = out.figures
    f["regions"], f["reported"] = n, len(reported)

    total, growth = pilot_export_total(scores)
    f["exports"], f["export_growth"] = total, growth
    head = f"{period.label}，{len(reported)}个试点地区报送了季度报表"
    if len(reported) < n:
        head += f"（{_names(scores[~scores['submitted']])}未报送，未计入）"
    sentence = f"{head}，服务出口合计{_yi(total)}"
    sentence += f"，可比地区{_growth(growth)}" if growth is not None else "，暂无上年同期数据，无法计算同比"
    out.sentences.append(sentence + "。")

    out.sentences.append(_national_share(period, scores, catalog, f))

    if growth is not None:
        above = reported[reported["export_yoy"].astype("Float64") > growth]
        f["above_average"] = len(above)
        out.sentences.append(f"{len(above)}个地区出口增速高于试点地区平均水平。")

    rates = reported["task_completion_rate"].astype("Float64")
    if rates.notna().any() and rates.max() > 0:
        best = reported[rates == rates.max()]
        f["best_task_rate"], f["best_task_regions"] = float(rates.max()), list(best["region"])
        who = _names(best) if len(best) <= 3 else f"{_names(best.head(3))}等{len(best)}个地区"
        out.sentences.append(f"试点任务完成率最高的是{who}（{rates.max():.1%}）。")
    elif rates.notna().any():
        f["best_task_rate"] = 0.0
        out.sentences.append("各地区本季度尚无全部举措均已完成的试点任务。")

    new_items = int(scores["experience_new"].fillna(0).sum())
    f["experience_new"] = new_items
    out.sentences.append(f"本季度新增经验案例{new_items}个。" if new_items else "本季度没有新增经验案例。")

    now = reporting[reporting["period"] == period.code]
    late = now[now["status"].isin([LATE, MISSING])]
    names = dict(zip(scores["region_code"], scores["region"]))
    f["not_on_time"] = len(late)
    if now.empty:
        out.sentences.append("本季度报送截止日尚未到，报送及时情况暂不统计。")
    elif late.empty:
        out.sentences.append("各地区均按时报送。")
    else:
        listed = "、".join(names[c] for c in late["region_code"])
        out.sentences.append(f"{len(late)}个地区未按时报送（{listed}）。")
    return out


def _national_share(period: Quarter, scores: pd.DataFrame, catalog, f: dict) -> str:
    """The pilot's share of national exports: for a whole year only, since national figures are published yearly."""
    national = catalog.national_trade.get(period.year)
    if period.quarter != 4:
        return "全国服务贸易数据按年度公布，占全国比重在第四季度按全年计算。"
    if national is None:
        return f"参考数据中暂无{period.year}年全国服务出口数据，无法计算占全国比重。"
    full = scores["ytd_quarters"].astype("Float64") == 4
    if not full.all():
        gaps = _names(scores[~full])
        return f"{gaps}全年报送不完整，暂不计算{period.year}年试点地区占全国服务出口的比重。"
    year_total = float(scores["ytd_exports"].sum())
    share = year_total / (national[0] * 10_000)
    f["year_exports"], f["national_share"] = year_total, share
    return f"{period.year}年全年试点地区服务出口合计{_yi(year_total)}，占全国服务出口的{share:.1%}。"
