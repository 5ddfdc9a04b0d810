"""The 回执 of an accepted submission as download buttons, for the upload page and its submission history.

`receipt_buttons(wh, submission_id, key, user, region_code)` draws 下载回执（XLSX） and, where the Chinese font
is installed, 下载回执（PDF）; both read the submission from the warehouse, so the receipt is the same right
after the upload and any time later. The PDF (about a second to make) is made only when its button is clicked.
"""

from __future__ import annotations

import streamlit as st

from accounts import Refused, User
from ingest.receipt_document import SubmissionNotFound, pdf_bytes, pdf_unavailable, receipt, xlsx_bytes
from warehouse import Warehouse

from .data import receipts

XLSX_MIME = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def receipt_buttons(wh: Warehouse, submission_id: int, key: str, user: User, region_code: str) -> None:
    """下载回执 buttons of one accepted submission (`key` makes their widget keys unique on the page); a caption
    in Chinese instead when the submission does not exist, and in place of the PDF button when it cannot be made.
    A submission outside what `user` may list for `region_code` is refused (Refused), whatever id is asked for."""
    if not user.office and submission_id not in set(
        receipts(wh, region_code, user)["submission_id"].dropna()
    ):
        raise Refused(f"您的账号（{user.label}）无权下载这份报送的回执。")
    try:
        r = receipt(wh, submission_id)
    except SubmissionNotFound as exc:
        st.caption(str(exc))
        return
    why_no_pdf = pdf_unavailable()
    with st.container(horizontal=True):
        st.download_button(
            "下载回执（XLSX）",
            xlsx_bytes(r),
            file_name=r.file_name("xlsx"),
            mime=XLSX_MIME,
            key=f"{key}_xlsx",
            on_click="ignore",
        )
        if why_no_pdf is None:
            st.download_button(
                "下载回执（PDF）",
                lambda: pdf_bytes(r),  # made on click, not at every rerun
                file_name=r.file_name("pdf"),
                mime="application/pdf",
                key=f"{key}_pdf",
                on_click="ignore",
            )
    if why_no_pdf is not None:
        st.caption(why_no_pdf)
