"""Seeded generator of the sample data: one filled region workbook per region and quarter.

    python sample_data/generate.py            # rewrites sample_data/region/*.xlsx and manifest.csv

Calibration (MOFCOM's published national service trade, 亿元 RMB, 2017–2020; NATIONAL below): in every quarter
the 17 regions together hold 75% of
the national service exports and imports of the year, split over the quarters by an assumed national
seasonality (SEASON; SEASON_2020 moves part of Q1 into the second half for the pandemic's dip and keeps
Q2's part, so 2020Q2 against 2019Q2 follows the national −1.1%). The pilot's exports therefore grow 10.79%
from 2018 to 2019 and 14.61% from 2017 to 2018. Each region follows its own path around that total:
its share drifts by a per-region trend (杭州, 成都, 深圳 gain; 北京, 上海 slowly give way) and a random walk,
with its own seasonal profile and a noise term for the quarter (larger in small regions), so its
year-on-year growth differs from quarter to quarter (2019: 杭州 about +31…+35%, 天津 −2…+3%). The category
mix of each region drifts slowly towards knowledge-intensive services. In 2020Q1–Q2 travel falls to
about 0.4 of its path (the pilot's travel −56…−60% against 2019, each region its own depth) and in Q1 the
other categories dip by a region's own amount (武汉 deepest). 上年同期 columns carry the previous year's
generated figures of the same quarter (2017's for 2018), so they equal what the warehouse holds for the
year-earlier quarter. Beijing and Shanghai stay the largest. Task progress rises quarter by quarter;
74 experience items in all; a few late submissions, one region that missed a quarter (贵州贵安新区
2019Q2) and one corrected re-submission (武汉 2019Q3). Key enterprises report a share of their region's
category figures in 万美元.
Workbooks are written through the template writer with fixed timestamps, so the bytes are stable.
"""

from __future__ import annotations

import csv
import math
import random
import sys
from datetime import date, datetime, time, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from ingest.credit_code import ALPHABET, check_character  # noqa: E402
from ingest.spec import enterprise_spec, region_spec  # noqa: E402
from ingest.template import prefilled_content, write_workbook  # noqa: E402
from reference import Quarter, load_catalog  # noqa: E402

SEED = 20180701
OUT_DIR = Path(__file__).resolve().parent / "region"
MANIFEST = Path(__file__).resolve().parent / "manifest.csv"

PILOT_SHARE = 0.75
# National service trade, 亿元 (exports, imports), MOFCOM basis as published for 2017–2020
NATIONAL = {
    2017: (15406.8, 31584.3),
    2018: (17658.0, 34744.0),
    2019: (19564.0, 34588.9),
    2020: (19356.7, 26286.0),
}
# The pilot's quarterly split of each national year (an assumption: no quarterly national series in the
# reference facts). 2020 keeps Q2's part, so 2020Q2 against 2019Q2 follows the year's −1.1%, and moves
# part of Q1 to the second half: the pandemic's first-quarter dip.
SEASON = {1: 0.235, 2: 0.245, 3: 0.250, 4: 0.270}
SEASON_2020 = {1: 0.210, 2: 0.245, 3: 0.265, 4: 0.280}
TIMELINE = [(year, q) for year in NATIONAL for q in range(1, 5)][
    :-2
]  # 2017Q1 … 2020Q2: the pilot and its 上年同期
# Share of the pilot's trade at the start of 2017
REGION_WEIGHT = {
    "beijing": 27,
    "shanghai": 26,
    "shenzhen": 10,
    "guangzhou": 7,
    "hangzhou": 5,
    "suzhou": 4,
    "nanjing": 3.5,
    "tianjin": 3.5,
    "chengdu": 3,
    "wuhan": 2.5,
    "liangjiang": 1.2,
    "hainan": 1,
    "harbin": 0.6,
    "weihai": 0.5,
    "xixian": 0.4,
    "guian": 0.2,
    "xiongan": 0.1,
}
# Drift of each region's log share per quarter: the digital and western centres gain on the two largest
REGION_TREND = {
    "hangzhou": 0.025,
    "shenzhen": 0.018,
    "chengdu": 0.025,
    "guangzhou": 0.008,
    "hainan": 0.012,
    "xiongan": 0.015,
    "xixian": 0.008,
    "liangjiang": 0.008,
    "wuhan": 0.005,
    "beijing": -0.004,
    "shanghai": -0.004,
    "tianjin": -0.006,
    "harbin": -0.008,
    "weihai": -0.004,
}
SHARE_STEP = 0.02  # random-walk step of a region's log share per quarter: lasting gains and losses
QUARTER_NOISE = 0.03  # this quarter only: the year's own seasonality, one-off contracts, reporting timing
REGION_SEASON = 0.03  # each region's own seasonal profile around the pilot's, kept from year to year
# Category mix of exports and imports (codes 1–12), national-like, and its slow drift per quarter
EXPORT_MIX = {1: 6, 2: 3, 3: 16, 4: 12, 5: 9, 6: 2.5, 7: 2, 8: 3, 9: 20, 10: 24, 11: 1, 12: 1.5}
IMPORT_MIX = {1: 0.5, 2: 2, 3: 20, 4: 46, 5: 2.5, 6: 3, 7: 0.7, 8: 9, 9: 5, 10: 10, 11: 1, 12: 0.3}
CATEGORY_TREND = {1: -0.01, 5: -0.005, 8: 0.008, 9: 0.012, 10: 0.004}  # knowledge-intensive services gain
MIX_STEP = 0.015
TRAVEL = 4
# 2020Q1–Q2: travel against its usual path, each region drawing its own depth around these; in Q1 the other
# categories dip too, by a region's own amount (武汉's lockdown deepest). The pilot totals are met afterwards.
TRAVEL_2020 = {1: 0.42, 2: 0.36}
TRAVEL_DEPTH = 0.1  # log spread of the regions' travel factors
OTHERS_2020Q1 = (0.85, 1.0)
LOCKDOWN_2020Q1 = {"wuhan": 0.7}
EXPERIENCE_COUNT = {
    "beijing": 8,
    "shanghai": 8,
    "shenzhen": 6,
    "guangzhou": 6,
    "hangzhou": 6,
    "nanjing": 5,
    "suzhou": 5,
    "tianjin": 5,
    "chengdu": 5,
    "wuhan": 4,
    "hainan": 4,
    "harbin": 2,
    "weihai": 3,
    "xiongan": 2,
    "liangjiang": 3,
    "guian": 1,
    "xixian": 1,
}  # 74 in all
ENTERPRISE_COUNT = {
    "beijing": 30,
    "shanghai": 30,
    "shenzhen": 24,
    "guangzhou": 20,
    "hangzhou": 18,
    "nanjing": 14,
    "suzhou": 16,
    "tianjin": 14,
    "chengdu": 14,
    "wuhan": 12,
    "hainan": 8,
    "harbin": 6,
    "weihai": 6,
    "xiongan": 4,
    "liangjiang": 8,
    "guian": 4,
    "xixian": 5,
}
DIVISION = {
    "beijing": "110105",
    "tianjin": "120116",
    "shanghai": "310115",
    "hainan": "460100",
    "shenzhen": "440300",
    "harbin": "230103",
    "nanjing": "320104",
    "hangzhou": "330108",
    "wuhan": "420100",
    "guangzhou": "440101",
    "chengdu": "510107",
    "suzhou": "320594",
    "weihai": "371000",
    "xiongan": "130600",
    "liangjiang": "500112",
    "guian": "520900",
    "xixian": "610400",
}
FILLER = {
    "beijing": "北京市商务局",
    "tianjin": "天津市商务局",
    "shanghai": "上海市商务委员会",
    "hainan": "海南省商务厅",
    "shenzhen": "深圳市商务局",
    "harbin": "哈尔滨市商务局",
    "nanjing": "南京市商务局",
    "hangzhou": "杭州市商务局",
    "wuhan": "武汉市商务局",
    "guangzhou": "广州市商务局",
    "chengdu": "成都市商务局",
    "suzhou": "苏州市商务局",
    "weihai": "威海市商务局",
    "xiongan": "河北雄安新区管理委员会改革发展局",
    "liangjiang": "重庆两江新区管理委员会",
    "guian": "贵州贵安新区管理委员会",
    "xixian": "陕西西咸新区管理委员会",
}
CITY = {"xiongan": "雄安", "liangjiang": "重庆", "guian": "贵州", "xixian": "陕西", "hainan": "海南"}
SURNAMES = "王李张刘陈杨赵黄周吴徐孙胡朱高林何郭马罗"
GIVEN = [
    "伟",
    "芳",
    "娜",
    "敏",
    "静",
    "丽",
    "强",
    "磊",
    "洋",
    "艳",
    "勇",
    "军",
    "杰",
    "娟",
    "涛",
    "明",
    "超",
    "秀英",
    "霞",
    "平",
    "刚",
    "建华",
    "海燕",
    "志强",
]
BRANDS = [
    "华信",
    "中软",
    "海创",
    "天合",
    "博远",
    "泰康",
    "金桥",
    "智联",
    "远景",
    "星河",
    "汇通",
    "鼎盛",
    "正源",
    "万邦",
    "恒达",
    "云图",
    "新航",
    "睿思",
    "同方",
    "瀚海",
    "东方",
    "长城",
    "中青",
    "锦程",
    "华夏",
    "蓝海",
    "德信",
    "九州",
    "安捷",
    "凯越",
]
INDUSTRY = {
    3: ("国际物流", "国际货运代理"),
    4: ("国际旅行社", "文化旅游"),
    5: ("建设工程", "工程咨询"),
    6: ("保险经纪",),
    7: ("金融信息服务",),
    8: ("知识产权服务",),
    9: ("信息技术", "软件", "数据科技", "网络科技"),
    10: ("管理咨询", "检验检测", "设计"),
    11: ("文化传媒", "影视"),
    1: ("精密制造",),
    2: ("航空维修", "设备维修"),
    12: ("会展服务",),
}
MEASURE_PHRASES = {
    1: [
        "成立服务贸易发展领导小组，建立跨部门联席会议制度",
        "出台服务贸易发展促进办法",
        "将服务贸易纳入区县绩效考核",
    ],
    2: ["发布服务业扩大开放清单", "建立开放风险评估与预警工作机制", "引进外资专业服务机构落地"],
    3: ["建设服务贸易公共服务平台", "推出服务贸易专项信贷产品", "在重点市场设立服务贸易境外促进中心"],
    4: ["认定一批特色服务出口基地", "推动数字服务出口基地建设", "培育服务外包和技术贸易龙头企业"],
    5: ["推行保税展示、维修货物通关便利化", "开通外籍人才工作许可绿色通道", "推广境外游客移动支付便利服务"],
    6: ["设立服务贸易发展专项资金", "落实服务出口增值税零税率政策", "开展出口信用保险统保平台"],
    7: ["建立服务贸易重点联系企业直报制度", "开展外国附属机构服务贸易统计", "建立部门间数据共享机制"],
    8: ["建立重点企业运行监测机制", "建立服务贸易市场主体信用记录", "推进服务贸易事项纳入“单一窗口”"],
}
EXPERIENCE_THEMES = [
    "依托大数据促进服务贸易数字化发展",
    "推动“互联网+中医药服务贸易”融合发展",
    "建设“一带一路”语言服务平台",
    "零工创客共享服务",
    "第三方医学检验检测实验室共享模式",
    "“网展贸”服务新模式",
    "推进邮轮服务贸易新业态发展",
    "创新在线数字展览模式",
    "加快智能城市建设",
    "服务贸易企业信用融资新模式",
    "知识产权质押融资服务",
    "保税维修监管新模式",
    "跨境电商与服务贸易融合发展",
    "国际人才服务“单一窗口”",
    "技术进出口合同无纸化登记",
    "文化出口基地集聚发展",
    "服务外包企业人才实训共享平台",
    "国际医疗旅游先行区建设",
    "数字内容出海服务平台",
    "跨境人民币服务贸易结算便利化",
    "会展服务贸易促进机制",
    "检验检测认证国际互认",
    "服务贸易统计监测直报体系",
    "服务贸易创新发展引导基金运作",
    "离岸呼叫中心外资准入试点",
    "工程咨询外籍人员执业便利",
    "港澳专业人士执业备案制度",
    "航空维修保税监管模式",
    "国际教育服务合作平台",
    "中医药服务出口基地建设",
    "游戏动漫出口孵化平台",
    "服务贸易企业海外知识产权维权援助",
]
LATE = {
    ("hangzhou", "2018Q4"): 6,
    ("harbin", "2019Q1"): 12,
    ("xiongan", "2019Q3"): 3,
    ("guian", "2019Q4"): 20,
    ("weihai", "2020Q1"): 5,
    ("xixian", "2020Q2"): 9,
}  # days after the deadline
MISSED = {("guian", "2019Q2")}
RESUBMITTED = ("wuhan", "2019Q3")  # first sent with transport in 元 instead of 万元, corrected two days later
# Enterprise direct reports: one workbook per region and quarter, collected by the region's 商务局
ENTERPRISE_SHARE = (0.35, 0.55)  # the listed enterprises' part of the region's figure in their categories
ENTERPRISE_MISSED = {("xiongan", "2018Q3"), ("harbin", "2019Q4")}
ENTERPRISE_LATE = {("chengdu", "2019Q1"): 4, ("weihai", "2019Q3"): 8, ("liangjiang", "2020Q1"): 15}
OVER_REPORTED = (
    "hangzhou",
    "2019Q3",
    9,
)  # enterprises report more 电信计算机 exports than the region: a flag to catch
PARTNERS = {
    "HKG": 30,
    "USA": 20,
    "JPN": 9,
    "SGP": 8,
    "KOR": 6,
    "DEU": 5,
    "GBR": 5,
    "AUS": 3,
    "CAN": 3,
    "FRA": 2,
    "NLD": 2,
    "MYS": 1,
    "THA": 1,
    "IND": 1,
    "ARE": 1,
    "RUS": 1,
    "MAC": 1,
    "TWN": 1,
}


def _share(weights: dict, rng: random.Random, noise: float) -> dict:
    raw = {k: w * rng.lognormvariate(0, noise) for k, w in weights.items()}
    total = sum(raw.values())
    return {k: v / total for k, v in raw.items()}


def _walk(rng: random.Random, sd: float, drift: float = 0.0) -> list[float]:
    """A random walk over TIMELINE starting at 0: a log weight that drifts and keeps its gains."""
    level, out = 0.0, []
    for _ in TIMELINE:
        out.append(level)
        level += drift + rng.gauss(0, sd)
    return out


def _volatility(weight: float) -> float:
    """Small regions swing more than large ones, which add up many firms."""
    return (10 / weight) ** 0.15


def region_path(code: str, rng: random.Random) -> list[float]:
    """A region's weight in each quarter of TIMELINE: base share × trend and random walk × own seasonality × noise."""
    vol = _volatility(REGION_WEIGHT[code])
    walk = _walk(rng, SHARE_STEP * vol, REGION_TREND.get(code, 0.0))
    profile = {q: rng.gauss(0, REGION_SEASON) for q in range(1, 5)}
    return [
        REGION_WEIGHT[code] * math.exp(walk[t] + profile[q] + rng.gauss(0, QUARTER_NOISE * vol))
        for t, (_, q) in enumerate(TIMELINE)
    ]


def mix_path(base: dict, rng: random.Random, noise: float) -> list[dict]:
    """A region's category mix in each quarter of TIMELINE: its own mix, each category drifting slowly."""
    start = _share(base, rng, noise)
    walks = {c: _walk(rng, MIX_STEP, CATEGORY_TREND.get(c, 0.0)) for c in base}
    out = []
    for t in range(len(TIMELINE)):
        raw = {c: start[c] * math.exp(walks[c][t]) for c in base}
        total = sum(raw.values())
        out.append({c: v / total for c, v in raw.items()})
    return out


def pandemic(code: str, rng: random.Random) -> dict:
    """(2020, quarter) -> factors on travel and on the other categories, this region's own depths."""
    others = rng.uniform(*OTHERS_2020Q1) * LOCKDOWN_2020Q1.get(code, 1.0)
    return {
        (2020, q): {
            "travel": TRAVEL_2020[q] * rng.lognormvariate(0, TRAVEL_DEPTH),
            "others": others if q == 1 else 1.0,
        }
        for q in TRAVEL_2020
    }


def pilot_total(year: int, q: int, kind: int) -> float:
    """The pilot's exports (kind 0) or imports (1) in a quarter, 万元: 75% of the national year, split by season."""
    season = SEASON_2020 if year == 2020 else SEASON
    return NATIONAL[year][kind] * PILOT_SHARE * season[q] * 10_000  # 亿元 -> 万元


def trade_figures(catalog) -> dict:
    """(region, year, quarter) -> {category: [exports, imports]} in 万元; pilot totals exact per quarter.

    Each region's figure is its path's weight × its category mix × the 2020 shocks, scaled so that the
    regions together meet the pilot total of the quarter: a region grows faster or slower than the pilot as
    its share drifts, and its year-on-year growth differs from quarter to quarter."""
    rng = random.Random(SEED)
    codes = [r.code for r in catalog.regions]
    paths = {code: region_path(code, rng) for code in codes}
    mixes = {code: (mix_path(EXPORT_MIX, rng, 0.35), mix_path(IMPORT_MIX, rng, 0.3)) for code in codes}
    shocks = {code: pandemic(code, rng) for code in codes}
    out = {}
    for t, (year, q) in enumerate(TIMELINE):
        for kind in (0, 1):
            raw = {}
            for code in codes:
                shock = shocks[code].get((year, q))
                for c, m in mixes[code][kind][t].items():
                    factor = 1.0 if shock is None else shock["travel"] if c == TRAVEL else shock["others"]
                    raw[code, c] = paths[code][t] * m * factor
            scale = pilot_total(year, q, kind) / sum(raw.values())
            for (code, c), v in raw.items():
                out.setdefault((code, year, q), {c: [0.0, 0.0] for c in EXPORT_MIX})[c][kind] = v * scale
    return out


def credit_code(rng: random.Random, division: str) -> str:
    body = (
        "91"
        + division
        + "".join(rng.choice(ALPHABET[:10] + "ABCDEFGHJKLMNPQRTUWXY"[: rng.randint(0, 6)]) for _ in range(8))
        + rng.choice(ALPHABET)
    )
    return body + check_character(body)


def enterprises(region, category_names: dict[int, str], rng: random.Random) -> list[dict]:
    city = CITY.get(region.code, region.name)
    brands = rng.sample(BRANDS, k=min(len(BRANDS), ENTERPRISE_COUNT[region.code]))
    out = []
    for i in range(ENTERPRISE_COUNT[region.code]):
        category = rng.choices(list(EXPORT_MIX), weights=[1, 2, 8, 4, 4, 2, 3, 3, 14, 12, 3, 1])[0]
        brand = brands[i % len(brands)] + (rng.choice("创达通远") if i >= len(brands) else "")
        name = f"{city}{brand}{rng.choice(INDUSTRY[category])}有限公司"
        out.append(
            {
                "credit_code": credit_code(rng, DIVISION[region.code]),
                "name": name,
                "main_category": category_names[category],
                "nature": "外资" if rng.random() < 0.25 else "内资",
                "joins": 0 if i < ENTERPRISE_COUNT[region.code] - 2 else rng.randint(2, 6),
            }
        )
    return out


def measure_plan(region, catalog, rng: random.Random, quarters: list[Quarter]) -> list[dict]:
    """Task measures with the quarter index they start and finish (past the pilot: not finished)."""
    size = REGION_WEIGHT[region.code]
    plans = []
    for task in catalog.tasks_for(region.code):
        phrases = rng.sample(MEASURE_PHRASES[task.area], k=1 if rng.random() < 0.6 else 2)
        for phrase in phrases:
            start = rng.randint(0, 3)
            speed = 0 if size > 3 else 1  # the larger regions finish sooner
            finish = start + rng.randint(2, 6) + speed  # 8 or more: not finished within the pilot
            planned = quarters[min(max(finish + rng.choice([-1, 0, 0, 1]), 1), 7)].end
            plans.append(
                {
                    "task_code": task.code,
                    "area_name": catalog.areas[task.area],
                    "task_text": task.text,
                    "measure": f"{phrase}（{task.code}）",
                    "planned_date": planned,
                    "start": start,
                    "finish": finish,
                }
            )
    return plans


def opening_plan(region, catalog, rng: random.Random) -> list[dict]:
    plans = []
    for m in catalog.measures_for(region.code):
        not_applicable = m.code == "M5" and region.code not in ("hainan", "shenzhen", "guangzhou", "weihai")
        plans.append(
            {
                "measure_code": m.code,
                "field": m.field,
                "industry": m.industry,
                "measure_text": m.text,
                "na": not_applicable,
                "start": rng.randint(0, 3),
                "land": rng.randint(2, 9),
                "beneficiaries": rng.randint(3, 60),
            }
        )
    return plans


def in_quarter(q: Quarter, rng: random.Random) -> date:
    return q.start + timedelta(days=rng.randint(0, (q.end - q.start).days))


def experience_plan(region, catalog, rng: random.Random) -> list[dict]:
    themes = rng.sample(EXPERIENCE_THEMES, k=EXPERIENCE_COUNT[region.code])
    items = []
    for theme in themes:
        area = rng.randint(1, 8)
        items.append(
            {
                "title": theme,
                "area": catalog.areas[area],
                "case_type": rng.choice(["制度创新", "经验做法", "最佳实践案例"]),
                "practice": f"{region.name}围绕“{theme}”，"
                f"{rng.choice(['出台专项政策', '搭建公共平台', '创新监管方式', '推动部门协同'])}，"
                f"{rng.choice(['形成可复制的工作流程', '建立常态化工作机制', '引导企业积极参与'])}。",
                "effect": f"累计服务企业 {rng.randint(20, 900)} 家，带动服务出口增长 {rng.randint(5, 40)}%。",
                "quarter": rng.randint(1, 7),
            }
        )
    return items


def enterprise_rows(
    firms: list[dict],
    totals: dict,
    rate: float,
    rng: random.Random,
    over: int | None,
    country_names: dict[str, str],
    category_names: dict[str, int],
) -> list[dict]:
    """The listed enterprises' rows for one quarter, in 万美元, a share of the region's 万元 totals."""
    rows = []
    by_category: dict[int, list[dict]] = {}
    for f in firms:
        by_category.setdefault(category_names[f["main_category"]], []).append(f)
    for category, members in by_category.items():
        exports_wan, imports_wan = totals[category]
        share = 1.2 if category == over else rng.uniform(*ENTERPRISE_SHARE)
        weights = [rng.lognormvariate(0, 0.8) for _ in members]
        for f, w in zip(members, weights):
            partners = rng.sample(list(PARTNERS), k=rng.randint(2, 4))
            split = [PARTNERS[p] * rng.uniform(0.5, 1.5) for p in partners]
            for partner, part in zip(partners, split):
                frac = share * w / sum(weights) * part / sum(split)
                rows.append(
                    {
                        "credit_code": f["credit_code"],
                        "name": f["name"],
                        "category_code": category,
                        "partner": country_names[partner],
                        "exports_usd": round(exports_wan * frac / rate, 2),
                        "imports_usd": round(imports_wan * frac * rng.uniform(0.2, 0.8) / rate, 2),
                    }
                )
    return rows


def generate(
    out_dir: Path = OUT_DIR, manifest: Path = MANIFEST, regions: set[str] | None = None
) -> list[dict]:
    """Write the workbooks and the manifest; `regions` limits both to some region codes (each region
    has its own random stream, so a subset comes out the same as in the full run)."""
    catalog = load_catalog()
    quarters = list(catalog.quarters)
    figures = trade_figures(catalog)
    out_dir.mkdir(parents=True, exist_ok=True)
    firm_dir = out_dir.parent / "enterprise"
    firm_dir.mkdir(parents=True, exist_ok=True)
    country_names = {c.code: c.name_zh for c in catalog.countries}
    category_codes = {c.name_zh: c.code for c in catalog.categories}
    rows = []
    for region in catalog.regions:
        if regions is not None and region.code not in regions:
            continue
        rng = random.Random(f"{SEED}-{region.code}")
        plans = measure_plan(region, catalog, rng, quarters)
        openings = opening_plan(region, catalog, rng)
        experience = experience_plan(region, catalog, rng)
        firms = enterprises(region, {c.code: c.name_zh for c in catalog.categories}, rng)
        contact = rng.choice(SURNAMES) + rng.choice(GIVEN)
        phone = f"1{rng.choice('3589')}{rng.randint(100000000, 999999999)}"
        done_dates = {}
        for k, q in enumerate(quarters):
            if (region.code, q.code) in MISSED:
                continue
            spec = region_spec(catalog, region.code)
            content = prefilled_content(spec, catalog, region.code, q)
            tasks = []
            for p in plans:
                status = "已完成" if k >= p["finish"] else "推进中" if k >= p["start"] else "未启动"
                row = {
                    key: p[key] for key in ("task_code", "area_name", "task_text", "measure", "planned_date")
                }
                row["status"] = status
                if status == "已完成":
                    key = (p["task_code"], p["measure"])
                    done_dates.setdefault(key, in_quarter(quarters[p["finish"]], rng))
                    row["completed_date"] = done_dates[key]
                    row["evidence"] = (
                        f"{FILLER[region.code]}文件（{quarters[p['finish']].year}）{rng.randint(1, 60)}号"
                    )
                row["progress_note"] = {
                    "已完成": "已按计划完成。",
                    "推进中": "正在推进，进展顺利。",
                    "未启动": "已纳入工作计划。",
                }[status]
                tasks.append(row)
            content.tables["任务进展"] = tasks
            for row, p in zip(content.tables["开放便利举措"], openings):
                if p["na"]:
                    row["status"] = "不适用"
                elif k >= p["land"]:
                    row.update(
                        status="已落地",
                        landed_date=quarters[p["land"]].start + timedelta(days=17),
                        beneficiaries=p["beneficiaries"] + 4 * (k - p["land"]),
                        case_text=f"{region.name}首批企业已享受该举措便利",
                    )
                else:
                    row["status"] = "推进中" if k >= p["start"] else "未启动"
            for row in content.tables["服务贸易数据"]:
                c = row["category_code"]
                now, prev = (
                    figures[(region.code, q.year, q.quarter)][c],
                    figures[(region.code, q.year - 1, q.quarter)][c],
                )
                row.update(
                    exports=round(now[0], 2),
                    imports=round(now[1], 2),
                    exports_prev=round(prev[0], 2),
                    imports_prev=round(prev[1], 2),
                )
            content.tables["经验案例"] = [
                {key: e[key] for key in ("title", "area", "case_type", "practice", "effect")}
                for e in experience
                if e["quarter"] == k
            ]
            if region.code == "chengdu" and k == 5:  # the same item sent again, written slightly differently
                first = next(e for e in experience if e["quarter"] < 5)
                content.tables["经验案例"].append(
                    {key: first[key] for key in ("area", "case_type", "practice", "effect")}
                    | {"title": first["title"].replace("“", '"').replace("”", '"') + " "}
                )
            content.tables["重点联系企业名录"] = [
                {key: f[key] for key in ("credit_code", "name", "main_category", "nature")}
                for f in firms
                if f["joins"] <= k
            ]
            deadline = catalog.deadline(q)
            late = LATE.get((region.code, q.code))
            day = deadline + timedelta(days=late) if late else deadline - timedelta(days=rng.randint(1, 9))
            received = datetime.combine(day, time(rng.randint(9, 17), rng.choice([0, 15, 30, 45])))
            content.form.update(
                filler=FILLER[region.code],
                contact=contact,
                phone=phone,
                filled_date=received.date() - timedelta(days=rng.randint(0, 2)),
            )
            name = f"{region.code}_{q.code}.xlsx"
            if (region.code, q.code) == RESUBMITTED:
                wrong = {**content.tables["服务贸易数据"][2]}
                content.tables["服务贸易数据"][2] = wrong | {"exports": round(wrong["exports"] * 10_000, 2)}
                first_name = f"{region.code}_{q.code}_v1.xlsx"
                write_workbook(
                    out_dir / first_name, spec, catalog, region.code, q, content, deterministic=True
                )
                rows.append(
                    {
                        "file": f"region/{first_name}",
                        "region": region.name,
                        "period": q.code,
                        "received_at": (received - timedelta(days=2)).isoformat(timespec="minutes"),
                        "received_from": contact,
                    }
                )
                content.tables["服务贸易数据"][2] = wrong
            write_workbook(out_dir / name, spec, catalog, region.code, q, content, deterministic=True)
            rows.append(
                {
                    "file": f"region/{name}",
                    "region": region.name,
                    "period": q.code,
                    "received_at": received.isoformat(timespec="minutes"),
                    "received_from": contact,
                }
            )
            firm_rng = random.Random(f"{SEED}-{region.code}-{q.code}-enterprise")
            if (region.code, q.code) in ENTERPRISE_MISSED:
                continue
            reporting = [
                f for f in firms if f["joins"] <= k and firm_rng.random() > 0.08
            ]  # a few do not report
            totals = {c: tuple(v) for c, v in figures[(region.code, q.year, q.quarter)].items()}
            over = OVER_REPORTED[2] if (region.code, q.code) == OVER_REPORTED[:2] else None
            firm_spec = enterprise_spec(catalog, region.code)
            firm_content = prefilled_content(firm_spec, catalog, region.code, q)
            firm_content.tables["服务进出口"] = enterprise_rows(
                reporting,
                totals,
                catalog.exchange_rates[q.year],
                firm_rng,
                over,
                country_names,
                category_codes,
            )
            late = ENTERPRISE_LATE.get((region.code, q.code))
            day = (
                deadline + timedelta(days=late) if late else deadline - timedelta(days=firm_rng.randint(0, 8))
            )
            firm_received = datetime.combine(
                day, time(firm_rng.randint(9, 17), firm_rng.choice([5, 20, 35, 50]))
            )
            firm_content.form.update(
                filler=FILLER[region.code],
                contact=contact,
                phone=phone,
                filled_date=firm_received.date() - timedelta(days=firm_rng.randint(0, 2)),
            )
            firm_name = f"{region.code}_{q.code}.xlsx"
            write_workbook(
                firm_dir / firm_name, firm_spec, catalog, region.code, q, firm_content, deterministic=True
            )
            rows.append(
                {
                    "file": f"enterprise/{firm_name}",
                    "region": region.name,
                    "period": q.code,
                    "received_at": firm_received.isoformat(timespec="minutes"),
                    "received_from": contact,
                }
            )
    rows.sort(key=lambda r: (r["received_at"], r["file"]))
    with manifest.open("w", encoding="utf-8", newline="") as f:
        writer = csv.DictWriter(f, fieldnames=["file", "region", "period", "received_at", "received_from"])
        writer.writeheader()
        writer.writerows(rows)
    return rows


if __name__ == "__main__":
    written = generate()
    print(f"wrote {len(written)} workbooks and {MANIFEST.name}")
