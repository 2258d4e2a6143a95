"""Small text helpers shared by services and io."""

from functools import lru_cache


@lru_cache(maxsize=65536)
def name_initials(name: str) -> str:
    """Pinyin initials of a Chinese name, lower-case: 张三丰 → 'zsf'. Loaded lazily (pypinyin is large)."""
    from pypinyin import Style, lazy_pinyin

    return "".join(
        p[0] for p in lazy_pinyin(name, style=Style.FIRST_LETTER, errors="ignore") if p
    ).lower()
