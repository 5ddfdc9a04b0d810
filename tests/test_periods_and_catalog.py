from datetime import date

import pytest

from reference import PeriodError, Quarter, UnknownRegion


@pytest.mark.parametrize(
    "text", ["2019Q4", "2019-Q4", "2019q4", "2019年第四季度", "2019年第4季度", "２０１９Ｑ４"]
)
def test_quarter_forms(text):
    assert Quarter.parse(text) == Quarter(2019, 4)


def test_quarter_dates_and_deadline():
    q = Quarter.parse("2019Q4")
    assert (q.start, q.end, q.label) == (date(2019, 10, 1), date(2019, 12, 31), "2019年第四季度")
    assert q.deadline(10) == date(2020, 1, 10)
    assert Quarter.parse("2020Q1").previous() == Quarter(2019, 4)
    assert Quarter.parse("2019Q1").year_earlier().code == "2018Q1"


def test_bad_quarter():
    with pytest.raises(PeriodError):
        Quarter.parse("2019Q5")


def test_round_quarters_and_deadline(catalog):
    assert [q.code for q in catalog.quarters] == [
        "2018Q3",
        "2018Q4",
        "2019Q1",
        "2019Q2",
        "2019Q3",
        "2019Q4",
        "2020Q1",
        "2020Q2",
    ]
    assert catalog.deadline("2018Q3") == date(2018, 10, 10)
    with pytest.raises(PeriodError, match="不在试点期内"):
        catalog.quarter("2020Q3")


def test_region_lookup(catalog):
    assert catalog.region("beijing").name == "北京"
    assert catalog.region("北京市").code == "beijing"
    assert catalog.region("重庆两江").code == "liangjiang"
    assert catalog.region("威海市").code == "weihai"
    assert [r.kind for r in catalog.regions].count("国家级新区") == 4
    with pytest.raises(UnknownRegion):
        catalog.region("火星")


def test_who_carries_what(catalog):
    # 42 tasks; T1.1, T5.5, T6.7 central only; T3.5 (服贸会) Beijing only
    assert len(catalog.tasks_for("beijing")) == 39
    assert len(catalog.tasks_for("weihai")) == 38
    assert "T3.5" in {t.code for t in catalog.tasks_for("beijing")}
    assert "T3.5" not in {t.code for t in catalog.tasks_for("shanghai")}
    assert {m.code for m in catalog.measures_for("shenzhen")} == {f"M{i}" for i in range(1, 9)}
    assert "M4" not in {m.code for m in catalog.measures_for("beijing")}
