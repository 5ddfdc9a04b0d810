"""The composite score's indicators, weights and normalisation, and the warning and plausibility thresholds.

Settings as data (reference/evaluation.toml, or the file PILOT_INDICATOR_CONFIG names): the early warnings
and the loader's checks against history read the same thresholds.
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass
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
class Config:
    items: tuple[ScoreItem, ...]
    export_drop: float
    tenfold: float
    revision: float
    experience_quiet_quarters: int
    source: str

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
    try:
        config = Config(
            tuple(items),
            float(w.get("export_drop", -0.20)),
            float(w.get("tenfold", 10.0)),
            float(w.get("revision", 0.01)),
            int(w.get("experience_quiet_quarters", 2)),
            str(path),
        )
    except (TypeError, ValueError) as exc:
        raise ConfigError(f"评价配置 [warnings] 中的阈值应为数字：{exc}") from None
    if config.tenfold <= 1 or config.revision < 0:
        raise ConfigError("评价配置 [warnings] 中 tenfold 应大于 1，revision 不能为负数")
    return config
