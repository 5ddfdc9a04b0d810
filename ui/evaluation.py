"""The 综合评价 page's what-if ranking: the composite recomputed from the same indicator table with weights the user
chose, beside the ranking of the configured weights (reference/evaluation.toml's, with those the office set on the
管理 page applied)."""

from __future__ import annotations

import pandas as pd

from indicators.composite import composite_scores
from reference.evaluation import Config, with_weights

WHAT_IF_LABELS = {
    "rank": "按配置权重排名",
    "what_if_rank": "调整后排名",
    "rank_shift": "名次变化",
    "score": "按配置权重得分（分）",
    "what_if_score": "调整后得分（分）",
}


def score_labels(config: Config) -> dict[str, str]:
    """The score table's headers: each part named as the score chart's legend names it (the configured label)."""
    return {f"contribution_{i.indicator}": i.label for i in config.items} | {"score": "综合得分（分）"}


def what_if(scores: pd.DataFrame, config: Config, weights: dict[str, float]) -> pd.DataFrame:
    """Per region: the configured score and rank, the score and rank under `weights`, and `rank_shift` = configured
    rank − what-if rank (positive: higher under the new weights). Best what-if rank first; ties in the catalog's
    order. The scores table carries every indicator, so the composite is recomputed from exactly the same values."""
    alt = composite_scores(scores, with_weights(config, weights))
    out = scores[["region_code", "region", "rank", "score"]].merge(
        alt[["region_code", "rank", "score"]].rename(
            columns={"rank": "what_if_rank", "score": "what_if_score"}
        ),
        on="region_code",
    )
    out["rank_shift"] = (out["rank"] - out["what_if_rank"]).astype("Int64")
    order = {code: i for i, code in enumerate(scores["region_code"])}
    out = out.assign(_order=out["region_code"].map(order)).sort_values(["what_if_rank", "_order"])
    return out.drop(columns="_order").reset_index(drop=True)
