"""The composite score's configuration in force: the configuration file (reference/evaluation.toml, or
PILOT_INDICATOR_CONFIG, or the file given) with the weights the office set on the 管理 page applied over its own."""

from __future__ import annotations

from pathlib import Path

from reference.evaluation import Config, load_config, with_weights
from warehouse import weights


def configured(wh, path: Path | str | None = None, *, file_weights: bool = False) -> Config:
    """The file's configuration with the office's weights (warehouse.weights) in place of its weights; with
    `file_weights`, the file's own weights as they are."""
    config = load_config(path)
    return config if file_weights else with_weights(config, weights.current(wh))
