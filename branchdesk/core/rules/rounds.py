"""团员教育评议 and 团籍注册: the 优秀 cap, proposals for 暂缓注册, who may be 予以注册, quorum,
and a summary that accounts for every member on the list."""

from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date

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


#: what a blank result is called in a round's summary
PENDING_LABELS = {"评议": "未评议", "注册": "未注册"}


def round_quorum_warning(round_kind: str, expected: int, present: int) -> str | None:
    """The 支部团员大会 that holds a round: 评议 needs two thirds of 应到 present (三分之二以上,
    the number itself included); 注册 and any other decision need more than half."""
    if expected == 0:
        return "召开评议的支部团员大会没有记录应到人员，无法确认到会人数。"
    if round_kind == "评议":
        if present * 3 >= expected * 2:
            return None
        return f"实到 {present} 人，不足应到 {expected} 人的三分之二，按规定不能进行团员教育评议。"
    return quorum_warning(expected, present, "支部团员大会")


def registration_reason_needed(evaluation: str, arrears_months: int, result: str) -> str | None:
    """予以注册 of a member graded 不合格 or 6+ months in arrears needs a written reason:
    returns what to warn about (None: no reason needed)."""
    if result != "予以注册":
        return None
    if evaluation == "不合格":
        return "教育评议为不合格"
    if arrears_months >= ARREARS_MONTHS_FOR_DEFERRAL:
        return f"已连续 {arrears_months} 个月未交团费"
    return None


def round_summary(
    round_kind: str, choices: Iterable[str], results: Iterable[str]
) -> list[tuple[str, int]]:
    """Every result with its count, then those without a result, so that the counts add up to
    everyone on the list (注册: 予以注册, 暂缓注册, 不予注册, 未注册)."""
    counts = Counter(results)
    summary = [(choice, counts.pop(choice, 0)) for choice in choices]
    summary.append((PENDING_LABELS.get(round_kind, "未填"), counts.pop("", 0)))
    summary += sorted(counts.items())  # results no longer offered still count
    return summary


def round_day_refusal(year: int, held_on: date) -> str | None:
    """A year's round is held in that year or early the next (before the end of March)."""
    if held_on < date(year, 1, 1):
        return f"{year}年度的评议、注册不能早于{year}年1月1日。"
    if held_on > date(year + 1, 3, 31):
        return f"{year}年度的评议、注册最迟应在{year + 1}年3月31日前进行。"
    return None


def approval_refusal(held_on: date | None, approved_on: date | None) -> str | None:
    """The committee above approves a round after it is held."""
    if approved_on is not None and held_on is not None and approved_on < held_on:
        return f"上级审批日期不能早于评议、注册日期（{held_on:%Y-%m-%d}）。"
    return None
