"""The 团费 page and the batch payment dialog at a school's size (2,000 members): the work runs
in the runner, the UI thread only fills models (measured as its own CPU time, so a busy
machine does not make the test fail)."""

import time
from datetime import date

import pytest
from PySide6.QtCore import Qt
from sqlalchemy import insert, select

from branchdesk.core.db.models import DuesPayment, Member, MemberDuesCategory, MemberStatusChange
from branchdesk.core.rules.dues_standards import Month
from branchdesk.core.services import dues
from branchdesk.ui import ops
from branchdesk.ui.context import AppContext
from branchdesk.ui.dialogs.dues_dialogs import PaymentDialog
from branchdesk.ui.pages.dues_page import DuesPage

TODAY = date(2026, 11, 23)
MEMBERS = 2000
#: generous: the aim is 100 ms; a slow CI machine gets room, a per-row fill would not pass
UI_MS = 400


@pytest.fixture
def big_branch(db, branch_id):
    with db.transaction() as s:
        dues.setup_dues(s, branch_id, Month(2026, 1))
        s.execute(
            insert(Member),
            [
                {"branch_id": branch_id, "name": f"团员{n}", "gender": "男",
                 "birth_date": date(2004, 1, 1), "id_number": f"ID{n:08d}", "status": "在册"}
                for n in range(MEMBERS)
            ],
        )  # fmt: skip
        ids = s.scalars(select(Member.id).where(Member.branch_id == branch_id)).all()
        s.execute(
            insert(MemberStatusChange),
            [{"member_id": i, "to_status": "在册", "changed_on": date(2024, 1, 1)} for i in ids],
        )
        s.execute(
            insert(MemberDuesCategory),
            [{"member_id": i, "category": "学生", "effective_from": date(2026, 1, 1)} for i in ids],
        )
        s.execute(
            insert(DuesPayment),
            [
                {"branch_id": branch_id, "member_id": i, "first_month": date(2026, m, 1),
                 "last_month": date(2026, m, 1), "amount_fen": 20, "proposed_fen": 20,
                 "paid_on": date(2026, m, 5), "receipt_year": 2026, "receipt_seq": n * 12 + m}
                for n, i in enumerate(ids)
                for m in range(1, 4)
            ],
        )  # fmt: skip
    return db, list(ids)


def ui_ms(action) -> float:
    """CPU time the UI thread spends on `action` and on delivering what it started."""
    start = time.thread_time()
    action()
    assert ops.wait_idle(60_000)
    return (time.thread_time() - start) * 1000


def test_batch_payment_with_2000_members_opens_and_ticks_without_stalling(
    app, qtbot, big_branch, branch_id
):
    db, ids = big_branch
    page = DuesPage(AppContext(db), today=TODAY)
    qtbot.addWidget(page)
    page.on_shown()
    assert ops.wait_idle(60_000)
    opened = []

    def open_dialog():
        dialog = PaymentDialog(page.ctx, page.choices, Month(2026, 4), batch=True, today=TODAY)
        dialog.show()
        opened.append(dialog)

    open_ms = ui_ms(open_dialog)
    dialog = opened[0]
    qtbot.addWidget(dialog)
    assert dialog.ready and dialog.checks.rowCount() == MEMBERS
    assert dialog.proposal.text().startswith(f"{MEMBERS}人，1个月，共 400.00 元")
    model = dialog.picker.model()
    ticks = []
    for row in range(5):
        ticks.append(
            ui_ms(
                lambda row=row: model.setData(
                    model.index(row, 0), Qt.CheckState.Unchecked, Qt.ItemDataRole.CheckStateRole
                )
            )
        )
    assert dialog.proposal.text().startswith(f"{MEMBERS - 5}人，1个月，共 399.00 元")
    print(f"batch payment, {MEMBERS} members: open {open_ms:.0f} ms, ticks {ticks}")
    assert open_ms < UI_MS and max(ticks) < UI_MS / 4
