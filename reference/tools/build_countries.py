"""Rebuild reference/countries.csv from pycountry's ISO 3166-1 list and its zh_CN translation.

    pip install pycountry && python reference/tools/build_countries.py

Run once by hand (pycountry is not a runtime dependency). Names follow the short forms of China's
official trade statistics: 中国香港, 中国澳门, 中国台湾, 韩国, 朝鲜 …; the long ISO forms stay as aliases.
China's mainland is no partner of its own service trade and is left out.
"""

import csv
import gettext
from pathlib import Path

import pycountry

OUT = Path(__file__).resolve().parent.parent / "countries.csv"
SHORT = {
    "HK": "中国香港",
    "MO": "中国澳门",
    "TW": "中国台湾",
    "KR": "韩国",
    "KP": "朝鲜",
    "IR": "伊朗",
    "SY": "叙利亚",
    "LA": "老挝",
    "BO": "玻利维亚",
    "VE": "委内瑞拉",
    "MD": "摩尔多瓦",
    "CD": "刚果（金）",
    "CG": "刚果（布）",
    "TZ": "坦桑尼亚",
    "RU": "俄罗斯",
    "VN": "越南",
    "FM": "密克罗尼西亚联邦",
    "PS": "巴勒斯坦",
}


def main() -> None:
    zh = gettext.translation("iso3166-1", pycountry.LOCALES_DIR, languages=["zh_CN"])
    rows = []
    for c in pycountry.countries:
        if c.alpha_2 == "CN":
            continue
        iso_zh = zh.gettext(c.name)
        name = SHORT.get(c.alpha_2, iso_zh)
        aliases = sorted({a for a in (iso_zh, iso_zh.removeprefix("中国")) if a and a != name})
        rows.append({"code": c.alpha_3, "name_zh": name, "name_en": c.name, "aliases": ";".join(aliases)})
    rows.sort(key=lambda r: r["code"])
    with OUT.open("w", encoding="utf-8", newline="") as f:
        writer = csv.DictWriter(f, fieldnames=["code", "name_zh", "name_en", "aliases"])
        writer.writeheader()
        writer.writerows(rows)
    print(f"wrote {len(rows)} countries and regions to {OUT}")


if __name__ == "__main__":
    main()
