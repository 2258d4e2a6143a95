"""What the 团费 page and its dialogs show, each read as one service (the UI composes none)."""

from dataclasses import dataclass
from datetime import date

from sqlalchemy.orm import Session

from branchdesk.core.rules.dues_standards import Category, Month, SalaryFormula
from branchdesk.core.services.members import id_numbers

from .book import MemberChoice, members_for_dues
from .grid import YearView, year_view
from .standards import dues_setting, formula_of, list_standards


@dataclass(frozen=True)
class DuesChoices:
    """Whom and what the 团费 dialogs offer: the year's members (their ID numbers too, so a
    search finds them by ID digits) and the branch's categories."""

    members: list[MemberChoice]
    id_numbers: dict[int, str]
    standards: list[Category]


@dataclass(frozen=True)
class DuesPageView:
    """The whole 团费 page for a year: grid, arrears, ledger, standards and the choices."""

    year: YearView
    choices: DuesChoices
    formula: SalaryFormula
    records_from: Month


def dues_choices(session: Session, branch_id: int, year: int) -> DuesChoices:
    numbers = id_numbers(session, branch_id)
    return DuesChoices(
        members_for_dues(session, branch_id, year), numbers, list_standards(session, branch_id)
    )


def page_view(
    session: Session, branch_id: int, year: int, today: date | None = None
) -> DuesPageView:
    """Everything the 团费 page shows for `year` (arrears as of `today`), in one read."""
    setting = dues_setting(session, branch_id)
    return DuesPageView(
        year=year_view(session, branch_id, year, today),
        choices=dues_choices(session, branch_id, year),
        formula=formula_of(setting),
        records_from=Month.of(setting.records_from),
    )
