"""Validate and load a workbook into the warehouse, in one transaction.

Every received file is archived by sha256 and logged in `receipt`, whatever became of it.
A rejected workbook changes no data; the same file twice is a duplicate and changes no data;
a later accepted workbook for the same region and quarter (and, for enterprise workbooks, the
same reporting unit) supersedes the earlier one, which stays, marked superseded.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Callable

from accounts import ENTERPRISE, User
from base.settings import max_upload_bytes
from reference import Catalog, load_catalog
from reference.evaluation import Config, load_config
from warehouse import audit, submissions

from .archive import archive
from .gate import refusal
from .history import WarehouseHistory
from .problems import Problem
from .reader import WorkbookUnreadable, read_workbook, sha256_of
from .safety import UploadRefused, check_upload
from .spec import CODES_SHEET, INSTRUCTIONS_SHEET, KIND_LABELS, SPECS
from .validate import History, ValidatedWorkbook, validate

ACCEPTED, REJECTED, DUPLICATE, REFUSED = "accepted", "rejected", "duplicate", "refused"
# as every page names them: what became of a received file, and whether its submission still counts
RECEIPT_LABELS = {ACCEPTED: "已接收", REJECTED: "未通过", DUPLICATE: "重复报送", REFUSED: "拒收"}
SUBMISSION_LABELS = {"accepted": "有效", "superseded": "已被替代"}


@dataclass
class LoadResult:
    status: str
    file_name: str
    sha256: str = ""
    kind: str | None = None
    region_code: str | None = None
    region: str | None = None
    period: str | None = None
    unit: str | None = None
    submission_id: int | None = None
    supersedes: int | None = None
    errors: list[Problem] = field(default_factory=list)
    warnings: list[Problem] = field(default_factory=list)
    rows: dict[str, int] = field(default_factory=dict)  # sheet -> rows loaded
    totals: dict[str, float] = field(default_factory=dict)  # amounts, for the summary shown after upload

    @property
    def rejected(self) -> bool:
        return self.status in (REJECTED, REFUSED)

    def as_json(self) -> dict:
        return {
            "status": REJECTED if self.status == REFUSED else self.status,
            "kind": self.kind,
            "region": self.region,
            "period": self.period,
            "submission_id": self.submission_id,
            "supersedes": self.supersedes,
            "file_name": self.file_name,
            "sha256": self.sha256,
            "rows": self.rows,
            "totals": self.totals,
            "errors": [p.as_dict() for p in self.errors],
            "warnings": [p.as_dict() for p in self.warnings],
        }


def _totals(checked: ValidatedWorkbook) -> dict[str, float]:
    """The amounts the spec marks `total`, summed over each sheet's rows."""
    out = {}
    for table in SPECS[checked.kind].tables:
        frame = checked.tables.get(table.name)
        if frame is not None and not frame.empty:
            out.update(
                {
                    c.key: round(float(frame[c.key].sum()), 2)
                    for c in table.columns
                    if c.total and c.key in frame
                }
            )
    return out


UNCHECKED_SHEETS = (
    INSTRUCTIONS_SHEET,
    CODES_SHEET,
)  # the template's help and dropdowns: never checked, not read


Progress = Callable[[float, str], None]  # (fraction done, what is happening, in Chinese)


def _quiet(fraction: float, text: str) -> None:
    pass


def check_bytes(
    data: bytes,
    file_name: str,
    catalog: Catalog | None = None,
    expected_region: str | None = None,
    expected_period: str | None = None,
    history: History | None = None,
    progress: Progress = _quiet,
    config: Config | None = None,
) -> tuple[LoadResult, ValidatedWorkbook | None]:
    """Refuse hostile files, then read and validate; touches no warehouse unless `history` does."""
    catalog = catalog or load_catalog()
    progress(0.05, "检查文件类型和大小")
    result = LoadResult(status=REJECTED, file_name=file_name, sha256=sha256_of(data))
    try:
        check_upload(data, file_name)
    except UploadRefused as exc:
        result.status = REFUSED
        result.errors.append(Problem("文件", None, None, exc.code, exc.message))
        return result, None
    progress(0.15, "读取工作簿")
    try:
        raw = read_workbook(data, skipped=UNCHECKED_SHEETS)
    except WorkbookUnreadable as exc:
        result.errors.append(Problem("工作簿", None, None, "unreadable", str(exc)))
        return result, None
    progress(0.55, "逐项检查")
    checked = validate(raw, catalog, expected_region, expected_period, history, config)
    result.kind, result.region_code, result.region = checked.kind, checked.region_code, checked.region_name
    result.period = checked.quarter.code if checked.quarter else None
    result.unit = checked.form.get("filler")
    result.errors, result.warnings = checked.errors, checked.warnings
    if checked.ok:
        result.status = ACCEPTED
        result.rows = {name: len(df) for name, df in checked.tables.items()}
        result.totals = _totals(checked)
    return result, checked


def check_file(path: Path | str, **kwargs) -> LoadResult:
    path = Path(path)
    return check_bytes(path.read_bytes(), path.name, **kwargs)[0]


def _log_receipt(
    cur,
    result: LoadResult,
    size: int,
    received_at: datetime,
    received_from: str | None,
    expected_region: str | None = None,
) -> None:
    """Log a received file under the region the uploader chose (else the workbook's), so its history shows it."""
    submissions.log_receipt(
        cur,
        sha256=result.sha256,
        file_name=result.file_name,
        size_bytes=size,
        received_at=received_at,
        received_from=received_from,
        kind=result.kind,
        region_code=expected_region or result.region_code,
        period=result.period,
        status=result.status,
        submission_id=result.submission_id,
        errors=[p.as_dict() for p in result.errors],
        warnings=[p.as_dict() for p in result.warnings],
    )


def load_bytes(
    warehouse,
    data: bytes,
    file_name: str,
    *,
    expected_region: str | None = None,
    expected_period: str | None = None,
    received_at: datetime | None = None,
    received_from: str | None = None,
    progress: Progress = _quiet,
    user: User | None = None,
    address: str | None = None,
) -> LoadResult:
    """Archive, validate and, if accepted, load in one transaction. `received_at` back-fills a historical receipt.

    With `user` (a signed-in account), the receipt's sender is that account, never a typed name, and a workbook the
    account may not send (another region's, another reporting unit's, the wrong kind) is refused and logged; every
    upload, accepted or not, lands in the audit log with the receipt.
    """
    if user is not None:
        received_from = user.username
    backfilled = received_at is not None
    received_at = received_at or datetime.now().replace(microsecond=0)
    sha = sha256_of(data)
    if len(data) <= max_upload_bytes():  # a file refused for its size is logged, not kept
        archive(warehouse.archive_root, sha, Path(file_name).name or "unnamed", data)
    with warehouse.session() as cur:
        result, checked = check_bytes(
            data,
            file_name,
            warehouse.catalog,
            expected_region,
            expected_period,
            WarehouseHistory(cur),
            progress,
            load_config(),
        )
    if user is not None and checked is not None and checked.kind and checked.region_code:
        # accepted or not: a workbook the account may not send says nothing of that region (its warnings compare
        # with the region's figures in the warehouse), only that it is refused
        _refuse_if_not_allowed(result, checked, user, warehouse.catalog)
    progress(0.85, "导入数据仓库" if result.status == ACCEPTED else "记录处理结果")
    if result.status != ACCEPTED:
        with warehouse.transaction() as cur:
            _log_receipt(cur, result, len(data), received_at, received_from, expected_region)
            _audit(cur, result, user, address)
        return result
    with warehouse.transaction() as cur:
        closed = refusal(cur, checked.region_code, result.period)  # approved (locked) or the quarter closed
        if closed is not None:
            result.status, result.rows, result.totals, result.errors = REJECTED, {}, {}, [closed]
            _log_receipt(cur, result, len(data), received_at, received_from, expected_region)
            _audit(cur, result, user, address)
            return result
        if submissions.accepted_sha256(cur, result.sha256):
            result.status, result.rows, result.totals = DUPLICATE, {}, {}
            _log_receipt(cur, result, len(data), received_at, received_from)
            _audit(cur, result, user, address)
            return result
        unit = result.unit if checked.kind == "enterprise" else None
        result.supersedes = submissions.supersede_current(
            cur, checked.kind, checked.region_code, result.period, unit
        )
        form = checked.form
        submission_id = submissions.insert_submission(
            cur,
            kind=checked.kind,
            region_code=checked.region_code,
            period=result.period,
            file_name=file_name,
            sha256=result.sha256,
            received_at=received_at,
            received_from=received_from,
            backfilled=backfilled,
            supersedes=result.supersedes,
            template_version=warehouse.catalog.template_version,
            filler=form.get("filler"),
            contact=form.get("contact"),
            phone=form.get("phone"),
            filled_date=form.get("filled_date"),
            unit=unit,
        )
        for table in SPECS[checked.kind].tables:
            frame = checked.tables[table.name]
            if not frame.empty:
                submissions.insert_facts(cur, table.fact_table, frame, submission_id)
        result.submission_id = submission_id
        _log_receipt(cur, result, len(data), received_at, received_from)
        _audit(cur, result, user, address)
    return result


def _refuse_if_not_allowed(
    result: LoadResult, checked: ValidatedWorkbook, user: User, catalog: Catalog
) -> None:
    unit = checked.form.get("filler") if checked.kind == "enterprise" else None
    if user.can_upload(checked.kind, checked.region_code, unit):
        return
    what = f"{catalog.region(checked.region_code).name}的{KIND_LABELS[checked.kind]}"
    if (
        checked.kind == "enterprise"
        and unit
        and user.role == ENTERPRISE
        and checked.region_code == user.region
    ):
        what += f"（填报单位“{unit}”，本账号的填报单位为“{user.unit}”）"
    result.status, result.rows, result.totals, result.warnings = REJECTED, {}, {}, []
    result.errors = [
        Problem(
            "工作簿",
            None,
            None,
            "not_allowed",
            f"您的账号（{user.label}）不能上报{what}，数据未导入。请使用本单位的模板，或联系协调办公室。",
        )
    ]


def _audit(cur, result: LoadResult, user: User | None, address: str | None) -> None:
    if user is None:
        return
    audit.log(
        cur,
        username=user.username,
        role=user.role,
        address=address,
        action="upload",
        target=f"{result.region or ''} {result.period or ''}".strip() or result.file_name,
        file=result.file_name,
        status=result.status,
        submission=result.submission_id,
        supersedes=result.supersedes,
        errors=len(result.errors),
    )


def load_file(warehouse, path: Path | str, **kwargs) -> LoadResult:
    path = Path(path)
    return load_bytes(warehouse, path.read_bytes(), path.name, **kwargs)
