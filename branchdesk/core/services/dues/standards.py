"""团费 standards: where a branch's records start, the salaried formula, the categories table,
and each member's category history."""

from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING

from sqlalchemy import func, insert, select
from sqlalchemy.orm import Session

from branchdesk.core.db.models import (
    Branch,
    DuesPayment,
    DuesSetting,
    DuesStandard,
    Member,
    MemberDuesCategory,
)
from branchdesk.core.errors import UserError
from branchdesk.core.rules import dues_import
from branchdesk.core.rules import dues_standards as rules
from branchdesk.core.rules.dues_standards import Category, Kind, Month, SalaryFormula
from branchdesk.core.rules.vocab import PARTY_STATUSES, SCHOOL_BRANCH_KIND

if TYPE_CHECKING:
    from branchdesk.core.services.roster_import import ImportPreview


@dataclass(frozen=True)
class CategoryEntry:
    id: int
    category: str
    monthly_income_fen: int | None
    effective_from: Month
    note: str


# -- settings -------------------------------------------------------------------------------
def dues_setting(session: Session, branch_id: int, today: date | None = None) -> DuesSetting:
    """The branch's stored setting, or (not yet stored) the defaults: the records start (建账)
    in the month of the first payment, else this month — not in January, which would show
    every member months in arrears on the first day."""
    setting = session.scalar(select(DuesSetting).where(DuesSetting.branch_id == branch_id))
    if setting is not None:
        return setting
    first_paid = session.scalar(
        select(func.min(DuesPayment.first_month)).where(DuesPayment.branch_id == branch_id)
    )
    start = Month.of(first_paid or today or date.today()).first_day
    return DuesSetting(
        branch_id=branch_id, records_from=start, **formula_fields(rules.DEFAULT_FORMULA)
    )


def start_dues(session: Session, branch_id: int, today: date | None = None) -> Month:
    """The branch starts keeping dues here (an import, a first payment or category): store the
    default setting, so the 建账 month stays where it was that day. Returns the 建账 month."""
    setting = dues_setting(session, branch_id, today)
    if setting.id is None:
        session.add(setting)
        session.flush()
    return Month.of(setting.records_from)


def formula_fields(formula: SalaryFormula) -> dict[str, int]:
    return {
        "threshold_fen": formula.threshold_fen,
        "low_fen": formula.low_fen,
        "per_mille": formula.per_mille,
        "cap_fen": formula.cap_fen,
    }


def formula_of(setting: DuesSetting) -> SalaryFormula:
    return SalaryFormula(setting.threshold_fen, setting.low_fen, setting.per_mille, setting.cap_fen)


def branch_categories(session: Session, branch_id: int) -> list[Category]:
    rows = session.scalars(
        select(DuesStandard)
        .where(DuesStandard.branch_id == branch_id)
        .order_by(DuesStandard.sort_order, DuesStandard.id)
    ).all()
    if not rows:
        return list(rules.DEFAULT_CATEGORIES)
    return [Category(r.category, r.kind, r.fen_per_month, r.note) for r in rows]


def list_standards(session: Session, branch_id: int) -> list[Category]:
    """The branch's standards table (the 中青发〔2016〕13号 defaults until it is edited)."""
    return branch_categories(session, branch_id)


def load_formula(session: Session, branch_id: int) -> SalaryFormula:
    return formula_of(dues_setting(session, branch_id))


def records_from(session: Session, branch_id: int) -> Month:
    return Month.of(dues_setting(session, branch_id).records_from)


def setup_dues(
    session: Session,
    branch_id: int,
    start: Month,
    formula: SalaryFormula | None = None,
) -> None:
    """Set where the dues records start (and the formula); seeds the default standards."""
    if (
        formula is not None
        and min(formula.threshold_fen, formula.low_fen, formula.cap_fen, formula.per_mille) < 0
    ):
        raise UserError("按收入计算的金额不能为负数。")
    setting = dues_setting(session, branch_id)
    setting.records_from = start.first_day
    for name, value in formula_fields(formula or formula_of(setting)).items():
        setattr(setting, name, value)
    session.add(setting)
    if not session.scalar(select(DuesStandard.id).where(DuesStandard.branch_id == branch_id)):
        save_standards(session, branch_id, list(rules.DEFAULT_CATEGORIES))
    session.flush()


def save_dues_settings(
    session: Session,
    branch_id: int,
    categories: list[Category],
    start: Month,
    formula: SalaryFormula,
) -> None:
    """The 标准 tab's 保存: the categories table, the formula and the 建账 month, together."""
    save_standards(session, branch_id, categories)
    setup_dues(session, branch_id, start, formula)


def save_standards(session: Session, branch_id: int, categories: list[Category]) -> None:
    """Replace the branch's standards table."""
    names = [c.name.strip() for c in categories]
    if any(not n for n in names):
        raise UserError("团费类别名称不能为空。")
    if len(set(names)) != len(names):
        raise UserError("团费类别名称不能重复。")
    for c in categories:
        if c.kind not in rules.KIND_LABELS:
            raise UserError(f"类别“{c.name}”的计算方式无效。")
        if c.fen_per_month < 0:
            raise UserError(f"类别“{c.name}”的标准不能为负数。")
    in_use = set(
        session.scalars(
            select(MemberDuesCategory.category)
            .join(Member, Member.id == MemberDuesCategory.member_id)
            .where(Member.branch_id == branch_id)
        )
    )
    missing = sorted(in_use - set(names))
    if missing:
        raise UserError(f"类别“{'、'.join(missing)}”已有团员使用，不能删除。")
    existing = {
        r.category: r
        for r in session.scalars(select(DuesStandard).where(DuesStandard.branch_id == branch_id))
    }
    for row in existing.values():
        if row.category not in names:
            session.delete(row)
    for order, c in enumerate(categories):
        row = existing.get(c.name.strip()) or DuesStandard(
            branch_id=branch_id, category=c.name.strip()
        )
        row.kind, row.fen_per_month, row.note, row.sort_order = (
            c.kind,
            c.fen_per_month,
            c.note,
            order,
        )
        session.add(row)
    session.flush()


# -- member categories ----------------------------------------------------------------------
def get_member(session: Session, member_id: int) -> Member:
    member = session.get(Member, member_id)
    if member is None:
        raise UserError("找不到这名团员，可能已被其他人修改。")
    return member


def set_member_category(
    session: Session,
    member_id: int,
    category: str,
    effective_from: Month,
    income_fen: int | None = None,
    note: str = "",
) -> None:
    """From `effective_from` on, the member pays as `category` (one entry per month)."""
    member = get_member(session, member_id)
    start_dues(session, member.branch_id)
    known = {c.name: c for c in branch_categories(session, member.branch_id)}
    if category not in known:
        raise UserError(f"没有“{category}”这个团费类别。")
    if income_fen is not None and income_fen < 0:
        raise UserError("月收入不能为负数。")
    entry = session.scalar(
        select(MemberDuesCategory).where(
            MemberDuesCategory.member_id == member_id,
            MemberDuesCategory.effective_from == effective_from.first_day,
        )
    ) or MemberDuesCategory(member_id=member_id, effective_from=effective_from.first_day)
    entry.category = category
    entry.monthly_income_fen = income_fen if known[category].kind == Kind.INCOME else None
    entry.note = note
    session.add(entry)
    session.flush()


def delete_category_entry(session: Session, entry_id: int) -> None:
    entry = session.get(MemberDuesCategory, entry_id)
    if entry is not None:
        session.delete(entry)
        session.flush()


def category_history(session: Session, member_id: int) -> list[CategoryEntry]:
    rows = session.scalars(
        select(MemberDuesCategory)
        .where(MemberDuesCategory.member_id == member_id)
        .order_by(MemberDuesCategory.effective_from)
    )
    return [
        CategoryEntry(r.id, r.category, r.monthly_income_fen, Month.of(r.effective_from), r.note)
        for r in rows
    ]


# -- day one: an import's categories, many members at once ----------------------------------
def categories_for_import(
    session: Session,
    branch_id: int,
    preview: "ImportPreview",
    chosen: str | None = None,
    today: date | None = None,
) -> int:
    """Give the members an import has just added their 团费 category from the 建账 month on:
    the category chosen for the whole import, else what the sheet's 职业 / 收入 columns say,
    else 学生 in a school branch (else the branch's default). Returns how many got one."""
    from branchdesk.core.io.roster_reader import normalize_header
    from branchdesk.core.services.roster_import import RowOutcome

    start = start_dues(session, branch_id, today)
    branch = session.get(Branch, branch_id)
    school = branch is not None and branch.kind == SCHOOL_BRANCH_KIND
    roles = {
        c.index: role
        for c in preview.sheet.columns
        if c.field is None and (role := dues_import.header_role(normalize_header(c.header)))
    }
    if not (chosen or roles or school):
        return 0  # nothing can name a category: the standards table need not be read
    known = {c.name: c for c in branch_categories(session, branch_id)}
    if chosen and chosen not in known:
        raise UserError(f"没有“{chosen}”这个团费类别。")
    if not (chosen or roles) and dues_import.STUDENT_CATEGORY not in known:
        return 0  # a school branch without 学生: every member keeps the branch's default
    by_id: dict[str, int] = {}
    by_name: dict[tuple[str, date | None], int] = {}
    for member_id, id_number, name, birth in session.execute(
        select(Member.id, Member.id_number, Member.name, Member.birth_date).where(
            Member.branch_id == branch_id
        )
    ):
        if id_number:
            by_id[id_number] = member_id
        by_name[(name, birth)] = member_id
    names = list(known)
    found_for: dict[tuple[str, str], tuple[str, int | None] | None] = {}
    rows = []
    for row in preview.rows:
        if row.outcome is not RowOutcome.NEW or row.record is None:
            continue
        if row.record.political_status in PARTY_STATUSES:
            continue  # 党员保留团籍: owes no League dues, whatever the import chose
        record = row.record
        mid = by_id.get(record.id_number) or by_name.get((record.name, record.birth_date))
        if mid is None:
            continue
        texts = {"occupation": "", "income": ""}
        for index, role in roles.items():
            cell = row.cells[index] if index < len(row.cells) else None
            if cell not in (None, "") and not texts[role]:
                texts[role] = str(cell)
        key = (texts["occupation"], texts["income"])
        if key not in found_for:  # the same few texts repeat down the sheet
            found_for[key] = dues_import.category_for(*key, school, names, chosen)
        found = found_for[key]
        if found is None:
            continue
        category, income = found
        rows.append(
            {
                "member_id": mid,
                "category": category,
                "monthly_income_fen": income if known[category].kind == Kind.INCOME else None,
                "effective_from": start.first_day,
                "note": "导入时确定",
            }
        )
    if rows:
        session.execute(insert(MemberDuesCategory), rows)
    return len(rows)


def set_category_for_members(
    session: Session,
    branch_id: int,
    member_ids: list[int],
    category: str,
    effective_from: Month,
    income_fen: int | None = None,
) -> int:
    """批量设置类别: the same category for many members from one month on."""
    if not member_ids:
        raise UserError("请至少选择一名团员。")
    found = set(
        session.scalars(
            select(Member.id).where(Member.branch_id == branch_id, Member.id.in_(member_ids))
        )
    )
    if found != set(member_ids):
        raise UserError("所选团员不属于这个团支部。")
    for member_id in member_ids:
        set_member_category(session, member_id, category, effective_from, income_fen)
    return len(member_ids)
