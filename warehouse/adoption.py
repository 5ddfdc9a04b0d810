"""The office's marks on experience items: 已复制推广 (adopted for national promotion)."""

from __future__ import annotations

from datetime import date, datetime

import pandas as pd

from base.text import normalise_title

from .latest import received_by


def set_adopted(wh, region_code: str, title: str, adopted: bool, marked_by: str | None = None) -> None:
    """Mark or unmark one item; the mark follows the item's normalised name, so a re-sent item keeps it."""
    with wh.transaction() as cur:
        mark(cur, region_code, title, adopted, marked_by)


def mark(cur, region_code: str, title: str, adopted: bool, marked_by: str | None = None) -> None:
    """`set_adopted` inside the caller's transaction (with the audit entry that records it)."""
    key = normalise_title(title)
    cur.execute("DELETE FROM experience_adoption WHERE region_code = ? AND title_key = ?", [region_code, key])
    if adopted:
        cur.execute(
            "INSERT INTO experience_adoption (region_code, title_key, marked_by) VALUES (?, ?, ?)",
            [region_code, key, marked_by],
        )


def adoptions(wh, as_of: date | datetime | None = None) -> pd.DataFrame:
    """The marks in force; with `as_of`, those made by then (a date: the end of that day).

    Marks are not versioned: an item unmarked since `as_of` has no row left, and one unmarked and marked again
    counts from its latest mark."""
    made = "" if as_of is None else "WHERE marked_at <= $as_of"
    return wh.query_df(
        f"SELECT region_code, title_key, marked_at, marked_by FROM experience_adoption {made}",
        received_by(as_of),
    )
