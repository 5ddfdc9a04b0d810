"""Properties of the indicator transforms, over generated data (hypothesis)."""

import math

import numpy as np
import pandas as pd
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from indicators.composite import composite_scores, normalise
from indicators.trade import composition, trade_indicators
from reference.evaluation import Config, ScoreItem

REGIONS = [f"r{i}" for i in range(6)]
amount = st.floats(min_value=0, max_value=1e9, allow_nan=False)
maybe = st.one_of(st.none(), st.floats(min_value=-5, max_value=1e6, allow_nan=False))


@st.composite
def trade_frames(draw):
    rows = []
    for region in draw(st.lists(st.sampled_from(REGIONS), min_size=1, max_size=6, unique=True)):
        for period in draw(
            st.lists(
                st.sampled_from(["2019Q3", "2018Q3", "2019Q2", "2019Q1"]), min_size=1, max_size=4, unique=True
            )
        ):
            for category in range(1, 13):
                rows.append(
                    {
                        "region_code": region,
                        "period": period,
                        "category_code": category,
                        "exports": draw(amount),
                        "imports": draw(amount),
                        "exports_prev": None,
                        "imports_prev": None,
                    }
                )
    return pd.DataFrame(rows)


@given(trade_frames())
@settings(max_examples=40, suppress_health_check=[HealthCheck.too_slow], deadline=None)
def test_shares_sum_to_one(frame):
    table = trade_indicators(frame, "2019Q3", {6, 7, 8, 9, 10, 11})
    if len(table) and table["exports"].sum() > 0:
        assert math.isclose(float(table["export_share"].sum()), 1.0, rel_tol=1e-9)
    parts = composition(frame, "2019Q3")
    for _, group in parts.groupby("region_code"):
        if group["exports"].sum() > 0:
            assert math.isclose(float(group["export_share"].sum()), 1.0, rel_tol=1e-9)


@given(trade_frames(), trade_frames())
@settings(max_examples=40, suppress_health_check=[HealthCheck.too_slow], deadline=None)
def test_a_regions_growth_does_not_depend_on_the_others(mine, others):
    mine = mine[mine["region_code"] == mine["region_code"].iloc[0]]
    region = mine["region_code"].iloc[0]
    others = others[others["region_code"] != region]
    alone = trade_indicators(mine, "2019Q3", set()).set_index("region_code")
    together = trade_indicators(pd.concat([mine, others]), "2019Q3", set()).set_index("region_code")
    if region in alone.index:
        for field in ("exports", "export_yoy", "import_yoy", "ytd_exports"):
            a, b = alone.loc[region, field], together.loc[region, field]
            assert (pd.isna(a) and pd.isna(b)) or math.isclose(float(a), float(b), rel_tol=1e-12)


@st.composite
def score_tables(draw):
    n = draw(st.integers(min_value=1, max_value=17))
    table = pd.DataFrame({"region_code": [f"r{i}" for i in range(n)]})
    items = []
    for j in range(draw(st.integers(min_value=1, max_value=5))):
        name = f"ind{j}"
        table[name] = pd.array([draw(maybe) for _ in range(n)], dtype="Float64")
        method = draw(st.sampled_from(["minmax", "target"]))
        items.append(
            ScoreItem(
                name,
                name,
                draw(st.floats(min_value=0.01, max_value=100)),
                method,
                draw(st.floats(min_value=0.1, max_value=1e6)) if method == "target" else None,
            )
        )
    return table, Config(tuple(items), -0.2, 10.0, 0.01, 2, "generated")


@given(score_tables())
@settings(max_examples=150, deadline=None)
def test_scores_stay_within_0_100_and_rank_follows_score(case):
    table, config = case
    out = composite_scores(table, config)
    assert ((out["score"] >= 0) & (out["score"] <= 100 + 1e-9)).all()
    contributions = out[[c for c in out.columns if c.startswith("contribution_")]].sum(axis=1)
    assert np.allclose(contributions, out["score"])
    for i in range(len(out)):
        for j in range(len(out)):
            if out["score"].iat[i] > out["score"].iat[j] + 1e-12:
                assert out["rank"].iat[i] < out["rank"].iat[j]
            if out["score"].iat[i] == out["score"].iat[j]:
                assert out["rank"].iat[i] == out["rank"].iat[j]
    assert out["rank"].min() == 1


def test_nobody_scores_for_having_nothing():
    assert normalise(pd.Series([0, 0, 0], dtype="Float64"), "minmax").tolist() == [0.0, 0.0, 0.0]
    assert normalise(pd.Series([0.6, 0.6, None], dtype="Float64"), "minmax").tolist() == [1.0, 1.0, 0.0]
