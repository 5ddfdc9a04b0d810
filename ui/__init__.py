"""Streamlit glue shared by the pages: data access (data), the shared filters bound to the URL (filters), charts and
tables with their downloads (exports), and Chinese for Streamlit's own chrome (chinese).

Pages stay thin: they read filters, call these, and render. A page reaches data only through this package.
"""

from .data import (
    config,
    details,
    get_warehouse,
    latest_receipt,
    load_upload,
    periods_with_data,
    receipts,
    rejected_workbook,
    scores,
    trend,
    view,
    warehouse,
    warnings,
)
from .exports import chart, table
from .filters import any_period, period, region, region_link, unit
from .scope import APPROVED_ONLY, APPROVED_ONLY_LABEL, approved_only

__all__ = [
    "APPROVED_ONLY",
    "APPROVED_ONLY_LABEL",
    "any_period",
    "approved_only",
    "chart",
    "config",
    "details",
    "get_warehouse",
    "latest_receipt",
    "load_upload",
    "period",
    "periods_with_data",
    "receipts",
    "region",
    "region_link",
    "rejected_workbook",
    "scores",
    "table",
    "trend",
    "unit",
    "view",
    "warehouse",
    "warnings",
]
