"""Numbered migrations: migrations/NNNN_name.sql, applied once each, in order, each in a transaction."""

from __future__ import annotations

import re
from pathlib import Path

MIGRATIONS_DIR = Path(__file__).resolve().parent / "migrations"
_NAME = re.compile(r"^(\d{4})_([a-z0-9_]+)\.sql$")


class MigrationError(RuntimeError):
    """A migration file that failed to apply; the warehouse keeps its previous version."""


def migrations(directory: Path = MIGRATIONS_DIR) -> list[tuple[int, str, Path]]:
    found = []
    for path in sorted(directory.glob("*.sql")):
        m = _NAME.match(path.name)
        if m:
            found.append((int(m.group(1)), m.group(2), path))
    return found


def applied_versions(conn) -> set[int]:
    """The versions already applied; reads only, so it works on a read-only connection."""
    exists = conn.execute(
        "SELECT count(*) FROM duckdb_tables() WHERE database_name = current_database() AND table_name = "
        "'schema_migrations'"
    ).fetchone()[0]
    if not exists:
        return set()
    return {v for (v,) in conn.execute("SELECT version FROM schema_migrations").fetchall()}


def pending(conn, directory: Path = MIGRATIONS_DIR, upto: int | None = None) -> list[tuple[int, str, Path]]:
    """The migrations not yet applied (only those numbered up to `upto`, if given)."""
    done = applied_versions(conn)
    return [m for m in migrations(directory) if m[0] not in done and (upto is None or m[0] <= upto)]


def migrate(conn, directory: Path = MIGRATIONS_DIR, upto: int | None = None) -> list[int]:
    """Apply the pending migrations (up to `upto`, if given); returns their numbers. Writes nothing when none is."""
    todo = pending(conn, directory, upto)
    if not todo:
        return []
    conn.execute(
        "CREATE TABLE IF NOT EXISTS schema_migrations "
        "(version INTEGER PRIMARY KEY, name VARCHAR, applied_at TIMESTAMP DEFAULT current_timestamp)"
    )
    applied = []
    for version, name, path in todo:
        conn.execute("BEGIN TRANSACTION")
        try:
            conn.execute(path.read_text(encoding="utf-8"))
            conn.execute("INSERT INTO schema_migrations (version, name) VALUES (?, ?)", [version, name])
            conn.execute("COMMIT")
        except Exception as exc:
            conn.execute("ROLLBACK")
            raise MigrationError(f"migration {path.name} failed: {exc}") from exc
        applied.append(version)
    return applied
