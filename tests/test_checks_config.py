"""[checks] of reference/evaluation.toml: the limits a single cell must keep, validated when the file is read."""

from datetime import date

import pytest

import ingest.__main__
from reference.evaluation import DEFAULT_CONFIG, Checks, ConfigError, load_config

from .conftest import write_filled


def _config(tmp_path, checks: str):
    text = DEFAULT_CONFIG.read_text(encoding="utf-8")
    head = text.split("[checks]")[0]
    path = tmp_path / "evaluation.toml"
    path.write_text(head + "[checks]\n" + checks + "\n", encoding="utf-8")
    return path


def test_the_defaults_are_in_the_file_and_in_the_code():
    assert (
        load_config().checks
        == Checks()
        == Checks(10_000_000_000.0, 10_000_000.0, date(2000, 1, 1), date(2030, 12, 31))
    )
    assert Checks().max_amount("CNY") == 10_000_000_000 and Checks().max_amount("USD") == 10_000_000


def test_a_missing_section_or_setting_takes_the_default(tmp_path):
    assert load_config(_config(tmp_path, "")).checks == Checks()
    assert load_config(_config(tmp_path, "max_amount_cny = 5e7")).checks == Checks(max_amount_cny=5e7)
    dated = load_config(_config(tmp_path, 'earliest_date = "2010-01-01"\nlatest_date = 2025-06-30')).checks
    assert (dated.earliest_date, dated.latest_date) == (date(2010, 1, 1), date(2025, 6, 30))


@pytest.mark.parametrize(
    "checks, words",
    [
        ("max_amount_cny = -1", "max_amount_cny 应为大于 0"),
        ("max_amount_cny = 0", "max_amount_cny 应为大于 0"),
        ('max_amount_usd = "一千万"', "max_amount_usd 应为大于 0"),
        ("max_amount_usd = inf", "max_amount_usd 应为大于 0"),
        ("max_amount_usd = nan", "max_amount_usd 应为大于 0"),
        ("max_amount_cny = true", "max_amount_cny 应为大于 0"),
        ("max_amount_cny = 1e300", "不超过 10,000,000,000,000"),
        ('earliest_date = "明年"', "earliest_date 应为日期"),
        ("latest_date = 2030-12-31T00:00:00", "latest_date 应为日期"),
        ("latest_date = 20301231", "latest_date 应为日期"),
        ("earliest_date = 2031-01-01", "earliest_date（2031-01-01）应早于 latest_date（2030-12-31）"),
        ("max_amount = 1", "max_amount 不是可用的设置"),
    ],
)
def test_a_wrong_value_is_a_chinese_config_error(tmp_path, checks, words):
    with pytest.raises(ConfigError, match=words):
        load_config(_config(tmp_path, checks))


def test_a_wrong_configuration_stops_a_check_with_a_message_not_a_traceback(
    tmp_path, catalog, monkeypatch, capsys
):
    monkeypatch.setenv("PILOT_INDICATOR_CONFIG", str(_config(tmp_path, "max_amount_cny = -1")))
    path = write_filled(catalog, tmp_path / "w.xlsx", "weihai", "2019Q4")
    assert ingest.__main__.main(["check", str(path), "--json"]) == 2
    err = capsys.readouterr().err
    assert err.startswith("错误：评价配置 [checks] 中 max_amount_cny 应为大于 0") and "Traceback" not in err
