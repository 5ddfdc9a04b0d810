"""Validate and load a workbook into the warehouse, in one transaction.

A rejected workbook changes nothing; the same file twice is a duplicate and
changes nothing; a later accepted workbook for the same region and quarter
supersedes the earlier one, which stays, marked superseded.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path

import pandas as pd

from reference import Catalog, load_catalog

from .problems import Problem
from .reader import WorkbookUnreadable, read_workbook, sha256_of
from .validate import ValidatedWorkbook, validate

ACCEPTED, REJECTED, DUPLICATE = "accepted", "rejected", "duplicate"

# sheet name -> fact table; the columns are the spec's stored columns
FACT_TABLES = {
    "任务进展": "fact_task_progress",
    "开放便利举措": "fact_measure_status",
    "服务贸易数据": "fact_trade",
    "经验案例": "fact_experience",
    "重点联系企业名录": "fact_key_enterprise",
}


@dataclass
class LoadResult:
    status: str
    file_name: str
    sha256: str = ""
    kind: str | None = None
    region_code: str | None = None
    region: str | None = None
    period: str | None = None
    submission_id: int | None = None
    supersedes: int | None = None
    errors: list[Problem] = field(default_factory=list)
    warnings: list[Problem] = field(default_factory=list)
    rows: dict[str, int] = field(default_factory=dict)  # sheet -> rows loaded

    def as_json(self) -> dict:
        return {
            "status": self.status,
            "kind": self.kind,
            "region": self.region,
            "period": self.period,
            "submission_id": self.submission_id,
            "supersedes": self.supersedes,
            "file_name": self.file_name,
            "sha256": self.sha256,
            "rows": self.rows,
            "errors": [p.as_dict() for p in self.errors],
            "warnings": [p.as_dict() for p in self.warnings],
        }


def check_bytes(data: bytes, file_name: str, catalog: Catalog | None = None,
                expected_region: str | None = None, expected_period: str | None = None) -> tuple[LoadResult, ValidatedWorkbook | None]:
    """Read and validate only; touches no warehouse."""
    catalog = catalog or load_catalog()
    result = LoadResult(status=REJECTED, file_name=file_name, sha256=sha256_of(data))
    try:
        raw = read_workbook(data)
    except WorkbookUnreadable as exc:
        result.errors.append(Problem("工作簿", None, None, "unreadable", str(exc)))
        return result, None
    checked = validate(raw, catalog, expected_region, expected_period)
    result.kind, result.region_code, result.region = checked.kind, checked.region_code, checked.region_name
    result.period = checked.quarter.code if checked.quarter else None
    result.errors, result.warnings = checked.errors, checked.warnings
    if checked.ok:
        result.status = ACCEPTED
        result.rows = {name: len(df) for name, df in checked.tables.items()}
    return result, checked


def check_file(path: Path | str, **kwargs) -> LoadResult:
    path = Path(path)
    return check_bytes(path.read_bytes(), path.name, **kwargs)[0]


def load_bytes(warehouse, data: bytes, file_name: str, *, expected_region: str | None = None,
               expected_period: str | None = None, received_at: datetime | None = None,
               received_from: str | None = None) -> LoadResult:
    """Validate and, if accepted, load in one transaction. `received_at` back-fills a historical receipt."""
    result, checked = check_bytes(data, file_name, warehouse.catalog, expected_region, expected_period)
    if result.status != ACCEPTED:
        return result
    backfilled = received_at is not None
    received_at = received_at or datetime.now().replace(microsecond=0)
    with warehouse.transaction() as cur:
        if cur.execute("SELECT 1 FROM submission WHERE sha256 = ?", [result.sha256]).fetchone():
            result.status = DUPLICATE
            result.rows = {}
            return result
        previous = cur.execute(
            "SELECT id FROM submission WHERE kind = ? AND region_code = ? AND period = ? AND status = 'accepted'",
            [checked.kind, checked.region_code, result.period],
        ).fetchone()
        if previous:
            result.supersedes = previous[0]
            cur.execute("UPDATE submission SET status = 'superseded' WHERE id = ?", [previous[0]])
        form = checked.form
        (submission_id,) = cur.execute(
            """INSERT INTO submission (kind, region_code, period, file_name, sha256, received_at, received_from, backfilled,
                   status, supersedes, template_version, filler, contact, phone, filled_date)
               VALUES (?, ?, ?, ?, ?, ?, ?, ?, 'accepted', ?, ?, ?, ?, ?, ?) RETURNING id""",
            [checked.kind, checked.region_code, result.period, file_name, result.sha256, received_at, received_from,
             backfilled, result.supersedes, warehouse.catalog.template_version, form.get("filler"), form.get("contact"),
             form.get("phone"), form.get("filled_date")],
        ).fetchone()
        for sheet, table in FACT_TABLES.items():
            frame = checked.tables[sheet]
            if frame.empty:
                continue
            frame = frame.assign(submission_id=submission_id)
            cur.register("_rows", frame)
            cur.execute(f"INSERT INTO {table} BY NAME SELECT * FROM _rows")
            cur.unregister("_rows")
        result.submission_id = submission_id
    return result


def load_file(warehouse, path: Path | str, **kwargs) -> LoadResult:
    path = Path(path)
    return load_bytes(warehouse, path.read_bytes(), path.name, **kwargs)
