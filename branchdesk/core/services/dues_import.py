"""Importing an old 团费收缴登记表 into the dues records: preview every row, then write.

    with db.transaction() as s:
        preview = preview_dues_import(s, "团费登记表.xlsx", branch_id)   # nothing written
        report = import_dues(s, "团费登记表.xlsx", branch_id)              # one transaction

Each row is one payment: the payer (by ID number, else by name within the branch), the months
it pays for, the amount, the date and the collector. A row is rejected, with its sheet row and a
Chinese reason, when it cannot be recorded (unknown payer, months off the roster, months already
paid by another row); a payment already recorded (the same book imported again) is unchanged;
what is doubtful but recordable (an amount that differs from the standard, no date) is recorded
with a notice. The payments are written through `dues.record_payments`, all in the caller's
transaction, each with its receipt number.
"""

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date
from enum import StrEnum
from pathlib import Path

from sqlalchemy import select
from sqlalchemy.orm import Session

from branchdesk.core.db.models import Member
from branchdesk.core.io.dues_book_reader import DuesBookSheet, DuesRow, read_dues_book
from branchdesk.core.rules import dues_standards as rules
from branchdesk.core.rules.dues_months import State
from branchdesk.core.rules.dues_standards import Month, month_range, yuan
from branchdesk.core.services import dues

IMPORT_REASON = "导入旧团费登记表，金额按登记表"


class DuesOutcome(StrEnum):
    NEW = "新增"
    UNCHANGED = "已登记"
    REJECTED = "有问题"


@dataclass
class DuesPreviewRow:
    row: int
    outcome: DuesOutcome
    name: str
    months_label: str = ""
    amount_fen: int | None = None
    reason: str = ""
    notices: list[str] = field(default_factory=list)
    entry: dues.PaymentEntry | None = None


@dataclass
class DuesImportPreview:
    sheet: DuesBookSheet
    branch_id: int
    rows: list[DuesPreviewRow]

    def count(self, outcome: DuesOutcome) -> int:
        return sum(1 for r in self.rows if r.outcome is outcome)

    @property
    def rejected(self) -> list[tuple[int, str]]:
        return [(r.row, r.reason) for r in self.rows if r.outcome is DuesOutcome.REJECTED]

    @property
    def notices(self) -> list[tuple[int, str]]:
        return [(r.row, n) for r in self.rows for n in r.notices]

    @property
    def new_entries(self) -> list[dues.PaymentEntry]:
        """The payments to record (a NEW row always has its entry)."""
        return [r.entry for r in self.rows if r.outcome is DuesOutcome.NEW and r.entry]

    @property
    def new_fen(self) -> int:
        return sum(e.amount_fen or 0 for e in self.new_entries)


@dataclass
class DuesImportReport:
    new: int
    unchanged: int
    rejected: list[tuple[int, str]]
    notices: list[tuple[int, str]]
    amount_fen: int  # of the new payments
    sheet_name: str = ""
    dry_run: bool = False
    receipts: list[str] = field(default_factory=list)

    def to_json(self) -> dict:
        return {
            "new": self.new,
            "unchanged": self.unchanged,
            "rejected": [{"row": row, "reason": reason} for row, reason in self.rejected],
            "notices": [{"row": row, "message": message} for row, message in self.notices],
            "amount": yuan(self.amount_fen),
        }

    def summary(self) -> str:
        return (
            f"新增缴费记录 {self.new} 条（共 {yuan(self.amount_fen)} 元），"
            f"已登记过 {self.unchanged} 条，有问题 {len(self.rejected)} 行。"
        )


def preview_dues_import(
    session: Session,
    path: str | Path,
    branch_id: int,
    sheet: str | None = None,
    today: date | None = None,
) -> DuesImportPreview:
    """Read the book and classify every row; writes nothing."""
    book_sheet = read_dues_book(path, sheet)
    return _Classifier(session, branch_id, today or date.today()).preview(book_sheet)


def import_dues(
    session: Session,
    path: str | Path,
    branch_id: int,
    sheet: str | None = None,
    dry_run: bool = False,
    today: date | None = None,
) -> DuesImportReport:
    """Import a dues book into the branch's records, in the caller's transaction."""
    preview = preview_dues_import(session, path, branch_id, sheet, today)
    return apply_dues_preview(session, preview, dry_run)


def apply_dues_preview(
    session: Session, preview: DuesImportPreview, dry_run: bool = False
) -> DuesImportReport:
    new = preview.new_entries
    report = DuesImportReport(
        new=len(new),
        unchanged=preview.count(DuesOutcome.UNCHANGED),
        rejected=preview.rejected,
        notices=preview.notices,
        amount_fen=preview.new_fen,
        sheet_name=preview.sheet.sheet_name,
        dry_run=dry_run,
    )
    if new and not dry_run:
        # a book records payments already made: paying ahead was agreed then
        added = dues.record_payments(session, preview.branch_id, new, confirm=True)
        report.receipts = [p.receipt_no for p in added]
    return report


def report_lines(report: DuesImportReport) -> list[str]:
    lines = [f"工作表“{report.sheet_name}”：", report.summary()]
    if report.rejected:
        lines.append("以下各行有问题，未导入：")
        lines += [f"  第{row}行：{reason}" for row, reason in report.rejected]
    if report.notices:
        lines.append("提示：")
        lines += [f"  第{row}行：{notice}" for row, notice in report.notices]
    if report.receipts:
        lines.append(f"收据编号：{report.receipts[0]} 至 {report.receipts[-1]}")
    if report.dry_run:
        lines.append("试运行：没有写入数据库。")
    return lines


class _Classifier:
    def __init__(self, session: Session, branch_id: int, today: date):
        self.book = dues.load_book(session, branch_id)
        self.branch_id = branch_id
        self.today = today
        self.by_id: dict[str, int] = {}
        self.by_name: dict[str, list[int]] = defaultdict(list)
        query = select(Member.id, Member.name, Member.id_number).where(
            Member.branch_id == branch_id
        )
        for member_id, name, id_number in session.execute(query):
            if id_number:
                self.by_id[id_number] = member_id
            self.by_name[name].append(member_id)
        self.taken: dict[int, dict[Month, int]] = defaultdict(dict)  # member → month → sheet row

    def preview(self, sheet: DuesBookSheet) -> DuesImportPreview:
        return DuesImportPreview(sheet, self.branch_id, [self.classify(r) for r in sheet.rows])

    def classify(self, row: DuesRow) -> DuesPreviewRow:
        result = DuesPreviewRow(row.row, DuesOutcome.REJECTED, row.name, amount_fen=row.amount_fen)
        if row.months:
            result.months_label = rules.range_label(*row.months)
        problems = list(row.problems)
        member_id = self._payer(row, problems)
        if problems or member_id is None or row.months is None:
            result.reason = "；".join(problems)
            return result
        first, last = row.months
        if last - first >= 24:
            result.reason = "一行最多登记24个月的团费"
            return result
        span = month_range(first, last)
        cells = self.book.cells(member_id, span, last, records=False)
        name = self.book.members[member_id][0]
        result.name = name
        earlier = [self.taken[member_id][m] for m in span if m in self.taken[member_id]]
        if earlier:
            result.reason = f"与第{earlier[0]}行的所缴月份重复"
            return result
        paid = [c for c in cells if c.state == State.PAID]
        if paid and len(paid) == len(cells):
            result.outcome = DuesOutcome.UNCHANGED  # recorded before (the book imported again)
            return result
        off = [m for m, c in zip(span, cells, strict=True) if c.state == State.NOT_MEMBER]
        if off:
            result.reason = f"{name}在{off[0].label}不在册"
            return result
        if paid:
            result.reason = f"{name}的部分月份已登记过（收据{paid[0].note}）"
            return result
        proposed = sum(c.owed_fen for c in cells)
        amount = row.amount_fen
        if amount is None:
            amount = proposed
            result.notices.append(f"缺少金额，按标准记为{yuan(proposed)}元")
        if amount <= 0:
            result.reason = "金额为0（免缴的月份请在团费页登记免缴）"
            return result
        reason = ""
        if amount != proposed:
            reason = IMPORT_REASON
            result.notices.append(f"金额{yuan(amount)}元与标准{yuan(proposed)}元不同，按登记表记录")
        paid_on = row.paid_on
        if paid_on is None:
            paid_on = first.first_day
            result.notices.append(f"缺少缴费日期，按{first.label}1日记录")
        if paid_on > self.today:
            result.reason = "缴费日期晚于今天"
            return result
        method = row.method if row.method in rules.METHODS else "现金"
        if row.method and row.method not in rules.METHODS:
            result.notices.append(f"缴费方式“{row.method}”记为“其他”")
            method = "其他"
        result.amount_fen = amount
        result.entry = dues.PaymentEntry(
            member_id, first, last, paid_on, row.collector, method, amount, reason
        )
        for month in span:
            self.taken[member_id][month] = row.row
        result.outcome = DuesOutcome.NEW
        return result

    def _payer(self, row: DuesRow, problems: list[str]) -> int | None:
        if row.id_number and "*" not in row.id_number:
            member_id = self.by_id.get(row.id_number)
            if member_id is None:
                problems.append(f"花名册中没有身份证号为{row.id_number}的团员（请先导入花名册）")
            return member_id
        if not row.name:
            problems.append("缺少姓名")
            return None
        found = self.by_name.get(row.name, [])
        if not found:
            problems.append(f"花名册中没有“{row.name}”（请先导入花名册）")
            return None
        if len(found) > 1:
            problems.append(f"本团支部有{len(found)}名团员叫“{row.name}”，请加上身份证号列")
            return None
        return found[0]
