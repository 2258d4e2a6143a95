"""A branch deleted meanwhile (another window, a shared database) gives a sentence, not a
traceback: lookups that may find nothing raise UserError, never AttributeError."""

import pytest

from branchdesk.core.db.lookup import get_or_fail
from branchdesk.core.db.models import Branch, Member
from branchdesk.core.errors import UserError
from branchdesk.core.io.meetings_xlsx import export_meetings
from branchdesk.core.io.transfers_out import export_register
from branchdesk.core.services.branch_settings import load_branch_settings
from branchdesk.core.services.branches import load_profile
from branchdesk.core.services.overview import branch_overview, home_summary
from tests.conftest import TODAY

MISSING = 9999


def test_get_or_fail_returns_the_row_or_raises_the_sentence(db, branch_id):
    with db.session() as session:
        assert get_or_fail(session, Branch, branch_id, "x").id == branch_id
        with pytest.raises(UserError, match="没有这个团员"):
            get_or_fail(session, Member, MISSING, "没有这个团员。")
        with pytest.raises(UserError):
            get_or_fail(session, Member, None, "没有这个团员。")


@pytest.mark.parametrize(
    "call",
    [
        lambda s, tmp: branch_overview(s, MISSING, TODAY),
        lambda s, tmp: home_summary(s, MISSING, TODAY),
        lambda s, tmp: load_profile(s, MISSING),
        lambda s, tmp: load_branch_settings(s, MISSING),
        lambda s, tmp: export_meetings(s, MISSING, 2026, tmp / "m.xlsx"),
        lambda s, tmp: export_register(s, MISSING, tmp / "t.xlsx", 2026),
    ],
)
def test_a_missing_branch_is_a_user_error(db, branch_id, tmp_path, call):
    with db.session() as session, pytest.raises(UserError):
        call(session, tmp_path)
