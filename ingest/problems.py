"""Problems found in a workbook, located as Excel shows them and named by what their row is about."""

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
    # what the row is about, as the sheet's spec names it (任务 T3.2 鼓励金融机构…); "" for a problem on no data row
    subject: str = ""

    @property
    def cell(self) -> str:
        if self.row is None:
            return self.sheet
        return f"{self.sheet}!{self.column or ''}{self.row}"

    @property
    def place(self) -> str:
        """The cell within its sheet as a clerk reads it: F12, A 列, 第 1 行, or "" for a whole sheet."""
        column = str(self.column).strip() if self.column else ""
        if self.row is not None and column:
            return f"{column}{self.row}"
        if column:
            return f"{column} 列"
        if self.row is not None:
            return f"第 {self.row} 行"
        return ""

    @property
    def detail(self) -> str:
        """The message named by its row: 任务 T3.2 鼓励金融机构…：“进展状态”未填写，请填写。 (the message alone
        when it is on no data row). What a table with the sheet and the cell in columns of their own shows."""
        return f"{self.subject}：{self.message}" if self.subject else self.message

    @property
    def text(self) -> str:
        """The whole problem in one line: 任务进展 F12（任务 T3.2 鼓励金融机构…）：“进展状态”未填写，请填写。"""
        where = f"{self.sheet} {self.place}".rstrip()
        about = f"（{self.subject}）" if self.subject else ""
        return f"{where}{about}：{self.message}"

    def as_dict(self) -> dict:
        d = asdict(self)
        d["cell"] = self.cell
        d["detail"] = self.detail
        return d

    def __str__(self) -> str:
        return self.text


def cell_problem(sheet: str, row: int, col_index: int, code: str, message: str, value="") -> Problem:
    """col_index is 0-based, as in the rows the reader returns."""
    return Problem(
        sheet, row, get_column_letter(col_index + 1), code, message, "" if value is None else str(value)
    )
