"""Amounts in the unit the user chose, and axes that write them as the office does (never "10M")."""

from __future__ import annotations

import pandas as pd

from indicators.trade import convert
from reference import Quarter, load_catalog


def in_unit(values: pd.Series, unit: str, year: int | pd.Series) -> pd.Series:
    """Amounts held in 万元, in `unit`: 万元, 亿元, or 亿美元 at the year's rate (one year, or one per value)."""
    rates = load_catalog().exchange_rates
    if isinstance(year, pd.Series):
        return pd.Series(
            [convert(v, unit, y, rates) for v, y in zip(values, year)], index=values.index, dtype="Float64"
        )
    return convert(values.astype("Float64"), unit, year, rates)


def years_of(periods: pd.Series) -> pd.Series:
    return periods.map(lambda p: Quarter.parse(p).year)


def amount_axis(values: pd.Series) -> dict:
    """Tick format for amounts: whole numbers with separators for large ones, decimals for small; never "10M"."""
    top = values.abs().max() if len(values) else 0
    digits = 0 if pd.isna(top) or top >= 100 else 1 if top >= 1 else 2
    return {"tickformat": f",.{digits}f", "exponentformat": "none", "separatethousands": True}
