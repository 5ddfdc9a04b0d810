"""The composite score's indicators, weights and normalisation, and the warning and plausibility thresholds.

Settings as data (reference/evaluation.toml, or the file PILOT_INDICATOR_CONFIG names): the early warnings
and the loader's checks against history read the same thresholds, and [checks] holds the limits a single
cell must keep to be loaded at all (the largest amount per currency, the plausible dates).
"""

from __future__ import annotations

import math
import tomllib
from dataclasses import dataclass, field, fields, replace
from datetime import date
from pathlib import Path

from base import settings

DEFAULT_CONFIG = Path(__file__).resolve().parent / "evaluation.toml"
NORMALISATIONS = ("minmax", "target")


class ConfigError(ValueError):
    """A configuration file that cannot be used; the text says what to fix, in Chinese."""


@dataclass(frozen=True)
class ScoreItem:
    indicator: str
    label: str
    weight: float
    normalisation: str
    target: float | None = None


@dataclass(frozen=True)
class Checks:
    """What one cell may hold ([checks]): amounts up to a ceiling per currency (in the workbook's own unit,
    万元 or 万美元), dates within a plausible window. A cell beyond them is refused at upload."""

    max_amount_cny: float = 10_000_000_000.0  # 万元: 100 万亿元 (a year of China's GDP) in a category-quarter
    max_amount_usd: float = 10_000_000.0  # 万美元: 1,000 亿美元 for one enterprise, category and partner
    earliest_date: date = date(2000, 1, 1)
    latest_date: date = date(2030, 12, 31)

    def max_amount(self, currency: str) -> float:
        """The ceiling of an amount in `currency` (CNY: 万元, USD: 万美元)."""
        return {"CNY": self.max_amount_cny, "USD": self.max_amount_usd}[currency]


@dataclass(frozen=True)
class Config:
    items: tuple[ScoreItem, ...]
    export_drop: float
    tenfold: float
    revision: float
    experience_quiet_quarters: int
    source: str
    checks: Checks = field(default_factory=Checks)

    @property
    def total_weight(self) -> float:
        return sum(i.weight for i in self.items)


def config_path(path: Path | str | None = None) -> Path:
    """The file given, else PILOT_INDICATOR_CONFIG, else the default."""
    return Path(path) if path else (settings.get("PILOT_INDICATOR_CONFIG") or DEFAULT_CONFIG)


def load_config(path: Path | str | None = None) -> Config:
    path = config_path(path)
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except (OSError, tomllib.TOMLDecodeError) as exc:
        raise ConfigError(f"无法读取评价配置文件 {path}：{exc}") from None
    items = []
    for i, raw in enumerate(data.get("score", []), start=1):
        try:
            item = ScoreItem(
                raw["indicator"],
                raw.get("label", raw["indicator"]),
                float(raw["weight"]),
                raw.get("normalisation", "minmax"),
                raw.get("target"),
            )
        except (KeyError, TypeError, ValueError) as exc:
            raise ConfigError(f"评价配置第 {i} 个 [[score]] 缺少或写错了字段：{exc}") from None
        if item.normalisation not in NORMALISATIONS:
            raise ConfigError(
                f"指标 {item.indicator} 的 normalisation 应为 minmax 或 target，实为 {item.normalisation}"
            )
        if item.normalisation == "target" and not item.target:
            raise ConfigError(f"指标 {item.indicator} 按目标值标准化时须给出大于 0 的 target")
        if item.weight < 0:
            raise ConfigError(f"指标 {item.indicator} 的权重不能为负数")
        items.append(item)
    if not items or sum(i.weight for i in items) <= 0:
        raise ConfigError("评价配置至少要有一个权重大于 0 的指标")
    w = data.get("warnings", {})
    checks = _checks(data.get("checks", {}))
    try:
        config = Config(
            tuple(items),
            float(w.get("export_drop", -0.20)),
            float(w.get("tenfold", 10.0)),
            float(w.get("revision", 0.01)),
            int(w.get("experience_quiet_quarters", 2)),
            str(path),
            checks,
        )
    except (TypeError, ValueError) as exc:
        raise ConfigError(f"评价配置 [warnings] 中的阈值应为数字：{exc}") from None
    if config.tenfold <= 1 or config.revision < 0:
        raise ConfigError("评价配置 [warnings] 中 tenfold 应大于 1，revision 不能为负数")
    return config


def with_weights(config: Config, weights: dict[str, float] | None) -> Config:
    """A copy of `config` with the weights given (by indicator) in place of the file's; an indicator not given keeps
    its weight, one the file does not score is ignored; normalisation, targets and thresholds are kept."""
    if not weights:
        return config
    return replace(
        config,
        items=tuple(replace(i, weight=float(weights.get(i.indicator, i.weight))) for i in config.items),
    )


MAX_WEIGHT = 1000.0


def check_weights(config: Config, weights: dict[str, float]) -> dict[str, float]:
    """Weights for the file's indicators, checked: numbers from 0 to MAX_WEIGHT, at least one above 0, every
    indicator known to `config`. Returns them as floats; raises ConfigError in Chinese."""
    labels = {i.indicator: i.label for i in config.items}
    unknown = sorted(set(weights) - set(labels))
    if unknown:
        raise ConfigError(f"评价配置中没有指标 {'、'.join(unknown)}，不能为其设置权重。")
    out = {}
    for indicator, value in weights.items():
        number = value if isinstance(value, (int, float)) and not isinstance(value, bool) else math.nan
        if not 0 <= number <= MAX_WEIGHT:  # NaN fails too
            raise ConfigError(
                f"“{labels[indicator]}”的权重应为 0 至 {MAX_WEIGHT:g} 之间的数字，实为 {value!r}。"
            )
        out[indicator] = float(number)
    if with_weights(config, out).total_weight <= 0:
        raise ConfigError("至少要有一项权重大于 0，才能计算综合得分。")
    return out


_CHECK_FIELDS = {f.name: f for f in fields(Checks)}
MAX_CEILING = 1e13  # an amount's ceiling; beyond it a double no longer holds every cent of an amount


def _checks(raw) -> Checks:
    """[checks], every value validated: positive finite ceilings, real dates, the earliest before the latest."""
    if not isinstance(raw, dict):
        raise ConfigError("评价配置中的 [checks] 应为一节设置，如 max_amount_cny = 100000000")
    unknown = sorted(set(raw) - set(_CHECK_FIELDS))
    if unknown:
        raise ConfigError(
            f"评价配置 [checks] 中的 {'、'.join(unknown)} 不是可用的设置；可用的有：{'、'.join(_CHECK_FIELDS)}"
        )
    values = {}
    for key, value in raw.items():
        if key.startswith("max_amount"):
            number = value if isinstance(value, (int, float)) and not isinstance(value, bool) else math.nan
            if not 0 < number <= MAX_CEILING:  # NaN fails too
                raise ConfigError(
                    f"评价配置 [checks] 中 {key} 应为大于 0、不超过 {MAX_CEILING:,.0f} 的数字，实为 {value!r}"
                )
            values[key] = float(number)
        else:
            values[key] = _date(key, value)
    checks = Checks(**values)
    if checks.earliest_date >= checks.latest_date:
        raise ConfigError(
            f"评价配置 [checks] 中 earliest_date（{checks.earliest_date}）应早于 latest_date（{checks.latest_date}）"
        )
    return checks


def _date(key: str, value) -> date:
    """A TOML date (2000-01-01) or the same written as a string ("2000-01-01")."""
    if isinstance(value, date) and not hasattr(value, "hour"):
        return value
    if isinstance(value, str):
        try:
            return date.fromisoformat(value.strip())
        except ValueError:
            pass
    raise ConfigError(f"评价配置 [checks] 中 {key} 应为日期，如 2000-01-01，实为 {value!r}")
