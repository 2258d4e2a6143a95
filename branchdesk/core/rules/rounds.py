"""团员教育评议 and 团籍注册: the 优秀 cap, proposals for 暂缓注册, who may be 予以注册."""

from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass

#: results good enough for 予以注册 (免评: Party members keeping 团籍)
REGISTRABLE = frozenset({"优秀", "合格", "基本合格", "免评"})
#: months of unpaid dues that lead to a 暂缓注册 proposal
ARREARS_MONTHS_FOR_DEFERRAL = 6


def excellent_share_warning(results: Iterable[str], cap_percent: float) -> str | None:
    """Warn when 优秀 exceeds `cap_percent` of those evaluated (免评 and blanks not counted)."""
    counts = Counter(results)
    evaluated = sum(n for r, n in counts.items() if r and r != "免评")
    excellent = counts.get("优秀", 0)
    if evaluated == 0 or excellent * 100 <= cap_percent * evaluated:
        return None
    share = excellent * 100 / evaluated
    return (
        f"优秀 {excellent} 人，占参评 {evaluated} 人的 {share:.0f}%，"
        f"超过了 {cap_percent:g}% 的比例上限。"
    )


def excellent_limit(evaluated: int, cap_percent: float) -> int:
    """The most members that may be rated 优秀 among `evaluated`."""
    return int(evaluated * cap_percent // 100)


@dataclass(frozen=True)
class Proposal:
    result: str  # "" = no proposal
    reason: str = ""


def registration_proposal(evaluation: str, arrears_months: int = 0) -> Proposal:
    """What the secretary is offered for a member (the secretary decides)."""
    if evaluation == "不合格":
        return Proposal("暂缓注册", "教育评议为不合格")
    if arrears_months >= ARREARS_MONTHS_FOR_DEFERRAL:
        return Proposal("暂缓注册", f"已连续 {arrears_months} 个月未交团费")
    if evaluation in REGISTRABLE:
        return Proposal("予以注册")
    return Proposal("")


def registration_warning(evaluation: str, registration: str) -> str | None:
    """Only 基本合格 or better may be 予以注册."""
    if registration != "予以注册" or evaluation in REGISTRABLE:
        return None
    if not evaluation:
        return "尚无教育评议结果，不宜予以注册"
    return f"教育评议为{evaluation}，不能予以注册"


def quorum_warning(expected: int, present: int, kind: str) -> str | None:
    """支部团员大会 needs more than half of those who should attend."""
    if kind != "支部团员大会" or expected == 0 or present * 2 > expected:
        return None
    return f"实到 {present} 人，未超过应到 {expected} 人的半数，会议决定可能无效。"
