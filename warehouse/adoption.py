"""The office's marks on experience items: 已复制推广 (adopted for national promotion)."""

from __future__ import annotations

import pandas as pd

from base.text import normalise_title


def set_adopted(wh, region_code: str, title: str, adopted: bool, marked_by: str | None = None) -> None:
    """Mark or unmark one item; the mark follows the item's normalised name, so a re-sent item keeps it."""
    key = normalise_title(title)
    with wh.transaction() as cur:
        cur.execute(
            "DELETE FROM experience_adoption WHERE region_code = ? AND title_key = ?", [region_code, key]
        )
        if adopted:
            cur.execute(
                "INSERT INTO experience_adoption (region_code, title_key, marked_by) VALUES (?, ?, ?)",
                [region_code, key, marked_by],
            )


def adoptions(wh) -> pd.DataFrame:
    return wh.query_df("SELECT region_code, title_key, marked_at, marked_by FROM experience_adoption")
