"""The 经验案例 page's data: the distinct items up to a quarter in the catalog's region order, filtered, with their
text shortened for the table and kept whole for the detail view; and the office's 已复制推广 marks."""

from __future__ import annotations

import pandas as pd

from accounts import User
from reference import Quarter, load_catalog
from warehouse import Warehouse

from .data import details, save_adoption
from .text import plain  # noqa: F401  (pages/experience.py takes it from here)

SUMMARY_CHARS = 20  # 主要做法 in the table: the first characters, the whole text in the detail view


def summary(text, limit: int = SUMMARY_CHARS) -> str:
    """The first `limit` characters of a text, with … when it goes on."""
    if text is None or pd.isna(text):
        return ""
    text = " ".join(str(text).split())
    return text if len(text) <= limit else text[: limit - 1] + "…"


def items(
    wh: Warehouse,
    quarter: Quarter,
    regions: list[str] | tuple[str, ...] = (),
    areas: list[int] | tuple[int, ...] = (),
    types: list[str] | tuple[str, ...] = (),
) -> pd.DataFrame:
    """Every distinct item up to `quarter` of the regions, task areas and 案例类型 chosen (none chosen: all), in the
    catalog's region order (reference/regions.csv), then by the quarter each first came, then by name.

    Columns: region_code, title_key, adopted, region, title, area, area_name, case_type, first (quarter first sent),
    period (latest), practice, practice_summary, effect.
    """
    catalog = load_catalog()
    order = {r.code: i for i, r in enumerate(catalog.regions)}
    names = {r.code: r.name for r in catalog.regions}
    quarters = {i: q.label for i, q in enumerate(catalog.quarters, start=1)}
    frame = details(wh, quarter.code)["experience"]
    if regions:
        frame = frame[frame["region_code"].isin(regions)]
    if areas:
        frame = frame[frame["area"].isin(areas)]
    if types:
        frame = frame[frame["case_type"].isin(types)]
    frame = frame.assign(_order=frame["region_code"].map(order)).sort_values(
        ["_order", "first_seq", "title_key"]
    )
    return pd.DataFrame(
        {
            "region_code": frame["region_code"],
            "title_key": frame["title_key"],
            "adopted": frame["adopted"].astype(bool),
            "region": frame["region_code"].map(names),
            "title": frame["title"],
            "area": frame["area"],
            "area_name": frame["area"].map(catalog.areas),
            "case_type": frame["case_type"],
            "first": frame["first_seq"].map(quarters),
            "period": frame["period"].map(lambda p: Quarter.parse(p).label),
            "practice": frame["practice"],
            "practice_summary": frame["practice"].map(summary),
            "effect": frame["effect"],
        }
    ).reset_index(drop=True)


def save_marks(wh: Warehouse, rows: pd.DataFrame, marks, user: User, address: str | None) -> int:
    """Mark or unmark the items of `rows` (region_code, title) as `marks` says (an administrator only, refused
    otherwise); returns how many were saved."""
    chosen = [
        (row["region_code"], row["title"], bool(adopted)) for (_, row), adopted in zip(rows.iterrows(), marks)
    ]
    save_adoption(wh, chosen, user, address)
    return len(chosen)
