"""Text rules shared by every layer: full-width folding, the identity of an experience item, a text shortened."""

from __future__ import annotations

import re

# 全角 ASCII (U+FF01–U+FF5E) to its half-width twin, and the ideographic space to a space
_WIDTH = {0xFF01 + i: 0x21 + i for i in range(0x5E)} | {0x3000: 0x20}
_PUNCT = re.compile(r"[\s\W_]+", re.UNICODE)


def fold_width(text: str) -> str:
    """Full-width letters, digits and signs as their half-width forms (２０１９Ｑ４ → 2019Q4)."""
    return text.translate(_WIDTH)


def shorten(text: str, width: int = 24) -> str:
    """The first `width` characters of a text on one line, with … when cut."""
    flat = " ".join(str(text).split())
    return flat if len(flat) <= width else flat[: width - 1] + "…"


def normalise_title(title: str | None) -> str:
    r"""The identity of an experience item (经验案例): one region's two items with equal keys are one item.

    In this order:
    1. full-width folding: the full-width forms U+FF01–U+FF5E (！…～, so Ａ–Ｚ, ａ–ｚ, ０–９, ＋, （） and the like)
       become their ASCII twins U+0021–U+007E, and the ideographic space U+3000 a space; nothing else is folded
       (no NFKC: the half-width ｶ or the ligature ﬁ are kept as they are);
    2. every run of characters that are not letters or digits in Unicode's sense is removed: spaces of every kind,
       punctuation (ASCII and Chinese: “” 《》 、 · — …), symbols (+ ￥ ℃, emoji), the underscore, and combining
       marks; letters and digits of every script stay, Chinese characters and ① Ⅲ ² included (the regular
       expression `[\s\W_]+` of Python's `re`, for which a word character is one that str.isalnum() accepts);
    3. lower case (str.lower()).

    So "“网展贸”服务新模式" and ' "网展贸" 服务新模式 ' are both 网展贸服务新模式, "ＡＢＣ案例" is abc案例, "A-B案例"
    and "A_B案例" are ab案例, "第３期　试点" is 第3期试点, and "C++案例" is c案例, the same item as "C案例".
    """
    return _PUNCT.sub("", fold_width(title or "")).lower()
