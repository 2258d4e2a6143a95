"""团费, split by what a secretary does:

- `standards`: where the records start, the formula, the categories table, members' categories;
- `payment`: what is owed, recording (one, many, a batch), voiding, 团费交至, exemptions;
- `grid`: the member × month grid, arrears and the year view, in one pass over the branch;
- `ledger`: 上缴 and the year's ledger with its running balance;
- `view`: what the 团费 page and its dialogs read, one service each.

`book` loads everything those computations need at once; the month-by-month rule itself is
`core.rules.dues_months`. Every screen total, Excel total and receipt comes from here, so they
agree to the fen.
"""

from importlib import import_module
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # the names, for type checkers; at run time each loads with its module
    from branchdesk.core.rules.dues_months import STATE_LABELS, Cell, PaidUpTo, State
    from branchdesk.core.rules.dues_standards import receipt_number

    from .book import Book, MemberChoice, load_book, members_for_dues
    from .grid import (
        ArrearsRow,
        DuesGrid,
        GridRow,
        YearView,
        arrears,
        dues_alerts,
        dues_grid,
        members_in_arrears,
        year_view,
    )
    from .ledger import Ledger, LedgerRow, handover_ledger, record_handover
    from .payment import (
        PaymentEntry,
        PaymentInfo,
        Proposal,
        add_exemption,
        delete_exemption,
        find_payment,
        owed_fen,
        paid_through,
        paid_up_to,
        paid_up_to_many,
        payments,
        propose_amount,
        propose_batch,
        record_batch,
        record_payment,
        record_payments,
        void_payment,
    )
    from .standards import (
        CategoryEntry,
        categories_for_import,
        category_history,
        delete_category_entry,
        list_standards,
        load_formula,
        records_from,
        save_dues_settings,
        save_standards,
        set_category_for_members,
        set_member_category,
        setup_dues,
        start_dues,
    )
    from .view import DuesChoices, DuesPageView, dues_choices, page_view

#: each name → the module that defines it, loaded when the name is first used: the roster import
#: needs `standards` alone (categories_for_import), not the grid, book, payments and the page's
#: view, which the command line's `import` would otherwise load for nothing
_MODULES: dict[str, str] = {
    name: module
    for module, names in {
        "branchdesk.core.rules.dues_months": "STATE_LABELS Cell PaidUpTo State",
        "branchdesk.core.rules.dues_standards": "receipt_number",
        ".book": "Book MemberChoice load_book members_for_dues",
        ".grid": "ArrearsRow DuesGrid GridRow YearView arrears dues_alerts dues_grid "
        "members_in_arrears year_view",
        ".ledger": "Ledger LedgerRow handover_ledger record_handover",
        ".payment": "PaymentEntry PaymentInfo Proposal add_exemption delete_exemption "
        "find_payment owed_fen paid_through paid_up_to paid_up_to_many payments propose_amount "
        "propose_batch record_batch record_payment record_payments void_payment",
        ".standards": "CategoryEntry categories_for_import category_history "
        "delete_category_entry list_standards load_formula records_from save_dues_settings "
        "save_standards set_category_for_members set_member_category setup_dues start_dues",
        ".view": "DuesChoices DuesPageView dues_choices page_view",
    }.items()
    for name in names.split()
}


def __getattr__(name: str):
    module = _MODULES.get(name)
    if module is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    value = getattr(import_module(module, __name__), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted({*globals(), *_MODULES})


__all__ = [
    "STATE_LABELS",
    "ArrearsRow",
    "Book",
    "CategoryEntry",
    "Cell",
    "PaidUpTo",
    "DuesChoices",
    "DuesGrid",
    "DuesPageView",
    "GridRow",
    "Ledger",
    "LedgerRow",
    "MemberChoice",
    "PaymentEntry",
    "PaymentInfo",
    "Proposal",
    "State",
    "YearView",
    "add_exemption",
    "delete_exemption",
    "arrears",
    "categories_for_import",
    "category_history",
    "delete_category_entry",
    "dues_alerts",
    "dues_choices",
    "dues_grid",
    "find_payment",
    "handover_ledger",
    "list_standards",
    "load_book",
    "load_formula",
    "members_for_dues",
    "members_in_arrears",
    "owed_fen",
    "paid_through",
    "paid_up_to",
    "page_view",
    "paid_up_to_many",
    "payments",
    "propose_amount",
    "propose_batch",
    "receipt_number",
    "record_batch",
    "record_handover",
    "record_payment",
    "record_payments",
    "records_from",
    "save_dues_settings",
    "save_standards",
    "set_category_for_members",
    "set_member_category",
    "setup_dues",
    "start_dues",
    "void_payment",
    "year_view",
]
