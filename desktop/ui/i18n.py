"""UI text in simplified Chinese, or traditional on request (`ogi --traditional-ui`).

Every user-visible string in desktop.ui goes through `t()`. Strings are written in simplified Chinese in
the code; in traditional mode OpenCC converts them once and the result is cached.
"""

from __future__ import annotations

from functools import lru_cache

_traditional = False


def set_traditional(enabled: bool) -> None:
    global _traditional
    _traditional = enabled
    _convert.cache_clear()


def is_traditional() -> bool:
    return _traditional


@lru_cache(maxsize=4096)
def _convert(text: str) -> str:
    from desktop.domain.chinese import to_traditional

    return to_traditional(text)


def t(text: str) -> str:
    """The UI form of a simplified-Chinese string."""
    return _convert(text) if _traditional else text
