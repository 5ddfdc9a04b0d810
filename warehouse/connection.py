"""The warehouse: one DuckDB file; in a process, one connection and a cursor per operation.

DuckDB lets one process at a time hold the file read-write. The Streamlit server is one
process whose script threads each take their own cursor of the shared connection; with
`idle_close` it lets go of the file when idle, so the office's command-line loads can get in.
A process that finds the file held waits for it (saying so), instead of failing with
"database is locked". Writes within a process go one at a time (one writer, many readers).
"""

from __future__ import annotations

import random
import re
import threading
import time
from contextlib import contextmanager
from pathlib import Path
from typing import Callable

import duckdb

from base import settings
from base.settings import archive_dir, warehouse_path
from reference import Catalog, load_catalog

from .dimensions import dimensions_current, load_dimensions
from .errors import WarehouseBusy, WarehouseOutdated, translated
from .locks import LockTimeout, lockfiles
from .migrate import migrate, pending


def _holder(message: str) -> str:
    m = re.search(r"\(PID (\d+)\)", message)
    return f"进程 {m.group(1)}" if m else "另一进程"


def busy(path: Path, wait: float, holder: str = "另一进程") -> WarehouseBusy:
    return WarehouseBusy(
        f"数据仓库 {path} 被{holder}占用，已等待 {wait:.0f} 秒仍未释放。请稍后重试，或先关闭正在使用它的程序。"
    )


def connect(
    path: Path, wait: float, on_wait: Callable[[str], None] | None = None, read_only: bool = False
) -> duckdb.DuckDBPyConnection:
    """Open the file, waiting up to `wait` seconds while another process holds it."""
    deadline = time.monotonic() + wait
    told = False
    while True:
        try:
            return duckdb.connect(str(path), read_only=read_only)
        except (duckdb.Error, OSError) as exc:
            if "lock" not in str(exc).lower() or not isinstance(exc, duckdb.IOException):
                fault = translated(exc, path)
                if fault is not None:
                    raise fault from exc
                raise
            if time.monotonic() >= deadline:
                raise busy(path, wait, _holder(str(exc))) from None
            if on_wait and not told:
                on_wait(f"数据仓库正被{_holder(str(exc))}（如看板或另一次导入）使用，等待其释放后继续……")
                told = True
            time.sleep(0.05 + random.random() * 0.15)


class Warehouse:
    """`read_only=True` opens the file without writing a byte: no migration, no catalog refresh.

    With `idle_close` (the dashboard) it lets go of the file when idle, and at once when another process is queued to
    use it (warehouse/locks.py); every other Warehouse queues for the file while it has it open, and every
    transaction queues too, so a restore never replaces the file under a write.
    """

    def __init__(
        self,
        path: Path | str | None = None,
        catalog: Catalog | None = None,
        *,
        idle_close: float | None = None,
        wait: float | None = None,
        on_wait: Callable[[str], None] | None = None,
        read_only: bool = False,
        archive: Path | str | None = None,
    ):
        self.path = Path(path) if path else warehouse_path()
        self.archive_root = (
            Path(archive) if archive else archive_dir(self.path)
        )  # where received files are kept
        self.catalog = catalog or load_catalog()
        self.idle_close = idle_close
        self.wait = settings.get("PILOT_LOCK_WAIT") if wait is None else wait
        self.on_wait = on_wait
        self.read_only = read_only
        self._lock = threading.RLock()
        self._write_lock = threading.Lock()
        self._conn: duckdb.DuckDBPyConnection | None = None
        self._users = 0
        self._last_use = 0.0
        self._timer: threading.Timer | None = None
        self._local = threading.local()
        self._drop_later = False  # DuckDB gave up on the connection (a failed write): open afresh when idle
        self.path.parent.mkdir(parents=True, exist_ok=True)
        self._locks = lockfiles(self.path)
        if read_only:
            with self._use() as conn:
                if pending(conn):
                    self.close()
                    raise WarehouseOutdated(
                        f"数据仓库 {self.path} 的结构版本较旧。"
                        "请先启动看板或运行 python -m warehouse migrate 升级后再试。"
                    )
            return
        with self._write_lock, self._use() as conn:
            migrate(conn)
        with self.session() as cur:
            current = dimensions_current(cur, self.catalog)
        if not current:
            with self.transaction() as cur:
                load_dimensions(cur, self.catalog)

    @property
    def _server(self) -> bool:
        return self.idle_close is not None

    @contextmanager
    def _use(self):
        if self._server:  # a load or a restore from outside is queued: it goes first
            try:
                self._locks.wait_for_queue(time.monotonic() + self.wait)
            except LockTimeout:
                raise busy(self.path, self.wait, "导入或恢复程序") from None
        with self._lock:
            if self._conn is None:
                self._open()
            self._users += 1
            conn = self._conn
        try:
            yield conn
        finally:
            with self._lock:
                self._users -= 1
                self._last_use = time.monotonic()
                if self._drop_later and self._users == 0:
                    self._drop_later = False
                    self._close_connection()
                elif self._server and self._users == 0:
                    if self._locks.someone_queued():
                        self._close_connection()
                    else:
                        self._schedule_close()

    def _open(self) -> None:
        """Queue for the file (outside the dashboard), mark it in use, then open it; undo all on failure."""
        deadline = time.monotonic() + self.wait
        told = self._tell_once()
        queued = used = False
        try:
            if not self._server:
                if self._locks.someone_queued():
                    pid = self._locks.holder()
                    who = f"进程 {pid}" if pid else "另一进程"
                    told(f"数据仓库正被{who}（如另一次导入或命令）使用，等待其释放后继续……")
                self._locks.queue(deadline)
                queued = True
            self._locks.enter_use(deadline)
            used = True
            self._conn = connect(self.path, max(0.0, deadline - time.monotonic()), told, self.read_only)
        except LockTimeout:
            self._undo(queued, used)
            raise busy(self.path, self.wait, "正在恢复或导入的程序") from None
        except BaseException:
            self._undo(queued, used)
            raise

    def _undo(self, queued: bool, used: bool) -> None:
        if used:
            self._locks.leave_use()
        if queued:
            self._locks.unqueue()

    def _tell_once(self) -> Callable[[str], None]:
        said = []

        def tell(text: str) -> None:
            if self.on_wait and not said:
                self.on_wait(text)
                said.append(text)

        return tell

    def _close_connection(self) -> None:
        if self._conn is not None:
            self._conn.close()
            self._conn = None
            self._undo(not self._server, True)

    def _schedule_close(self) -> None:
        if self._timer:
            self._timer.cancel()
        self._timer = threading.Timer(self.idle_close, self._close_if_idle)
        self._timer.daemon = True
        self._timer.start()

    def _close_if_idle(self) -> None:
        with self._lock:
            if (
                self._conn is not None
                and self._users == 0
                and time.monotonic() - self._last_use >= self.idle_close * 0.9
            ):
                self._close_connection()

    @contextmanager
    def session(self):
        """A fresh cursor of the shared connection for a few reads; closed afterwards. A fault of the file comes out
        as a WarehouseError in Chinese, and a connection DuckDB has given up on is let go, to be opened afresh."""
        with self._use() as conn:
            cur = conn.cursor()
            try:
                yield cur
            except (duckdb.Error, OSError) as exc:
                fault = translated(exc, self.path)
                if fault is None:
                    raise
                if "invalidated" in str(exc) or isinstance(exc, duckdb.FatalException):
                    self._drop_later = True
                raise fault from exc
            finally:
                cur.close()

    def query_df(self, sql: str, params=None):
        with self.session() as cur:
            return cur.execute(sql, params or []).df()

    def cursor(self) -> duckdb.DuckDBPyConnection:
        """This thread's long-lived cursor, for scripts and tests that hold the warehouse open."""
        if self.idle_close is not None:
            raise RuntimeError("a warehouse that closes when idle hands out cursors only through session()")
        cur = getattr(self._local, "cursor", None)
        if cur is None:
            with self._use() as conn:
                cur = self._local.cursor = conn.cursor()
        return cur

    @contextmanager
    def transaction(self):
        """An explicit transaction on a fresh cursor, one writer at a time: committed on success, rolled back
        on any error.

        Every commit writes a new data version, so caches keyed on it follow every change.
        """
        if self.read_only:
            raise RuntimeError("a warehouse opened read_only takes no transaction")
        with self._write_lock, self._queued(), self.session() as cur:
            cur.execute("BEGIN TRANSACTION")
            try:
                yield cur
                cur.execute("UPDATE warehouse_meta SET value = uuid()::VARCHAR WHERE key = 'data_version'")
                cur.execute("COMMIT")
            except BaseException:
                try:
                    cur.execute("ROLLBACK")
                except duckdb.Error:
                    pass  # a failed COMMIT has already ended the transaction; keep the original error
                raise

    @contextmanager
    def _queued(self):
        """Hold the writers' queue for a write, so no restore replaces the file under it."""
        try:
            self._locks.queue(time.monotonic() + self.wait)
        except LockTimeout:
            raise busy(self.path, self.wait, "正在恢复的程序") from None
        try:
            yield
        finally:
            self._locks.unqueue()

    def data_version(self) -> str:
        """A value that changes at every commit and never comes back: the cache key of computed figures."""
        with self.session() as cur:
            return cur.execute("SELECT value FROM warehouse_meta WHERE key = 'data_version'").fetchone()[0]

    def close(self) -> None:
        with self._lock:
            if self._timer:
                self._timer.cancel()
            self._close_connection()
            self._local = threading.local()  # cursors of the closed connection are gone

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.close()
