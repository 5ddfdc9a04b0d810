"""Every --json prints strict JSON (RFC 8259): NaN and ±infinity are null, never NaN or Infinity."""

import json

import numpy as np
import pandas as pd
import pytest

import indicators.__main__
import ingest.__main__
from base import cli
from indicators import records
from ingest.loader import ACCEPTED, LoadResult
from warehouse import Warehouse


def _strict(text: str):
    def refuse(name):
        raise ValueError(f"{name} is not JSON")

    return json.loads(text, parse_constant=refuse)


def _poisoned() -> pd.DataFrame:
    with np.errstate(over="ignore", divide="ignore", invalid="ignore"):
        exports = np.array([1e308, 1.0, np.nan]) * 10  # inf, as 1e308 once summed to
        yoy = np.array([1.0, 0.0, 0.0]) / np.array([0.0, 0.0, 2.0])  # inf, NaN, 0
    return pd.DataFrame(
        {
            "region": ["北京", "上海", "天津"],
            "exports": exports,
            "export_yoy": yoy,
            "rank": pd.array([1, None, 3], dtype="Int64"),
            "share": np.array([-np.inf, 0.5, 0.25], dtype=np.float32),
        }
    )


def test_indicator_records_print_as_strict_json():
    rows = records(_poisoned())
    with pytest.raises(ValueError):
        json.dumps(rows, allow_nan=False)  # what used to be printed: Infinity, NaN
    parsed = _strict(cli.json_text(rows))
    assert [r["exports"] for r in parsed] == [None, 10.0, None]
    assert [r["export_yoy"] for r in parsed] == [None, None, 0.0]
    assert [r["rank"] for r in parsed] == [1, None, 3]
    assert [r["share"] for r in parsed] == [None, 0.5, 0.25]
    assert parsed[0]["region"] == "北京"


def test_the_scores_command_prints_strict_json(tmp_path, catalog, monkeypatch, capsys):
    path = tmp_path / "w.duckdb"
    with Warehouse(path, catalog):
        pass
    monkeypatch.setenv("PILOT_WAREHOUSE", str(path))
    monkeypatch.setattr(indicators.__main__, "scores", lambda *a, **k: _poisoned())
    monkeypatch.setattr(
        indicators.__main__, "warnings", lambda *a, **k: [{"region": "北京", "value": float("inf")}]
    )
    for command in ("scores", "warnings"):
        assert indicators.__main__.main([command, "--period", "2019Q4", "--json"]) == 0
        parsed = _strict(capsys.readouterr().out)
        assert parsed[0]["region"] == "北京"
    assert parsed == [{"region": "北京", "value": None}]


def test_the_ingest_result_prints_strict_json(capsys):
    result = LoadResult(
        status=ACCEPTED, file_name="北京.xlsx", totals={"exports": float("inf"), "imports": 1.5}
    )
    ingest.__main__._print_result(result, as_json=True)
    parsed = _strict(capsys.readouterr().out)
    assert parsed["totals"] == {"exports": None, "imports": 1.5} and parsed["file_name"] == "北京.xlsx"
