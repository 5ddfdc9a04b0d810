"""The composite score's weights as the office set them on the 管理 page: a history only ever appended to
(score_weights, {indicator: weight} as JSON, with who and when); the latest wins, applied over the configuration
file's weights (reference.evaluation.with_weights). No row: the file's weights as they are."""

from __future__ import annotations

import json
from datetime import datetime

import pandas as pd


def current(wh) -> dict[str, float] | None:
    """The weights in force ({indicator: weight}), or None when the office never set any."""
    with wh.session() as cur:
        return current_in(cur)


def current_in(cur) -> dict[str, float] | None:
    """As `current`, on a cursor (inside a transaction)."""
    row = cur.execute(
        "SELECT weights FROM score_weights ORDER BY changed_at DESC, id DESC LIMIT 1"
    ).fetchone()
    return None if row is None else {k: float(v) for k, v in json.loads(row[0]).items()}


def record(
    cur,
    weights: dict[str, float],
    *,
    username: str,
    display_name: str,
    role: str | None = None,
    address: str | None = None,
    at: datetime | None = None,
) -> None:
    """Append a new set of weights (inside the caller's transaction)."""
    cur.execute(
        """INSERT INTO score_weights (weights, changed_at, username, display_name, role, address)
           VALUES (?, ?, ?, ?, ?, ?)""",
        [
            json.dumps({k: float(v) for k, v in weights.items()}, ensure_ascii=False),
            at or datetime.now().replace(microsecond=0),
            username,
            display_name,
            role,
            address,
        ],
    )


def history(wh, limit: int = 200) -> pd.DataFrame:
    """Every change, newest first: when, who, and the weights ({indicator: weight})."""
    frame = wh.query_df(
        """SELECT id, changed_at, username, display_name, role, address, weights FROM score_weights
           ORDER BY changed_at DESC, id DESC LIMIT ?""",
        [limit],
    )
    frame["weights"] = [json.loads(w) for w in frame["weights"]]
    return frame
