"""The DuckDB warehouse: schema by numbered migrations, catalog dimensions, one connection, and every SQL read
and write of the platform as a named function (figures, submissions, adoption); its faults said in Chinese (errors)."""

from base.settings import PROJECT_ROOT, warehouse_path

from .connection import Warehouse
from .errors import (
    WarehouseBusy,
    WarehouseCorrupt,
    WarehouseDenied,
    WarehouseError,
    WarehouseFull,
    WarehouseOutdated,
)

__all__ = [
    "PROJECT_ROOT",
    "Warehouse",
    "WarehouseBusy",
    "WarehouseCorrupt",
    "WarehouseDenied",
    "WarehouseError",
    "WarehouseFull",
    "WarehouseOutdated",
    "warehouse_path",
]
