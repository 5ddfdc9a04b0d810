"""Every setting of the platform, read from `PILOT_*` environment variables: name, default, help.

The README's Configuration section lists the same names (a test checks it). Values are read when
asked for, so a changed environment (a test, a restarted server) takes effect without a reload.
A malformed value falls back to the default rather than stopping the platform.
"""

from __future__ import annotations

import math
import os
from dataclasses import dataclass
from pathlib import Path
from typing import Callable

PROJECT_ROOT = Path(__file__).resolve().parent.parent


@dataclass(frozen=True)
class Setting:
    name: str
    default: object
    help: str
    parse: Callable[[str], object] = str

    def value(self):
        raw = os.environ.get(self.name, "").strip()
        if not raw:
            return self.default
        try:
            return self.parse(raw)
        except (TypeError, ValueError):
            return self.default


def _positive(text: str) -> float:
    number = float(text)
    if not math.isfinite(number) or number <= 0:
        raise ValueError(text)
    return number


def _path(text: str) -> Path:
    return Path(text).expanduser()


SETTINGS: tuple[Setting, ...] = (
    Setting("PILOT_WAREHOUSE", PROJECT_ROOT / "warehouse.duckdb", "the DuckDB file of the warehouse", _path),
    Setting(
        "PILOT_ARCHIVE",
        None,
        "where received files are kept (default: <warehouse>_archive/ beside the warehouse)",
        _path,
    ),
    Setting(
        "PILOT_LOCK_WAIT",
        120.0,
        "seconds a process waits for another one to let go of the warehouse file",
        _positive,
    ),
    Setting("PILOT_MAX_UPLOAD_MB", 20.0, "the largest workbook accepted, in MB", _positive),
    Setting(
        "PILOT_INDICATOR_CONFIG",
        None,
        "the composite-score and warning configuration (TOML; default reference/evaluation.toml)",
        _path,
    ),
    Setting(
        "PILOT_CHROMIUM",
        None,
        "the Chromium that draws exported charts (default: chromium on PATH, else /usr/bin/chromium and the like)",
        _path,
    ),
    Setting(
        "PILOT_EXPORT_TIMEOUT",
        30.0,
        "seconds one chart image may take before its Chromium is thrown away (its start may take twice that)",
        _positive,
    ),
    Setting(
        "PILOT_ENV",
        "development",
        "production refuses to start with demo accounts or without a credentials file; development makes demo ones",
        lambda text: {"production": "production", "development": "development"}[text.lower()],
    ),
    Setting(
        "PILOT_CREDENTIALS",
        None,
        "the accounts file (JSON, password hashes only; default: accounts.json beside the warehouse)",
        _path,
    ),
    Setting(
        "PILOT_SESSION_IDLE_MINUTES",
        30.0,
        "minutes of inactivity after which a signed-in session ends",
        _positive,
    ),
    Setting(
        "PILOT_LOGIN_LIMIT",
        5.0,
        "failed sign-ins per account, and per address, before further tries wait",
        _positive,
    ),
    Setting("PILOT_LOGIN_WINDOW_MINUTES", 15.0, "the window the sign-in limit counts failures in", _positive),
    Setting(
        "PILOT_TRUSTED_PROXY",
        False,
        "behind a reverse proxy: take the client's address from its X-Forwarded-For (else the header is ignored)",
        lambda text: {"1": True, "true": True, "yes": True, "0": False, "false": False, "no": False}[
            text.lower()
        ],
    ),
    Setting(
        "PILOT_PASSWORD",
        None,
        "the password of the --user account for a command that writes (else asked for on the terminal; never logged)",
    ),
    Setting(
        "PILOT_NEW_PASSWORD",
        None,
        "the password `python -m warehouse accounts add|reset` gives the account (else a random one, shown once)",
    ),
)
SETTINGS_BY_NAME = {s.name: s for s in SETTINGS}


def get(name: str):
    """The current value of a setting (its default when unset or malformed)."""
    return SETTINGS_BY_NAME[name].value()


def warehouse_path() -> Path:
    return get("PILOT_WAREHOUSE")


def archive_dir(warehouse: Path) -> Path:
    """PILOT_ARCHIVE, else `<warehouse name>_archive/` beside the warehouse file."""
    return get("PILOT_ARCHIVE") or warehouse.with_name(warehouse.stem + "_archive")


def credentials_path() -> Path:
    """PILOT_CREDENTIALS, else accounts.json beside the warehouse (never inside the repository's tracked files)."""
    return get("PILOT_CREDENTIALS") or warehouse_path().with_name("accounts.json")


def production() -> bool:
    return get("PILOT_ENV") == "production"


def max_upload_bytes() -> int:
    return int(get("PILOT_MAX_UPLOAD_MB") * 1024 * 1024)
