"""Two advisory lock files beside the warehouse, shared by every process that opens it (flock, released by the kernel
when a process dies).

- `<name>.inuse`: held shared while a process has the DuckDB file open. A restore takes it exclusive, so it replaces
  the file only when nobody has it open, and nobody opens the file while the restore runs.
- `<name>.queue`: held exclusive by a process that opens the file from outside the dashboard (a command-line load, a
  restore, a backup). The dashboard sees it and lets go of the file as soon as its current users finish, and opens
  it again only once the queue is empty: a viewer who clicks every half second cannot starve a waiting load.

A process never waits for itself: what it holds is counted here, and its own holders are left out of every probe.
"""

from __future__ import annotations

import fcntl
import os
import threading
import time
from pathlib import Path

POLL = 0.05

_REGISTRY: dict[Path, "Lockfiles"] = {}
_REGISTRY_MUTEX = threading.Lock()


class LockTimeout(TimeoutError):
    """Waited past the deadline for another process."""


def lockfiles(db_path: Path) -> "Lockfiles":
    """This process's lock files of a warehouse (one object per file, shared by its Warehouse objects)."""
    key = Path(db_path).resolve()
    with _REGISTRY_MUTEX:
        if key not in _REGISTRY:
            _REGISTRY[key] = Lockfiles(key)
        return _REGISTRY[key]


class Lockfiles:
    def __init__(self, db_path: Path):
        self.inuse_path = db_path.with_name(db_path.name + ".inuse")
        self.queue_path = db_path.with_name(db_path.name + ".queue")
        self._mutex = threading.RLock()
        self._inuse_fd: int | None = None
        self._inuse_count = 0
        self._exclusive = False
        self._queue_fd: int | None = None
        self._queue_count = 0

    # --- in use: shared while open, exclusive for a restore ------------------------------------------------

    def enter_use(self, deadline: float) -> None:
        with self._mutex:
            if self._inuse_count == 0:
                self._inuse_fd = _open(self.inuse_path)
                try:
                    _acquire(self._inuse_fd, fcntl.LOCK_SH, deadline)
                except LockTimeout:
                    os.close(self._inuse_fd)
                    self._inuse_fd = None
                    raise
            self._inuse_count += 1

    def leave_use(self) -> None:
        with self._mutex:
            self._inuse_count -= 1
            if self._inuse_count == 0 and self._inuse_fd is not None:
                os.close(self._inuse_fd)  # closing the descriptor releases its lock
                self._inuse_fd = None

    def in_use_here(self) -> bool:
        return self._inuse_count > 0

    def exclusive(self, deadline: float) -> None:
        """Wait until no process has the file open (a restore); raise LockTimeout past the deadline."""
        with self._mutex:
            fd = _open(self.inuse_path)
            try:
                _acquire(fd, fcntl.LOCK_EX, deadline)
            except LockTimeout:
                os.close(fd)
                raise
            self._inuse_fd, self._exclusive = fd, True

    def release_exclusive(self) -> None:
        with self._mutex:
            if self._exclusive and self._inuse_fd is not None:
                os.close(self._inuse_fd)
            self._inuse_fd, self._exclusive = None, False

    # --- the queue of writers from outside the dashboard ----------------------------------------------------

    def queue(self, deadline: float) -> None:
        with self._mutex:
            if self._queue_count == 0:
                self._queue_fd = _open(self.queue_path)
                try:
                    _acquire(self._queue_fd, fcntl.LOCK_EX, deadline)
                except LockTimeout:
                    os.close(self._queue_fd)
                    self._queue_fd = None
                    raise
                os.ftruncate(self._queue_fd, 0)
                os.pwrite(
                    self._queue_fd, f"{os.getpid()}\n".encode(), 0
                )  # who holds it, for a waiter's message
            self._queue_count += 1

    def unqueue(self) -> None:
        with self._mutex:
            self._queue_count -= 1
            if self._queue_count == 0 and self._queue_fd is not None:
                os.close(self._queue_fd)
                self._queue_fd = None

    def someone_queued(self) -> bool:
        """True when another process waits to use the file (this process's own queue does not count)."""
        if self._queue_count:
            return False
        fd = _open(self.queue_path)
        try:
            fcntl.flock(fd, fcntl.LOCK_SH | fcntl.LOCK_NB)
        except BlockingIOError:
            return True
        finally:
            os.close(fd)
        return False

    def holder(self) -> str | None:
        """The process id written by whoever holds the queue now (None if unknown)."""
        try:
            text = self.queue_path.read_text().strip()
        except OSError:
            return None
        return text if text.isdigit() else None

    def wait_for_queue(self, deadline: float) -> None:
        while self.someone_queued():
            if time.monotonic() >= deadline:
                raise LockTimeout("the queue of writers did not empty")
            time.sleep(POLL)


def _open(path: Path) -> int:
    return os.open(path, os.O_RDWR | os.O_CREAT, 0o644)


def _acquire(fd: int, kind: int, deadline: float) -> None:
    while True:
        try:
            fcntl.flock(fd, kind | fcntl.LOCK_NB)
            return
        except BlockingIOError:
            if time.monotonic() >= deadline:
                raise LockTimeout("another process holds the lock") from None
            time.sleep(POLL)
