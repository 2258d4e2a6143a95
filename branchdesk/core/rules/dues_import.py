"""Which 团费 category an imported member starts with: from the sheet's 职业 / 收入 columns,
a school branch (学生), or one category chosen for the whole import."""

from collections.abc import Sequence

from .dues_standards import SALARIED_CATEGORY, parse_yuan

#: headers of sheet columns the roster does not keep but that tell the dues category
OCCUPATION_HEADERS = ("职业", "人员类别", "身份类别", "就业状态", "就业情况")
INCOME_HEADERS = ("收入", "工资")

#: words in a 职业 cell → category (first match wins); any other occupation is salaried
OCCUPATION_WORDS: tuple[tuple[tuple[str, ...], str], ...] = (
    (("低保", "救济", "特困"), "低保/救济"),
    (("失业", "待业", "无业", "无工作"), "失业"),
    (("务农", "农民", "种植", "养殖"), "务农"),
    (("学生", "在校", "在读", "研究生", "本科生", "专科生"), "学生"),
    (("个体", "自由职业", "年薪"), "年薪制/个体"),
)
STUDENT_CATEGORY = "学生"


def header_role(header: str) -> str | None:
    """'occupation', 'income' or None for a column header."""
    if any(word in header for word in INCOME_HEADERS):
        return "income"
    if any(word in header for word in OCCUPATION_HEADERS):
        return "occupation"
    return None


def parse_income(text: str) -> int | None:
    """'5200', '5,200.00元', '5200元/月' → fen; None when it is not an amount."""
    text = str(text).strip().replace("/月", "").replace("每月", "")
    try:
        fen = parse_yuan(text)
    except ValueError:
        return None
    return fen if fen >= 0 else None


def category_for(
    occupation: str,
    income: str,
    school_branch: bool,
    known: Sequence[str],
    chosen: str | None = None,
) -> tuple[str, int | None] | None:
    """(category, monthly income in fen or None) for one imported member, or None to leave
    the branch's default. A category chosen for the import wins; then the sheet's 职业 (or an
    income alone: salaried); then a school branch's members are students."""
    income_fen = parse_income(income) if income else None
    if chosen:
        return chosen, income_fen
    occupation = occupation.strip()
    if occupation:
        for words, category in OCCUPATION_WORDS:
            if category in known and any(w in occupation for w in words):
                return category, income_fen
        return SALARIED_CATEGORY, income_fen
    if income_fen is not None:
        return SALARIED_CATEGORY, income_fen
    if school_branch and STUDENT_CATEGORY in known:
        return STUDENT_CATEGORY, None
    return None
