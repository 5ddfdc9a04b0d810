"""The moment a view "as of" a date or a datetime sees up to: shared by the warehouse's reads and the indicators."""

from __future__ import annotations

from datetime import date, datetime, time


def moment(as_of: date | datetime) -> datetime:
    """The last instant the view includes: a date is the end of that day (23:59:59.999999), a datetime is itself.

    Whatever was received at or before this instant exists in the view; whatever came after it does not. Times are
    local and naive, as the warehouse records receipts.
    """
    if isinstance(as_of, datetime):  # a datetime is also a date: test it first
        return as_of
    return datetime.combine(as_of, time.max)
