"""Problems found in a workbook, located as Excel shows them."""

from __future__ import annotations

from dataclasses import asdict, dataclass

from openpyxl.utils import get_column_letter


@dataclass(frozen=True)
class Problem:
    sheet: str
    row: int | None  # Excel row number, 1-based; None for a whole sheet or workbook
    column: str | None  # Excel column letter
    code: str  # stable machine-readable kind, e.g. not_in_list
    message: str  # Chinese: what is wrong and what to do
    value: str = ""

    @property
    def cell(self) -> str:
        if self.row is None:
            return self.sheet
        return f"{self.sheet}!{self.column or ''}{self.row}"

    def as_dict(self) -> dict:
        d = asdict(self)
        d["cell"] = self.cell
        return d

    def __str__(self) -> str:
        return f"{self.cell}：{self.message}"


def cell_problem(sheet: str, row: int, col_index: int, code: str, message: str, value="") -> Problem:
    """col_index is 0-based, as in the rows the reader returns."""
    return Problem(
        sheet, row, get_column_letter(col_index + 1), code, message, "" if value is None else str(value)
    )
