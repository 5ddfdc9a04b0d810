"""The warehouse: one DuckDB file, one connection per process, a cursor per thread.

DuckDB lets one process hold a file read-write; the Streamlit server is that one
process, its script threads each take their own cursor of the shared connection.
"""
from __future__ import annotations

import os
import threading
from contextlib import contextmanager
from pathlib import Path

import duckdb

from reference import Catalog, load_catalog

from .dimensions import load_dimensions
from .migrate import migrate

PROJECT_ROOT = Path(__file__).resolve().parent.parent
ENV_VAR = "PILOT_WAREHOUSE"


def warehouse_path() -> Path:
    """PILOT_WAREHOUSE, else warehouse.duckdb at the project root."""
    value = os.environ.get(ENV_VAR)
    return Path(value) if value else PROJECT_ROOT / "warehouse.duckdb"


class Warehouse:
    def __init__(self, path: Path | str | None = None, catalog: Catalog | None = None):
        self.path = Path(path) if path else warehouse_path()
        self.catalog = catalog or load_catalog()
        self.path.parent.mkdir(parents=True, exist_ok=True)
        self._conn = duckdb.connect(str(self.path))
        self._local = threading.local()
        migrate(self._conn)
        load_dimensions(self._conn, self.catalog)

    def cursor(self) -> duckdb.DuckDBPyConnection:
        """This thread's cursor of the shared connection."""
        cur = getattr(self._local, "cursor", None)
        if cur is None:
            cur = self._local.cursor = self._conn.cursor()
        return cur

    def query_df(self, sql: str, params=None):
        return self.cursor().execute(sql, params or []).df()

    @contextmanager
    def transaction(self):
        """An explicit transaction on a fresh cursor: committed on success, rolled back on any error."""
        cur = self._conn.cursor()
        cur.execute("BEGIN TRANSACTION")
        try:
            yield cur
            cur.execute("COMMIT")
        except BaseException:
            cur.execute("ROLLBACK")
            raise
        finally:
            cur.close()

    def latest_submission_id(self) -> int:
        """Changes whenever a workbook is accepted; a cache key for computed indicators."""
        return self.cursor().execute("SELECT coalesce(max(id), 0) FROM submission").fetchone()[0]

    def close(self) -> None:
        self._conn.close()

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.close()
