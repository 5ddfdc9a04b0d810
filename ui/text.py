"""Text a user sent (a file name, an item's title, a problem's message) shown as they wrote it: never read as
Markdown formatting or a link, and without the invisible characters that would reverse or hide part of it."""

from __future__ import annotations

import re

import pandas as pd

MARKDOWN = set("\\`*_{}[]()<>#+-.!|~$:")
# bidi embeddings, overrides, isolates and marks, and zero-width characters:
# "报表\u202Eslx.exe" must not read "报表exe.xls"
_INVISIBLE = re.compile("[\u200b-\u200f\u202a-\u202e\u2066-\u2069\ufeff]")


def clean(text) -> str:
    """The text without bidi controls and zero-width characters."""
    return _INVISIBLE.sub("", str(text))


def plain(text) -> str:
    """A user's text, safe inside Markdown (no character of it read as formatting); "—" when empty."""
    if text is None or (pd.api.types.is_scalar(text) and pd.isna(text)) or not str(text).strip():
        return "—"
    return "".join("\\" + ch if ch in MARKDOWN else ch for ch in clean(text))
