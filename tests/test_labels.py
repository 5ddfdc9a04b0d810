"""Every field a user can see has a Chinese name: the score table's columns and the detail tables'."""

import re

import pytest

import indicators
from indicators.labels import label

CHINESE = re.compile(r"[\u4e00-\u9fff]")


@pytest.fixture(scope="module")
def sample(sample_warehouse_file):
    from warehouse import Warehouse

    with Warehouse(sample_warehouse_file, read_only=True) as wh:
        yield indicators.scores(wh, "2019Q4")


def test_every_indicator_column_has_a_chinese_label(sample):
    unlabelled = [c for c in sample.columns if not CHINESE.search(label(c))]
    assert not unlabelled, f"add these to indicators/labels.py: {unlabelled}"
    assert label("contribution_exports") == "得分贡献：出口额（万元）"
    assert label("area_completion_rate_8") == "领域8举措完成率"


def test_every_detail_table_column_has_a_chinese_label(sample_warehouse_file):
    from warehouse import Warehouse

    with Warehouse(sample_warehouse_file, read_only=True) as wh:
        details = indicators.detail_tables(wh, "2019Q4")
    unlabelled = {k: [c for c in f.columns if not CHINESE.search(label(c))] for k, f in details.items()}
    assert not any(unlabelled.values()), f"add these to indicators/labels.py: {unlabelled}"
