from datetime import date

import pytest

from branchdesk.core.errors import UserError
from branchdesk.core.rules.meeting_calendar import Frequency, Status
from branchdesk.core.services import branch_settings, meeting_calendar, meetings, rounds
from branchdesk.core.services.branches import create_branch
from branchdesk.core.services.settings_store import (
    EXCELLENT_CAP,
    get_branch_setting,
    set_setting,
)


def _freqs(s, branch_id):
    return {r.item: r.frequency for r in meeting_calendar.requirements(s, branch_id)}


def test_each_branch_keeps_its_own_settings_and_others_keep_the_defaults(db, branch_id):
    with db.transaction() as s:
        other = create_branch(s, "另一个团支部").id
        branch_settings.save_branch_settings(s, branch_id, {"团课": "month"}, 20, 3, 15)
    with db.session() as s:
        mine = branch_settings.load_branch_settings(s, branch_id)
        theirs = branch_settings.load_branch_settings(s, other)
        assert (mine.excellent_cap, mine.prepay_limit_months) == (20, 3)
        assert _freqs(s, branch_id)["团课"] == Frequency.MONTH
        assert (theirs.excellent_cap, theirs.prepay_limit_months) == (30, 6)
        assert (mine.recommend_cap, theirs.recommend_cap) == (15, 20)
        assert _freqs(s, other)["团课"] == Frequency.QUARTER
        assert branch_settings.prepay_limit_months(s, other) == 6


def test_a_database_wide_value_from_before_is_the_fallback(db, branch_id):
    with db.transaction() as s:
        set_setting(s, EXCELLENT_CAP, 40)  # where earlier versions kept it
        assert get_branch_setting(s, branch_id, EXCELLENT_CAP) == 40
        rounds.set_excellent_cap(s, branch_id, 25)
        assert rounds.excellent_cap(s, branch_id) == 25
        with pytest.raises(KeyError):
            get_branch_setting(s, branch_id, "no.such.setting")


def test_bad_values_are_refused_in_chinese(db, branch_id):
    with db.transaction() as s:
        with pytest.raises(UserError, match="预交团费"):
            branch_settings.set_prepay_limit_months(s, branch_id, 0)
        with pytest.raises(UserError, match="优秀比例"):
            rounds.set_excellent_cap(s, branch_id, 0)
        with pytest.raises(UserError, match="只适用于学校团支部"):
            meeting_calendar.save_minimums(s, branch_id, {"团课": "term"})


def test_school_branch_may_require_a_lesson_each_term(db):
    with db.transaction() as s:
        school = create_branch(s, "某中学高一(3)班团支部", kind="学校(班级)").id
        settings = branch_settings.load_branch_settings(s, school)
        assert Frequency.TERM in settings.frequencies
        meeting_calendar.save_minimums(s, school, {"团课": "term"})
        meetings.save_meeting(
            s, school, meetings.MeetingData("团课", date(2026, 3, 5), lesson_topic="团史")
        )
        rows = meeting_calendar.branch_calendar(s, school, 2026, date(2026, 9, 1))
        lesson = next(r for r in rows if r.item == "团课")
        assert [(c.period.label, c.status) for c in lesson.cells] == [
            ("春季学期", Status.HELD),
            ("秋季学期", Status.DUE),
        ]
