"""The composite evaluation score (综合评价). The project's own method, not an official one."""

from __future__ import annotations

import numpy as np
import pandas as pd

from reference.evaluation import Config, ConfigError

DISCLAIMER = (
    "综合评价得分为本平台自行设计的评价方法（指标、标准化方法和权重见配置文件），"
    "并非商务部官方评价指标体系，仅供参考。"
)


def normalise(values: pd.Series, method: str, target: float | None = None) -> pd.Series:
    """To 0–1. minmax: (v − min) / (max − min) over the regions that have a value (all equal: 1 if above 0,
    else 0, so nobody scores for having nothing); target: v / target, clipped to 0–1. A missing value counts 0."""
    v = values.astype("Float64").astype(float)
    if method == "target":
        out = (v / target).clip(0, 1)
    else:
        lo, hi = v.min(), v.max()
        out = (
            (v - lo) / (hi - lo)
            if hi > lo
            else pd.Series(np.where(v.notna() & (v > 0), 1.0, 0.0), index=v.index)
        )
    return out.fillna(0.0)


def composite_scores(table: pd.DataFrame, config: Config) -> pd.DataFrame:
    """score = 100 × Σ weight_i × normalised_i / Σ weight_i, so 0 ≤ score ≤ 100.

    `contribution_<indicator>` = 100 × weight_i × normalised_i / Σ weight_i (the parts add up to the score);
    `rank` = 1 for the highest score (ties share the better rank).
    """
    unknown = [i.indicator for i in config.items if i.indicator not in table.columns]
    if unknown:
        numeric = sorted(
            c
            for c in table.columns
            if pd.api.types.is_numeric_dtype(table[c]) and c not in ("seq", "rank", "score")
        )
        raise ConfigError(
            f"未知的指标 {'、'.join(unknown)}（配置 {config.source}）；可用的指标：{'、'.join(numeric)}"
        )
    out = table[["region_code"]].copy()
    total = config.total_weight
    for item in config.items:
        out[f"contribution_{item.indicator}"] = (
            100 * item.weight * normalise(table[item.indicator], item.normalisation, item.target) / total
        )
    out["score"] = out[[f"contribution_{i.indicator}" for i in config.items]].sum(axis=1).clip(0, 100)
    out["rank"] = out["score"].rank(method="min", ascending=False).astype("Int64")
    return out
