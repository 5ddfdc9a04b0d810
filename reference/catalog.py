"""The catalog of a pilot round, loaded from the data files beside this module.

A new round (other regions, tasks, period) is new data files here, not new code.
"""

from __future__ import annotations

import csv
import tomllib
from dataclasses import dataclass, field
from datetime import date
from functools import lru_cache
from pathlib import Path

from .periods import Quarter, quarters_between

REFERENCE_DIR = Path(__file__).resolve().parent

PILOT_REGIONS = "regions"  # tasks.carried_by: every pilot region
CENTRAL = "central"  # central departments only
ONE_REGION = "region"  # the regions listed in tasks.regions


class UnknownRegion(LookupError):
    """A region name or code that is not in the catalog."""


@dataclass(frozen=True)
class Region:
    code: str
    name: str
    kind: str
    province: str
    seq: int


@dataclass(frozen=True)
class Task:
    code: str
    area: int
    seq: int
    text: str
    guarantee_measures: tuple[str, ...]
    responsible_units: str
    carried_by: str
    regions: tuple[str, ...]

    def carried_by_region(self, region_code: str) -> bool:
        if self.carried_by == PILOT_REGIONS:
            return True
        return self.carried_by == ONE_REGION and region_code in self.regions


@dataclass(frozen=True)
class OpeningMeasure:
    code: str
    field: str
    industry: str
    text: str
    current_rules: str
    regions: tuple[str, ...]  # empty: every pilot region

    def applies_to(self, region_code: str) -> bool:
        return not self.regions or region_code in self.regions


@dataclass(frozen=True)
class ServiceCategory:
    code: int
    name_zh: str
    name_en: str
    knowledge_intensive: bool
    digitally_deliverable: bool


@dataclass(frozen=True)
class Country:
    """A partner country or region, named as China's official statistics name it (中国香港 …)."""

    code: str  # ISO 3166-1 alpha-3
    name_zh: str
    name_en: str
    aliases: tuple[str, ...]


@dataclass(frozen=True)
class Catalog:
    name: str
    document: str
    start: date
    end: date
    deadline_day: int
    template_version: str
    regions: tuple[Region, ...]
    areas: dict[int, str]
    tasks: tuple[Task, ...]
    measures: tuple[OpeningMeasure, ...]
    categories: tuple[ServiceCategory, ...]
    exchange_rates: dict[int, float]
    countries: tuple[Country, ...] = field(default=())
    quarters: tuple[Quarter, ...] = field(default=())
    national_trade: dict[int, tuple[float, float]] = field(
        default_factory=dict
    )  # year -> (exports, imports), 亿元

    def region(self, name_or_code: str) -> Region:
        """Find a region by code or Chinese name, written with or without 市/新区."""
        key = str(name_or_code).strip()
        for r in self.regions:
            if key in (r.code, r.name):
                return r
        short = key.removesuffix("市")
        hits = [r for r in self.regions if short and (r.name == short or _short(r.name) == _short(short))]
        if len(hits) == 1:
            return hits[0]
        raise UnknownRegion(f"未知的试点地区“{name_or_code}”，应为 17 个试点地区之一，如 北京、河北雄安新区")

    def tasks_for(self, region_code: str) -> list[Task]:
        return [t for t in self.tasks if t.carried_by_region(region_code)]

    def measures_for(self, region_code: str) -> list[OpeningMeasure]:
        return [m for m in self.measures if m.applies_to(region_code)]

    def deadline(self, quarter: Quarter | str) -> date:
        return Quarter.parse(quarter).deadline(self.deadline_day)

    def quarter(self, text: str) -> Quarter:
        """Parse a period and check that it lies within the round."""
        q = Quarter.parse(text)
        if q not in self.quarters:
            first, last = self.quarters[0], self.quarters[-1]
            from .periods import PeriodError

            raise PeriodError(f"报告期 {q.code} 不在试点期内（{first.code}–{last.code}）")
        return q

    def category(self, code: int) -> ServiceCategory:
        return next(c for c in self.categories if c.code == code)


def _short(name: str) -> str:
    for suffix in ("新区", "市"):
        name = name.removesuffix(suffix)
    return name


def _rows(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8", newline="") as f:
        return list(csv.DictReader(f))


def _split(text: str, sep: str) -> tuple[str, ...]:
    return tuple(p.strip() for p in text.split(sep) if p.strip())


@lru_cache(maxsize=4)
def load_catalog(directory: Path | str = REFERENCE_DIR) -> Catalog:
    d = Path(directory)
    settings = tomllib.loads((d / "round.toml").read_text(encoding="utf-8"))
    regions = tuple(
        Region(r["code"], r["name"], r["kind"], r["province"], i)
        for i, r in enumerate(_rows(d / "regions.csv"), start=1)
    )
    tasks = tuple(
        Task(
            code=r["code"],
            area=int(r["area"]),
            seq=int(r["seq"]),
            text=r["text"],
            guarantee_measures=_split(r["guarantee_measures"], "\n"),
            responsible_units=r["responsible_units"],
            carried_by=r["carried_by"],
            regions=_split(r["regions"], ";"),
        )
        for r in _rows(d / "tasks.csv")
    )
    measures = tuple(
        OpeningMeasure(
            r["code"], r["field"], r["industry"], r["text"], r["current_rules"], _split(r["regions"], ";")
        )
        for r in _rows(d / "opening_measures.csv")
    )
    categories = tuple(
        ServiceCategory(
            int(r["code"]),
            r["name_zh"],
            r["name_en"],
            r["knowledge_intensive"] == "1",
            r["digitally_deliverable"] == "1",
        )
        for r in _rows(d / "service_categories.csv")
    )
    start, end = settings["start"], settings["end"]
    return Catalog(
        name=settings["name"],
        document=settings["document"],
        start=start,
        end=end,
        deadline_day=int(settings.get("deadline_day", 10)),
        template_version=str(settings["template_version"]),
        regions=regions,
        areas={int(r["code"]): r["name"] for r in _rows(d / "task_areas.csv")},
        tasks=tasks,
        measures=measures,
        categories=categories,
        exchange_rates={int(r["year"]): float(r["cny_per_usd"]) for r in _rows(d / "exchange_rates.csv")},
        countries=tuple(
            Country(r["code"], r["name_zh"], r["name_en"], _split(r["aliases"], ";"))
            for r in _rows(d / "countries.csv")
        ),
        quarters=tuple(quarters_between(start, end)),
        national_trade={
            int(r["year"]): (float(r["exports"]), float(r["imports"]))
            for r in _rows(d / "national_trade.csv")
        },
    )
