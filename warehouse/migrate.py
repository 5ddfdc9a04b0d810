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


def migrate(conn, directory: Path = MIGRATIONS_DIR, upto: int | None = None) -> list[int]:
    """Apply the migrations not yet applied (only those numbered up to `upto`, if given); returns their numbers."""
    conn.execute(
        "CREATE TABLE IF NOT EXISTS schema_migrations (version INTEGER PRIMARY KEY, name VARCHAR, applied_at TIMESTAMP DEFAULT current_timestamp)"
    )
    done = {v for (v,) in conn.execute("SELECT version FROM schema_migrations").fetchall()}
    applied = []
    for version, name, path in migrations(directory):
        if upto is not None and version > upto:
            break
        if version in done:
            continue
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
