"""Text rules shared by every layer: full-width folding and the identity of an experience item."""

from __future__ import annotations

import re

# 全角 ASCII (U+FF01–U+FF5E) to its half-width twin, and the ideographic space to a space
_WIDTH = {0xFF01 + i: 0x21 + i for i in range(0x5E)} | {0x3000: 0x20}
_PUNCT = re.compile(r"[\s\W_]+", re.UNICODE)


def fold_width(text: str) -> str:
    """Full-width letters, digits and signs as their half-width forms (２０１９Ｑ４ → 2019Q4)."""
    return text.translate(_WIDTH)


def normalise_title(title: str | None) -> str:
    """The identity of an experience item: full-width folded, lower case, spaces and punctuation removed."""
    return _PUNCT.sub("", fold_width(title or "")).lower()
