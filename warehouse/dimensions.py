"""Load the catalog into the dimension tables, replacing what was there, in one transaction."""

from __future__ import annotations

import hashlib

import pandas as pd

from reference import Catalog


def catalog_frames(catalog: Catalog) -> dict[str, pd.DataFrame]:
    quarters = catalog.quarters
    return {
        "dim_region": pd.DataFrame(
            [(r.code, r.name, r.kind, r.province, r.seq) for r in catalog.regions],
            columns=["code", "name", "kind", "province", "seq"],
        ),
        "dim_quarter": pd.DataFrame(
            [
                (q.code, q.label, q.year, q.quarter, q.start, q.end, catalog.deadline(q), i)
                for i, q in enumerate(quarters, start=1)
            ],
            columns=["period", "label", "year", "quarter", "start_date", "end_date", "deadline", "seq"],
        ),
        "dim_task_area": pd.DataFrame(list(catalog.areas.items()), columns=["code", "name"]),
        "dim_task": pd.DataFrame(
            [
                (t.code, t.area, t.seq, t.text, list(t.guarantee_measures), t.responsible_units, t.carried_by)
                for t in catalog.tasks
            ],
            columns=["code", "area", "seq", "text", "guarantee_measures", "responsible_units", "carried_by"],
        ),
        "dim_task_region": pd.DataFrame(
            [(t.code, r.code) for t in catalog.tasks for r in catalog.regions if t.carried_by_region(r.code)],
            columns=["task_code", "region_code"],
        ),
        "dim_opening_measure": pd.DataFrame(
            [(m.code, m.field, m.industry, m.text, m.current_rules) for m in catalog.measures],
            columns=["code", "field", "industry", "text", "current_rules"],
        ),
        "dim_measure_region": pd.DataFrame(
            [(m.code, r.code) for m in catalog.measures for r in catalog.regions if m.applies_to(r.code)],
            columns=["measure_code", "region_code"],
        ),
        "dim_service_category": pd.DataFrame(
            [
                (c.code, c.name_zh, c.name_en, c.knowledge_intensive, c.digitally_deliverable)
                for c in catalog.categories
            ],
            columns=["code", "name_zh", "name_en", "knowledge_intensive", "digitally_deliverable"],
        ),
        "dim_exchange_rate": pd.DataFrame(
            list(catalog.exchange_rates.items()), columns=["year", "cny_per_usd"]
        ),
    }


def fingerprint(frames: dict[str, pd.DataFrame]) -> str:
    digest = hashlib.sha256()
    for table, frame in frames.items():
        digest.update(table.encode())
        digest.update(frame.to_csv(index=False).encode())
    return digest.hexdigest()


def stored_fingerprint(conn) -> str | None:
    row = conn.execute("SELECT value FROM warehouse_meta WHERE key = 'catalog'").fetchone()
    return row[0] if row else None


def dimensions_current(conn, catalog: Catalog) -> bool:
    return stored_fingerprint(conn) == fingerprint(catalog_frames(catalog))


def load_dimensions(cur, catalog: Catalog) -> None:
    """Replace the dim_* tables with the catalog's, inside the caller's transaction."""
    frames = catalog_frames(catalog)
    for table, frame in frames.items():
        cur.execute(f"DELETE FROM {table}")
        cur.register("_frame", frame)
        cur.execute(f"INSERT INTO {table} BY NAME SELECT * FROM _frame")
        cur.unregister("_frame")
    cur.execute("UPDATE warehouse_meta SET value = ? WHERE key = 'catalog'", [fingerprint(frames)])
