"""Which data the pages count: every region's latest accepted workbooks, or only the region-quarters the office has
approved (审核确认). A switch in the session (st.session_state["approved_only"], set by a sidebar toggle of that key);
the cached accessors of ui.data and the page modules read it when not told otherwise."""

from __future__ import annotations

import streamlit as st

APPROVED_ONLY = "approved_only"  # the session-state key, and the sidebar toggle's
APPROVED_ONLY_LABEL = "仅用已审核数据"  # the toggle, as the pages that mention it name it


def approved_only() -> bool:
    """True while this session views approved data only."""
    return bool(st.session_state.get(APPROVED_ONLY, False))


def flag(approved: bool | None) -> bool:
    """`approved` when given, else the session's switch."""
    return approved_only() if approved is None else bool(approved)
