"""Catalog data files (reference/*.csv, round.toml) checked against the seed document.

The CSVs are read directly with the csv module, not through any project module,
so these tests pin the data itself. The seed is the State Council reply
国函〔2018〕79号 with its three attachments.
"""

from __future__ import annotations

import csv
import os
import re
import tomllib
from datetime import date
from pathlib import Path

import pytest

PROJECT = Path(__file__).resolve().parents[1]
REFERENCE = PROJECT / "reference"
SEED_NAME = "000_49e808efe8358f81.txt"

EXPECTED_TASKS_PER_AREA = {1: 4, 2: 5, 3: 6, 4: 5, 5: 6, 6: 8, 7: 3, 8: 5}
REGION_CODES = [
    "beijing",
    "tianjin",
    "shanghai",
    "hainan",
    "shenzhen",
    "harbin",
    "nanjing",
    "hangzhou",
    "wuhan",
    "guangzhou",
    "chengdu",
    "suzhou",
    "weihai",
    "xiongan",
    "liangjiang",
    "guian",
    "xixian",
]
ANNEX3_TITLE = "深化服务贸易创新发展试点任务及政策保障措施"
ANNEX2_TITLE = "深化服务贸易创新发展试点开放便利举措"


def _seed_path() -> Path | None:
    candidate = Path(__file__).resolve().parents[2] / "shared" / "seed" / SEED_NAME
    if candidate.is_file():
        return candidate
    env = os.environ.get("PILOT_SEED")
    if env and Path(env).is_file():
        return Path(env)
    return None


def _squash(text: str) -> str:
    return re.sub(r"\s+", "", text)


# The seed is a PDF extraction. A blank line inside a table marks a page break;
# a cell cut by a page break continues in the next "row", after the rest of the
# cut row's cells (e.g. "逐步放" … "宽或取消限制措施"). The flattened seed keeps
# a marker where a blank line was, so such a cell can be matched across it.
PAGE_BREAK = "\u00b6"
MAX_INTERLEAVE = 600  # characters of other cells allowed around one page break


def _flatten(text: str) -> str:
    return _squash(re.sub(r"\n[ \t]*\n", PAGE_BREAK, text.replace(PAGE_BREAK, "")))


def _find(text: str, haystack: str, start: int = 0) -> int:
    """Position of `text` in the flattened `haystack` at or after `start`, or -1.

    All whitespace is ignored. If the text does not occur contiguously, it may
    occur cut once by a page break: a prefix, then the rest of that table row,
    the break, other cells of the continuation row, then the remainder.
    """

    def pat(s: str) -> str:
        return f"{PAGE_BREAK}?".join(re.escape(c) for c in s)

    text = _squash(text)
    m = re.compile(pat(text)).search(haystack, start)
    if m:
        return m.start()
    gap = f"[^{PAGE_BREAK}]{{0,{MAX_INTERLEAVE}}}?{PAGE_BREAK}[^{PAGE_BREAK}]{{0,{MAX_INTERLEAVE}}}?"
    # longest prefix that occurs at all (occurrence is monotone in the length)
    lo, hi = 0, len(text) - 1
    while lo < hi:
        mid = (lo + hi + 1) // 2
        if re.search(pat(text[:mid]), haystack[start:]):
            lo = mid
        else:
            hi = mid - 1
    for k in range(lo, 1, -1):  # the cut is at most at the longest occurring prefix
        m = re.compile(pat(text[:k]) + gap + pat(text[k:])).search(haystack, start)
        if m:
            return m.start()
    return -1


def _occurs(text: str, haystack: str) -> bool:
    return _find(text, haystack) != -1


@pytest.fixture(scope="module")
def seed() -> str:
    path = _seed_path()
    if path is None:
        pytest.skip(
            f"seed document {SEED_NAME} not found under <workspace>/shared/seed/ "
            "and PILOT_SEED does not name an existing file"
        )
    return path.read_text(encoding="utf-8")


@pytest.fixture(scope="module")
def flat_seed(seed: str) -> str:
    return _flatten(seed)


@pytest.fixture(scope="module")
def flat_annex3(flat_seed: str) -> str:
    # the table heading is the last occurrence of the title (the first is in the 附件 list)
    return flat_seed[flat_seed.rindex(ANNEX3_TITLE) + len(ANNEX3_TITLE) :]


@pytest.fixture(scope="module")
def flat_annex2(flat_seed: str) -> str:
    start = flat_seed.rindex(ANNEX2_TITLE) + len(ANNEX2_TITLE)
    return flat_seed[start : flat_seed.rindex(ANNEX3_TITLE)]


def _read(name: str) -> list[dict[str, str]]:
    with open(REFERENCE / name, encoding="utf-8", newline="") as f:
        return list(csv.DictReader(f))


def _items(cell: str) -> list[str]:
    return [s for s in cell.split("\n") if s.strip()]


@pytest.fixture(scope="module")
def regions() -> list[dict[str, str]]:
    return _read("regions.csv")


@pytest.fixture(scope="module")
def areas() -> list[dict[str, str]]:
    return _read("task_areas.csv")


@pytest.fixture(scope="module")
def tasks() -> list[dict[str, str]]:
    return _read("tasks.csv")


@pytest.fixture(scope="module")
def measures() -> list[dict[str, str]]:
    return _read("opening_measures.csv")


# --- regions ---------------------------------------------------------------------


def _seed_region_names(seed: str) -> list[str]:
    m = re.search(r"同意在(.+?)等省市（区域）", seed)
    assert m, "pilot-region sentence not found in the seed"
    return [n.strip() for n in re.split(r"[、和]", m.group(1)) if n.strip()]


def test_seed_lists_17_regions(seed):
    names = _seed_region_names(seed)
    assert len(names) == 17
    assert names[0] == "北京"
    assert names[-1] == "陕西西咸新区"


def test_regions_match_seed_in_order(seed, regions):
    assert [r["name"] for r in regions] == _seed_region_names(seed)
    assert len(regions) == 17
    assert regions[0]["name"] == "北京"
    assert regions[-1]["name"] == "陕西西咸新区"


def test_region_codes_kinds_provinces(regions):
    assert [r["code"] for r in regions] == REGION_CODES
    assert {r["kind"] for r in regions} <= {"直辖市", "省", "城市", "国家级新区"}
    kinds = {r["code"]: r["kind"] for r in regions}
    assert [c for c, k in kinds.items() if k == "直辖市"] == ["beijing", "tianjin", "shanghai"]
    assert kinds["hainan"] == "省"
    assert [c for c, k in kinds.items() if k == "国家级新区"] == ["xiongan", "liangjiang", "guian", "xixian"]
    province = {r["code"]: r["province"] for r in regions}
    assert province["shenzhen"] == province["guangzhou"] == "广东省"
    assert province["nanjing"] == province["suzhou"] == "江苏省"
    assert province["liangjiang"] == "重庆市"
    assert all(p.endswith(("省", "市")) for p in province.values())


# --- task areas and tasks ------------------------------------------------------------


def test_area_names_occur_in_seed(areas, flat_annex3):
    assert [a["code"] for a in areas] == [str(i) for i in range(1, 9)]
    for a in areas:
        assert a["name"] == _squash(a["name"]), a
        assert a["name"].startswith("进一步")
        assert _occurs(a["name"], flat_annex3), a["name"]


def test_tasks_per_area(tasks):
    counts: dict[int, int] = {}
    for t in tasks:
        counts[int(t["area"])] = counts.get(int(t["area"]), 0) + 1
    assert counts == EXPECTED_TASKS_PER_AREA
    assert len(tasks) == 42


def test_task_codes_unique_and_well_formed(tasks):
    codes = [t["code"] for t in tasks]
    assert len(codes) == len(set(codes))
    expected_seq: dict[str, int] = {}
    for t in tasks:
        assert re.fullmatch(r"T[1-8]\.[1-9]\d*", t["code"]), t["code"]
        assert t["code"] == f"T{t['area']}.{t['seq']}"
        expected_seq[t["area"]] = expected_seq.get(t["area"], 0) + 1
        assert int(t["seq"]) == expected_seq[t["area"]], t["code"]


def test_task_texts_occur_in_annex3_in_order(tasks, flat_annex3):
    pos = -1
    for t in tasks:
        assert t["text"] and t["text"] == _squash(t["text"]), t["code"]
        found = _find(t["text"], flat_annex3, pos + 1)
        assert found > pos, f"{t['code']} not found in 附件3 after the previous task: {t['text']}"
        pos = found


def test_guarantee_measures_occur_in_seed(tasks, flat_annex3):
    for t in tasks:
        for item in _items(t["guarantee_measures"]):
            assert item == _squash(item), (t["code"], item)
            assert item not in {"——", "---", "-"}, t["code"]
            assert _occurs(item, flat_annex3), (t["code"], item)


def test_responsible_units_occur_in_seed(tasks, flat_annex3):
    for t in tasks:
        units = _items(t["responsible_units"])
        assert units, t["code"]
        assert len(units) == len(set(units)), t["code"]
        for u in units:
            assert _occurs(u, flat_annex3), (t["code"], u)


def test_carried_by(tasks):
    by_text = {t["text"]: t for t in tasks}
    for t in tasks:
        assert t["carried_by"] in {"regions", "central", "region"}, t["code"]
        if t["carried_by"] == "region":
            assert t["regions"], t["code"]
            assert set(t["regions"].split(";")) <= set(REGION_CODES)
        else:
            assert t["regions"] == "", t["code"]
        assert (t["carried_by"] == "regions") == ("试点地区" in t["responsible_units"]), t["code"]

    fair = by_text["充分发挥中国（北京）国际服务贸易交易会的平台作用。"]
    assert fair["code"].startswith("T3.")
    assert fair["carried_by"] == "region"
    assert fair["regions"] == "beijing"

    council = by_text["加强国务院服务贸易发展部际联席会议工作统筹、政策协调、信息共享。"]
    assert council["carried_by"] == "central"
    assert council["responsible_units"] == "商务部牵头推进"
    assert by_text["推动职业资格互认。"]["carried_by"] == "central"
    assert by_text["完善外汇管理措施。"]["carried_by"] == "central"


# --- opening measures ----------------------------------------------------------------


def test_opening_measures(measures, flat_annex2):
    assert [m["code"] for m in measures] == [f"M{i}" for i in range(1, 9)]
    pos = -1
    for m in measures:
        text = _squash(m["text"])
        assert not re.match(r"\d+\.", text), m["code"]
        found = _find(text, flat_annex2, pos + 1)
        assert found > pos, f"{m['code']} not found in 附件2 after the previous measure"
        pos = found
        assert m["field"] and _occurs(m["field"], flat_annex2)
        assert m["industry"] and _occurs(m["industry"], flat_annex2)
        for para in _items(m["current_rules"]):
            assert _occurs(para, flat_annex2), (m["code"], para[:30])
        if m["regions"]:
            assert set(m["regions"].split(";")) <= set(REGION_CODES)
    fields = {m["industry"]: m["field"] for m in measures}
    assert fields["跨境自驾游"] == "旅行服务"
    assert fields["法律服务"] == "专业服务"


def test_144_hour_transit_measure_is_guangdong_only(measures):
    hits = [m for m in measures if "144" in m["text"]]
    assert len(hits) == 1
    assert hits[0]["regions"] == "shenzhen;guangzhou"
    assert [m["code"] for m in measures if m["regions"]] == [hits[0]["code"]]


# --- service categories, exchange rates, round ----------------------------------------


def test_service_categories():
    cats = _read("service_categories.csv")
    assert [int(c["code"]) for c in cats] == list(range(1, 13))
    ki = [int(c["code"]) for c in cats if c["knowledge_intensive"] == "1"]
    dd = [int(c["code"]) for c in cats if c["digitally_deliverable"] == "1"]
    assert ki == dd == [6, 7, 8, 9, 10, 11]
    assert {c["knowledge_intensive"] for c in cats} | {c["digitally_deliverable"] for c in cats} == {"0", "1"}
    assert all(c["name_zh"] and c["name_en"] for c in cats)


def test_exchange_rates():
    rates = {int(r["year"]): r for r in _read("exchange_rates.csv")}
    assert sorted(rates) == [2017, 2018, 2019, 2020]
    assert float(rates[2019]["cny_per_usd"]) == 6.8985
    for year in (2017, 2018, 2020):
        assert "假设" in rates[year]["note"] or "推定" in rates[year]["note"]


def test_round_settings(seed):
    with open(REFERENCE / "round.toml", "rb") as f:
        rnd = tomllib.load(f)
    assert rnd["name"] == "深化服务贸易创新发展试点"
    assert rnd["document"] == "国函〔2018〕79号" and rnd["document"] in seed
    assert rnd["start"] == date(2018, 7, 1) and "自2018年7月1日起" in seed
    assert rnd["end"] == date(2020, 6, 30) and "至2020年6月30日止" in seed
    assert rnd["deadline_day"] == 10
    assert rnd["template_version"] == "2019.1"
