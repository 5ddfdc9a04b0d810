"""The 模板下载 page's data: a template pre-filled from the warehouse, and the reporting units an enterprise
template can carry from (the office's choice; an enterprise's clerk has one unit, their own)."""

from __future__ import annotations

import io

import streamlit as st

from ingest.carry import carried_content
from ingest.spec import SPECS
from ingest.template import write_workbook
from reference import Quarter, load_catalog
from warehouse import Warehouse, carry

from .data import get_warehouse


@st.cache_data(show_spinner=False, max_entries=32)
def _template(
    path: str, kind: str, region_code: str, period: str, unit: str | None, version: str
) -> tuple[bytes, str]:
    catalog = load_catalog()
    spec, quarter = SPECS[kind](catalog, region_code), Quarter.parse(period)
    made = carried_content(get_warehouse(path), spec, catalog, region_code, quarter, unit)
    buffer = io.BytesIO()
    write_workbook(buffer, spec, catalog, region_code, quarter, made.content)
    return buffer.getvalue(), made.summary


def template(
    wh: Warehouse, kind: str, region_code: str, quarter: Quarter, unit: str | None = None
) -> tuple[bytes, str]:
    """The workbook of `kind` for the region and quarter, carried from the latest accepted submission before it
    (for an enterprise workbook: the unit's), and the sentence saying where its values came from."""
    return _template(str(wh.path), kind, region_code, quarter.code, unit, wh.data_version())


@st.cache_data(show_spinner=False, max_entries=32)
def _units(path: str, region_code: str, version: str) -> list[str]:
    return carry.enterprise_units(get_warehouse(path), region_code)


def units(wh: Warehouse, region_code: str) -> list[str]:
    """The reporting units (填报单位) of the region's accepted enterprise workbooks (for the office only)."""
    return _units(str(wh.path), region_code, wh.data_version())
