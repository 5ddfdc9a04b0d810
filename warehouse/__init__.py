"""The DuckDB warehouse: schema by numbered migrations, catalog dimensions, one connection."""
from .connection import ENV_VAR, PROJECT_ROOT, Warehouse, WarehouseBusy, warehouse_path

__all__ = ["ENV_VAR", "PROJECT_ROOT", "Warehouse", "WarehouseBusy", "warehouse_path"]
