"""Simplified ⇄ traditional Chinese through OpenCC, so search, import and export work in either script.

Converters are built on first use (about 2 ms each) and then shared. `s2tw` gives the common
traditional forms (為, not OpenCC's standard 爲) without Taiwan vocabulary substitution, so verbatim
labels stay verbatim (政府信息公開, not 政府資訊公開).
"""

from __future__ import annotations

from functools import lru_cache
from typing import Any


@lru_cache(maxsize=4)
def _converter(config: str) -> Any:  # opencc ships no types
    import opencc  # lazy: keeps start-up light

    return opencc.OpenCC(config)


def to_simplified(text: str) -> str:
    return _converter("t2s").convert(text) if text else text


def to_traditional(text: str) -> str:
    return _converter("s2tw").convert(text) if text else text


def normalise_for_search(text: str) -> str:
    """The form text is indexed and searched in: simplified, case-folded, spaces collapsed."""
    return " ".join(to_simplified(text).casefold().split())
