"""Text that is safe in a workbook or CSV we write: no control characters, no formula, within Excel's cell limit."""

from __future__ import annotations

from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE

OLE2_MAGIC = bytes.fromhex("D0CF11E0A1B11AE1")  # an .xls, or an encrypted .xlsx
MAX_CELL_TEXT = 32767
_FORMULA_START = tuple("=+-@＝＋－＠")
_LEADING_BLANKS = " \t\r\n\u3000"


def is_formula_like(text: str) -> bool:
    """True when a spreadsheet program could take `text` for a formula."""
    if text[:1] in ("\t", "\r"):
        return True
    return text.lstrip(_LEADING_BLANKS).startswith(_FORMULA_START)


def clean_text(value) -> str:
    """Text that an .xlsx can hold: no control characters, at most 32,767 characters."""
    text = "" if value is None else str(value)
    return ILLEGAL_CHARACTERS_RE.sub("", text)[:MAX_CELL_TEXT]


def safe_text(value) -> str:
    """clean_text, with a leading ' when the text looks like a formula.

    A string cell alone is safe only until someone edits it or saves the sheet as CSV; the quote keeps
    Excel, WPS and LibreOffice from reading it as a formula on every one of those paths (OWASP's advice).
    """
    text = clean_text(value)
    if is_formula_like(text):
        text = ("'" + text)[:MAX_CELL_TEXT]
    return text
