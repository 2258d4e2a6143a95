"""Meaningful Chinese file names for the PDFs the app proposes to save.

`团费收据_张三_2026年11月.pdf`, `介绍信_张三_2026-11-30.pdf`, `团支部工作手册_2026年度.pdf`: the name
says what is inside, so a secretary finds it again in the Documents folder.
"""

import re
from collections.abc import Sequence
from datetime import date
from typing import TYPE_CHECKING, Protocol

if TYPE_CHECKING:
    from branchdesk.core.services.dues import PaymentInfo


class _Letter(Protocol):
    """A letter as the register (TransferRow) or the printout (LetterData) has it."""

    name: str
    issued_on: date


#: characters Windows does not allow in a file name (and control characters)
_UNSAFE = re.compile(r'[\\/:*?"<>|\x00-\x1f]+')
MAX_STEM = 80


def safe_file_name(stem: str, suffix: str = ".pdf") -> str:
    """`stem` made safe as a file name on Windows, macOS and Linux, with `suffix`."""
    cleaned = _UNSAFE.sub("_", stem).strip().strip(".") or "未命名"
    return cleaned[:MAX_STEM] + suffix


def _names(names: Sequence[str]) -> str:
    unique = list(dict.fromkeys(names))
    if len(unique) <= 2:
        return "、".join(unique)
    return f"{unique[0]}等{len(unique)}人"


def receipts_file_name(receipts: Sequence["PaymentInfo"]) -> str:
    """One member: 团费收据_张三_2026年3月—6月; several: 团费收据_张三等12人_2026-0003至2026-0014."""
    if not receipts:
        return safe_file_name("团费收据")
    people = _names([r.member_name for r in receipts])
    if len(receipts) == 1:
        return safe_file_name(f"团费收据_{people}_{receipts[0].months_label}")
    numbers = sorted(r.receipt_no for r in receipts)
    return safe_file_name(f"团费收据_{people}_{numbers[0]}至{numbers[-1]}")


def letters_file_name(letters: Sequence[_Letter]) -> str:
    """介绍信_张三_2026-11-30; several: 介绍信_张三等3人_2026-11-30 (or the first and last day)."""
    if not letters:
        return safe_file_name("介绍信")
    people = _names([letter.name for letter in letters])
    days = sorted({letter.issued_on for letter in letters})
    when = _day(days[0]) if len(days) == 1 else f"{_day(days[0])}至{_day(days[-1])}"
    return safe_file_name(f"介绍信_{people}_{when}")


def handbook_file_name(year: int) -> str:
    return safe_file_name(f"团支部工作手册_{year}年度")


def blank_forms_file_name() -> str:
    return safe_file_name("空白登记表")


def _day(value: date) -> str:
    return value.isoformat()
