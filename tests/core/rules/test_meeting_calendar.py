from datetime import date

from branchdesk.core.rules.meeting_calendar import (
    EVALUATION_ITEM,
    Frequency,
    HeldRecord,
    Status,
    periods,
    quarter_of,
    reminders,
    requirements_with,
    year_calendar,
)
from branchdesk.core.rules.meeting_kinds import MeetingKind


def _row(rows, label):
    return next(r for r in rows if r.label == label)


def test_quarters_cover_the_year_without_gaps():
    qs = periods(2026, Frequency.QUARTER)
    assert [(q.first, q.last) for q in qs] == [
        (date(2026, 1, 1), date(2026, 3, 31)),
        (date(2026, 4, 1), date(2026, 6, 30)),
        (date(2026, 7, 1), date(2026, 9, 30)),
        (date(2026, 10, 1), date(2026, 12, 31)),
    ]
    assert [quarter_of(date(2026, m, 15)) for m in (1, 3, 4, 6, 7, 9, 10, 12)] == [
        1,
        1,
        2,
        2,
        3,
        3,
        4,
        4,
    ]
    months = periods(2028, Frequency.MONTH)
    assert months[1].last == date(2028, 2, 29) and len(months) == 12


def test_statuses_held_due_overdue_future():
    held = [
        HeldRecord(MeetingKind.GENERAL, date(2026, 2, 10), 7),
        HeldRecord(MeetingKind.GENERAL, date(2026, 3, 31), 8),
    ]
    rows = year_calendar(2026, date(2026, 5, 20), requirements_with(None), held)
    general = _row(rows, "支部团员大会")
    assert [c.status for c in general.cells] == [
        Status.HELD,
        Status.DUE,
        Status.FUTURE,
        Status.FUTURE,
    ]
    assert general.cells[0].ref_ids == [7, 8]
    committee = _row(rows, "支部委员会")
    assert [c.status for c in committee.cells[:6]] == [Status.OVERDUE] * 4 + [
        Status.DUE,
        Status.FUTURE,
    ]
    assert _row(rows, EVALUATION_ITEM).cells[0].status == Status.DUE


def test_across_a_year_boundary_last_year_is_overdue_and_new_year_due():
    held = [HeldRecord(MeetingKind.COMMITTEE, date(2026, 11, 3), 1)]
    today = date(2027, 1, 10)
    last_year = _row(year_calendar(2026, today, requirements_with(None), held), "支部委员会")
    assert last_year.cells[10].status == Status.HELD
    assert last_year.cells[11].status == Status.OVERDUE
    assert (
        _row(year_calendar(2026, today, requirements_with(None), held), EVALUATION_ITEM)
        .cells[0]
        .status
        == Status.OVERDUE
    )
    this_year = _row(year_calendar(2027, today, requirements_with(None), held), "支部委员会")
    assert this_year.cells[0].status == Status.DUE
    assert all(c.status == Status.FUTURE for c in this_year.cells[1:])
    # December's meeting held in January does not count for December
    held_late = held + [HeldRecord(MeetingKind.COMMITTEE, date(2027, 1, 5), 2)]
    row = _row(year_calendar(2026, today, requirements_with(None), held_late), "支部委员会")
    assert row.cells[11].status == Status.OVERDUE


def test_groups_get_their_own_rows_and_overrides_apply():
    held = [HeldRecord(MeetingKind.GROUP, date(2026, 1, 9), 3, group_id=1)]
    reqs = requirements_with({"团小组会": "quarter", "团课": "none", "bogus": "month"})
    rows = year_calendar(2026, date(2026, 2, 1), reqs, held, groups=[(1, "一组"), (2, "二组")])
    labels = [r.label for r in rows]
    assert "团课" not in labels
    assert _row(rows, "团小组会（一组）").cells[0].status == Status.HELD
    assert _row(rows, "团小组会（二组）").cells[0].status == Status.DUE
    assert len(_row(rows, "团小组会（一组）").cells) == 4
    # no groups → no 团小组会 rows
    assert not [
        r for r in year_calendar(2026, date(2026, 2, 1), reqs, held) if r.item == "团小组会"
    ]


def test_reminders_list_overdue_and_due_within_30_days():
    rows = year_calendar(2026, date(2026, 11, 23), requirements_with(None), [])
    found = reminders(rows, date(2026, 11, 23))
    texts = {(r.label, r.period.label, r.status) for r in found}
    assert ("支部委员会", "11月", Status.DUE) in texts
    assert ("支部委员会", "10月", Status.OVERDUE) in texts
    # Q4 ends 31 Dec: within 30 days of 23 Nov? no (38 days) → not listed as due
    assert ("支部团员大会", "第4季度", Status.DUE) not in texts
    assert ("支部团员大会", "第3季度", Status.OVERDUE) in texts


def test_terms_split_the_calendar_year_in_two_and_only_school_branches_get_them():
    from branchdesk.core.rules.meeting_calendar import frequencies_for

    spring, autumn = periods(2026, Frequency.TERM)
    assert (spring.first, spring.last, spring.label) == (
        date(2026, 1, 1),
        date(2026, 7, 31),
        "春季学期",
    )
    assert (autumn.first, autumn.last, autumn.label) == (
        date(2026, 8, 1),
        date(2026, 12, 31),
        "秋季学期",
    )
    assert Frequency.TERM in frequencies_for("学校(班级)")
    assert Frequency.TERM not in frequencies_for("社区")
    # a January meeting counts toward the spring term; nothing since August → autumn overdue
    held = [HeldRecord(MeetingKind.LESSON, date(2026, 1, 20), 1)]
    reqs = requirements_with({"团课": "term"})
    row = _row(year_calendar(2027, date(2027, 1, 2), reqs, held), "团课")
    assert [c.status for c in row.cells] == [Status.DUE, Status.FUTURE]
    row = _row(year_calendar(2026, date(2027, 1, 2), reqs, held), "团课")
    assert [c.status for c in row.cells] == [Status.HELD, Status.OVERDUE]
