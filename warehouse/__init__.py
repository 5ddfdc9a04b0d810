"""The DuckDB warehouse: schema by numbered migrations, catalog dimensions, one connection, and every SQL read
and write of the platform as a named function (figures, submissions, adoption)."""

from base.settings import PROJECT_ROOT, warehouse_path

from .connection import Warehouse, WarehouseBusy, WarehouseOutdated

__all__ = ["PROJECT_ROOT", "Warehouse", "WarehouseBusy", "WarehouseOutdated", "warehouse_path"]
