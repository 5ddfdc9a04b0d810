"""The pilot round's catalog: regions, period, task areas, tasks, opening measures, categories."""

from .catalog import (
    Catalog,
    Country,
    OpeningMeasure,
    Region,
    ServiceCategory,
    Task,
    UnknownRegion,
    load_catalog,
)
from .periods import PeriodError, Quarter

__all__ = [
    "Catalog",
    "Country",
    "OpeningMeasure",
    "PeriodError",
    "Quarter",
    "Region",
    "ServiceCategory",
    "Task",
    "UnknownRegion",
    "load_catalog",
]
